// The lab's data: voicemails (their words, playable), the owner's outbox, schedules and executions.
import { api, clockTime } from './api.js';

function item(list, build) {
  const li = document.createElement('li');
  build(li);
  list.appendChild(li);
}

function text(parent, tag, content, className) {
  const node = document.createElement(tag);
  node.textContent = content;
  if (className) node.className = className;
  parent.appendChild(node);
  return node;
}

export async function showLists(onWatch) {
  const [voicemails, schedules, executions, outbox] = await Promise.all([
    api('/api/voicemails'),
    api('/api/schedules'),
    api('/api/executions'),
    api('/api/outbox'),
  ]);
  showOutbox(outbox);
  const vm = document.getElementById('voicemails');
  const playing = new Set(
    [...vm.querySelectorAll('audio')].filter((a) => !a.paused).map((a) => a.dataset.key),
  );
  if (playing.size === 0 && vm.dataset.sig !== JSON.stringify(voicemails)) {
    vm.dataset.sig = JSON.stringify(voicemails);
    vm.textContent = '';
    if (!voicemails.length) item(vm, (li) => text(li, 'span', 'No voicemail yet.', 'muted'));
    for (const v of voicemails) {
      item(vm, (li) => {
        li.className = 'voicemail';
        const when = v.receivedAt ? clockTime(Date.parse(v.receivedAt)) : v.sk;
        text(li, 'strong', `From ${v.caller ?? 'unknown'}`);
        text(li, 'span', ` · ${when}`);
        if (v.durationSeconds !== undefined) text(li, 'span', ` · ${v.durationSeconds} s`);
        if (v.status) text(li, 'span', v.status, 'badge');
        text(li, 'p', words(v), v.transcriptStatus === 'available' ? 'words' : 'words muted');
        const fields = Object.entries(v).filter(
          ([k]) => !['caller', 'receivedAt', 'durationSeconds', 'status', 'audioKey'].includes(k),
        );
        const details = document.createElement('details');
        text(details, 'summary', 'All fields');
        text(details, 'pre', JSON.stringify(Object.fromEntries(fields), null, 2));
        if (v.audioKey) {
          const audio = document.createElement('audio');
          audio.controls = true;
          audio.preload = 'metadata'; // the player shows the message's length before it plays
          audio.src = `/api/audio?key=${encodeURIComponent(v.audioKey)}`;
          audio.dataset.key = v.audioKey;
          audio.setAttribute('aria-label', `Voicemail from ${v.caller ?? 'unknown'}`);
          li.appendChild(audio);
        }
        li.appendChild(details);
      });
    }
  }
  const sc = document.getElementById('schedules');
  sc.textContent = '';
  if (!schedules.length) item(sc, (li) => text(li, 'span', 'No schedules.', 'muted'));
  for (const s of schedules) {
    item(sc, (li) => {
      text(li, 'strong', s.name);
      text(li, 'span', s.state, 'badge');
      text(
        li,
        'div',
        `${s.expression}${s.timezone ? ` (${s.timezone})` : ''} · next ${s.nextRunAt ?? '—'} · runs ${s.runs}`,
      );
      if (s.lastError) text(li, 'div', `last error: ${s.lastError}`, 'muted');
    });
  }
  const ex = document.getElementById('executions');
  ex.textContent = '';
  if (!executions.length) item(ex, (li) => text(li, 'span', 'No executions yet.', 'muted'));
  for (const e of executions) {
    item(ex, (li) => {
      text(li, 'span', `${e.stateMachine} · ${clockTime(e.startDate)}`);
      text(li, 'span', e.status, `badge ${e.status}`);
      if (e.error) text(li, 'div', e.error, 'muted');
      if (e.transactionId) {
        const b = text(li, 'button', 'Watch');
        b.type = 'button';
        b.setAttribute('aria-label', `Watch the ${e.stateMachine} call started ${clockTime(e.startDate)}`);
        b.addEventListener('click', () => onWatch(e.transactionId, e.stateMachine));
      }
    });
  }
}

/** What the message says: its transcript, or why there is none (yet). */
function words(v) {
  if (v.transcriptStatus === 'available') return `“${v.transcript}”`;
  if (v.transcriptStatus === 'empty') return 'The caller said nothing.';
  if (v.transcriptStatus === 'unavailable') return 'Transcript not available.';
  return 'Transcribing…';
}

/** What the owner was sent (email, SMS): the lab's outbox, newest first. */
function showOutbox(outbox) {
  const list = document.getElementById('outbox');
  if (!list || list.dataset.sig === JSON.stringify(outbox)) return;
  list.dataset.sig = JSON.stringify(outbox);
  list.textContent = '';
  if (!outbox.length) item(list, (li) => text(li, 'span', 'Nothing sent to the owner yet.', 'muted'));
  for (const m of [...outbox].reverse()) {
    item(list, (li) => {
      li.className = 'notification';
      text(li, 'span', m.channel === 'email' ? 'Email' : 'SMS', 'badge');
      text(li, 'span', ` to ${m.to} · ${clockTime(m.at)}`);
      if (m.subject) text(li, 'strong', m.subject, 'subject');
      text(li, 'pre', m.body);
    });
  }
}
