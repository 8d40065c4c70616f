// Type declarations for avatar-client.js. The message types mirror protocol.schema.json.

export type Turn = number;

export interface SessionMessage {
  type: 'session'; session_id: string; resumed?: boolean;
  /** x, y, width, height of the avatar's mouth in video pixels (for lip-sync measurements). */
  mouth_box?: [number, number, number, number];
  /** The rate the page's 천천히 (slower) button should send with setSpeechRate (default 0.8). */
  slow_rate?: number;
  /** True when the server can say an earlier answer again: `repeat(turn)`. */
  repeat_turns?: boolean;
}
export interface StateMessage { type: 'state'; state: 'listening' | 'thinking' | 'speaking'; turn?: Turn }
export interface TranscriptMessage { type: 'transcript'; text: string; final: boolean; turn?: Turn; t_end_of_speech?: number }
export interface ReplyMessage {
  type: 'reply'; text: string; entry_id: string | null; score?: number;
  blocked?: boolean; fallback?: boolean; intent?: string; turn?: Turn;
}
/** One word of a caption: when it is heard, in ms from the sentence's first audio sample. */
export interface CaptionWord { text: string; start_ms: number; end_ms: number }
export interface CaptionMessage {
  type: 'caption'; text: string; index: number; turn?: Turn;
  /** The sentence's words (split at spaces) with their times; absent from older servers. */
  words?: CaptionWord[];
  /** The sentence's audio length in ms, when the server knows it. */
  duration_ms?: number;
}
export interface InterruptedMessage { type: 'interrupted'; played_s: number; turn?: Turn; reason?: 'barge_in' | 'client' }
/**
 * Server errors, and client errors such as `connection_lost` (then `fatal` is true, and `offline`
 * says whether the browser had lost its own network rather than the server going away).
 */
export interface ErrorMessage { type: 'error'; code: string; message: string; turn?: Turn; fatal?: boolean; offline?: boolean }
export interface MetricsMessage { type: 'metrics'; turn?: Turn; asr_ms?: number; respond_ms?: number; first_audio_ms?: number }

export type ServerMessage =
  | SessionMessage | StateMessage | TranscriptMessage | ReplyMessage
  | CaptionMessage | InterruptedMessage | ErrorMessage | MetricsMessage;

export type ClientMessage =
  | { type: 'interrupt' } | { type: 'greet' } | { type: 'repeat'; turn?: Turn } | { type: 'set_rate'; rate: number }
  | { type: 'mute'; muted: boolean } | { type: 'ask'; text: string } | { type: 'ping' };

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed' | 'failed';

export interface ConnectionStateDetail {
  state: ConnectionState;
  previous: ConnectionState;
  /** Reconnect attempt (1-based) while reconnecting, and on the `connected` that ends a reconnect. */
  attempt?: number;
  /** Wait before this reconnect attempt. */
  delayMs?: number;
  /** True when a reconnect kept the same conversation (same session id). */
  resumed?: boolean;
  /** Why the connection is being re-established (`failed`, `disconnected`, `channel_closed`, `offline`). */
  reason?: string;
  code?: string;
  /** While reconnecting or failed: true when the browser itself has no network (navigator.onLine). */
  offline?: boolean;
}

/** Levels on a 0–1 scale (-60 dBFS and below → 0, full scale → 1), every `levelIntervalMs`. */
export interface AudioLevelDetail { local: number; remote: number }

export type ConnectionQuality = 'good' | 'fair' | 'poor';

/** WebRTC statistics every `statsIntervalMs`; a figure is null until the browser reports it. */
export interface StatsDetail {
  rttMs: number | null;
  jitterMs: number | null;
  /** Audio packets lost since the previous report, in percent. */
  packetLossPct: number | null;
  fps: number | null;
  videoKbps: number | null;
  quality: ConnectionQuality;
}

export interface SpeakingDetail { at: number }

/** A word of the live caption is being heard now (timed from `caption.words`, the audio's playout delay added). */
export interface CaptionWordDetail {
  turn?: Turn;
  /** The caption's sentence index. */
  index: number;
  /** Position of the word in `caption.words` (0-based). */
  wordIndex: number;
  text: string;
  startMs: number;
  endMs: number;
  /** How many words the sentence has. */
  count: number;
}

export interface MediaDeviceChoice {
  deviceId: string;
  groupId: string;
  /** Empty until the page has had microphone permission once. */
  label: string;
  kind: 'audioinput' | 'audiooutput';
}

export interface DeviceList {
  inputs: MediaDeviceChoice[];
  outputs: MediaDeviceChoice[];
  /** False where the browser cannot send sound to a chosen speaker (no HTMLMediaElement.setSinkId). */
  canChooseSpeaker: boolean;
}

export interface MicLevelDetail {
  /** 0–1 (-60 dBFS and below → 0). */
  level: number;
  /** Recent peak, decaying (for a meter that does not flicker). */
  peak: number;
  deviceId: string | null;
}

export interface MicrophoneTest {
  readonly level: number;
  readonly peak: number;
  /** The microphone being tested (from the track's settings). */
  readonly deviceId: string | null;
  readonly label: string;
  readonly stream: MediaStream | null;
  /** Release the microphone. */
  stop(): void;
}

export interface MicrophoneTestOptions {
  /** Test this microphone (and choose it for the call); default: the chosen one or the browser's default. */
  deviceId?: string | null;
  /** How often the level is reported (default 100 ms). */
  intervalMs?: number;
  onLevel?: (level: number, detail: MicLevelDetail) => void;
}
export interface PlaybackErrorDetail { error: { name: string; message: string } }

export interface AvatarEventMap {
  session: SessionMessage;
  state: StateMessage;
  transcript: TranscriptMessage;
  reply: ReplyMessage;
  caption: CaptionMessage;
  interrupted: InterruptedMessage;
  error: ErrorMessage;
  metrics: MetricsMessage;
  connectionstatechange: ConnectionStateDetail;
  /** The avatar's media stream, once per received track (also set on `videoElement`). */
  stream: { stream: MediaStream; track: MediaStreamTrack };
  /** A data-channel message that failed validation; it is dropped. */
  invalidmessage: { data: unknown; errors: string[] };
  /** The microphone level rose above speech level (client-side estimate). */
  userstartedspeaking: SpeakingDetail;
  userstoppedspeaking: SpeakingDetail;
  /** The server's `state` became (or left) `speaking`. */
  botstartedspeaking: SpeakingDetail;
  botstoppedspeaking: SpeakingDetail;
  audiolevel: AudioLevelDetail;
  stats: StatsDetail;
  connectionquality: { quality: ConnectionQuality; previous: ConnectionQuality | null };
  /** The browser refused to start playback (autoplay policy); call `resumePlayback()` from a click. */
  autoplayblocked: PlaybackErrorDetail;
  autoplayresumed: Record<string, never>;
  /** Any other failure of the media element's play(). */
  playbackerror: PlaybackErrorDetail;
  /** Each word of a caption as it is heard (see `CaptionMessage.words`). */
  captionword: CaptionWordDetail;
  /** The microphone's level during `testMicrophone()`. */
  miclevel: MicLevelDetail;
  /** A microphone or speaker was plugged in or removed (after connect, listDevices' result). */
  devicechange: DeviceList;
  /** The microphone in use changed (`setInputDevice`, or the chosen one was unplugged). */
  inputdevicechange: { deviceId: string | null; previous: string | null };
  /** The speaker in use changed (`setOutputDevice`). */
  outputdevicechange: { deviceId: string | null; previous: string | null };
}

export interface ConnectOptions {
  /** Sent as `Authorization: Bearer <token>` on every request. */
  token?: string;
  /** Defaults to the server's `GET /api/config` answer, or `[]`. */
  iceServers?: RTCIceServer[];
  /** Shows the avatar; also plays its voice. Without it the client plays audio in a hidden element. */
  videoElement?: HTMLVideoElement;
  /** Microphone constraints (default: echo cancellation, noise suppression, auto gain), or false for typed questions only. */
  audio?: MediaTrackConstraints | boolean;
  /** Resume an earlier conversation. */
  sessionId?: string;
  /** The `resumeToken` of the earlier call: without it a reconnect starts a fresh conversation. */
  resumeToken?: string;
}

export interface ClientOptions {
  reconnect?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  pingIntervalMs?: number;
  connectTimeoutMs?: number;
  /** How often `stats` fires (default 2000 ms). */
  statsIntervalMs?: number;
  /** How often `audiolevel` fires (default 100 ms). */
  levelIntervalMs?: number;
}

export interface AvatarErrorOptions { status?: number; retryAfterMs?: number; fatal?: boolean; cause?: unknown }

export interface ValidationResult { valid: boolean; errors: string[] }

export declare const PROTOCOL: {
  readonly server: Readonly<Record<ServerMessage['type'], object>>;
  readonly client: Readonly<Record<ClientMessage['type'], object>>;
};

/** Check a message against protocol.schema.json (required fields, types, ranges). */
export declare function validateMessage(message: unknown, direction?: 'server' | 'client' | 'any'): ValidationResult;

export declare class AvatarError extends Error {
  constructor(code: string, message: string, options?: AvatarErrorOptions);
  /**
   * mic_denied | mic_missing | mic_busy | unsupported | network | offline | timeout | server | busy |
   * output_unsupported | output_failed, or the server's error code.
   */
  readonly code: string;
  /** HTTP status of the failed request, 0 when none. */
  readonly status: number;
  readonly retryAfterMs: number;
  readonly fatal: boolean;
}

export declare class AvatarClient extends EventTarget {
  constructor(options?: ClientOptions);
  readonly connectionState: ConnectionState;
  readonly sessionId: string | null;
  /** Secret that resumes this conversation once (changes after every connect). */
  readonly resumeToken: string | null;
  readonly avatarState: StateMessage['state'] | null;
  readonly volume: number;
  readonly speechRate: number;
  readonly muted: boolean;
  /** True after `autoplayblocked` until playback runs again. */
  readonly playbackBlocked: boolean;
  /** From the last `stats` event; null before the first. */
  readonly connectionQuality: ConnectionQuality | null;
  /** The chosen microphone, or null for the browser's default. */
  readonly inputDeviceId: string | null;
  /** The chosen speaker, or null for the browser's default. */
  readonly outputDeviceId: string | null;
  /** True when `setOutputDevice` can work in this browser. */
  readonly canChooseSpeaker: boolean;

  /** Resolves with the session id once the event channel is open; rejects with an AvatarError. */
  connect(url: string, options?: ConnectOptions): Promise<string>;
  disconnect(): Promise<void>;
  /** The methods below return false when the channel is not open (e.g. while reconnecting). */
  mute(muted?: boolean): boolean;
  unmute(): boolean;
  interrupt(): boolean;
  /** The server's spoken welcome; the page sends it once when the call connects. */
  greet(): boolean;
  /** The last answer, or the answer of `turn` when the server's `session` message has `repeat_turns`. */
  repeat(turn?: number): boolean;
  /** False (nothing sent) for empty or over-long (> 500 characters) text, or while the channel is closed. */
  ask(text: string): boolean;
  /** After `autoplayblocked`, from a click: starts playback; resolves true when it runs. */
  resumePlayback(): Promise<boolean>;
  /** 0.5 – 1.5; throws RangeError outside. */
  setSpeechRate(rate: number): boolean;
  /** 0 – 2 (1 = as sent); returns the level applied. */
  setVolume(level: number): number;
  /** Microphones and speakers (labels need microphone permission first). */
  listDevices(): Promise<DeviceList>;
  /** Choose the microphone (null: default); switches mid-call without renegotiating. Resolves with the deviceId in use. */
  setInputDevice(deviceId: string | null): Promise<string | null>;
  /** Choose the speaker (null: default); rejects with AvatarError `output_unsupported` where the browser cannot. */
  setOutputDevice(deviceId: string | null): Promise<string | null>;
  /** Open the microphone before the call and report its level until `stop()`. */
  testMicrophone(options?: MicrophoneTestOptions): Promise<MicrophoneTest>;
  stopMicrophoneTest(): void;

  on<K extends keyof AvatarEventMap>(type: K, listener: (detail: AvatarEventMap[K]) => void): this;
  off<K extends keyof AvatarEventMap>(type: K, listener: (detail: AvatarEventMap[K]) => void): this;
  addEventListener<K extends keyof AvatarEventMap>(
    type: K, listener: (event: CustomEvent<AvatarEventMap[K]>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof AvatarEventMap>(
    type: K, listener: (event: CustomEvent<AvatarEventMap[K]>) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

export default AvatarClient;

/** Keep the video receiver's jitter buffer as long as the audio's, so lips match speech. Returns a stop function. */
export function startLipSync(
  pc: RTCPeerConnection, options?: { intervalMs?: number; onAudioDelay?: (ms: number) => void }): () => void;

/** True when this browser can send the avatar's sound to a chosen speaker (HTMLMediaElement.setSinkId). */
export function canChooseSpeaker(): boolean;
