/**
 * The web phone in a real browser (issue 8, "Done when"): a customer leaves a voicemail after hours by typing,
 * watching the business line's graph light its states in order, and finds the message in the voicemail list;
 * the owner answers in the page when the business line forwards a customer in business hours, and accepts the
 * screened call with 1.
 * With SCREENSHOTS=1 the test also refreshes the screenshots in docs/img/ (shown in docs/web-phone.md) (a plain test run writes
 * nothing into the repository).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../../../lab';
import { startWebPhone, type WebPhone } from '../../../../lab/phone/web';
import { haveChromium, openBrowser, skipReason } from './browser';

const IMG = join(REPO_ROOT, 'docs/img');
const shoot = process.env.SCREENSHOTS === '1';
const shot = (name: string) => (shoot ? { path: join(IMG, name) } : {});
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean().catch(() => {});
});

async function setUp(
  at: string,
  workflowsDir?: string,
): Promise<{ lab: Lab; web: WebPhone; newPage(): Promise<Page> }> {
  const lab = await startLab({ port: 0, speed: 4, start: at, ...(workflowsDir ? { workflowsDir } : {}) });
  cleanups.push(() => lab.close());
  const web = await startWebPhone(lab, { port: 0 });
  cleanups.push(() => web.close());
  const browser = await openBrowser();
  cleanups.push(() => browser.close());
  return {
    lab,
    web,
    async newPage() {
      const page = await browser.context.newPage();
      page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
      // record the order in which graph states light up (first time a state is current or on the path)
      await page.addInitScript(() => {
        const w = window as unknown as {
          lit: { name: string; tick: number; order: number }[];
          wasCurrent: string[];
        };
        w.lit = [];
        w.wasCurrent = [];
        let tick = 0;
        new MutationObserver((records) => {
          tick++;
          for (const r of records) {
            const g = r.target as Element;
            if (!g.classList?.contains('node')) continue;
            const name = g.getAttribute('data-state') ?? '';
            if (g.classList.contains('current') && !w.wasCurrent.includes(name)) w.wasCurrent.push(name);
            if (
              (g.classList.contains('current') || g.classList.contains('visited')) &&
              !w.lit.some((l) => l.name === name)
            ) {
              w.lit.push({ name, tick, order: Number(g.getAttribute('data-order') ?? 0) });
            }
          }
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
      });
      await page.goto(web.url);
      await page.waitForSelector('#line option', { state: 'attached' });
      return page;
    },
  };
}

const heard = (page: Page, text: string | RegExp) =>
  page.locator('#heard li', { hasText: text }).first().waitFor({ timeout: 60_000 });

describe.skipIf(!haveChromium)('the web phone in Chromium', () => {
  it('a customer leaves a voicemail after hours by typing, sees the graph light its states in order, and finds the message', async () => {
    const { lab, newPage } = await setUp('2026-11-24T20:00:00-05:00');
    const page = await newPage();
    await page.selectOption('#who', '+12065550123');
    await page.selectOption('#line', 'business-line');
    await page.waitForSelector('#graph [data-state="Record the message"]');
    // times are the business's (New York), labelled, whatever the browser's zone; Jump to reads them so too
    expect(await page.textContent('#lab-zone')).toBe('(America/New_York time)');
    await expect
      .poll(() => page.textContent('#lab-time'))
      .toMatch(/Nov 24.*8:0\d:\d\d PM EST|Nov 24.*20:0\d:\d\d EST/);
    // a string, so the test runner does not rewrite the page's own import()
    const jump = await page.evaluate<number>(
      "import('/api.js').then((api) => api.instantInZone('2026-11-24T21:00'))",
    );
    expect(jump).toBe(Date.parse('2026-11-24T21:00:00-05:00'));
    // keyboard alone: focus Dial and press Enter
    await page.focus('#dial');
    await page.keyboard.press('Enter');
    await heard(page, /closed right now/i);
    await heard(page, 'beep.wav');
    await heard(page, '(recording — speak now)');
    await page.waitForSelector('#graph .node.current[data-state="Record the message"]');
    // a slow typist: the recording's 5 s silence timeout (1.25 s here) waits while the words are typed
    await page.type('#words', 'Hi, this is');
    await page.waitForTimeout(3000);
    expect(await page.locator('#heard li', { hasText: '(recording stopped)' }).count()).toBe(0);
    await page.fill('#words', 'Hi, this is Ana. Please call me back about my order.');
    const said = page.waitForResponse((r) => r.url().includes('/say'));
    await page.press('#words', 'Enter');
    expect((await said).status()).toBe(200);
    await page.focus('#hangup');
    await page.keyboard.press('#'); // ends the message, as the prompt says
    await heard(page, /your message has been saved/i);
    await heard(page, '(call ended');

    const item = page.locator('#voicemails li.voicemail');
    await item.first().waitFor({ timeout: 15_000 });
    expect(await item.count()).toBe(1);
    await expect.poll(() => item.first().textContent()).toMatch(/From \+12065550123/);
    // its length shows before it plays: in the list, and in the player (metadata loaded up front)
    expect(await item.first().textContent()).toMatch(/· \d+(\.\d)? s/);
    await expect
      .poll(() =>
        item
          .first()
          .locator('audio')
          .evaluate((a: HTMLAudioElement) => a.duration),
      )
      .toBeGreaterThan(0);
    const src = await item.first().locator('audio').getAttribute('src');
    const audio = await page.request.get(new URL(src!, page.url()).toString());
    expect(audio.status()).toBe(200);
    expect(audio.headers()['content-type']).toBe('audio/wav');

    // the graph lit the states of the path in the order they ran, progressively
    await page.waitForSelector('#graph .node.visited[data-state="Call over"]');
    const { lit, wasCurrent } = await page.evaluate(() => {
      const w = window as unknown as {
        lit: { name: string; tick: number; order: number }[];
        wasCurrent: string[];
      };
      return { lit: w.lit, wasCurrent: w.wasCurrent };
    });
    const order = [...lit].sort((a, b) => a.tick - b.tick || a.order - b.order).map((l) => l.name);
    const expected = [
      'Init',
      'Check business hours',
      'Closed: take a message',
      'Record the message',
      'File the message',
      'Thank the caller',
      'Call over',
    ];
    expect(order.filter((n) => expected.includes(n))).toEqual(expected);
    // lit progressively, as the call went on: the message was filed in a later update than the recording started
    const tick = (name: string) => lit.find((l) => l.name === name)?.tick ?? -1;
    expect(tick('Record the message')).toBeLessThan(tick('File the message'));
    expect(wasCurrent).toContain('Record the message');
    expect(await page.locator('#graph .node.visited[data-state="Forward to the owner"]').count()).toBe(0);
    expect(await page.locator('#timeline li').count()).toBeGreaterThan(4);
    await expect.poll(() => page.locator('#timeline').textContent()).toMatch(/NEW_INBOUND_CALL/);
    expect(lab.stepFunctions.executions()[0]?.status).toBe('SUCCEEDED');
    // a normal end is shown as the end of the call, never as a red error
    await expect.poll(() => page.locator('#errors').textContent()).toBe('');
    expect(await page.locator('#graph .node.failed').count()).toBe(0);

    mkdirSync(IMG, { recursive: true });
    await page.locator('#graph .node[data-state="Record the message"]').scrollIntoViewIfNeeded();
    await page.screenshot({ ...shot('web-phone-voicemail.png'), fullPage: true });
    // a large graph can be explored: zoom in and out, drag to pan, fit the whole of it
    const width = async () => Number(await page.getAttribute('#graph svg', 'width'));
    const full = await width();
    await page.click('#zoom-out');
    expect(await width()).toBeCloseTo(full / 1.25, 0);
    expect(await page.textContent('#zoom-level')).toBe('80%');
    await page.click('#zoom-in');
    expect(await width()).toBeCloseTo(full, 0);
    const box = (await page.locator('#graph').boundingBox())!;
    const before = await page.evaluate(() => document.getElementById('graph')!.scrollTop);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 20, { steps: 5 });
    await page.mouse.up();
    expect(await page.evaluate(() => document.getElementById('graph')!.scrollTop)).not.toBe(before);
    await page.click('#fit');
    expect(await page.getAttribute('#fit', 'aria-pressed')).toBe('true');
    await page.locator('#watch').screenshot({ ...shot('web-phone-graph-fit.png') });
  }, 120_000);

  it('the owner answers in the page when the business line forwards a customer in business hours', async () => {
    const { lab, newPage } = await setUp('2026-11-23T10:15:00-05:00');
    const owner = await newPage();
    await owner.selectOption('#who', lab.ownerNumber);
    await owner.waitForSelector(`body[data-listening="${lab.ownerNumber}"]`);
    const customer = await newPage();
    await customer.selectOption('#who', '+12065550123');
    await customer.selectOption('#line', 'business-line');
    await customer.click('#dial');
    await heard(customer, /please hold while we connect you/i);
    await owner.waitForSelector('#ringing:not([hidden])', { timeout: 60_000 });
    // the caller's status says the owner is being rung, not that the call is connected
    await customer.waitForSelector('#call-status:has-text("Ringing the other party")');
    await owner.focus('#answer');
    await owner.keyboard.press('Enter');
    await heard(customer, '(connected to the other party)');
    // screened: the owner hears who is calling and accepts with 1 (typed on the keyboard, focus on Answer)
    await heard(owner, /call for harbor street plumbing, from 2 0 6, 5 5 5, 0 1 2 3\. press 1 to accept/i);
    await owner.keyboard.press('1');
    await owner.waitForSelector('#graph .node.current[data-state="Connected: wait for a hang-up"]');
    await customer.fill('#words', 'Hello, my boiler is leaking.');
    await customer.press('#words', 'Enter');
    await heard(owner, 'The other party: “Hello, my boiler is leaking.”');
    await owner.waitForSelector('#graph .node.current[data-state="Connected: wait for a hang-up"]');
    for (const state of [
      'Check business hours',
      'Open now?',
      'Forward to the owner',
      'Screen: ask the owner',
    ]) {
      expect(await owner.locator(`#graph .node.visited[data-state="${state}"]`).count()).toBe(1);
    }
    expect(await owner.locator('#graph .node.visited[data-state="Closed: take a message"]').count()).toBe(0);
    await customer.click('#hangup');
    await heard(owner, '(call ended: the other side hung up');
    await expect.poll(() => lab.stepFunctions.executions()[0]?.status, { timeout: 20_000 }).toBe('SUCCEEDED');
  }, 120_000);

  // A line that only forwards, with a Parallel and a Map for the graph: the page's ringing, keyboard and microphone.
  it('the owner answers in the page when a line forwards a customer to the owner', async () => {
    const { lab, newPage } = await setUp(
      '2026-11-23T10:15:00-05:00',
      join(REPO_ROOT, 'test/lab/phone/web/fixtures'),
    );
    const owner = await newPage();
    await owner.selectOption('#who', lab.ownerNumber);
    await owner.waitForSelector(`body[data-listening="${lab.ownerNumber}"]`);
    const customer = await newPage();
    await customer.selectOption('#who', '+12065550124');
    await customer.selectOption('#line', 'front-desk');
    await customer.click('#dial');
    await heard(customer, /please hold/i);

    await owner.waitForSelector('#ringing:not([hidden])', { timeout: 60_000 });
    expect(await owner.locator('#ringing-text').textContent()).toContain('+12065550124');
    mkdirSync(IMG, { recursive: true });
    await owner.screenshot({ ...shot('web-phone-owner-ringing.png') });
    // Answer has the focus: Enter picks up
    expect(await owner.evaluate(() => document.activeElement?.id)).toBe('answer');
    await owner.keyboard.press('Enter');
    await owner.waitForSelector('#call-status:has-text("Connected")');
    await heard(customer, '(connected to the other party)');

    await customer.fill('#words', 'Hi, is the plumber there?');
    await customer.press('#words', 'Enter');
    await heard(owner, 'The other party: “Hi, is the plumber there?”');
    // the owner answers with the microphone: its recording's length is how long the owner speaks
    await owner.click('#mic');
    await owner.waitForSelector('#mic[aria-pressed="true"]');
    await owner.fill('#words', 'Harbor Street Plumbing, Sam speaking.');
    await owner.waitForTimeout(700);
    const said = owner.waitForRequest((r) => r.url().includes('/say'));
    await owner.click('#mic');
    const body = (await said).postDataJSON() as { text: string; seconds: number };
    expect(body.text).toBe('Harbor Street Plumbing, Sam speaking.');
    expect(body.seconds).toBeGreaterThanOrEqual(0.5);
    await heard(customer, 'The other party: “Harbor Street Plumbing, Sam speaking.”');
    await owner.waitForSelector('#graph .node.current[data-state="Connected: wait for a hang-up"]');
    await owner.screenshot({ ...shot('web-phone-owner-connected.png'), fullPage: true });

    await owner.click('#hangup');
    await heard(owner, '(call ended: you hung up');
    await heard(customer, '(call ended: the other side hung up');
    await owner.waitForSelector('#graph .node.visited[data-state="Forward to the owner"]');
    await expect.poll(() => lab.stepFunctions.executions()[0]?.status, { timeout: 20_000 }).toBe('SUCCEEDED');
  }, 120_000);
});

if (!haveChromium) {
  console.warn(skipReason);
  describe('the web phone in Chromium', () => it.skip(skipReason, () => {}));
}
