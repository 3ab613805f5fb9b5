/** Chime SDK Voice errors in the REST-JSON shape the SDK reads: `x-amzn-errortype` + `{Code, Message}`. */
import type { EdgeReply } from '../edge';

export type ChimeVoiceErrorName =
  | 'BadRequestException'
  | 'NotFoundException'
  | 'ForbiddenException'
  | 'ResourceLimitExceededException'
  | 'ServiceFailureException'
  | 'ServiceUnavailableException'
  | 'ThrottledClientException'
  | 'UnauthorizedClientException'
  | 'AccessDeniedException';

const STATUS_AND_CODE: Record<ChimeVoiceErrorName, [number, string]> = {
  BadRequestException: [400, 'BadRequest'],
  NotFoundException: [404, 'NotFound'],
  ForbiddenException: [403, 'Forbidden'],
  ResourceLimitExceededException: [400, 'ResourceLimitExceeded'],
  ServiceFailureException: [500, 'ServiceFailure'],
  ServiceUnavailableException: [503, 'ServiceUnavailable'],
  ThrottledClientException: [429, 'Throttled'],
  UnauthorizedClientException: [401, 'Unauthorized'],
  AccessDeniedException: [403, 'AccessDenied'],
};

/** An error the `calls` callbacks throw to answer with a Chime SDK Voice error (name, HTTP status, message). */
export class ChimeVoiceError extends Error {
  constructor(
    readonly errorName: ChimeVoiceErrorName,
    message: string,
  ) {
    super(message);
    this.name = errorName;
  }
}

/** UpdateSipMediaApplicationCall on a transaction that does not exist (or has ended): 404 NotFoundException. */
export class TransactionNotFoundError extends ChimeVoiceError {
  constructor(sipMediaApplicationId: string, transactionId: string) {
    super(
      'NotFoundException',
      `Transaction ${transactionId} doesn't exist for SipMediaApplication ${sipMediaApplicationId}`,
    );
  }
}

export function chimeError(name: ChimeVoiceErrorName, message: string): EdgeReply {
  const [status, code] = STATUS_AND_CODE[name];
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': name },
    body: { Code: code, Message: message },
  };
}
