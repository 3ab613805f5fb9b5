/**
 * functions/pstn — the Amazon Chime SDK PSTN audio model (reference/pstn-audio.md). Pure: no I/O, no
 * dependencies. Used by the event router, the lab's PSTN simulator and the workflow linter.
 *
 * Types: every invocation event (`PstnEvent`, discriminated by `InvocationEventType`; `CallDetails`,
 * `Participant`, `ActionData`), every action (`Action`, discriminated by `Type`; one `…Parameters`
 * interface each; `ACTION_TYPES`), and the response (`PstnResponse`).
 *
 * Checks, in the order PSTN audio applies them:
 * 1. `checkResponse(response, event?)` — the envelope. A failure is what AWS answers with an
 *    INVALID_LAMBDA_RESPONSE event: `{ ok: false, errorType, errorMessage }` (top-level ErrorType/ErrorMessage).
 *    Success returns the response with its actions as given (known types, not yet checked one by one).
 * 2. `checkAction(action, { participants, invokingCallId })` — one action, when it is about to run. A failure is
 *    what AWS reports as ACTION_FAILED (ErrorType/ErrorMessage inside ActionData). Success returns the action
 *    normalised as AWS echoes it: numeric strings as numbers, documented defaults filled, CallId/ParticipantTag
 *    resolved (CallId wins; "" is unset; default is the invoking leg).
 *
 * `ENVELOPE_ERRORS` lists every INVALID_LAMBDA_RESPONSE ErrorType with its message and whether AWS confirmed the
 * name (`confirmed: false` = invented where the reference marks it UNCONFIRMED). Messages start with AWS's text
 * and add what was wrong and where; phone numbers in messages are masked, digit strings are never repeated.
 */
export * from './types';
export { checkResponse, DEFAULT_ENVELOPE_LIMITS, type EnvelopeLimits, type ResponseCheck } from './envelope';
export { checkAction, type ActionCheck, type ActionContext } from './actions/check';
export {
  ENVELOPE_ERRORS,
  ACTION_ERRORS,
  INVALID_LEG_MESSAGE,
  type EnvelopeErrorType,
  type ActionErrorType,
  type KnownError,
} from './errors';
