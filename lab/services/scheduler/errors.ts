/** EventBridge Scheduler errors in the REST-JSON shape the SDK reads: `x-amzn-errortype` + `{Message}`. */
import type { EdgeReply } from '../edge';

const STATUS = {
  ValidationException: 400,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  InternalServerException: 500,
} as const;

export type SchedulerErrorName = keyof typeof STATUS;

export function schedulerError(name: SchedulerErrorName, message: string): EdgeReply {
  return {
    status: STATUS[name],
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': name },
    body: { Message: message },
  };
}
