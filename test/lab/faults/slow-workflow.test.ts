/**
 * A workflow that takes 8 s before its next action — longer than PSTN audio waits before retrying an
 * invocation (5 s, docs/aws/pstn-audio.md §5). The router answers every invocation within its turn budget (4
 * s) with a keep-alive when the workflow has nothing yet (docs/architecture.md §1.6), so the call is carried:
 * no retried invocation, no silence longer than one turn, and the next action is played as soon as the
 * workflow sends it.
 *
 * The turn budget and PSTN audio's deadlines are real time, so this lab runs at speed 1: the 8 s Wait is 8 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TURN_BUDGET_MS, KEEP_ALIVE_PAUSE_MS } from '../../../functions/event-router';
import { startLab, type Lab } from '../../../lab';
import { DEFAULT_SETTINGS, type LogEntry } from '../../../lab/pstn';
import { callOver, leftovers, taskErrors } from './aftermath';
import { flow, flowsDir, HANGUP_ENDS_IT, hangup, send, speak } from './flows';

const CALLER = '+12065550123';
/** Scheduling slack on a busy machine, in real (= lab) ms. */
const SLACK_MS = 500;

const slow = flow('Greet', {
  Greet: send([speak('Please hold.')], 'Think', HANGUP_ENDS_IT),
  Think: { Type: 'Wait', Seconds: 8, Next: 'Answer' },
  Answer: send([speak('Thanks for waiting.')], 'Hang up', HANGUP_ENDS_IT),
  'Hang up': send([hangup()], 'Caller left', HANGUP_ENDS_IT),
});

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, speed: 1, workflowsDir: flowsDir({ slow }) });
});
afterAll(() => lab?.close());

type Exchange = { sequence: number; sentAt: number; answeredAt: number; actions: string[] };

/** Each event with its response: when it was sent and answered, and which actions came back. */
function exchanges(log: LogEntry[]): Exchange[] {
  return log.flatMap((entry) => {
    if (entry.kind !== 'event') return [];
    const reply = log.find((r) => r.kind === 'response' && r.sequence === entry.sequence);
    if (reply?.kind !== 'response') return [];
    const actions = ((reply.response as { Actions?: { Type: string }[] }).Actions ?? []).map((a) => a.Type);
    return [{ sequence: entry.sequence, sentAt: entry.at, answeredAt: reply.at, actions }];
  });
}

describe('a workflow that takes 8 s before its next action', () => {
  it("the router's keep-alive carries the call: no retry, no silence longer than a turn, then the next prompt", async () => {
    const phone = lab.dial('slow', CALLER);
    await phone.waitFor('Thanks for waiting.', { timeoutMs: 20_000 });
    await phone.ended;
    const { execution } = await callOver(lab, lab.pstn, phone.transactionId);
    const log = lab.pstn.log(phone.transactionId);
    const turns = exchanges(log);

    // no invocation was retried, none failed
    expect(log.filter((e) => e.kind === 'event').every((e) => e.kind === 'event' && e.attempt === 1)).toBe(
      true,
    );
    expect(log.filter((e) => e.kind === 'error')).toEqual([]);
    // every invocation was answered within the turn budget, well before PSTN audio's 5 s retry
    expect(turns.length).toBe(log.filter((e) => e.kind === 'event').length);
    for (const turn of turns)
      expect(turn.answeredAt - turn.sentAt).toBeLessThan(DEFAULT_TURN_BUDGET_MS + SLACK_MS);
    expect(DEFAULT_TURN_BUDGET_MS + SLACK_MS).toBeLessThan(DEFAULT_SETTINGS.invocationTimeoutMs);
    // 8 s of work took keep-alives (4 s turns, 1 s pauses): at least one, and only Pauses
    const keepAlives = turns.filter((t) => t.actions.join() === 'Pause');
    expect(keepAlives.length).toBeGreaterThanOrEqual(1);
    // the next prompt came as soon as the workflow sent it: at most one keep-alive Pause later
    const [hold, thanks] = phone.heard();
    expect([hold?.text, thanks?.text]).toEqual(['Please hold.', 'Thanks for waiting.']);
    const waited = execution.history().find((h) => h.type === 'WaitStateExited')!;
    expect(thanks!.at - hold!.at).toBeGreaterThanOrEqual(8000);
    expect(thanks!.at - waited.timestamp).toBeLessThan(KEEP_ALIVE_PAUSE_MS + SLACK_MS);
    // no task was completed twice or with a stale token: only the flow's own Hangup learns of HANGUP
    expect(execution.status).toBe('SUCCEEDED');
    expect(taskErrors(execution)).toEqual(['HANGUP']);
    expect(await leftovers(lab)).toEqual({ queues: [], running: [] });
  }, 25_000);
});
