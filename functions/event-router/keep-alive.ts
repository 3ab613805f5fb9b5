/**
 * Keep-alives and owed outcomes. When the workflow's next message does not come within the turn, the
 * caller hears the router's keep-alive; what the workflow's next message is owed (an event that came while
 * no task was waiting) rides along in TransactionAttributes, so a later turn completes that message with it
 * (docs/architecture.md §1.8: no event is lost because the workflow was slow).
 */
import type { PstnResponse } from '../pstn';
import { keptOutcome, type KeptOutcome } from './carried';
import { keepAliveResponse } from './responses';
import type { TaskOutcome } from './task-outcome';
import { checkFor, outputOf, type Turn } from './turn';

/** How the keep-alive sounds: a Pause instead of the hold audio, or the answer to an unanswered call. */
export interface KeepAliveHow {
  forcePause?: boolean;
  unanswered?: boolean;
}

/** What the workflow's next messages are owed, in order: an earlier event's kept outcome, this event's. */
export function owedIn(turn: Turn, how: { kept?: KeptOutcome; owed?: TaskOutcome }): KeptOutcome[] {
  const now = how.owed === undefined ? [] : [{ outcome: how.owed, output: outputOf(turn, how.owed) }];
  return how.kept === undefined ? now : [how.kept, ...now];
}

/**
 * A keep-alive that keeps the first outcome still owed to the workflow's next message. One that would not
 * fit in TransactionAttributes is dropped (logged), and so are any after the first.
 */
export function keepAliveKeeping(
  turn: Turn,
  attributes: Record<string, string>,
  owed: KeptOutcome[],
  how: KeepAliveHow,
): PstnResponse {
  const { call } = turn;
  const keepAlive = (kept: Record<string, string>) =>
    keepAliveResponse(call, { ...attributes, ...kept }, { holdAudio: turn.parts.holdAudio, ...how });
  if (owed.length === 0) return keepAlive({});
  if (owed.length > 1)
    turn.log.warn('more than one event is owed to messages that did not come: only the first is kept', {
      ...turn.context,
      dropped: owed.length - 1,
    });
  const response = keepAlive(keptOutcome(owed[0]));
  const check = checkFor(call, response);
  if (check.ok) {
    turn.log.info("an owed outcome is kept for the workflow's next message", turn.context);
    return response;
  }
  turn.log.warn('an owed outcome is too big to keep: not delivered to the workflow', {
    ...turn.context,
    errorType: check.errorType,
  });
  return keepAlive({});
}
