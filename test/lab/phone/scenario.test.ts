import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECKS, notificationsSince, type Snapshot } from '../../../lab/phone/expectations';
import { spokenWallClock } from '../../../lab/phone/given';
import { matches, parseScenario } from '../../../lab/phone/scenario';

const PHONE_LAB_PAGE = fileURLToPath(new URL('../../../docs/phone-lab.md', import.meta.url));

const VOICEMAIL = `
name: after-hours voicemail is kept
line: business-line
from: "+12065550123"
at: "2026-11-23T21:30:00-05:00"
phones:
  "+12065550100": { answer: false }
steps:
  - hear: /closed/i
  - hear: beep.wav
  - say: "Hi, this is Ana. Please call me back about my order."
  - hangup
expect:
  voicemails: 1
`;

describe('scenario files', () => {
  it('the voicemail example parses into its steps and checks', () => {
    const s = parseScenario(VOICEMAIL, 'voicemail.yaml');
    expect(s.name).toBe('after-hours voicemail is kept');
    expect(s.phones['+12065550100']).toEqual({ answer: false });
    expect(s.steps).toHaveLength(4);
    expect(s.steps[3]).toEqual({ hangup: true });
    expect(s.expect).toEqual({ voicemails: 1 });
  });

  it('the example in docs/phone-lab.md parses, with the same steps and checks', () => {
    const page = readFileSync(PHONE_LAB_PAGE, 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(page)?.[1];
    expect(yaml, 'docs/phone-lab.md has a ```yaml example').toBeDefined();
    const s = parseScenario(yaml!, 'docs/phone-lab.md');
    expect(s.name).toBe('after-hours voicemail is kept');
    expect(s.steps).toHaveLength(4);
    expect(s.expect).toEqual({ voicemails: 1 });
  });

  it('a /regex/ step matches by pattern and a plain one by text', () => {
    const s = parseScenario(VOICEMAIL, 'v.yaml');
    const [closed, beep] = s.steps as [{ hear: never }, { hear: never }];
    expect(matches(closed.hear, 'We are CLOSED now')).toBe(true);
    expect(matches(beep.hear, 'audio/beep.wav')).toBe(true);
    expect(matches(beep.hear, 'hold-music.wav')).toBe(false);
  });

  it.each([
    [
      'an unquoted caller number',
      VOICEMAIL.replace('"+12065550123"', '12065550123'),
      /v.yaml: from: 12065550123 was read as a number: write E.164 numbers in quotes, like "\+12065550123"/,
    ],
    [
      'a misspelled verb',
      VOICEMAIL.replace('- hangup', '- hang: up'),
      /steps\[4\]: a step has exactly one verb/,
    ],
    [
      'digits that are not DTMF',
      VOICEMAIL.replace('- hangup', '- press: "12a"'),
      /steps\[4\]\.press: "12a" is not DTMF digits/,
    ],
    [
      'a broken regular expression',
      VOICEMAIL.replace('/closed/i', '/clo(sed/'),
      /steps\[1\]\.hear: not a valid regular expression/,
    ],
    ['an unknown field', VOICEMAIL.replace('line:', 'lines:'), /v.yaml: lines: unknown field/],
    [
      'a phone without answer',
      VOICEMAIL.replace('{ answer: false }', '{ after: 3 }'),
      /phones\["\+12065550100"\]\.answer: must be true or false/,
    ],
    [
      'a bad date',
      VOICEMAIL.replace('2026-11-23T21:30:00-05:00', 'late tonight'),
      /at: "late tonight" is not a date-time/,
    ],
    ['broken YAML', 'name: [unclosed', /v.yaml: line 1/],
    [
      'a caller number without +',
      VOICEMAIL.replace('"+12065550123"', '"2065550123"'),
      /from: "2065550123" is not an E.164 number/,
    ],
    [
      'an unknown check',
      VOICEMAIL.replace('voicemails: 1', 'voicemail: 1'),
      /v.yaml: expect.voicemail: unknown check \(known: voicemails, recordings/,
    ],
    [
      'an unknown given: key',
      VOICEMAIL.replace('steps:', 'given:\n  messages: []\nsteps:'),
      /v.yaml: given.messages: unknown field \(expected one of: voicemails, pin-lockout, schedules\)/,
    ],
    [
      'a given voicemail without its offset',
      VOICEMAIL.replace(
        'steps:',
        "given:\n  voicemails:\n    - { from: '+13125550142', at: '2026-11-26T11:00:00', says: hi }\nsteps:",
      ),
      /given.voicemails\[1\].at: "2026-11-26T11:00:00" is not a time with its offset/,
    ],
    [
      'an unknown lab: setting',
      VOICEMAIL.replace('steps:', 'lab: { modle: lab.error }\nsteps:'),
      /v.yaml: lab.modle: unknown field \(expected one of: model, speed/,
    ],
  ])('%s is refused with the file, the place and what is wrong', (_, text, message) => {
    expect(() => parseScenario(text, 'v.yaml')).toThrow(message);
  });

  it('given: and lab: blocks parse into what the lab is set up with', () => {
    const s = parseScenario(
      VOICEMAIL.replace(
        'steps:',
        `lab: { model: lab.error, without-audio: [hold-music.wav] }
given:
  voicemails:
    - { from: '+13125550142', at: '2026-11-26T11:00:00-05:00', says: 'Call me Friday', seconds: 4 }
  pin-lockout: { minutes: 10 }
steps:`,
      ),
      'v.yaml',
    );
    expect(s.lab).toEqual({ model: 'lab.error', withoutAudio: ['hold-music.wav'] });
    expect(s.given.voicemails).toEqual([
      { from: '+13125550142', at: '2026-11-26T11:00:00-05:00', says: 'Call me Friday', seconds: 4 },
    ]);
    expect(s.given.pinLockout).toEqual({ minutes: 10 });
  });

  it('a given voicemail is read back at the wall clock it was written with', () => {
    expect(spokenWallClock('2026-11-26T11:00:00-05:00')).toBe('Thursday at 11 AM');
    expect(spokenWallClock('2026-11-24T20:30:00-05:00')).toBe('Tuesday at 8:30 PM');
    expect(spokenWallClock('2026-11-23T00:15:00+09:00')).toBe('Monday at 12:15 AM');
  });
});

describe('faults and the notifications check', () => {
  const at = (expectYaml: string, extra = '') =>
    `${VOICEMAIL.replace('expect:\n  voicemails: 1\n', expectYaml)}${extra}`;

  it('reads faults: transcription fail and notifications-throttled', () => {
    const s = parseScenario(
      at('expect:\n  voicemails: 1\n', 'faults:\n  transcription: fail\n  notifications-throttled: 2\n'),
      'f.yaml',
    );
    expect(s.faults).toEqual({ transcription: 'fail', 'notifications-throttled': 2 });
    expect(parseScenario(VOICEMAIL, 'v.yaml').faults).toEqual({});
  });

  it.each([
    [
      'faults:\n  transcription: slow\n',
      /f.yaml: faults.transcription: "slow" is not a fault \(write: fail or throttled\)/,
    ],
    ['faults:\n  bedrock: fail\n', /f.yaml: faults.bedrock: unknown fault/],
    ['faults:\n  notifications-throttled: -1\n', /faults.notifications-throttled: a whole number/],
  ])('refuses %j, saying where', (extra, message) => {
    expect(() => parseScenario(at('expect:\n  voicemails: 1\n', extra), 'f.yaml')).toThrow(message);
  });
});

describe('counting notifications', () => {
  const entry = (id: string, channel: 'email' | 'sms', body: string, event?: string) => ({
    id,
    channel,
    to: 'owner',
    from: 'line',
    body,
    at: 0,
    tags: event ? { 'switchboard-event': event } : {},
    ...(channel === 'email' && { subject: `subject ${id}` }),
  });
  const snapshot = (outbox: ReturnType<typeof entry>[]) =>
    ({
      voicemails: 0,
      recordings: 0,
      schedules: 0,
      bridges: new Map(),
      outboundCalls: new Map(),
      lines: {},
      outbox,
    }) as Snapshot;
  const before = snapshot([entry('old', 'email', 'an older call', 'voicemail-0')]);
  const after = snapshot([
    ...before.outbox,
    entry('1', 'email', 'blue chairs', 'voicemail-1'),
    entry('2', 'sms', 'blue chairs by text', 'voicemail-1'),
    entry('3', 'sms', 'Missed call', 'missed-call-2'),
  ]);
  const check = (expected: unknown) =>
    CHECKS.notifications(expected, { before, after, call: { transactionId: 't', events: [] } });

  it('groups an event’s email and SMS into one notification, and counts only this call’s', () => {
    expect(notificationsSince(before, after)).toEqual([
      'email: subject 1\nblue chairs\n---\nsms: blue chairs by text',
      'sms: Missed call',
    ]);
    expect(check(2)).toBeUndefined();
    expect(check(1)).toMatch(/expected 1 notification\(s\), found 2/);
  });

  it('wants one notification per pattern and no others', () => {
    expect(check(['/missed/i', '/blue chairs/'])).toBeUndefined();
    expect(check(['/blue chairs/'])).toMatch(/1 more notification\(s\) than expected: "sms: Missed call"/);
    expect(check(['/blue chairs/', '/blue chairs/'])).toMatch(/no notification matches \/blue chairs\//);
    expect(check(['/unclosed[/'])).toMatch(/\[0\]: not a valid regular expression/);
    expect(check('lots')).toMatch(/write a number, or a list of patterns/);
  });
});
