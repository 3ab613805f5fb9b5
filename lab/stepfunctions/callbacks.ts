/** SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat (docs/aws/step-functions.md §8.1). */
import { TaskTokenError } from '../engine';
import { ApiError, apiErrors } from './errors';
import { asBody, optionalString, parseJson, requiredString } from './fields';
import type { Store } from './store';

const MAX_TOKEN = 2048;
const MAX_OUTPUT = 262_144;

/** The engine's token errors keep their code (InvalidToken, TaskTimedOut) and message. */
function asApiError(fn: () => void): Record<string, never> {
  try {
    fn();
  } catch (error) {
    if (error instanceof TaskTokenError) throw new ApiError(error.code, error.message);
    throw error;
  }
  return {};
}

export function sendTaskSuccess(store: Store, request: unknown) {
  const body = asBody(request);
  const token = requiredString(body, 'taskToken', MAX_TOKEN);
  const output = requiredString(body, 'output');
  if (Buffer.byteLength(output, 'utf8') > MAX_OUTPUT)
    throw apiErrors.validation(
      'output',
      `Member must have length less than or equal to ${MAX_OUTPUT}`,
      '<output>',
    );
  const parsed = parseJson(output);
  if (!parsed.ok) throw apiErrors.invalidOutput(parsed.message);
  return asApiError(() => store.engine.sendTaskSuccess(token, parsed.value));
}

export function sendTaskFailure(store: Store, request: unknown) {
  const body = asBody(request);
  const token = requiredString(body, 'taskToken', MAX_TOKEN);
  const error = optionalString(body, 'error', 256);
  const cause = optionalString(body, 'cause', 32_768);
  return asApiError(() => store.engine.sendTaskFailure(token, error, cause));
}

export function sendTaskHeartbeat(store: Store, request: unknown) {
  const token = requiredString(asBody(request), 'taskToken', MAX_TOKEN);
  return asApiError(() => store.engine.sendTaskHeartbeat(token));
}
