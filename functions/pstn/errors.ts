/**
 * The error names and messages PSTN audio uses (docs/aws/pstn-audio.md §3, §4, §8).
 *
 * `confirmed: false` marks names we invented, patterned on the confirmed ones, because AWS documents only a
 * log line for the case (docs/aws/pstn-audio.md §8).
 */

export interface KnownError {
  message: string;
  confirmed: boolean;
}

const envelopeErrors = {
  /** Confirmed (ISS click-to-call#125); message is the SMA log line, UNCONFIRMED as ErrorMessage. */
  SchemaVersionMismatch: {
    message:
      'The schema version in the invocation request does not match the schema version in the response.',
    confirmed: true,
  },
  /** Confirmed, exact text; `<N>` is the configured limit (100 today, 10 in 2021). */
  TransactionAttributesInvalidMapSize: {
    message: 'Transaction Attributes has too many mappings. Maximum number of mappings is <N>',
    confirmed: true,
  },
  /** Confirmed, exact text; raised by the simulator for StartBotConversation over the bot quota, not by checkResponse. */
  ActionExecutionThrottled: {
    message: 'This account has exceeded the number of bot references allowed by the PSTN Audio service',
    confirmed: true,
  },
  /** Invented name; log line "Response is blank or empty". */
  EmptyResponse: {
    message:
      'Response is blank or empty. Make sure the response object includes at least the SchemaVersion field.',
    confirmed: false,
  },
  /** Invented name; log line "Error while reading actions list." */
  InvalidActionList: { message: 'Error while reading actions list.', confirmed: false },
  /** Invented name; log line "Unsupported action <name> specified". */
  UnsupportedActionType: { message: 'Unsupported action <name> specified', confirmed: false },
  /** Invented name; log line "Too many actions specified in a response." */
  TooManyActions: { message: 'Too many actions specified in a response.', confirmed: false },
  /** Invented name; log line "Actions list is empty." (answer to NEW_INBOUND_CALL). */
  EmptyActionList: { message: 'Actions list is empty.', confirmed: false },
  /** Invented name and text: the 20 KB total is documented, its error is not. */
  TransactionAttributesInvalidSize: {
    message: 'Transaction Attributes are too large. Maximum total size of keys and values is <N> bytes',
    confirmed: false,
  },
  /** Invented name and text: non-object map or non-string values (UNCONFIRMED whether AWS rejects them). */
  TransactionAttributesInvalidFormat: {
    message: 'Transaction Attributes must be a map of string keys to string values.',
    confirmed: false,
  },
} as const satisfies Record<string, KnownError>;

export type EnvelopeErrorType = keyof typeof envelopeErrors;

/** Every INVALID_LAMBDA_RESPONSE ErrorType we emit, with its (base) message; `<N>`/`<name>` are filled in. */
export const ENVELOPE_ERRORS: Readonly<Record<string, KnownError>> & typeof envelopeErrors = envelopeErrors;

const actionErrors = {
  MissingRequiredActionParameter: { message: 'Missing required action parameter.', confirmed: true },
  InvalidActionParameter: { message: 'Action parameter value is invalid.', confirmed: true },
  InvalidAudioSource: { message: 'Audio Source parameter value is invalid.', confirmed: true },
} as const satisfies Record<string, KnownError>;

export type ActionErrorType = keyof typeof actionErrors;

/**
 * The ACTION_FAILED ErrorTypes checkAction emits (all documented, docs/aws/pstn-audio.md §8), with a generic
 * message.
 */
export const ACTION_ERRORS: Readonly<Record<string, KnownError>> & typeof actionErrors = actionErrors;

/** The leg-selection failure text AWS uses for every action (docs/aws/pstn-audio.md §4). */
export const INVALID_LEG_MESSAGE = 'CallId or ParticipantTag parameter for action is invalid.';
