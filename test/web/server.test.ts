/** The web phone's server without a browser: the page's files, the JSON API and the live stream. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../lab';
import { startWebPhone, type WebPhone } from '../../lab/phone/web';
import { businessTimeZone } from '../../lab/phone/web/api';

let lab: Lab;
let web: WebPhone;
beforeAll(async () => {
  lab = await startLab({
    port: 0,
    speed: 20,
    start: '2026-11-23T10:15:00-05:00',
    workflowsDir: join(REPO_ROOT, 'test/web/fixtures'),
  });
  web = await startWebPhone(lab, { port: 0 });
});
afterAll(async () => {
  await web?.close();
  await lab?.close();
});

const get = (path: string) => fetch(new URL(path, web.url));
const post = (path: string, body: unknown) =>
  fetch(new URL(path, web.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Reads Server-Sent Events until `until` returns true for one. */
async function stream(as: string) {
  const controller = new AbortController();
  const res = await fetch(new URL(`/api/events?as=${encodeURIComponent(as)}`, web.url), {
    signal: controller.signal,
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(
      until: (event: string, data: Record<string, unknown>) => boolean,
    ): Promise<Record<string, unknown>> {
      for (;;) {
        const frames = buffer.split('\n\n');
        buffer = frames.pop()!;
        for (const frame of frames) {
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event && data && until(event, JSON.parse(data))) {
            buffer =
              frames
                .slice(frames.indexOf(frame) + 1)
                .map((f) => `${f}\n\n`)
                .join('') + buffer;
            return JSON.parse(data);
          }
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += decoder.decode(value);
      }
    },
    close: () => controller.abort(),
  };
}

describe('the web phone server', () => {
  it('serves the page and its modules, and nothing outside its folder', async () => {
    const page = await get('/');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<title>Switchboard Phone Lab</title>');
    expect((await get('/app.js')).headers.get('content-type')).toMatch(/text\/javascript/);
    expect((await get('/%2e%2e/server.ts')).status).toBe(404);
    expect((await get('/../../package.json')).status).toBe(404);
  });

  it.each([
    [
      'a caller number that is not E.164',
      '/api/dial',
      { line: 'front-desk', from: '206 555' },
      400,
      /from: "206555" is not an E.164 number/,
    ],
    [
      'a line the lab does not serve',
      '/api/dial',
      { line: 'nope', from: '+12065550123' },
      400,
      /the lab serves no line "nope" \(lines: front-desk \+120655502\d\d\)/,
    ],
    ['a missing field', '/api/dial', { from: '+12065550123' }, 400, /line: expected a non-empty string/],
    [
      'keys a phone does not have',
      '/api/phones/x/press',
      { keys: '12x' },
      400,
      /keys: use 0-9, \*, # or A-D/,
    ],
    ['a call this page does not hold', '/api/phones/nope/hangup', {}, 404, /no call with id "nope"/],
    ['a ring that is over', '/api/rings/gone/answer', {}, 404, /no phone is ringing with id "gone"/],
    [
      'a clock moved backwards',
      '/api/clock',
      { at: '2020-01-01T00:00:00Z' },
      400,
      /the lab clock only moves forward/,
    ],
  ])('refuses %s with a message that says what is wrong', async (_, path, body, status, message) => {
    const res = await post(path, body);
    expect(res.status).toBe(status);
    expect((await res.json()).message).toMatch(message);
  });

  it('refuses a body that is not JSON, and an unknown route', async () => {
    const res = await fetch(new URL('/api/dial', web.url), { method: 'POST', body: '{oops' });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/the request body is not JSON/);
    expect((await (await get('/api/nothing')).json()).message).toBe('no such API route: GET /api/nothing');
  });

  it('draws a state machine it has and names the ones it has when asked for another', async () => {
    const graph = await (await get('/api/graph/front-desk')).json();
    expect(graph.startAt).toBe('Init');
    expect(graph.nodes.length).toBe(11);
    const missing = await get('/api/graph/business-line');
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toBe('no state machine "business-line" (the lab has: front-desk)');
  });

  it('serves the lab’s audio as audio/wav, and says when a key does not exist', async () => {
    const beep = await get('/api/audio?key=audio/beep.wav');
    expect(beep.status).toBe(200);
    expect(beep.headers.get('content-type')).toBe('audio/wav');
    expect(
      Buffer.from(await beep.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('RIFF');
    const missing = await get('/api/audio?key=audio/none.wav');
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toBe('s3://switchboard-lab/audio/none.wav does not exist');
  });

  it('rings a page connected as the owner, which answers; both phones and the call view follow the call', async () => {
    const owner = await stream(lab.ownerNumber);
    const customer = await stream('+12065550124');
    try {
      const dialled = await (await post('/api/dial', { line: 'front-desk', from: '+12065550124' })).json();
      const ring = await owner.next((e) => e === 'ring');
      expect(ring).toMatchObject({
        from: '+12065550124',
        to: lab.ownerNumber,
        transactionId: dialled.transactionId,
      });
      const answered = await (await post(`/api/rings/${ring.ringId}/answer`, {})).json();
      expect(answered.transactionId).toBe(dialled.transactionId);
      await customer.next(
        (e, d) =>
          e === 'phone' && d.phoneId === dialled.phoneId && (d.event as { type: string }).type === 'bridged',
      );
      expect(
        (await post(`/api/phones/${answered.phoneId}/say`, { text: 'Harbor Street Plumbing, hello.' }))
          .status,
      ).toBe(200);
      const heard = await customer.next(
        (e, d) => e === 'phone' && (d.event as { kind?: string }).kind === 'voice',
      );
      expect(heard.event).toMatchObject({
        type: 'prompt',
        kind: 'voice',
        text: 'Harbor Street Plumbing, hello.',
      });

      const view = await (await get(`/api/calls/${dialled.transactionId}`)).json();
      expect(view.execution.current).toEqual(['Connected: wait for a hang-up']);
      expect(view.execution.path.slice(0, 2)).toEqual(['Init', 'Look the caller up']);
      expect(view.execution.variables.Caller).toBe('+1206***0124');
      expect(view.timeline.map((r: { title: string }) => r.title)).toContain('NEW_INBOUND_CALL');
      expect(JSON.stringify(view)).not.toContain('2065550124');

      await post(`/api/phones/${answered.phoneId}/hangup`, {});
      await customer.next(
        (e, d) =>
          e === 'phone' && d.phoneId === dialled.phoneId && (d.event as { type: string }).type === 'hangup',
      );
    } finally {
      owner.close();
      customer.close();
    }
  });

  it('a call the system places to the owner (as a scheduled callback does) rings the owner’s page, which can decline it', async () => {
    const owner = await stream(lab.ownerNumber);
    try {
      await owner.next((e) => e === 'ready');
      const { transactionId } = lab.pstn.createCall({
        fromPhoneNumber: lab.numbers['front-desk'],
        toPhoneNumber: lab.ownerNumber,
      });
      const ring = await owner.next((e) => e === 'ring');
      expect(ring).toMatchObject({ from: lab.numbers['front-desk'], to: lab.ownerNumber, transactionId });
      expect((await post(`/api/rings/${ring.ringId}/decline`, {})).status).toBe(200);
      await owner.next((e, d) => e === 'ring-over' && d.ringId === ring.ringId);
      await expect
        .poll(() => lab.pstn.calls().find((c) => c.transactionId === transactionId)?.state)
        .toBe('ended');
    } finally {
      owner.close();
    }
  });

  it('stops ringing the owner’s page when the caller hangs up first', async () => {
    const owner = await stream(lab.ownerNumber);
    try {
      await owner.next((e) => e === 'ready');
      const dialled = await (await post('/api/dial', { line: 'front-desk', from: '+12065550125' })).json();
      const ring = await owner.next((e) => e === 'ring');
      await post(`/api/phones/${dialled.phoneId}/hangup`, {});
      await owner.next((e, d) => e === 'ring-over' && d.ringId === ring.ringId);
      const late = await post(`/api/rings/${ring.ringId}/answer`, {});
      expect(late.status).toBe(404);
    } finally {
      owner.close();
    }
  });

  it('says what became of words: held until a recording starts, or refused once the call has ended', async () => {
    const dialled = await (await post('/api/dial', { line: 'front-desk', from: '+12065550126' })).json();
    const said = await (await post(`/api/phones/${dialled.phoneId}/say`, { text: 'hello there' })).json();
    // front-desk records nothing before the owner answers: the words wait (and the page is told so)
    expect(said).toEqual({ ok: true, outcome: 'held' });
    expect((await post(`/api/phones/${dialled.phoneId}/typing`, { typing: true })).status).toBe(200);
    await post(`/api/phones/${dialled.phoneId}/hangup`, {});
    const late = await post(`/api/phones/${dialled.phoneId}/press`, { keys: '1' });
    expect(late.status).toBe(400);
    expect((await late.json()).message).toMatch(/the call has ended/);
    expect((await post(`/api/phones/${dialled.phoneId}/say`, { text: 'hello?' })).status).toBe(400);
  });

  it('after a page that was the owner’s phone closes, the owner’s other phone (the terminal) still rings', async () => {
    const rang: string[] = [];
    const off = lab.phone(lab.ownerNumber, 'manual').onRing((ringing) => {
      rang.push(ringing.from);
      ringing.decline();
    });
    try {
      const page = await stream(lab.ownerNumber);
      await page.next((e) => e === 'ready');
      page.close();
      await new Promise((r) => setTimeout(r, 100)); // the server sees the page go
      const dialled = await (await post('/api/dial', { line: 'front-desk', from: '+12065550127' })).json();
      await expect.poll(() => rang, { timeout: 10_000 }).toContain('+12065550127');
      await post(`/api/phones/${dialled.phoneId}/hangup`, {});
    } finally {
      off();
    }
  });

  it('names the business time zone its call flows use, for the page to show times in', () => {
    expect(businessTimeZone(['{"States":{}}', '{"Assign":{"TimeZone": "America/New_York"}}'])).toBe(
      'America/New_York',
    );
    expect(businessTimeZone(['{"TimeZone": "Mars/Olympus_Mons"}'])).toBe('UTC');
    expect(businessTimeZone([])).toBe('UTC');
  });
});
