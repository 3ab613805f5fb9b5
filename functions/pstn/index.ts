/**
 * functions/pstn — the Amazon Chime SDK PSTN audio model (docs/aws/pstn-audio.md). Pure: no I/O, no
 * dependencies. Used by the event router, the lab's PSTN simulator and the workflow linter.
 *
 * Types: every invocation event (`PstnEvent`, discriminated by `InvocationEventType`; `CallDetails`,
 * `Participant`, `ActionData`; `INVOCATION_EVENT_TYPES`), every action (`Action`, discriminated by `Type`;
 * one `…Parameters` interface each, `ActionParameters[T]`, `ActionOf<T>`; `ACTION_TYPES`), and the response
 * (`PstnResponse`).
 *
 * Checks, in the order PSTN audio applies them:
 * 1. `checkResponse(response, event?, limits?)` — the envelope. A failure is what AWS answers with an
 *    INVALID_LAMBDA_RESPONSE event: `{ ok: false, errorType, errorMessage }` (top-level ErrorType/ErrorMessage;
 *    the response's TransactionAttributes are then not applied). Success returns the response with its
 *    actions as given (known types, not yet checked one by one), missing/null Actions read as [], and
 *    TransactionAttributes kept as given (null = keep stored, {} = clear, absent = keep).
 *    `limits` overrides `DEFAULT_ENVELOPE_LIMITS` (10 actions, 100 attributes, 20 KB), e.g. the 2021 limit of 10.
 * 2. `checkAction(action, { participants, invokingCallId, strictCallId?, awsRegion? })` — one action, when it
 *    is about to run. A failure is what AWS reports as ACTION_FAILED (ErrorType/ErrorMessage inside
 *    ActionData). Success returns the action normalised as AWS echoes it: numeric strings as numbers,
 *    documented defaults filled, CallId (and ParticipantTag where the action takes one) resolved — CallId wins,
 *    "" is unset, the default is the invoking leg (LEG-A for LEG-A-only actions and CallAndBridge).
 *    Checking a normalised action again returns it unchanged.
 *
 * `ENVELOPE_ERRORS` lists every INVALID_LAMBDA_RESPONSE ErrorType with its message and whether AWS confirmed the
 * name (`confirmed: false` = invented where docs/aws/pstn-audio.md marks it UNCONFIRMED); `ACTION_ERRORS` the
 * ACTION_FAILED ones. Messages start with AWS's text where it is known and add what was wrong and where;
 * phone numbers in messages are masked, digit strings and join tokens never repeated.
 *
 * `INTERRUPTIBLE_ACTIONS`, `REPORTED_MID_LIST`, `ACTIONS_IGNORED_FOR`: how the service runs action lists.
 */
export * from './types';
export { checkResponse, DEFAULT_ENVELOPE_LIMITS, type EnvelopeLimits, type ResponseCheck } from './envelope';
export { checkAction, type ActionCheck, type ActionContext } from './actions/check';
export { INTERRUPTIBLE_ACTIONS, REPORTED_MID_LIST, ACTIONS_IGNORED_FOR } from './behaviour';
export {
  ENVELOPE_ERRORS,
  ACTION_ERRORS,
  INVALID_LEG_MESSAGE,
  type EnvelopeErrorType,
  type ActionErrorType,
  type KnownError,
} from './errors';
