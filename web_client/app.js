// The senior-first call page: one start button, big captions, four plain tools.
import { AvatarClient } from './avatar-client.js';

const $ = (id) => document.getElementById(id);
const client = new AvatarClient();
window.silverAvatar = { client }; // handy in the console and for embedders' tests

const STATUS = {
  connecting: ['연결하고 있어요', '잠시만 기다려 주세요.'],
  listening: ['듣고 있어요', '편하게 말씀하세요.'],
  thinking: ['생각하고 있어요', '잠시만 기다려 주세요.'],
  speaking: ['말하고 있어요', '멈추려면 ‘그만’을 누르세요.'],
  reconnecting: ['다시 연결하고 있어요', '연결이 잠깐 끊겼어요. 기다려 주세요.'],
};

const MIC_HELP = {
  mic_denied: {
    title: '마이크를 쓸 수 없어요',
    lead: '상담원과 이야기하려면 마이크가 필요해요. 아래 순서대로 해 주세요.',
    steps: [
      '화면 맨 위 주소창 왼쪽의 자물쇠 모양을 누르세요.',
      '‘마이크’를 찾아 ‘허용’으로 바꾸세요.',
      '아래 ‘다시 시도’ 버튼을 누르세요.',
    ],
  },
  mic_missing: {
    title: '마이크를 찾지 못했어요',
    lead: '이 기기에 마이크가 연결되어 있지 않은 것 같아요.',
    steps: [
      '이어폰이나 마이크가 잘 꽂혀 있는지 확인하세요.',
      '컴퓨터라면 마이크가 달린 이어폰을 연결하세요.',
      '아래 ‘다시 시도’ 버튼을 누르세요.',
    ],
  },
  mic_busy: {
    title: '마이크를 다른 곳에서 쓰고 있어요',
    lead: '다른 프로그램이 마이크를 쓰고 있어서 연결하지 못했어요.',
    steps: [
      '전화나 다른 영상 통화를 끝내 주세요.',
      '아래 ‘다시 시도’ 버튼을 누르세요.',
    ],
  },
};

const VOLUME_STEPS = [
  { level: 1, label: '보통', said: '소리를 보통으로 돌렸어요.' },
  { level: 1.5, label: '크게', said: '소리를 크게 했어요.' },
  { level: 2, label: '아주 크게', said: '소리를 아주 크게 했어요.' },
];

let volumeStep = 0;
let useMic = true;
let wakeLock = null;
let turnHasCaption = false;
let lastReply = '';
let captionFallback = null;

function show(screenId) {
  for (const id of ['start', 'mic-help', 'call']) $(id).hidden = id !== screenId;
}

function announce(text) {
  const el = $('announcer');
  el.textContent = '';
  // A fresh text node in the next frame makes screen readers read repeated phrases again.
  requestAnimationFrame(() => { el.textContent = text; });
}

function notice(text) {
  const el = $('notice');
  el.textContent = text || '';
  el.hidden = !text;
}

function setStatus(key) {
  const [text, help] = STATUS[key] || STATUS.connecting;
  $('status').dataset.state = key;
  $('status-text').textContent = text;
  $('status-help').textContent = help;
}

function setCaption(id, text, { partial = false } = {}) {
  const el = $(id);
  el.textContent = text;
  el.classList.toggle('empty', false);
  el.classList.toggle('partial', partial);
}

function setStartBusy(busy) {
  const button = $('start-button');
  button.disabled = busy;
  button.setAttribute('aria-busy', String(busy));
  $('start-label').textContent = busy ? '연결하고 있어요…' : '대화 시작';
}

async function start() {
  notice('');
  show('start');
  setStartBusy(true);
  setStatus('connecting');
  try {
    await client.connect('./', { videoElement: $('avatar-video'), audio: useMic ? undefined : false });
  } catch (err) {
    setStartBusy(false);
    if (err.code && err.code.startsWith('mic_')) { showMicHelp(err.code); return; }
    notice(err.message || '연결하지 못했어요. 잠시 후 다시 눌러 주세요.');
    $('start-button').focus();
    return;
  }
  setStartBusy(false);
  show('call');
  if (client.avatarState) setStatus(client.avatarState);
  else setStatus('listening');
  $('call-title').focus();
  announce(useMic ? '연결됐어요. 편하게 말씀하세요.' : '연결됐어요. 아래 칸에 질문을 적어 주세요.');
  if (!useMic) { $('ask-form').closest('details').open = true; $('ask-input').focus(); }
  keepScreenOn();
}

function showMicHelp(code) {
  const help = MIC_HELP[code] || MIC_HELP.mic_denied;
  $('mic-help-title').textContent = help.title;
  $('mic-help-lead').textContent = help.lead;
  $('mic-help-steps').replaceChildren(...help.steps.map((step) => {
    const li = document.createElement('li');
    li.textContent = step;
    return li;
  }));
  $('mic-help').dataset.code = code;
  show('mic-help');
  $('mic-help-title').focus();
}

async function end(message) {
  await client.disconnect();
  releaseScreen();
  show('start');
  $('start-title').textContent = '대화를 마쳤어요';
  $('start-lead').textContent = message || '이용해 주셔서 고맙습니다. 더 궁금한 것이 있으면 다시 눌러 주세요.';
  $('start-title').focus();
}

async function keepScreenOn() {
  try { wakeLock = await navigator.wakeLock?.request('screen'); } catch { wakeLock = null; }
}

function releaseScreen() {
  if (wakeLock) wakeLock.release().catch(() => {});
  wakeLock = null;
}

// ---- server events ---------------------------------------------------------------------------

client.on('state', ({ state }) => {
  setStatus(state);
  if (state === 'thinking') turnHasCaption = false;
  // Captions normally arrive with each sentence; if a server sends none, show the whole answer.
  clearTimeout(captionFallback);
  if (state === 'speaking' && !turnHasCaption) {
    captionFallback = setTimeout(() => { if (!turnHasCaption && lastReply) setCaption('avatar-caption', lastReply); }, 1000);
  }
});

client.on('transcript', ({ text, final }) => {
  if (!text) return;
  setCaption('user-caption', text, { partial: !final });
  if (final) announce(`내가 한 말: ${text}`);
});

client.on('reply', ({ text }) => { lastReply = text; });

client.on('caption', ({ text }) => {
  turnHasCaption = true;
  setCaption('avatar-caption', text);
});

client.on('interrupted', () => { announce('말을 멈췄어요.'); });

client.on('error', ({ message, fatal }) => {
  if (fatal) { end(message); return; }
  notice(message);
});

client.on('connectionstatechange', ({ state, attempt }) => {
  if (state === 'reconnecting') setStatus('reconnecting');
  if (state === 'connected' && attempt) {
    setStatus(client.avatarState || 'listening');
    announce('다시 연결됐어요.');
  }
});

// ---- buttons ---------------------------------------------------------------------------------

function whenConnected(action) {
  return () => {
    if (!action()) notice('연결이 잠깐 끊겼어요. 조금 뒤에 다시 눌러 주세요.');
    else notice('');
  };
}

$('start-button').addEventListener('click', () => { useMic = true; start(); });
$('retry-button').addEventListener('click', () => { useMic = true; start(); });
$('text-only-button').addEventListener('click', () => { useMic = false; start(); });
$('end-button').addEventListener('click', () => end());

$('repeat-button').addEventListener('click', whenConnected(() => {
  const sent = client.repeat();
  if (sent) { turnHasCaption = false; announce('다시 들려 드릴게요.'); }
  return sent;
}));

$('slow-button').addEventListener('click', whenConnected(() => {
  const button = $('slow-button');
  const slow = button.getAttribute('aria-pressed') !== 'true';
  const sent = client.setSpeechRate(slow ? 0.8 : 1);
  if (sent) {
    button.setAttribute('aria-pressed', String(slow));
    announce(slow ? '이제 천천히 말할게요.' : '원래 빠르기로 말할게요.');
  }
  return sent;
}));

$('louder-button').addEventListener('click', () => {
  volumeStep = (volumeStep + 1) % VOLUME_STEPS.length;
  const step = VOLUME_STEPS[volumeStep];
  client.setVolume(step.level);
  $('volume-level').textContent = `소리: ${step.label}`;
  $('louder-button').dataset.level = String(volumeStep);
  announce(step.said);
});

$('stop-button').addEventListener('click', whenConnected(() => client.interrupt()));

$('ask-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('ask-input');
  const text = input.value.trim();
  if (!text) { input.focus(); return; }
  whenConnected(() => {
    const sent = client.ask(text);
    if (sent) { input.value = ''; setCaption('user-caption', text); }
    return sent;
  })();
});

window.addEventListener('pagehide', () => { client.disconnect(); });
