/** Per-action parameter check (reference/pstn-audio.md §4): the ACTION_FAILED a bad action earns. */
import type { Action, Participant } from '../types';

export interface ActionContext {
  /** The legs of the call, as in the event's CallDetails.Participants. */
  participants: Participant[];
  /** The leg the event was about; the default target of leg-addressed actions. Default: LEG-A. */
  invokingCallId?: string;
}

export type ActionCheck =
  | { ok: true; action: Action }
  | { ok: false; errorType: string; errorMessage: string };

export function checkAction(_action: unknown, _context: ActionContext): ActionCheck {
  throw new Error('checkAction is not implemented yet (functions/pstn step 2, in progress)');
}
