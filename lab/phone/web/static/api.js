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

export function clockTime(ms) {
  return new Date(ms).toLocaleString(undefined, {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    month: 'short',
    day: 'numeric',
    timeZoneName: 'short',
  });
}

export function shortTime(ms) {
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}
