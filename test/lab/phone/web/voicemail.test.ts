/**
 * What the web phone shows of a voicemail's follow-up: the message with its words and length, and what the
 * owner was sent (the outbox), through its JSON API (the page's lists read exactly these).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../../../lab';
import { runScenario } from '../../../../lab/phone/run';
import { parseScenario } from '../../../../lab/phone/scenario';
import { startWebPhone, type WebPhone } from '../../../../lab/phone/web';

let lab: Lab;
let web: WebPhone;
beforeAll(async () => {
  lab = await startLab({ port: 0, speed: 50 });
  web = await startWebPhone(lab, { port: 0 });
  const file = 'scenarios/business-line/6-after-hours-message-notifies-owner.yaml';
  const result = await runScenario(lab, parseScenario(readFileSync(join(REPO_ROOT, file), 'utf8'), file));
  expect(result.failure, result.transcript.join('\n')).toBeUndefined();
}, 90_000);
afterAll(async () => {
  await web?.close();
  await lab?.close();
});

const json = async (path: string) => (await fetch(new URL(path, web.url))).json();

describe('the web phone after an after-hours message', () => {
  it('lists the voicemail with its words, the caller and its length', async () => {
    const [message] = await json('/api/voicemails');
    expect(message).toMatchObject({
      caller: '+12065550163',
      transcript:
        'Hi, this is Sam from Alder Street. Two of the blue chairs arrived broken, please call me back.',
      transcriptStatus: 'available',
    });
    expect(message.durationSeconds).toBeGreaterThan(3);
    expect(message.audioKey).toMatch(/^recordings\/business-line\/.+\.wav$/);
  });

  it("shows the owner's email and SMS about it in the outbox", async () => {
    const outbox = await json('/api/outbox');
    expect(outbox.map((m: { channel: string }) => m.channel).sort()).toEqual(['email', 'sms']);
    const email = outbox.find((m: { channel: string }) => m.channel === 'email');
    expect(email.subject).toMatch(/^New voicemail from \+1 206-555-0163 \(0:0\d\)$/);
    expect(email.body).toContain('Two of the blue chairs arrived broken');
    expect(email.to).toBe('owner@harbor-street.example');
  });
});
