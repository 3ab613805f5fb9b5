/**
 * One business: the business line's hours check and the assistant's facts both read
 * prompts/business-profile.json, so a change there changes both, and they never contradict each other.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../lab';

const SUNDAY = '2026-11-29T11:00:00-05:00';
let dir: string;
let lab: Lab;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'profile-'));
  cpSync(join(REPO_ROOT, 'prompts'), dir, { recursive: true });
  const file = join(dir, 'business-profile.json');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { Name: string; Hours: Record<string, string[]> };
  profile.Name = 'Sunday Pipes';
  profile.Hours.Sunday = ['10:00-16:00'];
  writeFileSync(file, JSON.stringify(profile));
  lab = await startLab({ port: 0, speed: 50, start: SUNDAY, promptsDir: dir });
  lab.phone(lab.ownerNumber, { answer: true, after: 1, hangupAfter: 3 });
});
afterAll(async () => {
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the business profile is the one business', () => {
  it('the business line greets with its name and puts a Sunday caller through when it says Sunday is open', async () => {
    const phone = lab.dial('business-line', '+13125550142');
    await phone.waitFor(/thank you for calling sunday pipes\. please hold/i);
    await phone.ended;
  });

  it('the assistant quotes the same Sunday hours', async () => {
    const phone = lab.dial('voice-assistant', '+13125550143');
    await phone.waitFor((e) => e.type === 'recording-started');
    await phone.say('When are you open on Sunday?');
    const answer = await phone.waitFor(/we're open/i);
    await phone.hangup();
    expect(answer.type === 'prompt' && answer.text).toMatch(/Sunday from 10 am to 4 pm/);
  });
});
