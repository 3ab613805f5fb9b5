/**
 * A failed call explains itself: the scenario's FAIL names the state that raised the error, the error and its
 * cause — for INVALID_LAMBDA_RESPONSE, the action and the field PSTN audio refused — not just what was heard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab';
import { explainErrors } from '../../lab/phone/explain';
import { runScenario } from '../../lab/phone/run';
import { parseScenario } from '../../lab/phone/scenario';
import { apologyStates, caught, flow, flowsDir, HANGUP_ENDS_IT, send, speak } from '../lab/faults/flows';

let lab: Lab;
beforeAll(async () => {
  const typo = flow('Greet', {
    Greet: send([{ Type: 'Speek', Parameters: { Text: 'Welcome.' } }], 'Menu', [
      ...HANGUP_ENDS_IT,
      caught(['States.ALL'], 'Apologise'),
    ]),
    Menu: send([speak('Press 1.')], 'Caller left', HANGUP_ENDS_IT),
    ...apologyStates(),
  });
  // speaks, then a long pause in which nothing records: what the caller says then is heard by nobody
  const quiet = flow('Talk', {
    Talk: send(
      [speak('Hello.'), { Type: 'Pause', Parameters: { DurationInMilliseconds: 20000 } }],
      'Caller left',
      HANGUP_ENDS_IT,
    ),
  });
  lab = await startLab({ port: 0, speed: 50, workflowsDir: flowsDir({ typo, quiet }) });
});
afterAll(() => lab?.close());

describe('when a call fails', () => {
  it('the scenario says which state raised what, and why (the action and field of an invalid response)', async () => {
    const scenario = parseScenario(
      `name: greets\nline: typo\nfrom: '+12065550123'\nsteps:\n  - hear: /press 1/i\n    timeout: 20\n`,
      'greets.yaml',
    );
    const result = await runScenario(lab, scenario);
    expect(result.ok).toBe(false);
    expect(result.failure).toMatch(
      /greets.yaml: steps\[1\]: expected to hear \/press 1\/i.*Sorry, something went wrong/,
    );
    expect(result.failure).toMatch(
      /\n {2}why: state "Greet" raised INVALID_LAMBDA_RESPONSE: UnsupportedActionType: .*Speek.*Actions\[0\]/,
    );
    expect(result.failure).not.toMatch(/HANGUP/);
  }, 60_000);

  it('a hang-up is the end of a call, never a cause', () => {
    expect(
      explainErrors(
        [
          { state: 'Thank the caller', error: 'HANGUP', cause: 'the call ended', event: 'TaskFailed' },
          { state: 'Ask', error: 'States.Timeout', cause: '', event: 'TaskTimedOut' },
        ],
        { status: 'SUCCEEDED' },
      ),
    ).toEqual(['state "Ask" raised States.Timeout']);
    expect(explainErrors([], { status: 'FAILED', error: 'States.Runtime', cause: 'no such path' })).toEqual([
      'the workflow ended FAILED: States.Runtime — no such path',
    ]);
  });

  it('words said while nothing listens show in the transcript as not heard', async () => {
    const scenario = parseScenario(
      `name: too early\nline: quiet\nfrom: '+12065550123'\nsteps:\n  - hear: Hello\n  - say: 'Is anyone there?'\n  - hangup\n`,
      'early.yaml',
    );
    const result = await runScenario(lab, scenario);
    expect(result.transcript.join('\n')).toMatch(
      /not heard \(nothing was listening.*\): "Is anyone there\?"/,
    );
  }, 60_000);
});
