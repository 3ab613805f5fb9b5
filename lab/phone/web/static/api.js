/* global EventSource */
// The page's calls to its server: JSON in, JSON out; an error reply becomes an Error with the server's message.
export async function api(path, body) {
  const res = await fetch(
    path,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new Error(data?.message ?? `${res.status} ${res.statusText}`);
  return data;
}

/** One Server-Sent Events stream per identity; `on` maps event names to handlers. Returns a close function. */
export function listen(as, on) {
  const source = new EventSource(`/api/events?as=${encodeURIComponent(as)}`);
  for (const [name, handle] of Object.entries(on))
    source.addEventListener(name, (e) => handle(JSON.parse(e.data)));
  // tests and assistive tools can tell when this page's phone is reachable
  source.addEventListener('open', () => (document.body.dataset.listening = as));
  return () => source.close();
}

// Lab times show in the business's time zone (GET /api/lab's timeZone), labelled, whatever the browser's zone.
let zone = 'UTC';
export function setTimeZone(timeZone) {
  zone = timeZone || 'UTC';
}
export function timeZone() {
  return zone;
}

export function clockTime(ms) {
  return new Date(ms).toLocaleString(undefined, {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    month: 'short',
    day: 'numeric',
    timeZone: zone,
    timeZoneName: 'short',
  });
}

export function shortTime(ms) {
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false, timeZone: zone });
}

/** The instant a wall-clock time ("2026-11-23T21:30" from a datetime-local field) names in the business's zone. */
export function instantInZone(wallClock) {
  const [date, time = '00:00'] = wallClock.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm, ss = 0] = time.split(':').map(Number);
  const asUtc = Date.UTC(y, m - 1, d, hh, mm, ss);
  let instant = asUtc;
  for (let i = 0; i < 2; i++) instant = asUtc - offsetMs(instant);
  return instant;
}

function offsetMs(instant) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}
