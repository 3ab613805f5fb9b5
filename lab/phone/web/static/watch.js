// The call being watched: its workflow graph lit from the execution, the PSTN timeline, the variables, the errors.
import { api, shortTime } from './api.js';
import { drawGraph } from './graph.js';

const $ = (id) => document.getElementById(id);
let watching; // { transactionId, drawing, graphOf, status }
let onStatus = () => {};

/** Called when the watched execution's status changes (the page refreshes its lists). */
export function onStatusChange(fn) {
  onStatus = fn;
}

/** The graph on show (zoom, fit), if any. */
export function drawing() {
  return watching?.drawing;
}

export function watchedCall() {
  return watching?.transactionId;
}

export async function watch(transactionId, stateMachine) {
  watching = {
    transactionId,
    stateMachine,
    drawing: watching?.drawing,
    graphOf: watching?.graphOf,
  };
  if (stateMachine) await showGraph(stateMachine);
  await refreshWatch();
}

export async function showGraph(name) {
  if (watching?.graphOf === name) return;
  const graph = await api(`/api/graph/${encodeURIComponent(name)}`);
  const drawing = drawGraph($('graph'), graph);
  watching = { ...(watching ?? {}), drawing, graphOf: name };
  $('graph').setAttribute('aria-label', `The ${name} workflow as a graph`);
  $('watch-name').textContent = `· ${name}`;
}

let refreshing = false;
export async function refreshWatch() {
  const w = watching;
  if (!w?.transactionId || refreshing) return;
  refreshing = true;
  try {
    const view = await api(`/api/calls/${encodeURIComponent(w.transactionId)}`);
    const machine = view.execution?.stateMachine;
    if (machine && w.graphOf !== machine) await showGraph(machine);
    watching.drawing?.light(view.execution);
    showErrors(view.execution);
    $('variables').textContent = view.execution
      ? JSON.stringify(view.execution.variables, null, 2)
      : '(no execution yet)';
    showTimeline(view.timeline);
    const status = view.execution?.status ?? 'starting';
    $('watch-name').textContent = `· ${machine ?? w.graphOf ?? ''} · ${status}`;
    if (watching.status !== status) {
      watching.status = status;
      onStatus();
    }
  } catch (e) {
    $('watch-name').textContent = `· ${e.message}`;
  } finally {
    refreshing = false;
  }
}

/** HANGUP is how a call ends (the caller or the system hung up), shown as the end of the call, not an error. */
export const isEnding = (err) => err.error === 'HANGUP';

function showErrors(execution) {
  const box = $('errors');
  box.textContent = '';
  const ending = (execution?.errors ?? []).find(isEnding);
  $('call-ended').textContent = ending
    ? `The call ended${ending.state ? ` during “${ending.state}”` : ''} (HANGUP): the workflow ended the call normally.`
    : '';
  for (const err of (execution?.errors ?? []).filter((e) => !isEnding(e))) {
    const p = document.createElement('p');
    const fatal = err.event === 'ExecutionFailed' || err.event === 'ExecutionTimedOut';
    p.textContent = `${err.state ? `State “${err.state}”` : 'The execution'}: ${err.error}${err.cause ? ` — ${err.cause}` : ''}${fatal ? ' (the execution failed)' : ` (${err.event})`}`;
    box.appendChild(p);
  }
}

function showTimeline(rows) {
  const list = $('timeline');
  const key = `${watching.transactionId} ${rows.length}`;
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
  list.textContent = '';
  for (const row of rows) {
    const li = document.createElement('li');
    li.className = row.kind;
    const dir = { event: 'event →', response: '← response', error: 'error', note: 'note' }[row.kind];
    const summary = `${row.sequence !== undefined ? `#${row.sequence}${row.attempt > 1 ? ` (attempt ${row.attempt})` : ''} ` : ''}${row.title}${row.detail ? ` — ${row.detail}` : ''}`;
    if (row.json) {
      const details = document.createElement('details');
      const s = document.createElement('summary');
      s.innerHTML = `<span class="at"></span><span class="dir"></span> <span class="what"></span>`;
      s.querySelector('.at').textContent = shortTime(row.at);
      s.querySelector('.dir').textContent = dir;
      s.querySelector('.what').textContent = summary;
      details.appendChild(s);
      const pre = document.createElement('pre');
      pre.textContent = JSON.stringify(row.json, null, 2);
      details.appendChild(pre);
      li.appendChild(details);
    } else {
      li.textContent = `${shortTime(row.at)} ${dir} ${summary}`;
    }
    list.appendChild(li);
  }
  if (atBottom) list.scrollTop = list.scrollHeight;
}
