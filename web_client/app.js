// The senior-first call page: one start button, a conversation log, tools that never leave the screen.
import { AvatarClient } from './avatar-client.js';

const $ = (id) => document.getElementById(id);
const client = new AvatarClient();
window.silverAvatar = { client }; // handy in the console and for embedders' tests

const DEFAULT_SLOW_RATE = 0.8;

/** Questions the knowledge base answers well; each button sends it as a typed question. */
const EXAMPLES = [
  '기초연금은 누가 받을 수 있나요?',
  '주민등록등본은 어디서 뗄 수 있나요?',
  '보이스피싱 신고는 몇 번으로 해요?',
  '장기요양 등급은 어떻게 신청하나요?',
];

const GREETING = [
  '안녕하세요. 공공서비스를 안내해 드리는 자동 상담 서비스예요.',
  '사람이 아니라 컴퓨터가 대답해요. 중요한 일은 담당 기관에 한 번 더 확인해 주세요.',
  '궁금한 것을 편하게 말씀하시거나, 아래 질문을 눌러 보세요.',
];

const STATUS = {
  connecting: ['연결하고 있어요', '잠시만 기다려 주세요.'],
  listening: ['듣고 있어요', '편하게 말씀하세요.'],
  listening_text: ['기다리고 있어요', '아래 칸에 질문을 적어 주세요.'],
  thinking: ['생각하고 있어요', '잠시만 기다려 주세요.'],
  speaking: ['말하고 있어요', '멈추려면 ‘그만’을 누르세요.'],
  reconnecting: ['다시 연결하고 있어요', '상담 서버와 연결이 잠깐 끊겼어요. 기다려 주세요.'],
  offline: ['인터넷이 끊겼어요', '와이파이나 데이터를 확인해 주세요. 연결되면 이어서 할게요.'],
};

// Current Chrome shows a "사이트 정보 보기" icon (two sliders) at the left of the address bar, not a padlock.
const MIC_HELP = {
  mic_denied: {
    title: '마이크를 쓸 수 없어요',
    lead: '상담원과 이야기하려면 마이크가 필요해요. 아래 순서대로 해 주세요.',
    steps: [
      '화면 맨 위 주소창의 왼쪽 끝에 있는 작은 그림(‘사이트 정보 보기’)을 누르세요.',
      '‘마이크’ 옆의 스위치를 켜거나 ‘허용’을 고르세요.',
      '아래 ‘다시 시도’ 버튼을 누르세요.',
    ],
    extra: '주소창 오른쪽 끝에 빗금이 그어진 마이크 그림이 보이면, 그 그림을 눌러도 돼요.',
  },
  mic_missing: {
    title: '마이크를 찾지 못했어요',
    lead: '이 기기에 마이크가 연결되어 있지 않은 것 같아요.',
    steps: [
      '이어폰이나 마이크가 잘 꽂혀 있는지 확인하세요.',
      '컴퓨터라면 마이크가 달린 이어폰을 연결하세요.',
      '아래 ‘다시 시도’ 버튼을 누르세요.',
    ],
    extra: '',
  },
  mic_busy: {
    title: '마이크를 다른 곳에서 쓰고 있어요',
    lead: '다른 프로그램이 마이크를 쓰고 있어서 연결하지 못했어요.',
    steps: [
      '전화나 다른 영상 통화를 끝내 주세요.',
      '아래 ‘다시 시도’ 버튼을 누르세요.',
    ],
    extra: '',
  },
};

const VOLUME_STEPS = [
  { level: 1, label: '보통', said: '소리를 보통으로 돌렸어요.' },
  { level: 1.5, label: '크게', said: '소리를 크게 했어요.' },
  { level: 2, label: '아주 크게', said: '소리를 아주 크게 했어요.' },
];

/** Phone numbers in answers: 02-123-4567, 010-1234-5678, 1577-1000, and short public numbers. */
const SHORT_NUMBERS = '109|110|111|112|113|114|117|118|119|120|122|123|125|126|127|128|129|131|132|133|134|182'
  + '|1301|1330|1332|1333|1339|1345|1350|1355|1366|1369|1388|1393|1398';
const PHONE = new RegExp(
  `(?<![\\d.,-])(0\\d{1,2}-\\d{3,4}(?:-\\d{4})?|1[5-8]\\d{2}-\\d{4}|${SHORT_NUMBERS})`
  + '(?![\\d-]|[.,]\\d|\\s?(?:세|살|년|월|일|시|분|초|원|만|천|억|명|개|번째|퍼센트|%|회|층|호|평|곳|가지|건|쪽|장|km|kg))',
  'g',
);
/** The phrase the server used to put in the person's mouth when 다시 듣기 was pressed. */
const REPEAT_PHRASE = /^다시말해주세요[.!?]?$/;

let volumeStep = 0;
let useMic = true;
let wakeLock = null;
let slowRate = DEFAULT_SLOW_RATE;
let repeatTurns = false;
let repeatPending = false;
let turnHasCaption = false;
let captionFallback = null;
let current = null; // the answer being spoken: {li, text, sentences, reply, turn}
let lastAnswer = null;
let userOpen = null; // the person's words while still partial
let typed = []; // typed questions, until the server echoes each as a final transcript
let inCall = false;

// ---- screens, status, notices ----------------------------------------------------------------

function show(screenId) {
  for (const id of ['start', 'mic-help', 'call']) $(id).hidden = id !== screenId;
  document.body.dataset.screen = screenId;
  $('end-button').hidden = screenId !== 'call';
  if (screenId !== 'start') stopMicTest();
  placeSettings(screenId);
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

function setStatus(key, help) {
  const [text, defaultHelp] = STATUS[key] || STATUS.connecting;
  $('status').dataset.state = key.split('_')[0];
  $('status-text').textContent = text;
  $('status-help').textContent = help || defaultHelp;
}

function showAvatarState(state) {
  setStatus(state === 'listening' && !useMic ? 'listening_text' : state);
}

function overlay(text, { sound = false } = {}) {
  $('video-overlay').hidden = !text && !sound;
  $('video-overlay-text').textContent = text || '';
  $('sound-button').hidden = !sound;
}

function setStartBusy(busy) {
  const button = $('start-button');
  button.disabled = busy;
  button.setAttribute('aria-busy', String(busy));
  $('start-label').textContent = busy ? '연결하고 있어요…' : '대화 시작';
}

function showStartScreen(title, lead) {
  show('start');
  $('start-title').textContent = title;
  $('start-lead').textContent = lead;
  $('start-title').focus();
}

// ---- the conversation log ----------------------------------------------------------------------

/** Text as shown: no replacement characters (a cut multi-byte token in a live transcript). */
function clean(text) {
  return String(text || '').replace(/\uFFFD/g, '').trim();
}

/** Append `text` to `parent`, with phone numbers as tappable tel: links. */
function appendLinked(parent, text) {
  let at = 0;
  for (const match of text.matchAll(PHONE)) {
    if (match.index > at) parent.append(text.slice(at, match.index));
    const link = document.createElement('a');
    link.href = `tel:${match[0].replace(/-/g, '')}`;
    link.className = 'tel';
    link.textContent = match[0];
    link.setAttribute('aria-label', `${match[0]}에 전화 걸기`);
    parent.append(link);
    at = match.index + match[0].length;
  }
  if (at < text.length) parent.append(text.slice(at));
}

function moveId(id, el) {
  const old = document.getElementById(id);
  if (old && old !== el) old.removeAttribute('id');
  el.id = id;
}

const logWrap = () => $('log-wrap');

/** False while the person has scrolled up to read older words; the log then stays where it is. */
let autoFollow = true;

function nearBottom() {
  const wrap = logWrap();
  return wrap.scrollHeight - wrap.scrollTop - wrap.clientHeight < wrap.clientHeight / 3 + 40;
}

function watchScrolling() {
  const wrap = logWrap();
  let timer = null;
  const settled = () => {
    const now = document.querySelector('.sentence.now');
    const box = wrap.getBoundingClientRect();
    const seen = now && now.getBoundingClientRect().bottom > box.top && now.getBoundingClientRect().top < box.bottom;
    autoFollow = nearBottom() || Boolean(seen);
  };
  const moved = () => { clearTimeout(timer); timer = setTimeout(settled, 200); };
  for (const type of ['wheel', 'touchmove', 'keydown', 'pointerdown']) wrap.addEventListener(type, moved, { passive: true });
}

/** Keep the newest words on screen unless the person scrolled up to read older ones. */
function follow(stick) {
  if (stick) logWrap().scrollTop = logWrap().scrollHeight;
}

/** Scroll the log so the sentence being spoken is in view: all of it if it fits, else its start. */
function reveal(span) {
  const wrap = logWrap();
  const top = span.getBoundingClientRect().top - wrap.getBoundingClientRect().top + wrap.scrollTop;
  const height = span.getBoundingClientRect().height;
  const margin = 8;
  wrap.scrollTop = height > wrap.clientHeight - 2 * margin ? top - margin : top + height - wrap.clientHeight + margin;
}

function addEntry(kind, who) {
  const li = document.createElement('li');
  li.className = `entry entry-${kind}`;
  const label = document.createElement('p');
  label.className = 'who';
  label.textContent = who;
  const text = document.createElement('p');
  text.className = 'entry-text';
  li.append(label, text);
  $('log').append(li);
  return { li, text };
}

function addIntro() {
  const { li, text } = addEntry('intro', '상담원');
  text.textContent = GREETING.join(' ');
  const examples = document.createElement('div');
  examples.className = 'examples';
  examples.setAttribute('role', 'group');
  examples.setAttribute('aria-label', '이렇게 물어보세요');
  const title = document.createElement('p');
  title.className = 'examples-title';
  title.textContent = '이렇게 물어보세요';
  examples.append(title);
  for (const question of EXAMPLES) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'btn btn-example';
    button.textContent = question;
    button.addEventListener('click', () => sendQuestion(question));
    examples.append(button);
  }
  li.append(examples);
}

function showUser(raw, { partial = false } = {}) {
  const text = clean(raw);
  if (!text) return;
  const stick = autoFollow;
  if (!userOpen && typed.length) {
    // the server's echo of a typed question (live partials first, on some servers)
    if (partial && typed.some((t) => t.startsWith(text))) return;
    const echoed = partial ? -1 : typed.indexOf(text);
    if (echoed >= 0) { typed.splice(echoed, 1); return; }
  }
  if (!userOpen) {
    userOpen = addEntry('user', '내가 한 말');
    moveId('user-caption', userOpen.text);
  }
  userOpen.text.textContent = text;
  userOpen.text.classList.toggle('partial', partial);
  if (!partial) { userOpen = null; announce(`내가 한 말: ${text}`); }
  follow(stick);
}

function newAnswer({ text, turn, intent }) {
  const stick = autoFollow;
  const entry = addEntry('bot', '상담원');
  if (intent) entry.li.dataset.intent = intent;
  const answer = { ...entry, sentences: [], reply: text || '', turn, filled: false };
  entry.li.answer = answer;
  lastAnswer = answer;
  entry.text.classList.add('pending');
  entry.text.textContent = '…';
  const again = document.createElement('button');
  again.type = 'button';
  again.className = 'btn btn-again';
  again.hidden = true;
  again.innerHTML = '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 5V2L7 6l5 4V7a6 6 0 1 1-6 6H4a8 8 0 1 0 8-8z"/></svg><span>한 번 더 듣기</span>';
  again.addEventListener('click', () => replay(answer));
  entry.li.append(again);
  answer.again = again;
  moveId('avatar-caption', entry.text);
  follow(stick);
  return answer;
}

function findAnswer(text) {
  const all = [...document.querySelectorAll('.entry-bot')];
  for (const li of all.reverse()) if (li.answer && li.answer.reply === text) return li.answer;
  return null;
}

function startSpeaking(answer) {
  if (answer.text.classList.contains('pending')) { answer.text.textContent = ''; answer.text.classList.remove('pending'); }
}

function highlight(answer, index) {
  document.querySelectorAll('.sentence.now').forEach((el) => { el.classList.remove('now'); el.removeAttribute('aria-current'); });
  document.querySelectorAll('.word.now').forEach((el) => el.classList.remove('now'));
  const span = answer && answer.sentences[index];
  if (span) { span.classList.add('now'); span.setAttribute('aria-current', 'true'); }
  return span;
}

/** The sentence as word spans (for word-by-word highlighting) when the server sent its words. */
function appendWords(span, text, words) {
  const said = Array.isArray(words) ? words.map((w) => clean(w.text)) : [];
  if (!said.length || said.join(' ') !== text.split(/\s+/).join(' ')) { appendLinked(span, text); return; }
  said.forEach((word, i) => {
    if (i) span.append(' ');
    const el = document.createElement('span');
    el.className = 'word';
    appendLinked(el, word);
    span.append(el);
  });
}

function addCaption(answer, index, raw, words) {
  const text = clean(raw);
  const stick = autoFollow;
  startSpeaking(answer);
  if (answer.filled) { answer.text.textContent = ''; answer.sentences = []; answer.filled = false; } // captions after the fallback
  let span = answer.sentences[index];
  if (!span || span.dataset.text !== text) {
    span = document.createElement('span');
    span.className = 'sentence';
    span.dataset.text = text;
    appendWords(span, text, words);
    if (answer.text.childNodes.length) answer.text.append(' ');
    answer.text.append(span);
    answer.sentences[index] = span;
  }
  highlight(answer, index);
  $('caption-live').textContent = text;
  if (stick || answer !== lastAnswer) reveal(span);
}

function fillWhole(answer) {
  if (!answer || answer.sentences.length) return;
  startSpeaking(answer);
  answer.text.textContent = '';
  appendLinked(answer.text, clean(answer.reply));
  answer.filled = true;
  $('caption-live').textContent = answer.reply;
}

function finishAnswer() {
  clearTimeout(captionFallback);
  highlight(null);
  if (!current) return;
  if (current.text.classList.contains('pending')) fillWhole(current);
  current = null;
  refreshAgainButtons();
}

/** 한 번 더 듣기 on the last answer, and on older ones when the server can repeat them by turn. */
function refreshAgainButtons() {
  for (const li of document.querySelectorAll('.entry-bot')) {
    const answer = li.answer;
    const speaking = answer === current;
    answer.again.hidden = speaking || !(answer === lastAnswer || (repeatTurns && Number.isInteger(answer.turn)));
  }
}

function replay(answer) {
  const older = answer !== lastAnswer;
  const sent = older ? client.repeat(answer.turn) : client.repeat();
  if (!sent) { notice('연결이 잠깐 끊겼어요. 조금 뒤에 다시 눌러 주세요.'); return; }
  notice('');
  autoFollow = true;
  expectReplay(answer);
  announce('다시 들려 드릴게요.');
}

/** The next answer spoken is `answer` again (or the last one: true); forgotten if nothing comes. */
let replayTimer = null;
function expectReplay(answer) {
  repeatPending = answer;
  clearTimeout(replayTimer);
  replayTimer = setTimeout(() => { repeatPending = false; }, 20000);
}

/** Bind a pending replay to the answer it replays; returns that answer (or null). */
function takeReplay() {
  const answer = repeatPending === true ? lastAnswer : repeatPending || null;
  repeatPending = false;
  clearTimeout(replayTimer);
  return answer;
}

function resetLog() {
  $('log').replaceChildren();
  current = null; lastAnswer = null; userOpen = null; typed = []; repeatPending = false; autoFollow = true;
  addIntro();
}

// ---- starting and ending ---------------------------------------------------------------------

async function start() {
  notice('');
  show('start');
  setStartBusy(true);
  setStatus('connecting');
  overlay('');
  try {
    await client.connect('./', { videoElement: $('avatar-video'), audio: useMic ? undefined : false });
  } catch (err) {
    setStartBusy(false);
    if (err.code && err.code.startsWith('mic_')) { showMicHelp(err.code); return; }
    notice(err.message || '연결하지 못했어요. 잠시 후 다시 눌러 주세요.');
    $('start-button').focus();
    return;
  }
  inCall = true;
  setStartBusy(false);
  resetLog();
  client.greet(); // the server's spoken welcome (servers that greet by themselves ignore it)
  $('mic-meter').dataset.mic = useMic ? 'on' : 'off';
  show('call');
  showAvatarState(client.avatarState || 'listening');
  $('call-title').focus();
  announce(useMic ? '연결됐어요. 편하게 말씀하세요.' : '연결됐어요. 아래 칸에 질문을 적어 주세요.');
  if (!useMic) {
    $('ask-form').closest('details').open = true;
    logWrap().scrollTop = logWrap().scrollHeight;
    $('ask-input').focus();
  }
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
  $('mic-help-extra').textContent = help.extra;
  $('mic-help-extra').hidden = !help.extra;
  $('mic-help').dataset.code = code;
  show('mic-help');
  $('mic-help-title').focus();
}

async function end() {
  inCall = false;
  await client.disconnect();
  releaseScreen();
  showStartScreen('대화를 마쳤어요', '이용해 주셔서 고맙습니다. 더 궁금한 것이 있으면 다시 눌러 주세요.');
}

/** The connection could not be restored: say whose side failed, not "the conversation ended". */
function lost({ offline }) {
  inCall = false;
  releaseScreen();
  client.disconnect();
  if (offline) {
    showStartScreen('인터넷 연결이 끊겼어요',
      '이 기기의 와이파이나 데이터가 끊겼어요. 연결을 확인한 뒤 ‘대화 시작’을 다시 눌러 주세요.');
  } else {
    showStartScreen('상담 서버와 연결이 끊겼어요',
      '이 기기의 인터넷은 연결되어 있어요. 상담 서버에 문제가 생긴 것 같아요. 잠시 후 ‘대화 시작’을 다시 눌러 주세요.');
  }
}

async function keepScreenOn() {
  try { wakeLock = await navigator.wakeLock?.request('screen'); } catch { wakeLock = null; }
}

function releaseScreen() {
  if (wakeLock) wakeLock.release().catch(() => {});
  wakeLock = null;
}

// ---- server events ---------------------------------------------------------------------------

client.on('session', (message) => {
  slowRate = typeof message.slow_rate === 'number' ? message.slow_rate : DEFAULT_SLOW_RATE;
  repeatTurns = message.repeat_turns === true;
});

client.on('state', ({ state }) => {
  showAvatarState(state);
  clearTimeout(captionFallback);
  if (state === 'thinking') turnHasCaption = false;
  if (state === 'speaking') {
    if (!current && repeatPending) current = takeReplay();
    if (current) {
      refreshAgainButtons();
      // Captions normally arrive with each sentence; if a server sends none, show the whole answer.
      const answer = current;
      captionFallback = setTimeout(() => { if (!turnHasCaption) fillWhole(answer); }, 1000);
    }
  }
  if (state === 'listening') finishAnswer();
});

client.on('transcript', ({ text, final }) => {
  // 다시 듣기 is not something the person said (older servers sent it as a transcript).
  if (repeatPending && REPEAT_PHRASE.test(clean(text).replace(/\s/g, ''))) return;
  showUser(text, { partial: !final });
});

client.on('reply', (message) => {
  const replaying = Boolean(repeatPending) || message.intent === 'repeat';
  const target = repeatPending ? takeReplay() : null;
  turnHasCaption = false;
  const existing = replaying ? (target && target.reply === message.text ? target : findAnswer(message.text)) : null;
  current = existing || newAnswer(message);
  refreshAgainButtons();
});

client.on('caption', ({ text, index, words }) => {
  turnHasCaption = true;
  if (!current && repeatPending) current = takeReplay();
  if (!current) current = newAnswer({ text: '' }); // a server that sends captions without a reply
  addCaption(current, index, text, words);
});

// The word being spoken now, inside the sentence being spoken (screen readers get the sentence).
client.on('captionword', ({ index, wordIndex }) => {
  const span = current && current.sentences[index];
  if (!span || !span.classList.contains('now')) return;
  span.querySelectorAll('.word').forEach((el, i) => el.classList.toggle('now', i === wordIndex));
});

client.on('interrupted', () => {
  if (current) {
    const note = document.createElement('span');
    note.className = 'cut';
    note.textContent = ' (중간에 멈췄어요)';
    if (!current.text.querySelector('.cut')) current.text.append(note);
  }
  announce('말을 멈췄어요.');
});

client.on('error', ({ message, fatal, code, offline }) => {
  if (fatal && code === 'connection_lost') { lost({ offline }); return; }
  if (fatal) { end(); notice(message); return; }
  notice(message);
});

client.on('connectionstatechange', ({ state, attempt, offline }) => {
  if (state === 'reconnecting') {
    if (offline) {
      setStatus('offline');
      overlay('인터넷이 끊겼어요');
    } else {
      setStatus('reconnecting', attempt
        ? `상담 서버와 연결이 끊겼어요. 다시 연결하는 중이에요 (${attempt}번째).`
        : undefined);
      overlay('다시 연결하고 있어요');
    }
  }
  if (state === 'connected' && attempt) {
    overlay('');
    showAvatarState(client.avatarState || 'listening');
    announce('다시 연결됐어요.');
  }
});

client.on('audiolevel', ({ local }) => {
  const meter = $('mic-level');
  const value = Math.round(local * 100);
  meter.style.setProperty('--level', String(local));
  if (Math.abs(Number(meter.getAttribute('aria-valuenow')) - value) >= 5) meter.setAttribute('aria-valuenow', String(value));
});
client.on('userstartedspeaking', () => { $('mic-meter').dataset.speaking = 'true'; });
client.on('userstoppedspeaking', () => { $('mic-meter').dataset.speaking = 'false'; });

client.on('autoplayblocked', () => overlay('소리가 꺼져 있어요', { sound: true }));
client.on('autoplayresumed', () => overlay(''));

// The person's own network: the browser knows at once, long before the call notices.
window.addEventListener('offline', () => {
  if (!inCall) return;
  setStatus('offline');
  overlay('인터넷이 끊겼어요');
});
window.addEventListener('online', () => {
  if (!inCall || client.connectionState !== 'connected') return;
  overlay('');
  showAvatarState(client.avatarState || 'listening');
});

// ---- buttons ---------------------------------------------------------------------------------

function whenConnected(action) {
  return () => {
    if (!action()) notice('연결이 잠깐 끊겼어요. 조금 뒤에 다시 눌러 주세요.');
    else notice('');
  };
}

function sendQuestion(text) {
  const sent = client.ask(text);
  if (!sent) {
    notice(client.connectionState === 'connected' ? '질문은 500자까지 적을 수 있어요.' : '연결이 잠깐 끊겼어요. 조금 뒤에 다시 눌러 주세요.');
    return false;
  }
  notice('');
  userOpen = null;
  autoFollow = true;
  const pending = typed;
  typed = [];
  showUser(text);
  typed = [...pending.slice(-4), clean(text)];
  return true;
}

$('start-button').addEventListener('click', () => { useMic = true; start(); });
$('retry-button').addEventListener('click', () => { useMic = true; start(); });
$('text-only-button').addEventListener('click', () => { useMic = false; start(); });
$('end-button').addEventListener('click', () => end());
$('sound-button').addEventListener('click', () => { client.resumePlayback(); });

$('repeat-button').addEventListener('click', () => {
  if (lastAnswer) { replay(lastAnswer); return; }
  whenConnected(() => {
    const sent = client.repeat();
    if (sent) { expectReplay(true); announce('다시 들려 드릴게요.'); }
    return sent;
  })();
});

$('slow-button').addEventListener('click', whenConnected(() => {
  const button = $('slow-button');
  const slow = button.getAttribute('aria-pressed') !== 'true';
  const sent = client.setSpeechRate(slow ? slowRate : 1);
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
  if (sendQuestion(text)) input.value = '';
});

// ---- 마이크 확인 · 소리 설정 ------------------------------------------------------------------

const MIC_TEST = {
  heard: '잘 들려요. 이제 ‘대화 시작’을 눌러 주세요.',
  quiet: '소리가 잘 안 들려요. 마이크 가까이에서 말씀해 보세요. 아래에서 다른 마이크를 고를 수도 있어요.',
};
const SPEAKER_UNSUPPORTED = '이 브라우저에서는 스피커를 고를 수 없어요. 기기의 소리 설정에서 바꿔 주세요.';
/** Test level (0–1) that counts as "heard": ordinary speech a hand's width or two from the microphone. */
const HEARD_LEVEL = 0.35;

let micTest = null;
let micHeard = false;
let quietTimer = null;

/** One settings panel for both screens: it moves to the screen being shown. */
function placeSettings(screenId) {
  const home = $(screenId === 'call' ? 'settings-home-call' : 'settings-home-start');
  const panel = $('sound-settings');
  if (panel.parentElement !== home) home.append(panel);
}

function fillSelect(select, devices, defaultLabel, noun, chosen) {
  const options = [new Option(defaultLabel, '')];
  devices
    .filter((d) => d.deviceId && d.deviceId !== 'default' && d.deviceId !== 'communications')
    .forEach((d, i) => options.push(new Option(d.label || `${noun} ${i + 1}`, d.deviceId)));
  select.replaceChildren(...options);
  select.value = options.some((o) => o.value === (chosen || '')) ? chosen || '' : '';
}

async function refreshDevices() {
  let devices;
  try { devices = await client.listDevices(); } catch { return; }
  fillSelect($('mic-select'), devices.inputs, '기본 마이크', '마이크', client.inputDeviceId);
  fillSelect($('speaker-select'), devices.outputs, '기본 스피커', '스피커', client.outputDeviceId);
  $('devices-hint').hidden = devices.inputs.some((d) => d.label) || !devices.inputs.length;
  const speakers = $('speaker-select');
  speakers.disabled = !devices.canChooseSpeaker;
  $('speaker-note').hidden = devices.canChooseSpeaker;
  if (!devices.canChooseSpeaker) $('speaker-note').textContent = SPEAKER_UNSUPPORTED;
}

function showTestLevel(level, { peak }) {
  const meter = $('mic-test-level');
  meter.style.setProperty('--level', String(level));
  const value = Math.round(level * 100);
  if (Math.abs(Number(meter.getAttribute('aria-valuenow')) - value) >= 5) meter.setAttribute('aria-valuenow', String(value));
  if (!micHeard && peak >= HEARD_LEVEL) {
    micHeard = true;
    clearTimeout(quietTimer);
    $('mic-test-result').textContent = MIC_TEST.heard;
    $('mic-test-result').dataset.ok = 'true';
  }
}

async function startMicTest() {
  const button = $('mic-test-button');
  button.disabled = true;
  $('mic-test').hidden = false;
  $('mic-test-result').textContent = '';
  delete $('mic-test-result').dataset.ok;
  micHeard = false;
  try {
    micTest = await client.testMicrophone({ onLevel: showTestLevel });
  } catch (err) {
    button.disabled = false;
    $('mic-test-result').textContent = err.message || '마이크를 켜지 못했어요.';
    return;
  }
  button.disabled = false;
  button.textContent = '확인 끝내기';
  button.setAttribute('aria-pressed', 'true');
  quietTimer = setTimeout(() => { if (!micHeard) $('mic-test-result').textContent = MIC_TEST.quiet; }, 8000);
  refreshDevices(); // names show once the browser allowed the microphone
}

function stopMicTest() {
  clearTimeout(quietTimer);
  if (!micTest) return;
  micTest = null;
  client.stopMicrophoneTest();
  const button = $('mic-test-button');
  button.textContent = '마이크 확인하기';
  button.setAttribute('aria-pressed', 'false');
  $('mic-test-level').style.setProperty('--level', '0');
}

$('mic-test-button').addEventListener('click', () => { if (micTest) stopMicTest(); else startMicTest(); });
$('sound-settings').addEventListener('toggle', () => { if ($('sound-settings').open) refreshDevices(); else stopMicTest(); });

$('mic-select').addEventListener('change', async (event) => {
  try {
    await client.setInputDevice(event.target.value || null);
    notice('');
    announce('마이크를 바꿨어요.');
  } catch (err) {
    notice(err.message || '그 마이크를 쓰지 못했어요. 다른 마이크를 골라 주세요.');
    refreshDevices();
  }
});

$('speaker-select').addEventListener('change', async (event) => {
  try {
    await client.setOutputDevice(event.target.value || null);
    $('speaker-note').hidden = true;
    announce('스피커를 바꿨어요.');
  } catch (err) {
    $('speaker-note').textContent = err.message || SPEAKER_UNSUPPORTED;
    $('speaker-note').hidden = false;
    refreshDevices();
  }
});

client.on('devicechange', () => refreshDevices());
client.on('inputdevicechange', () => refreshDevices());

window.addEventListener('pagehide', () => { client.disconnect(); });
watchScrolling();

// Our own Korean page when a reload finds the server down (see sw.js), instead of the browser's.
if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('sw.js').catch(() => { /* the page works without it */ });
}
