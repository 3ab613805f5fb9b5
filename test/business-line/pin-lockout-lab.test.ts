/**
 * The PIN lockout attacked the way it was broken: 40 calls at once from the owner's (forged) number, each
 * keying a different wrong PIN, through the whole lab (PSTN simulator → event router → workflow → owner-pin →
 * dynalite). At most 3 PINs may be judged; every other caller hears that the menu is locked; the right PIN
 * afterwards is refused too.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_OWNER_PIN, startLab, type Lab } from '../../lab';
import type { CallerHandle } from '../../lab/pstn';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, speed: 2, start: '2026-11-20T08:00:00-05:00' });
});
afterAll(() => lab?.close());

type Outcome = 'not right' | 'locked' | 'menu';

async function tryPin(call: CallerHandle, pin: string): Promise<Outcome> {
  await call.waitFor(/please enter your PIN/i, { timeoutMs: 600_000 });
  await call.press(`${pin}#`);
  const next = await call.waitFor(/not right\. please enter|locked|press 1 to hear/i, { timeoutMs: 600_000 });
  const text = 'text' in next ? String(next.text) : '';
  await call.hangup().catch(() => {});
  return /press 1 to hear/i.test(text) ? 'menu' : /locked/i.test(text) ? 'locked' : 'not right';
}

it('40 simultaneous wrong-PIN calls: at most 3 judged, the rest hear "locked", the right PIN is then refused', async () => {
  const calls = Array.from({ length: 40 }, () => lab.dial('business-line', lab.ownerNumber));
  const outcomes = await Promise.all(calls.map((call, i) => tryPin(call, String(700000 + i))));
  const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
  expect(count('menu')).toBe(0);
  expect(count('not right')).toBeLessThanOrEqual(2);
  expect(count('locked')).toBeGreaterThanOrEqual(38);
  const owner = lab.dial('business-line', lab.ownerNumber);
  const heard = await owner.waitFor(/locked|please enter your PIN/i, { timeoutMs: 600_000 });
  expect('text' in heard && String(heard.text)).toMatch(/menu is locked/i);
  await owner.ended;
  expect(DEFAULT_OWNER_PIN).toMatch(/^\d{6,}$/);
}, 120_000);
