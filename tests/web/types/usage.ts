// Compiled by tests/web/test_web_client_dev.py with `tsc --strict --noEmit`: the declarations must
// describe what a developer writes against the client.
import AvatarClientDefault, {
  AvatarClient, AvatarError, PROTOCOL, validateMessage, startLipSync, canChooseSpeaker,
  type AudioLevelDetail, type ConnectionQuality, type StatsDetail, type SessionMessage,
  type CaptionWordDetail, type DeviceList, type MicrophoneTest,
} from '../../../web_client/avatar-client.js';

const client: AvatarClient = new AvatarClientDefault({ reconnect: { maxAttempts: 3 }, statsIntervalMs: 1000, levelIntervalMs: 50 });
const error = new AvatarError('network', '상담 서버에 연결하지 못했어요.', { status: 503, retryAfterMs: 1000, fatal: false, cause: new Error('x') });
const code: string = error.code;
const retry: number = error.retryAfterMs;

async function run(video: HTMLVideoElement): Promise<void> {
  const id: string = await client.connect('https://avatar.example.org/', { videoElement: video, audio: false, token: 't' });
  const sent: boolean = client.ask('기초연금은 누가 받나요?');
  const again: boolean = client.repeat() && client.repeat(3);
  const resumed: boolean = await client.resumePlayback();
  const quality: ConnectionQuality | null = client.connectionQuality;
  const blocked: boolean = client.playbackBlocked;
  client.on('session', (m: SessionMessage) => { const rate: number | undefined = m.slow_rate; void rate; void m.repeat_turns; });
  client.on('audiolevel', (d: AudioLevelDetail) => { const n: number = d.local + d.remote; void n; });
  client.on('stats', (d: StatsDetail) => { const rtt: number | null = d.rttMs; void rtt; void d.quality; });
  client.on('connectionquality', ({ quality: q, previous }) => { void q; void previous; });
  client.on('userstartedspeaking', ({ at }) => { const t: number = at; void t; });
  client.on('botstoppedspeaking', ({ at }) => { void at; });
  client.on('autoplayblocked', ({ error: e }) => { const name: string = e.name; void name; });
  client.on('playbackerror', ({ error: e }) => { void e.message; });
  client.on('connectionstatechange', (d) => { const offline: boolean | undefined = d.offline; void offline; });
  client.on('error', (e) => { const o: boolean | undefined = e.offline; void o; });
  client.addEventListener('caption', (event) => { const text: string = event.detail.text; void text; });
  client.on('caption', (m) => { for (const w of m.words ?? []) { const at: number = w.start_ms + w.end_ms; void at; } });
  client.on('captionword', (d: CaptionWordDetail) => { const i: number = d.wordIndex; void i; void d.text; });
  client.on('devicechange', (d: DeviceList) => { void d.inputs.map((x) => x.label); });
  client.on('inputdevicechange', ({ deviceId }) => { const id2: string | null = deviceId; void id2; });
  client.on('miclevel', ({ level, peak }) => { void (level + peak); });
  const devices: DeviceList = await client.listDevices();
  const mic: string | null = await client.setInputDevice(devices.inputs[0]?.deviceId ?? null);
  if (client.canChooseSpeaker && canChooseSpeaker()) await client.setOutputDevice(devices.outputs[0]?.deviceId ?? null);
  const test: MicrophoneTest = await client.testMicrophone({ onLevel: (level) => { void level; } });
  test.stop();
  client.stopMicrophoneTest();
  void mic;
  void [id, sent, again, resumed, quality, blocked];
  await client.disconnect();
}

const result = validateMessage({ type: 'ask', text: '안녕' }, 'client');
const valid: boolean = result.valid;
const stop: () => void = startLipSync(new RTCPeerConnection());
void [code, retry, run, valid, stop, PROTOCOL.client.ask];

// @ts-expect-error: ask takes text
client.ask(5);
// @ts-expect-error: no such event
client.on('nosuchevent', () => {});
