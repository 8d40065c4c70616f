// Silver Avatar browser client: one WebRTC peer to the avatar server, events as DOM events.
// No dependencies, no build step. See docs/client.md.

/** Message shapes, copied from protocol.schema.json (a test checks the two stay identical). */
const TURN = { type: 'integer', minimum: 0 };
export const PROTOCOL = Object.freeze({
  server: {
    session: {
      required: ['type', 'session_id'],
      properties: {
        session_id: { type: 'string' }, resumed: { type: 'boolean' },
        mouth_box: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 4, maxItems: 4 },
        slow_rate: { type: 'number', minimum: 0.5, maximum: 1.5 }, repeat_turns: { type: 'boolean' },
      },
    },
    state: { required: ['type', 'state'], properties: { state: { enum: ['listening', 'thinking', 'speaking'] }, turn: TURN } },
    transcript: {
      required: ['type', 'text', 'final'],
      properties: { text: { type: 'string' }, final: { type: 'boolean' }, turn: TURN, t_end_of_speech: { type: 'number' } },
    },
    reply: {
      required: ['type', 'text', 'entry_id'],
      properties: {
        text: { type: 'string' }, entry_id: { type: ['string', 'null'] }, score: { type: 'number' },
        blocked: { type: 'boolean' }, fallback: { type: 'boolean' }, intent: { type: 'string' }, turn: TURN,
      },
    },
    caption: {
      required: ['type', 'text', 'index'],
      properties: {
        text: { type: 'string' }, index: { type: 'integer', minimum: 0 }, turn: TURN,
        words: {
          type: 'array',
          items: {
            type: 'object',
            required: ['text', 'start_ms', 'end_ms'],
            properties: { text: { type: 'string' }, start_ms: { type: 'integer', minimum: 0 }, end_ms: { type: 'integer', minimum: 0 } },
          },
        },
        duration_ms: { type: 'integer', minimum: 0 },
      },
    },
    interrupted: {
      required: ['type', 'played_s'],
      properties: { played_s: { type: 'number', minimum: 0 }, turn: TURN, reason: { enum: ['barge_in', 'client'] } },
    },
    error: { required: ['type', 'code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, turn: TURN } },
    metrics: {
      required: ['type'],
      properties: { turn: TURN, asr_ms: { type: 'number' }, respond_ms: { type: 'number' }, first_audio_ms: { type: 'number' } },
    },
  },
  client: {
    interrupt: { required: ['type'], properties: {} },
    greet: { required: ['type'], properties: {} },
    repeat: { required: ['type'], properties: { turn: TURN } },
    set_rate: { required: ['type', 'rate'], properties: { rate: { type: 'number', minimum: 0.5, maximum: 1.5 } } },
    mute: { required: ['type', 'muted'], properties: { muted: { type: 'boolean' } } },
    ask: { required: ['type', 'text'], properties: { text: { type: 'string', minLength: 1, maxLength: 500 } } },
    ping: { required: ['type'], properties: {} },
  },
});

function typeOk(value, type) {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    default: return false;
  }
}

function checkValue(value, rule, path, errors) {
  if (rule.type !== undefined) {
    const types = Array.isArray(rule.type) ? rule.type : [rule.type];
    if (!types.some((t) => typeOk(value, t))) { errors.push(`${path}: expected ${types.join(' or ')}`); return; }
  }
  if (rule.enum && !rule.enum.includes(value)) errors.push(`${path}: must be one of ${rule.enum.join(', ')}`);
  if (typeof value === 'number') {
    if (rule.minimum !== undefined && value < rule.minimum) errors.push(`${path}: below ${rule.minimum}`);
    if (rule.maximum !== undefined && value > rule.maximum) errors.push(`${path}: above ${rule.maximum}`);
  }
  if (Array.isArray(value)) {
    if (rule.minItems !== undefined && value.length < rule.minItems) errors.push(`${path}: fewer than ${rule.minItems} items`);
    if (rule.maxItems !== undefined && value.length > rule.maxItems) errors.push(`${path}: more than ${rule.maxItems} items`);
    if (rule.items) value.forEach((item, i) => checkValue(item, rule.items, `${path}[${i}]`, errors));
  }
  if (typeOk(value, 'object')) {
    for (const key of rule.required || []) if (!Object.hasOwn(value, key)) errors.push(`${path}.${key}: required`);
    for (const [key, sub] of Object.entries(rule.properties || {})) {
      if (Object.hasOwn(value, key)) checkValue(value[key], sub, `${path}.${key}`, errors);
    }
  }
  if (typeof value === 'string') {
    const length = [...value].length; // code points, as JSON Schema counts them
    if (rule.minLength !== undefined && length < rule.minLength) errors.push(`${path}: shorter than ${rule.minLength}`);
    if (rule.maxLength !== undefined && length > rule.maxLength) errors.push(`${path}: longer than ${rule.maxLength}`);
  }
}

/**
 * Check a data-channel message against the protocol. `direction` is 'server' (messages the
 * server sends), 'client' (messages the page sends) or 'any'. Returns {valid, errors}.
 */
export function validateMessage(message, direction = 'any') {
  if (!typeOk(message, 'object')) return { valid: false, errors: ['message: expected object'] };
  const tables = direction === 'any' ? [PROTOCOL.server, PROTOCOL.client] : [PROTOCOL[direction]];
  const spec = tables.map((t) => (typeof message.type === 'string' && Object.hasOwn(t, message.type) ? t[message.type] : null)).find(Boolean);
  if (!spec) return { valid: false, errors: [`type: unknown message type ${JSON.stringify(message.type)}`] };
  const errors = [];
  for (const key of spec.required) if (!Object.hasOwn(message, key)) errors.push(`${key}: required`);
  for (const [key, rule] of Object.entries(spec.properties)) {
    if (Object.hasOwn(message, key)) checkValue(message[key], rule, key, errors);
  }
  return { valid: errors.length === 0, errors };
}

/** An error with a stable `code` and a polite Korean `message` that a page may show as is. */
/**
 * Keep the avatar's lips in step with its voice. Browsers hold more audio than video in their
 * jitter buffers (Chromium: ~70–110 ms against ~15 ms) and do not re-align a server's streams, so
 * the picture would run ahead of the speech. Every `intervalMs` this reads how long audio has
 * recently waited and asks the video receiver to hold frames as long (`jitterBufferTarget`).
 * Returns a function that stops it.
 */
const AUDIO_OUTPUT_MS = 20;

export function startLipSync(pc, { intervalMs = 1000, onAudioDelay } = {}) {
  let stopped = false;
  let timer = null;
  const last = {};
  const tick = async () => {
    if (stopped || pc.connectionState === 'closed') return;
    try {
      const stats = await pc.getStats();
      let audioMs = null;
      stats.forEach((r) => {
        if (r.type !== 'inbound-rtp' || r.kind !== 'audio' || !r.jitterBufferEmittedCount) return;
        const prev = last.audio || { delay: 0, count: 0 };
        const count = r.jitterBufferEmittedCount - prev.count;
        if (count > 0) audioMs = (1000 * (r.jitterBufferDelay - prev.delay)) / count;
        last.audio = { delay: r.jitterBufferDelay, count: r.jitterBufferEmittedCount };
      });
      const receiver = pc.getReceivers().find((r) => r.track && r.track.kind === 'video');
      if (audioMs !== null && onAudioDelay) onAudioDelay(audioMs + AUDIO_OUTPUT_MS);
      if (receiver && audioMs !== null && 'jitterBufferTarget' in receiver) {
        // + the audio output buffer that follows the jitter buffer (video has none comparable)
        receiver.jitterBufferTarget = Math.round(Math.min(1000, Math.max(0, audioMs + AUDIO_OUTPUT_MS)));
      }
    } catch { /* statistics are best effort */ }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}

export class AvatarError extends Error {
  constructor(code, message, { status = 0, retryAfterMs = 0, fatal = false, cause } = {}) {
    super(message, cause ? { cause } : undefined);
    this.name = 'AvatarError';
    this.code = code;
    this.status = status;
    this.retryAfterMs = retryAfterMs;
    this.fatal = fatal;
  }
}

const MESSAGES = {
  mic_denied: '마이크 사용이 허용되지 않았어요.',
  mic_missing: '마이크를 찾지 못했어요.',
  mic_busy: '다른 프로그램이 마이크를 쓰고 있어요.',
  unsupported: '이 브라우저에서는 영상 통화를 할 수 없어요.',
  network: '상담 서버에 연결하지 못했어요. 잠시 후 다시 해 주세요.',
  offline: '이 기기가 인터넷에 연결되어 있지 않아요. 와이파이나 데이터 연결을 확인해 주세요.',
  timeout: '연결이 너무 오래 걸려요. 잠시 후 다시 해 주세요.',
  server: '상담 연결에 문제가 생겼어요. 잠시 후 다시 해 주세요.',
  connection_lost: '상담 서버와 연결이 끊겼어요. 잠시 후 대화 시작 버튼을 다시 눌러 주세요.',
  connection_lost_offline: '인터넷 연결이 끊겼어요. 와이파이나 데이터를 확인하고 대화 시작 버튼을 다시 눌러 주세요.',
  output_unsupported: '이 브라우저에서는 스피커를 고를 수 없어요. 기기의 소리 설정에서 바꿔 주세요.',
  output_failed: '이 스피커로 바꾸지 못했어요. 다른 스피커를 골라 주세요.',
};

/** True when this browser can send a media element's sound to a chosen speaker (setSinkId). */
export function canChooseSpeaker() {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

function hasMediaDevices() {
  return typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices);
}

/** True when the browser knows it has no network at all (navigator.onLine is false). */
function isOffline() {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

const MAX_ASK_CHARS = PROTOCOL.client.ask.properties.text.maxLength;
/** Microphone level (0–1, see levelOf) above which the person counts as speaking. */
const SPEAKING_LEVEL = 0.3;

/** RMS of an analyser's current window on a 0–1 scale: -60 dBFS and below → 0, 0 dBFS → 1. */
function levelOf(analyser, buffer) {
  if (!analyser) return 0;
  analyser.getFloatTimeDomainData(buffer);
  let sum = 0;
  for (let i = 0; i < buffer.length; i++) sum += buffer[i] * buffer[i];
  const rms = Math.sqrt(sum / buffer.length);
  if (rms <= 0) return 0;
  return Math.min(1, Math.max(0, (20 * Math.log10(rms) + 60) / 60));
}

function qualityOf({ rttMs, packetLossPct, fps }) {
  if ((rttMs ?? 0) > 800 || (packetLossPct ?? 0) > 8 || (fps !== null && fps < 10)) return 'poor';
  if ((rttMs ?? 0) > 300 || (packetLossPct ?? 0) > 2 || (fps !== null && fps < 20)) return 'fair';
  return 'good';
}

const DEFAULT_AUDIO = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

function micError(err) {
  const name = err && err.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return new AvatarError('mic_denied', MESSAGES.mic_denied, { fatal: true, cause: err });
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return new AvatarError('mic_missing', MESSAGES.mic_missing, { fatal: true, cause: err });
  if (name === 'NotReadableError' || name === 'AbortError') return new AvatarError('mic_busy', MESSAGES.mic_busy, { fatal: true, cause: err });
  return new AvatarError('mic_denied', MESSAGES.mic_denied, { fatal: true, cause: err });
}

function waitIceGathering(pc, timeoutMs) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { clearTimeout(timer); pc.removeEventListener('icegatheringstatechange', check); resolve(); };
    const check = () => { if (pc.iceGatheringState === 'complete') done(); };
    const timer = setTimeout(done, timeoutMs); // send what we have: host candidates come first
    pc.addEventListener('icegatheringstatechange', check);
  });
}

function baseUrl(url) {
  const origin = typeof location !== 'undefined' ? location.href : undefined;
  const u = new URL(url || './', origin);
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u;
}

/**
 * The avatar call. Events (listen with addEventListener, `event.detail` is the payload, or with
 * on(type, fn), fn gets the payload): session, state, transcript, reply, caption, interrupted,
 * error, metrics (the server's messages); connectionstatechange, stream, invalidmessage,
 * userstartedspeaking, userstoppedspeaking, botstartedspeaking, botstoppedspeaking, audiolevel,
 * stats, connectionquality, autoplayblocked, autoplayresumed, playbackerror, captionword (each
 * word of a caption as it is heard), miclevel (testMicrophone), devicechange, inputdevicechange,
 * outputdevicechange.
 */
export class AvatarClient extends EventTarget {
  constructor({
    reconnect = {}, pingIntervalMs = 15000, connectTimeoutMs = 20000, statsIntervalMs = 2000, levelIntervalMs = 100,
  } = {}) {
    super();
    this.reconnectOptions = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 8000, ...reconnect };
    this.pingIntervalMs = pingIntervalMs;
    this.connectTimeoutMs = connectTimeoutMs;
    this.statsIntervalMs = statsIntervalMs;
    this.levelIntervalMs = levelIntervalMs;
    this._playbackBlocked = false;
    this._userSpeaking = false;
    this._botSpeaking = false;
    this._quality = null;
    this._conn = 'idle';
    this._sessionId = null;
    this._resumeToken = null;
    this._avatarState = null;
    this._listeners = new Map();
    this._gen = 0;
    this._volume = 1;
    this._rate = 1;
    this._muted = false;
    this._inputId = null; // chosen microphone (null: the browser's default)
    this._outputId = null; // chosen speaker (null: the browser's default)
    this._micTest = null;
    this._wordTimers = [];
    this._audioDelayMs = 0;
    this._deviceWatch = null;
  }

  get connectionState() { return this._conn; }
  get sessionId() { return this._sessionId; }
  /** Secret for resuming this conversation after a reload (keep it in memory or sessionStorage, never in a URL). */
  get resumeToken() { return this._resumeToken; }
  /** 'listening' | 'thinking' | 'speaking' | null: the last `state` event. */
  get avatarState() { return this._avatarState; }
  get volume() { return this._volume; }
  get speechRate() { return this._rate; }
  get muted() { return this._muted; }
  /** True after the browser refused to play the avatar (autoplay policy); call resumePlayback() from a click. */
  get playbackBlocked() { return this._playbackBlocked; }
  /** 'good' | 'fair' | 'poor' | null: from the last `stats` event. */
  get connectionQuality() { return this._quality; }
  /** The chosen microphone's deviceId, or null for the browser's default. */
  get inputDeviceId() { return this._inputId; }
  /** The chosen speaker's deviceId, or null for the browser's default. */
  get outputDeviceId() { return this._outputId; }
  /** True when setOutputDevice can work in this browser (HTMLMediaElement.setSinkId). */
  get canChooseSpeaker() { return canChooseSpeaker(); }

  on(type, fn) {
    if (this._listeners.has(fn)) return this;
    const wrapped = (event) => fn(event.detail);
    this._listeners.set(fn, { type, wrapped });
    this.addEventListener(type, wrapped);
    return this;
  }

  off(type, fn) {
    const entry = this._listeners.get(fn);
    if (entry && entry.type === type) {
      this.removeEventListener(type, entry.wrapped);
      this._listeners.delete(fn);
    }
    return this;
  }

  /**
   * Start the call. `url` is the server's base address ('/' when the page is served by it).
   * options: token, iceServers, videoElement, audio (constraints, or false for no microphone),
   * sessionId + resumeToken (resume an earlier conversation: both from the earlier answer, see
   * `resumeToken`). Resolves with the session id once the event
   * channel is open; rejects with an AvatarError.
   */
  async connect(url, options = {}) {
    if (this._conn === 'connecting' || this._conn === 'connected' || this._conn === 'reconnecting') {
      throw new AvatarError('busy', '이미 연결되어 있어요.');
    }
    if (typeof RTCPeerConnection === 'undefined') throw new AvatarError('unsupported', MESSAGES.unsupported, { fatal: true });
    this._base = baseUrl(url);
    this._token = options.token || null;
    this._video = options.videoElement || null;
    this._sessionId = options.sessionId || null;
    this._resumeToken = options.resumeToken || null;
    this._closing = false;
    this._setConn('connecting');
    this.stopMicrophoneTest();
    this._watchDevices();
    try {
      this._localStream = await this._openMic(options.audio);
      this._iceServers = options.iceServers ?? (await this._fetchIceServers());
      await this._negotiate();
    } catch (err) {
      this._teardownPeer();
      this._stopMic();
      this._setConn('failed', { code: err.code });
      throw err instanceof AvatarError ? err : new AvatarError('server', MESSAGES.server, { cause: err });
    }
    this._setConn('connected', { resumed: false });
    return this._sessionId;
  }

  /**
   * End the call: stop reconnecting, tell the server (DELETE, before the peer closes, so the server
   * still knows the session), release the microphone.
   */
  async disconnect() {
    const wasConnected = this._conn === 'connected';
    this._closing = true;
    if (this._wake) this._wake();
    const id = this._sessionId;
    if (id && this._base && wasConnected) {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 2000);
      try {
        await fetch(new URL(`api/sessions/${encodeURIComponent(id)}`, this._base), {
          method: 'DELETE', headers: this._authHeaders(), keepalive: true, signal: abort.signal,
        });
      } catch { /* the server forgets idle sessions by itself */ } finally { clearTimeout(timer); }
    }
    this._teardownPeer();
    this._stopMic();
    this._clearWords();
    if (this._audioCtx) this._audioCtx.close().catch(() => {});
    this._audioCtx = null; this._gain = null; this._audioSource = null; this._ctxWatch = false;
    this._remoteAnalyser = null; this._localAnalyser = null;
    this._setSpeaking('user', false);
    this._setSpeaking('bot', false);
    if (this._conn !== 'idle') this._setConn('closed');
  }

  /** Mute (or unmute with `mute(false)`) the microphone; the server is told too. */
  mute(muted = true) {
    this._muted = Boolean(muted);
    if (this._localStream) for (const t of this._localStream.getAudioTracks()) t.enabled = !this._muted;
    return this._send({ type: 'mute', muted: this._muted });
  }

  unmute() { return this.mute(false); }
  /** Ask the server for its spoken welcome (once, before the first question; later ones are ignored). */
  greet() { return this._send({ type: 'greet' }); }
  /** Stop the avatar's current answer (그만). */
  interrupt() { return this._send({ type: 'interrupt' }); }
  /**
   * Say the last answer again (다시 듣기), or the answer of `turn` (a reply's `turn`) when the
   * server's `session` message announced `repeat_turns`.
   */
  repeat(turn) {
    if (turn === undefined || turn === null) return this._send({ type: 'repeat' });
    if (!Number.isInteger(turn) || turn < 0) return false;
    return this._send({ type: 'repeat', turn });
  }

  /**
   * Ask a typed question; the server treats it like a spoken one. Returns false, sends nothing,
   * when the text is empty after trimming, longer than 500 characters, or the channel is closed.
   */
  ask(text) {
    if (typeof text !== 'string') return false;
    const trimmed = text.trim();
    const length = [...trimmed].length;
    if (length < 1 || length > MAX_ASK_CHARS) return false;
    return this._send({ type: 'ask', text: trimmed });
  }

  /**
   * After `autoplayblocked`: call from a click or key press to start the avatar's picture and voice.
   * Resolves true when playback runs.
   */
  async resumePlayback() {
    const el = this._video || this._sink;
    try {
      if (this._audioCtx && this._audioCtx.state !== 'running') await this._audioCtx.resume();
      if (el) await el.play();
    } catch (err) {
      this._playFailed(err);
      return false;
    }
    this._applyVolume();
    if (this._playbackBlocked) {
      this._playbackBlocked = false;
      this._emit('autoplayresumed', {});
    }
    return true;
  }

  /** Speech-rate multiplier for the rest of the session: 0.5 – 1.5 (천천히 = 0.8). */
  setSpeechRate(rate) {
    if (!(typeof rate === 'number' && rate >= 0.5 && rate <= 1.5)) throw new RangeError('rate must be between 0.5 and 1.5');
    this._rate = rate;
    return this._send({ type: 'set_rate', rate });
  }

  /** Playback volume of the avatar: 0 – 2 (1 = as sent; above 1 needs Web Audio). */
  setVolume(level) {
    this._volume = Math.min(2, Math.max(0, Number(level) || 0));
    this._applyVolume();
    return this._volume;
  }


  // ---- microphone and speaker ------------------------------------------------------------

  /**
   * The microphones and speakers this browser offers. Labels are empty until the page has had
   * microphone permission once (after connect() or testMicrophone()). `canChooseSpeaker` is false
   * where the browser cannot route sound to a chosen speaker (then use the device's own settings).
   */
  async listDevices() {
    if (!hasMediaDevices() || !navigator.mediaDevices.enumerateDevices) return { inputs: [], outputs: [], canChooseSpeaker: false };
    const all = await navigator.mediaDevices.enumerateDevices();
    const pick = (kind) => all.filter((d) => d.kind === kind)
      .map((d) => ({ deviceId: d.deviceId, groupId: d.groupId, label: d.label, kind }));
    return { inputs: pick('audioinput'), outputs: pick('audiooutput'), canChooseSpeaker: canChooseSpeaker() };
  }

  /**
   * Use this microphone (a deviceId from listDevices, or null for the default). During a call the
   * new microphone replaces the old one without renegotiating (RTCRtpSender.replaceTrack); before
   * a call it is used by connect() and testMicrophone(). Resolves with the deviceId in use;
   * rejects with an AvatarError (mic_*) and keeps the old microphone.
   */
  async setInputDevice(deviceId) {
    const previous = this._inputId;
    this._inputId = deviceId || null;
    if (this._micTest) await this._micTest.restart();
    if (!this._localStream) { this._emit('inputdevicechange', { deviceId: this._inputId, previous }); return this._inputId; }
    let stream;
    try {
      stream = await this._openMic(this._micConstraints);
    } catch (err) {
      this._inputId = previous;
      throw err;
    }
    const track = stream.getAudioTracks()[0];
    const sender = this._pc && this._pc.getSenders().find((s) => s.track && s.track.kind === 'audio');
    if (sender) await sender.replaceTrack(track);
    const old = this._localStream;
    this._localStream = stream;
    this._localAnalyser = null;
    if (old) for (const t of old.getTracks()) t.stop();
    this._connectLocalAnalyser();
    const used = (track.getSettings && track.getSettings().deviceId) || this._inputId;
    this._emit('inputdevicechange', { deviceId: used, previous });
    return used;
  }

  /**
   * Play the avatar through this speaker (a deviceId from listDevices, or '' / null for the
   * default). Rejects with AvatarError `output_unsupported` where the browser cannot choose
   * (e.g. Firefox without the setting, Safari on iPhone): say so and point to the device's settings.
   */
  async setOutputDevice(deviceId) {
    if (!canChooseSpeaker()) throw new AvatarError('output_unsupported', MESSAGES.output_unsupported);
    const previous = this._outputId;
    this._outputId = deviceId || null;
    try {
      await this._applySink();
    } catch (err) {
      this._outputId = previous;
      await this._applySink().catch(() => {});
      throw new AvatarError('output_failed', MESSAGES.output_failed, { cause: err });
    }
    this._emit('outputdevicechange', { deviceId: this._outputId, previous });
    return this._outputId;
  }

  /**
   * Check the microphone before the call: opens it (the chosen one, or `deviceId`) and reports its
   * level (0–1) every `intervalMs` through `onLevel` and `miclevel` events until `stop()`.
   * Rejects with an AvatarError (mic_denied, mic_missing, mic_busy). connect() stops a running test.
   */
  async testMicrophone({ deviceId, intervalMs = 100, onLevel } = {}) {
    this.stopMicrophoneTest();
    if (deviceId !== undefined) this._inputId = deviceId || null;
    this._watchDevices();
    const client = this;
    const test = {
      level: 0, peak: 0, deviceId: null, label: '', stopped: false, stream: null,
      stop() { if (client._micTest === test) client.stopMicrophoneTest(); },
      async restart() { await open(); },
    };
    let ctx = null; let analyser = null; let timer = null;
    const buffer = new Float32Array(1024);
    const close = () => {
      clearInterval(timer);
      if (test.stream) for (const t of test.stream.getTracks()) t.stop();
      if (ctx) ctx.close().catch(() => {});
      ctx = null; analyser = null; test.stream = null;
    };
    const open = async () => {
      close();
      const stream = await this._openMic(this._micConstraints);
      if (test.stopped) { for (const t of stream.getTracks()) t.stop(); return; }
      test.stream = stream;
      const track = stream.getAudioTracks()[0];
      test.deviceId = (track && track.getSettings && track.getSettings().deviceId) || this._inputId;
      test.label = (track && track.label) || '';
      const Ctx = typeof window !== 'undefined' && (window.AudioContext || window.webkitAudioContext);
      if (Ctx) {
        try {
          ctx = new Ctx();
          analyser = ctx.createAnalyser();
          analyser.fftSize = 1024;
          ctx.createMediaStreamSource(stream).connect(analyser);
          if (ctx.state !== 'running') ctx.resume().catch(() => {});
        } catch { ctx = null; analyser = null; }
      }
      timer = setInterval(() => {
        const level = levelOf(analyser, buffer);
        test.level = level;
        test.peak = Math.max(level, test.peak * 0.9);
        const detail = { level, peak: test.peak, deviceId: test.deviceId };
        if (onLevel) onLevel(level, detail);
        this._emit('miclevel', detail);
      }, intervalMs);
    };
    test._close = () => { test.stopped = true; close(); };
    this._micTest = test;
    try {
      await open();
    } catch (err) {
      if (this._micTest === test) this._micTest = null;
      test._close();
      throw err;
    }
    return test;
  }

  /** Stop a running testMicrophone() (also done by connect()). */
  stopMicrophoneTest() {
    const test = this._micTest;
    this._micTest = null;
    if (test) test._close();
  }

  // ---- internals -------------------------------------------------------------------------

  _emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }

  _setConn(state, extra = {}) {
    const previous = this._conn;
    this._conn = state;
    this._emit('connectionstatechange', { state, previous, ...extra });
  }

  _authHeaders() { return this._token ? { Authorization: `Bearer ${this._token}` } : {}; }

  async _openMic(audio) {
    if (audio === false) return null;
    if (!hasMediaDevices() || !navigator.mediaDevices.getUserMedia) throw micError({ name: 'NotFoundError' });
    this._micConstraints = audio;
    const base = audio === undefined || audio === true ? DEFAULT_AUDIO : audio;
    const constraints = this._inputId ? { ...base, deviceId: { exact: this._inputId } } : base;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: constraints, video: false });
      for (const t of stream.getAudioTracks()) t.enabled = !this._muted;
      return stream;
    } catch (err) {
      throw micError(err);
    }
  }

  _stopMic() {
    if (this._localStream) for (const t of this._localStream.getTracks()) t.stop();
    this._localStream = null;
    this._localAnalyser = null;
  }

  async _fetchIceServers() {
    try {
      const res = await fetch(new URL('api/config', this._base), { headers: this._authHeaders() });
      if (!res.ok) return [];
      const body = await res.json();
      return Array.isArray(body.ice_servers) ? body.ice_servers : [];
    } catch {
      return [];
    }
  }

  async _post(offer) {
    const body = { sdp: offer.sdp, type: offer.type };
    if (this._sessionId) body.session_id = this._sessionId;
    if (this._sessionId && this._resumeToken) body.resume_token = this._resumeToken;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.connectTimeoutMs);
    let res;
    try {
      res = await fetch(new URL('api/offer', this._base), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...this._authHeaders() },
        body: JSON.stringify(body),
        signal: abort.signal,
      });
    } catch (err) {
      const code = err && err.name === 'AbortError' ? 'timeout' : isOffline() ? 'offline' : 'network';
      if (code === 'network' && typeof location !== 'undefined' && this._base.origin !== location.origin) {
        // A CORS refusal looks exactly like a server that is down; say which one to check.
        console.warn(`AvatarClient: no answer from ${this._base.origin} to a page on ${location.origin}. `
          + 'If that server is running, add this origin to its cors_origins setting.');
      }
      throw new AvatarError(code, MESSAGES[code], { cause: err });
    } finally {
      clearTimeout(timer);
    }
    let payload = null;
    try { payload = await res.json(); } catch { /* not JSON */ }
    if (!res.ok) {
      const info = (payload && payload.error) || {};
      const retryAfterMs = Number(res.headers.get('Retry-After')) * 1000 || 0;
      const fatal = res.status === 401 || res.status === 403;
      throw new AvatarError(info.code || `http_${res.status}`, info.message || MESSAGES.server, { status: res.status, retryAfterMs, fatal });
    }
    if (!payload || typeof payload.sdp !== 'string') throw new AvatarError('server', MESSAGES.server, { status: res.status });
    return payload;
  }

  /** One offer/answer round on a fresh peer connection; resolves when the event channel opens. */
  async _negotiate() {
    const gen = ++this._gen;
    const pc = new RTCPeerConnection({ iceServers: this._iceServers || [] });
    this._pc = pc;
    const micTrack = this._localStream ? this._localStream.getAudioTracks()[0] : null;
    if (micTrack) pc.addTransceiver(micTrack, { direction: 'sendrecv', streams: [this._localStream] });
    else pc.addTransceiver('audio', { direction: 'sendrecv' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    const channel = pc.createDataChannel('events', { ordered: true });
    this._channel = channel;
    const remote = new MediaStream();
    pc.addEventListener('track', (event) => {
      if (gen !== this._gen) return;
      remote.addTrack(event.track);
      this._attachMedia(remote, event.track);
    });
    channel.addEventListener('message', (event) => { if (gen === this._gen) this._onMessage(event.data); });

    const opened = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new AvatarError('timeout', MESSAGES.timeout)), this.connectTimeoutMs);
      channel.addEventListener('open', () => { clearTimeout(timer); resolve(); }, { once: true });
      pc.addEventListener('connectionstatechange', () => {
        if (pc.connectionState === 'failed') {
          clearTimeout(timer);
          const code = isOffline() ? 'offline' : 'network';
          reject(new AvatarError(code, MESSAGES[code]));
        }
      });
    });
    opened.catch(() => {}); // observed below; avoid an unhandled rejection if _post throws first

    await pc.setLocalDescription(await pc.createOffer());
    await waitIceGathering(pc, 3000);
    const answer = await this._post(pc.localDescription);
    if (gen !== this._gen) throw new AvatarError('server', MESSAGES.server);
    const previousId = this._sessionId;
    this._sessionId = answer.session_id || previousId;
    // a resume token works once: each answer brings the one for the next reconnect
    this._resumeToken = answer.resume_token || null;
    this._resumed = Boolean(previousId) && previousId === this._sessionId;
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    await opened;
    this._watch(pc, channel, gen);
    if (this._stopLipSync) this._stopLipSync();
    this._stopLipSync = startLipSync(pc, { onAudioDelay: (ms) => { this._audioDelayMs = Math.min(500, Math.max(0, ms)); } });
    this._startMonitors(pc, gen);
    // Settings the server should keep; resent after a reconnect in case the session is new.
    if (this._rate !== 1) this._send({ type: 'set_rate', rate: this._rate });
    if (this._muted) this._send({ type: 'mute', muted: true });
  }

  _watch(pc, channel, gen) {
    const lost = (reason) => { if (gen === this._gen && !this._closing) this._reconnect(reason); };
    let grace = null;
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') lost(pc.connectionState);
      else if (pc.connectionState === 'disconnected') {
        clearTimeout(grace);
        grace = setTimeout(() => { if (pc.connectionState === 'disconnected') lost('disconnected'); }, 2500);
      } else if (pc.connectionState === 'connected') clearTimeout(grace);
    });
    channel.addEventListener('close', () => lost('channel_closed'));
    clearInterval(this._pinger);
    this._pinger = setInterval(() => this._send({ type: 'ping' }), this.pingIntervalMs);
  }

  async _reconnect(reason) {
    if (this._closing || this._conn === 'reconnecting') return;
    this._teardownPeer();
    this._setConn('reconnecting', { reason, attempt: 0 });
    this._setSpeaking('bot', false);
    this._setSpeaking('user', false);
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.reconnectOptions;
    let floorMs = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (isOffline()) {
        // The person's own network is down: no point spending attempts; wait until it is back.
        this._setConn('reconnecting', { reason: 'offline', attempt, offline: true });
        await this._waitOnline();
        if (this._closing) return;
      }
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.8 + 0.4 * Math.random());
      const delayMs = Math.round(Math.max(backoff, floorMs));
      this._setConn('reconnecting', { reason, attempt, delayMs, offline: false });
      await new Promise((resolve) => { this._wake = resolve; setTimeout(resolve, delayMs); });
      this._wake = null;
      if (this._closing) return;
      try {
        await this._negotiate();
        this._setConn('connected', { resumed: this._resumed, attempt });
        return;
      } catch (err) {
        this._teardownPeer();
        if (this._closing) return;
        if (err.fatal) break;
        floorMs = err.retryAfterMs || 0;
        if (err.status === 404 || err.status === 410) this._sessionId = null; // expired: start afresh
      }
    }
    if (this._closing) return;
    this._stopMic();
    const offline = isOffline();
    this._setConn('failed', { code: 'connection_lost', offline });
    this._emit('error', {
      type: 'error', code: 'connection_lost', fatal: true, offline,
      message: offline ? MESSAGES.connection_lost_offline : MESSAGES.connection_lost,
    });
  }

  /** Resolves when the browser reports a network again (or disconnect() is called). */
  _waitOnline() {
    if (!isOffline() || typeof window === 'undefined') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { window.removeEventListener('online', done); this._wake = null; resolve(); };
      this._wake = done;
      window.addEventListener('online', done);
    });
  }

  _teardownPeer() {
    this._gen++;
    clearInterval(this._pinger);
    clearInterval(this._levelTimer);
    clearTimeout(this._statsTimer);
    if (this._stopLipSync) { this._stopLipSync(); this._stopLipSync = null; }
    this._clearWords();
    if (this._channel) try { this._channel.close(); } catch { /* already closed */ }
    if (this._pc) try { this._pc.close(); } catch { /* already closed */ }
    this._channel = null;
    this._pc = null;
  }

  _onMessage(data) {
    let message;
    try { message = JSON.parse(data); } catch { this._emit('invalidmessage', { data, errors: ['not JSON'] }); return; }
    const { valid, errors } = validateMessage(message, 'server');
    if (!valid) { this._emit('invalidmessage', { data: message, errors }); return; }
    if (message.type === 'session') this._sessionId = message.session_id;
    if (message.type === 'state') this._avatarState = message.state;
    if (message.type === 'caption') this._scheduleWords(message);
    if (message.type === 'interrupted' || (message.type === 'state' && message.state !== 'speaking')) this._clearWords();
    this._emit(message.type, message);
    if (message.type === 'state') this._setSpeaking('bot', message.state === 'speaking');
  }

  _send(message) {
    const { valid, errors } = validateMessage(message, 'client');
    if (!valid) throw new TypeError(`invalid message: ${errors.join('; ')}`);
    if (!this._channel || this._channel.readyState !== 'open') return false;
    this._channel.send(JSON.stringify(message));
    return true;
  }

  _attachMedia(stream, track) {
    let el = this._video;
    if (!el) {
      this._sink = this._sink || new Audio();
      el = this._sink;
    }
    if (el.srcObject !== stream) el.srcObject = stream;
    el.autoplay = true;
    if ('playsInline' in el) el.playsInline = true;
    if (track.kind === 'audio') this._routeAudio(track);
    if (this._outputId) this._applySink().catch((err) => this._emit('playbackerror', { error: { name: err.name || 'Error', message: String(err.message || err) } }));
    this._applyVolume();
    const played = el.play();
    if (played && played.catch) played.catch((err) => this._playFailed(err));
    this._emit('stream', { stream, track });
  }

  _playFailed(err) {
    const name = (err && err.name) || 'Error';
    if (name === 'AbortError') return; // a newer srcObject or play() superseded this one
    const error = { name, message: String((err && err.message) || err) };
    if (name === 'NotAllowedError') {
      if (!this._playbackBlocked) { this._playbackBlocked = true; this._emit('autoplayblocked', { error }); }
    } else {
      this._emit('playbackerror', { error });
    }
  }

  _setSpeaking(who, speaking) {
    const key = who === 'user' ? '_userSpeaking' : '_botSpeaking';
    if (this[key] === speaking) return;
    this[key] = speaking;
    this._emit(`${who}${speaking ? 'started' : 'stopped'}speaking`, { at: Date.now() });
  }

  /** Microphone and avatar levels every levelIntervalMs, connection statistics every statsIntervalMs. */
  _startMonitors(pc, gen) {
    clearInterval(this._levelTimer);
    clearTimeout(this._statsTimer);
    this._connectLocalAnalyser();
    const buffer = new Float32Array(1024);
    let loud = 0;
    let quiet = 0;
    this._levelTimer = setInterval(() => {
      if (gen !== this._gen) return;
      const local = this._muted ? 0 : levelOf(this._localAnalyser, buffer);
      const remote = levelOf(this._remoteAnalyser, buffer);
      // Speaking: loud for 2 ticks in a row; stopped: quiet for 8 (≈ 0.8 s at the default interval).
      if (local >= SPEAKING_LEVEL) { loud++; quiet = 0; } else { quiet++; loud = 0; }
      if (loud >= 2) this._setSpeaking('user', true);
      if (quiet >= 8) this._setSpeaking('user', false);
      this._emit('audiolevel', { local, remote });
    }, this.levelIntervalMs);

    const last = {};
    const tick = async () => {
      if (gen !== this._gen || pc.connectionState === 'closed') return;
      try {
        const detail = this._readStats(await pc.getStats(), last);
        const previous = this._quality;
        this._quality = detail.quality;
        this._emit('stats', detail);
        if (previous !== detail.quality) this._emit('connectionquality', { quality: detail.quality, previous });
      } catch { /* statistics are best effort */ }
      if (gen === this._gen) this._statsTimer = setTimeout(tick, this.statsIntervalMs);
    };
    this._statsTimer = setTimeout(tick, this.statsIntervalMs);
  }

  _readStats(stats, last) {
    let rttMs = null; let jitterMs = null; let packetLossPct = null; let fps = null; let videoKbps = null;
    const now = performance.now();
    stats.forEach((r) => {
      if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded' && r.currentRoundTripTime !== undefined) {
        rttMs = Math.round(r.currentRoundTripTime * 1000);
      }
      if (r.type === 'inbound-rtp' && r.kind === 'audio') {
        if (r.jitter !== undefined) jitterMs = Math.round(r.jitter * 1000);
        const lost = (r.packetsLost || 0) - (last.lost || 0);
        const got = (r.packetsReceived || 0) - (last.received || 0);
        if (lost + got > 0) packetLossPct = Math.round((1000 * Math.max(0, lost)) / (lost + got)) / 10;
        last.lost = r.packetsLost || 0; last.received = r.packetsReceived || 0;
      }
      if (r.type === 'inbound-rtp' && r.kind === 'video') {
        if (r.framesPerSecond !== undefined) fps = r.framesPerSecond;
        if (last.bytes !== undefined && now > last.at) videoKbps = Math.round((8 * (r.bytesReceived - last.bytes)) / (now - last.at));
        last.bytes = r.bytesReceived; last.at = now;
      }
    });
    const detail = { rttMs, jitterMs, packetLossPct, fps, videoKbps };
    return { ...detail, quality: qualityOf(detail) };
  }

  _connectLocalAnalyser() {
    const ctx = this._ensureAudioCtx();
    if (!ctx || !this._localStream || this._localAnalyser) return;
    try {
      this._localAnalyser = ctx.createAnalyser();
      this._localAnalyser.fftSize = 1024;
      ctx.createMediaStreamSource(this._localStream).connect(this._localAnalyser);
    } catch { this._localAnalyser = null; }
  }

  /** Route the avatar's sound to the chosen speaker: the media element and the Web Audio path. */
  async _applySink() {
    if (!canChooseSpeaker()) return;
    const id = this._outputId || '';
    const el = this._video || this._sink;
    if (el && el.sinkId !== id) await el.setSinkId(id);
    if (this._audioCtx && typeof this._audioCtx.setSinkId === 'function' && this._audioCtx.sinkId !== id) {
      await this._audioCtx.setSinkId(id);
    }
  }

  /** `devicechange` events while the client is in use; falls back to the default microphone when the chosen one goes. */
  _watchDevices() {
    if (this._deviceWatch || !hasMediaDevices() || !navigator.mediaDevices.addEventListener) return;
    this._deviceWatch = async () => {
      let devices;
      try { devices = await this.listDevices(); } catch { return; }
      this._emit('devicechange', devices);
      if (this._inputId && !devices.inputs.some((d) => d.deviceId === this._inputId)) {
        try { await this.setInputDevice(null); } catch { /* the call goes on without a microphone */ }
      }
      if (this._outputId && !devices.outputs.some((d) => d.deviceId === this._outputId)) {
        try { await this.setOutputDevice(null); } catch { /* keep playing where we can */ }
      }
    };
    navigator.mediaDevices.addEventListener('devicechange', this._deviceWatch);
  }

  /** Word by word through a caption: `captionword` when each word is heard (the audio's playout delay added). */
  _scheduleWords(message) {
    this._clearWords();
    const words = Array.isArray(message.words) ? message.words : [];
    const delay = this._audioDelayMs;
    words.forEach((word, wordIndex) => {
      const timer = setTimeout(() => {
        this._emit('captionword', {
          turn: message.turn, index: message.index, wordIndex, text: word.text,
          startMs: word.start_ms, endMs: word.end_ms, count: words.length,
        });
      }, Math.max(0, word.start_ms + delay));
      this._wordTimers.push(timer);
    });
  }

  _clearWords() {
    for (const timer of this._wordTimers) clearTimeout(timer);
    this._wordTimers = [];
  }

  _ensureAudioCtx() {
    if (this._audioCtx) return this._audioCtx;
    const Ctx = typeof window !== 'undefined' && (window.AudioContext || window.webkitAudioContext);
    if (!Ctx) return null;
    try {
      this._audioCtx = new Ctx();
      this._gain = this._audioCtx.createGain();
      this._gain.connect(this._audioCtx.destination);
    } catch {
      this._audioCtx = null; this._gain = null;
    }
    return this._audioCtx;
  }

  /** Send the avatar's voice through a gain node so 크게 can go above the element's maximum. */
  _routeAudio(track) {
    if (!this._ensureAudioCtx()) return;
    try {
      if (this._audioSource) this._audioSource.disconnect();
      this._audioSource = this._audioCtx.createMediaStreamSource(new MediaStream([track]));
      this._audioSource.connect(this._gain);
      if (!this._remoteAnalyser) { this._remoteAnalyser = this._audioCtx.createAnalyser(); this._remoteAnalyser.fftSize = 1024; }
      this._audioSource.connect(this._remoteAnalyser);
      if (this._audioCtx.state !== 'running') this._audioCtx.resume().catch(() => {});
    } catch {
      this._audioCtx = null; // element playback stays as the fallback
    }
  }

  _applyVolume() {
    const el = this._video || this._sink;
    // Web Audio plays the voice only while its context runs; otherwise the element does.
    const viaGain = Boolean(this._audioCtx && this._gain && this._audioCtx.state === 'running');
    if (this._gain) this._gain.gain.value = viaGain ? this._volume : 0;
    if (el) {
      el.muted = viaGain;
      el.volume = Math.min(1, this._volume);
    }
    if (this._audioCtx && !this._ctxWatch) {
      this._ctxWatch = true;
      this._audioCtx.addEventListener('statechange', () => this._applyVolume());
    }
  }
}

export default AvatarClient;
