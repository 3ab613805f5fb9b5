/**
 * The terminal phone, driven through streams as a person types: the lab's clock, words typed ahead of the
 * recording (held, then spoken when it starts), and keys pressed after the call ended (said to go nowhere).
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab';
import { snapshot } from '../../lab/phone/expectations';
import { startTerminalPhone } from '../../lab/phone/terminal';

let lab: Lab;
const input = new PassThrough();
const output = new PassThrough();
let printed = '';
output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
const type = (line: string) => input.write(`${line}\n`);
const seen = (pattern: RegExp) => expect.poll(() => printed, { timeout: 30_000 }).toMatch(pattern);

beforeAll(async () => {
  lab = await startLab({ port: 0, speed: 50, start: '2026-11-24T19:00:00-05:00' });
  startTerminalPhone(lab, { onQuit: () => {}, input, output });
});
afterAll(() => lab?.close());

describe('the terminal phone', () => {
  it('shows the lab time and moves it forward, never back', async () => {
    type('time 2026-11-24T20:00:00-05:00');
    await seen(/lab time 2026-11-25T01:00:\d\d/);
    type('time 2026-11-01T00:00:00Z');
    await seen(/the lab clock only moves forward/);
  });

  it('holds words typed before the beep, speaks them when the recording starts, and says so', async () => {
    const before = await snapshot(lab);
    type('dial business-line');
    await seen(/\[caller\] call answered/);
    type('say Hi, this is Ana, please call me back');
    await seen(/holds "Hi, this is Ana, please call me back" until the system records/);
    await seen(/recording started: says the words typed ahead, "Hi, this is Ana, please call me back"/);
    await seen(/\[caller\] recording stopped/);
    await expect
      .poll(async () => (await snapshot(lab)).voicemails - before.voicemails, { timeout: 20_000 })
      .toBe(1);
    await seen(/\[caller\] the system hangs up/);
    expect(printed).not.toMatch(/SIP 0/);
  });

  it('says that keys and words after the hang-up reach nobody', async () => {
    type('press 1');
    await seen(/the call has ended, so nobody hears that — dial again/);
  });

  it('reminds the owner of the lab PIN when asked for it', async () => {
    type('dial business-line +12065550100');
    await seen(/hears "Welcome back\. Please enter your PIN/);
    const pin = lab.ownerPin; // whatever the lab's settings make it
    await seen(new RegExp(`\\(lab: the owner's PIN is ${pin} — type: press ${pin}#\\)`));
    type('hangup');
  });
});
