/* global Option, HTMLElement, setInterval, setTimeout, CSS, navigator, performance, MediaRecorder */
// The web phone page: who I am, the phone (dial, keypad, say, hang up, answer), and the call I watch.
import { api, clockTime, instantInZone, listen, setTimeZone } from './api.js';
import { hear, setAloud } from './hear.js';
import { showLists } from './lists.js';
import { drawing, onStatusChange, refreshWatch, showGraph, watch, watchedCall } from './watch.js';

const $ = (id) => document.getElementById(id);
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
const CUSTOMERS = ['+12065550123', '+12065550124', '+14155550199'];

const state = {
  lab: undefined,
  labAt: 0, // real ms when lab.now was read
  as: '',
  stopListening: () => {},
  phone: undefined, // { phoneId, transactionId, seen }
  early: new Map(), // phoneId → updates that came before the dial/answer reply
  ring: undefined,
  keys: Promise.resolve(),
  asked: undefined, // lab ms when the caller's last words ended: the wait for the answer runs from here
};

async function start() {
  state.lab = await api('/api/lab');
  state.labAt = Date.now();
  setTimeZone(state.lab.timeZone);
  for (const id of ['lab-zone', 'jump-zone']) $(id).textContent = `(${state.lab.timeZone} time)`;
  const who = $('who');
  for (const n of CUSTOMERS) who.add(new Option(`A customer, ${n}`, n));
  who.add(new Option(`The owner's phone, ${state.lab.ownerNumber}`, state.lab.ownerNumber));
  who.add(new Option('Another number…', 'other'));
  const line = $('line');
  for (const [name, number] of Object.entries(state.lab.numbers))
    line.add(new Option(`${name} (${number})`, name));
  who.addEventListener('change', identify);
  $('who-custom').addEventListener('change', identify);
  identify();

  $('dial-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void dial();
  });
  const pad = $('keypad');
  for (const key of KEYS) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = key;
    b.dataset.key = key;
    b.setAttribute('aria-label', `Key ${key === '*' ? 'star' : key === '#' ? 'pound' : key}`);
    b.addEventListener('click', () => press(key));
    pad.appendChild(b);
  }
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.target instanceof HTMLElement && e.target.closest('input, select, textarea')) return;
    if (KEYS.includes(e.key)) {
      e.preventDefault();
      press(e.key);
    }
  });
  $('words').addEventListener('input', typing);
  $('say-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void say();
  });
  $('mic').addEventListener('click', () => void microphone());
  $('hangup').addEventListener(
    'click',
    () => void act(() => api(`/api/phones/${state.phone.phoneId}/hangup`, {})),
  );
  $('answer').addEventListener('click', () => void answer());
  $('decline').addEventListener('click', () => void decline());
  // zoom and fit the graph; a fitted graph stops following the running state, full size follows it again
  const zoom = (scale) => {
    const s = drawing()?.zoom(scale) ?? 1;
    $('zoom-level').textContent = `${Math.round(s * 100)}%`;
    return s;
  };
  const scale = () => Number($('graph').dataset.scale ?? '1');
  $('zoom-in').addEventListener('click', () => zoom(scale() * 1.25));
  $('zoom-out').addEventListener('click', () => zoom(scale() / 1.25));
  $('graph').addEventListener(
    'wheel',
    (e) => {
      if (!e.ctrlKey) return;
      e.preventDefault();
      zoom(scale() * (e.deltaY < 0 ? 1.1 : 1 / 1.1));
    },
    { passive: false },
  );
  $('fit').addEventListener('click', () => {
    const fit = $('fit').getAttribute('aria-pressed') !== 'true';
    zoom(fit ? (drawing()?.fitScale() ?? 1) : 1);
    $('fit').setAttribute('aria-pressed', String(fit));
    $('graph').dataset.follow = fit ? 'off' : 'on';
  });
  $('speak-aloud').addEventListener('change', (e) => setAloud(e.target.checked));
  $('clock-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void act(async () => {
      // the field's wall clock is the business's, as the header shows it, not the browser's
      const at = new Date(instantInZone($('clock-at').value));
      const reply = await api('/api/clock', { at: at.toISOString() });
      state.lab.now = reply.now;
      state.labAt = Date.now();
    });
  });
  setInterval(tickClock, 1000);
  tickClock();
  onStatusChange(() => void refreshLists());
  setInterval(refreshWatch, 400);
  setInterval(refreshLists, 2000);
  void refreshLists();
  const first = Object.keys(state.lab.numbers)[0];
  if (first) void showGraph(first);
}

function tickClock() {
  const now = state.lab.now + (Date.now() - state.labAt) * state.lab.speed;
  $('lab-time').textContent = clockTime(now);
  $('lab-time').dateTime = new Date(now).toISOString();
}

function identify() {
  const chosen = $('who').value;
  $('who-custom').hidden = chosen !== 'other';
  const as = chosen === 'other' ? $('who-custom').value.trim() : chosen;
  if (as === state.as) return;
  state.as = as;
  state.stopListening();
  hideRing();
  state.stopListening = listen(as, {
    phone: onPhoneUpdate,
    ring: onRing,
    'ring-over': ({ ringId }) => {
      if (state.ring?.ringId !== ringId) return;
      hideRing();
      heard('(the ringing stopped)', true);
    },
    log: (row) => {
      onLogRow(row);
      if (watchedCall() === row.transactionId) void refreshWatch();
    },
  });
}

async function dial() {
  if (state.phone) return status('Hang up first: one call at a time.');
  await act(async () => {
    const held = await api('/api/dial', { line: $('line').value, from: state.as });
    clearHeard();
    hold(held);
    await watch(held.transactionId, $('line').value);
  });
}

function hold({ phoneId, transactionId, events }) {
  state.phone = { phoneId, transactionId, seen: 0 };
  $('hangup').disabled = false;
  status('Calling…');
  events.forEach((event, index) => onPhoneUpdate({ phoneId, transactionId, index, event }));
  for (const update of state.early.get(phoneId) ?? []) onPhoneUpdate(update);
  state.early.delete(phoneId);
}

function onPhoneUpdate(update) {
  const phone = state.phone;
  if (!phone || phone.phoneId !== update.phoneId) {
    const list = state.early.get(update.phoneId) ?? [];
    list.push(update);
    state.early.set(update.phoneId, list.slice(-50));
    // other pages' calls: keep only the latest few
    if (state.early.size > 20) state.early.delete(state.early.keys().next().value);
    return;
  }
  if (update.index < phone.seen) return;
  phone.seen = update.index + 1;
  const e = update.event;
  switch (e.type) {
    case 'answered':
      return status(phone.ringingOther ? 'Ringing the other party…' : 'Connected: the line answered.');
    case 'prompt':
      if (state.asked !== undefined && e.kind === 'speak' && e.at >= state.asked) {
        if (!(state.lab.holdPrompts ?? []).includes(e.text)) {
          const wait = ((e.at - state.asked) / 1000).toFixed(1);
          heard(`(the answer began ${wait} s after you stopped speaking)`, true);
          state.asked = undefined;
        }
      }
      if (e.kind === 'audio' && /hold|music/i.test(e.key ?? '')) status('On hold: music is playing.');
      else if (e.kind === 'voice') status('Connected to the other party.');
      else if (!phone.ringingOther && !/^(Recording|On hold)/.test($('call-status').textContent))
        status('Connected.');
      heard(
        e.kind === 'audio'
          ? `♪ ${e.key}`
          : e.kind === 'voice'
            ? `The other party: “${e.text}”`
            : `“${e.text}”`,
      );
      return hear(e);
    case 'digits-requested':
      return status('Connected. The system is waiting for keys.');
    case 'recording-started':
      heard('(recording — speak now)', true);
      return status('Recording: say something, then hang up or press #.');
    case 'recording-stopped':
      heard('(recording stopped)', true);
      return status('Connected.');
    case 'not-heard':
      return heard(`Not heard — nothing was listening (no recording, nobody connected): “${e.text}”`, true);
    case 'words-held':
      heard(`Held until the recording starts: “${e.text}”`, true);
      return status('Your words wait for the recording to start, then are spoken.');
    case 'words-spoken':
      return heard(`Recording started — saying your words now: “${e.text}”`, true);
    case 'tones':
      return heard(`(${e.count} tone${e.count === 1 ? '' : 's'})`, true);
    case 'bridged':
      phone.ringingOther = false;
      heard('(connected to the other party)', true);
      return status('Connected to the other party.');
    case 'hangup': {
      const why = e.by === 'caller' ? 'you hung up' : 'the other side hung up';
      const sip = e.sipCode ? `, SIP ${e.sipCode}` : '';
      heard(`(call ended: ${why}${sip})`, true);
      status(`Call ended (${why}${sip}).`);
      state.phone = undefined;
      $('hangup').disabled = true;
      void refreshLists();
      return;
    }
  }
}

/** The watched call's PSTN log: a CallAndBridge sent means another phone is ringing, not yet connected. */
function onLogRow(row) {
  const phone = state.phone;
  if (!phone || row.transactionId !== phone.transactionId) return;
  if (row.kind === 'response' && /CallAndBridge/.test(row.title ?? '')) {
    phone.ringingOther = true;
    status('Ringing the other party…');
  } else if (
    row.kind === 'event' &&
    phone.ringingOther &&
    /CallAndBridge/.test(JSON.stringify(row.json ?? {}))
  ) {
    // the bridge's own result: answered (bridged follows), or nobody answered
    phone.ringingOther = false;
    if (/ACTION_FAILED/.test(row.title ?? '')) status('Connected: the other party did not answer.');
  }
}

function press(key) {
  if (!state.phone) return status('No call: dial a line first.');
  const b = document.querySelector(`#keypad [data-key="${CSS.escape(key)}"]`);
  b?.classList.add('pressed');
  setTimeout(() => b?.classList.remove('pressed'), 200);
  const { phoneId } = state.phone;
  state.keys = state.keys.then(() => act(() => api(`/api/phones/${phoneId}/press`, { keys: key })));
}

async function say(seconds) {
  if (!state.phone) return status('No call: dial a line first.');
  const words = $('words').value.trim() || (seconds ? '(speech)' : '');
  if (!words) return status('Type the words you say first.');
  $('words').value = '';
  state.typing = false;
  const { phoneId } = state.phone;
  await act(async () => {
    const { outcome, spokeUntil } = await api(
      `/api/phones/${phoneId}/say`,
      seconds ? { text: words, seconds } : { text: words },
    );
    // held and not-heard words are shown from the phone's own events; only words really heard are "You: …"
    if (outcome === 'spoken')
      heard(`You: “${words}”${seconds ? ` (${seconds.toFixed(1)} s from the microphone)` : ''}`);
    // end of question → first word of the answer (lab clock), shown when the answer starts
    if (spokeUntil !== undefined) state.asked = spokeUntil;
  });
}

/** While the person types words, the call's recording waits for them (its silence timeout does not run). */
function typing() {
  const now = $('words').value.trim() !== '';
  if (!state.phone || now === Boolean(state.typing)) return;
  state.typing = now;
  void api(`/api/phones/${state.phone.phoneId}/typing`, { typing: now }).catch(() => {});
}

// The microphone: the recording's length becomes how long the caller speaks; the typed words are what was said.
let recorder;
async function microphone() {
  const mic = $('mic');
  if (recorder) {
    recorder.stop();
    return;
  }
  if (!navigator.mediaDevices?.getUserMedia)
    return status('This browser has no microphone access here; type the words instead.');
  await act(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const started = performance.now();
    recorder = new MediaRecorder(stream);
    recorder.onstop = () => {
      stream.getTracks().forEach((t) => t.stop());
      recorder = undefined;
      mic.setAttribute('aria-pressed', 'false');
      mic.textContent = 'Record with microphone';
      void say(Math.max(0.5, (performance.now() - started) / 1000));
    };
    recorder.start();
    mic.setAttribute('aria-pressed', 'true');
    mic.textContent = 'Stop recording and send';
    status('Recording from the microphone… type the words you say, then press Stop.');
  });
}

function onRing(ring) {
  state.ring = ring;
  $('ringing-text').textContent = `Your phone (${ring.to}) is ringing: a call from ${ring.from}.`;
  $('ringing').hidden = false;
  $('answer').focus();
  heard(`(ringing: a call from ${ring.from})`, true);
  // watch the call that rings this phone, unless this page is on a call of its own
  if (ring.transactionId && !state.phone) void watch(ring.transactionId);
}

function hideRing() {
  state.ring = undefined;
  $('ringing').hidden = true;
}

async function answer() {
  const ring = state.ring;
  hideRing();
  if (!ring) return;
  if (state.phone) return status('Hang up first: one call at a time.');
  await act(async () => {
    const held = await api(`/api/rings/${ring.ringId}/answer`, {});
    clearHeard();
    hold(held);
    status('Connected.');
    await watch(held.transactionId);
  });
}

async function decline() {
  const ring = state.ring;
  hideRing();
  if (ring) await act(() => api(`/api/rings/${ring.ringId}/decline`, {}));
}

async function refreshLists() {
  try {
    await showLists((transactionId) => void watch(transactionId));
  } catch (e) {
    status(`Could not read the lab's data: ${e.message}`);
  }
}

// ---- small things ----------------------------------------------------------------------------------------

function status(text) {
  $('call-status').textContent = text;
}

function heard(text, system = false) {
  const li = document.createElement('li');
  li.textContent = text;
  if (system) li.className = 'system';
  $('heard').appendChild(li);
  li.scrollIntoView({ block: 'nearest' });
}

function clearHeard() {
  $('heard').textContent = '';
}

async function act(run) {
  try {
    return await run();
  } catch (e) {
    status(e.message);
  }
}

void start().catch((e) => status(`The page could not start: ${e.message}`));
