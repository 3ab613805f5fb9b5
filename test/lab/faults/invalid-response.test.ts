/**
 * A workflow that puts a response PSTN audio would reject on the call
 * queue (docs/aws/pstn-audio.md §3.1, §8): the router does not return it; it fails the waiting task with
 * INVALID_LAMBDA_RESPONSE and cause `<ErrorType>: <ErrorMessage>` (docs/architecture.md §1.2), so the
 * workflow's Catch can apologise, and the call ends cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APOLOGY_TEXT } from '../../../functions/event-router';
import { startLab, type Lab } from '../../../lab';
import { callOver, caughtBy, executionOver, leftovers } from './aftermath';
import { apologyStates, caught, flow, flowsDir, HANGUP_ENDS_IT, send, speak } from './flows';

const CALLER = '+12065550123';
const APOLOGY = 'Sorry, we could not do that. Goodbye.';

/** Greets (unless `first`), then sends `actions` (which PSTN audio rejects), catching INVALID_LAMBDA_RESPONSE. */
const rejectedFlow = (actions: unknown[], first = false) =>
  flow(first ? 'Fault' : 'Greet', {
    ...(first ? {} : { Greet: send([speak('Welcome.')], 'Fault', HANGUP_ENDS_IT) }),
    Fault: send(actions, 'Caller left', [
      ...HANGUP_ENDS_IT,
      caught(['INVALID_LAMBDA_RESPONSE'], 'Apologise'),
    ]),
    ...apologyStates(APOLOGY),
  });

const cases = [
  {
    fault: 'a response with 11 actions',
    line: 'eleven-actions',
    actions: Array.from({ length: 11 }, (_, i) => speak(`Item ${i + 1}.`)),
    errorType: 'TooManyActions',
    message: /Too many actions specified in a response\..*11/,
  },
  {
    fault: 'an unknown action type',
    line: 'unknown-action',
    actions: [speak('Before the dance.'), { Type: 'Dance', Parameters: { Style: 'tango' } }],
    errorType: 'UnsupportedActionType',
    message: /Unsupported action "?Dance"? specified/,
  },
  {
    fault: 'an answer to the new call with 11 actions',
    line: 'eleven-at-once',
    first: true,
    actions: Array.from({ length: 11 }, (_, i) => speak(`Item ${i + 1}.`)),
    errorType: 'TooManyActions',
    message: /Too many actions specified in a response\..*11/,
  },
];

let lab: Lab;
beforeAll(async () => {
  const flows = Object.fromEntries(cases.map((c) => [c.line, rejectedFlow(c.actions, c.first)]));
  lab = await startLab({ port: 0, speed: 50, workflowsDir: flowsDir(flows) });
});
afterAll(() => lab?.close());

describe('a workflow that sends a response PSTN audio would reject', () => {
  it.each(cases)(
    '$fault: the caller hears none of it, hears the apology, and the call ends cleanly',
    async ({ line, first, errorType, message }) => {
      const phone = lab.dial(line, CALLER);
      await phone.waitFor(APOLOGY, { timeoutMs: 300_000 });
      expect(await phone.ended).toMatchObject({ by: 'system' });
      const { execution } = await callOver(lab, lab.pstn, phone.transactionId);

      expect(phone.heard().map((p) => p.text)).toEqual(first ? [APOLOGY] : ['Welcome.', APOLOGY]);
      expect(execution.status).toBe('SUCCEEDED');
      const error = caughtBy(execution);
      expect(error?.Error).toBe('INVALID_LAMBDA_RESPONSE');
      expect(error?.Cause).toMatch(new RegExp(`^${errorType}: `));
      expect(error?.Cause).toMatch(message);
      // the router refused it itself: PSTN audio never saw the bad list, so no INVALID_LAMBDA_RESPONSE event
      const log = lab.pstn.log(phone.transactionId);
      expect(
        log.filter((e) => e.kind === 'event').map((e) => e.kind === 'event' && e.event.InvocationEventType),
      ).not.toContain('INVALID_LAMBDA_RESPONSE');
      expect(log.filter((e) => e.kind === 'error')).toEqual([]);
      expect(await leftovers(lab)).toEqual({ queues: [], running: [] });
    },
  );
});

/**
 * A workflow that fails (here: it does not catch INVALID_LAMBDA_RESPONSE) will never post again: the router
 * must not keep the caller in keep-alive silence until the 1,000-invocation limit, but notice the ended
 * execution, apologise and hang up (found by this test; fixed in c2e9efb). A 1 s turn budget keeps it quick.
 */
describe('a workflow that fails mid-call', () => {
  let quick: Lab;
  beforeAll(async () => {
    const uncaught = flow('Greet', {
      Greet: send([speak('Welcome.')], 'Fault', HANGUP_ENDS_IT),
      Fault: send(cases[0]!.actions, 'Caller left', HANGUP_ENDS_IT),
    });
    quick = await startLab({ port: 0, speed: 50, turnBudgetMs: 1000, workflowsDir: flowsDir({ uncaught }) });
  });
  afterAll(() => quick?.close());

  it('does not leave the caller in silence: the router apologises and the call ends', async () => {
    const phone = quick.dial('uncaught', CALLER);
    await phone.waitFor('Welcome.', { timeoutMs: 300_000 });
    const execution = await executionOver(quick, phone.transactionId);
    expect(execution.status).toBe('FAILED');
    // three more turns (1 s each, plus a 1 s Pause) are plenty to notice
    await phone.waitFor(APOLOGY_TEXT, { timeoutMs: 150_000 });
    await callOver(quick, quick.pstn, phone.transactionId, 1000);
    expect(await leftovers(quick)).toEqual({ queues: [], running: [] });
  });
});
