/**
 * The lab's Lambda functions: handlers from `functions/` registered by name and run in-process, each with
 * its timeout enforced (on the given clock; real time by default, since Lambda code itself runs in real
 * time). A timed-out handler cannot be stopped in-process: its result is ignored when it finally settles.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { LabClock, type Clock } from '../../clock';
import { LAB_ACCOUNT_ID, LAB_REGION } from '../sdk';

export type LambdaContext = Context;

export interface LambdaFunction {
  name: string;
  /** Method syntax on purpose: a handler typed for its own event (`(event: PstnEvent) => …`) fits. */
  handler(event: unknown, context: LambdaContext): Promise<unknown>;
  /** Default 3000, as AWS. */
  timeoutMs?: number;
  /** Kept as the function's configuration (GetFunctionConfiguration). Not applied to `process.env`: handlers
   * share one process, so the lab gives them their settings through their factories instead. */
  environment?: Record<string, string>;
  /** Retries of a failed asynchronous (Event) invocation: 0, 1 or 2 (default 2, as AWS). */
  maximumRetryAttempts?: number;
}

export interface InvokeResult {
  payload: unknown;
  functionError?: 'Unhandled';
}

export interface LambdaRegistry {
  /** Returns the function ARN `arn:aws:lambda:us-east-1:000000000000:function:<name>`. */
  register(fn: LambdaFunction): string;
  invoke(nameOrArn: string, payload: unknown): Promise<InvokeResult>;
  /**
   * An asynchronous (Event) invocation: returns at once; a failure is logged and retried as Lambda retries
   * it — after 1 minute, then after 2 more (lab clock). Throws ResourceNotFoundException at once.
   */
  invokeAsync(nameOrArn: string, payload: unknown): void;
}

/** Lambda waits about a minute before the first retry of a failed asynchronous invocation, two before the second. */
export const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];

export class FunctionNotFound extends Error {
  override readonly name = 'ResourceNotFoundException';
  constructor(readonly arn: string) {
    super(`Function not found: ${arn}`);
  }
}

export const DEFAULT_TIMEOUT_MS = 3000;
/** Lambda's synchronous response limit (and request limit) in bytes. */
export const PAYLOAD_LIMIT = 6 * 1024 * 1024;

export function functionArn(name: string): string {
  return `arn:aws:lambda:${LAB_REGION}:${LAB_ACCOUNT_ID}:function:${name}`;
}

/** The function name in a name, a partial ARN (`000000000000:function:name`) or a full ARN, without its qualifier. */
export function functionNameOf(nameOrArn: string): string {
  const arn =
    /^(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:)?(?:\d{12}:)?function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/.exec(
      nameOrArn,
    );
  if (arn) return arn[1];
  return nameOrArn.replace(/:[A-Za-z0-9$_-]+$/, '');
}

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function createLambdaRegistry(options: { clock?: Clock } = {}): LambdaRegistry & {
  get(nameOrArn: string): (LambdaFunction & { arn: string; timeoutMs: number }) | undefined;
  names(): string[];
} {
  const clock = options.clock ?? new LabClock();
  const functions = new Map<string, LambdaFunction & { arn: string; timeoutMs: number }>();

  const get = (nameOrArn: string) => functions.get(functionNameOf(nameOrArn));
  const found = (nameOrArn: string) => {
    const fn = get(nameOrArn);
    if (!fn)
      throw new FunctionNotFound(
        nameOrArn.startsWith('arn:') ? nameOrArn : functionArn(functionNameOf(nameOrArn)),
      );
    return fn;
  };

  return {
    register(fn) {
      if (!NAME_PATTERN.test(fn.name)) {
        throw new Error(
          `Lambda function name '${fn.name}' is not valid: use 1-64 letters, digits, hyphens or underscores`,
        );
      }
      const timeoutMs = fn.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      if (!(timeoutMs >= 1000 && timeoutMs <= 900_000)) {
        throw new Error(
          `Lambda function '${fn.name}': timeoutMs must be between 1000 and 900000 (1 s to 15 min), got ${fn.timeoutMs}`,
        );
      }
      const arn = functionArn(fn.name);
      functions.set(fn.name, { ...fn, arn, timeoutMs });
      return arn;
    },
    async invoke(nameOrArn, payload) {
      return run(found(nameOrArn), payload, clock);
    },
    invokeAsync(nameOrArn, payload) {
      const fn = found(nameOrArn);
      const attempt = (n: number) => {
        void run(fn, payload, clock).then((result) => {
          if (!result.functionError) return;
          const retries = Math.min(fn.maximumRetryAttempts ?? 2, ASYNC_RETRY_DELAYS_MS.length);
          const last = n >= retries;
          logAsyncFailure(fn.name, n + 1, last, result.payload);
          if (!last) clock.setTimer(ASYNC_RETRY_DELAYS_MS[n], () => attempt(n + 1));
        });
      };
      attempt(0);
    },
    get,
    names: () => [...functions.keys()].sort(),
  };
}

async function run(
  fn: LambdaFunction & { arn: string; timeoutMs: number },
  payload: unknown,
  clock: Clock,
): Promise<InvokeResult> {
  const requestId = randomUUID();
  const deadline = clock.now() + fn.timeoutMs;
  const context: LambdaContext = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: '128',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: `lab/[$LATEST]${requestId.replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - clock.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  let cancelTimer = () => {};
  const timedOut = new Promise<InvokeResult>((resolve) => {
    cancelTimer = clock.setTimer(fn.timeoutMs, () =>
      resolve({
        functionError: 'Unhandled',
        payload: {
          errorType: 'Sandbox.Timedout',
          errorMessage: `RequestId: ${requestId} Error: Task timed out after ${(fn.timeoutMs / 1000).toFixed(2)} seconds`,
        },
      }),
    );
  });
  const ran = Promise.resolve()
    .then(() => fn.handler(structuredCloneJson(payload), context))
    .then(
      (result): InvokeResult => {
        try {
          return { payload: structuredCloneJson(result ?? null) };
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          return {
            functionError: 'Unhandled',
            payload: {
              errorType: 'Runtime.MarshalError',
              errorMessage: `Unable to stringify response body: ${reason}`,
            },
          };
        }
      },
      (err: unknown): InvokeResult => ({ functionError: 'Unhandled', payload: errorPayload(err) }),
    );
  try {
    return await Promise.race([ran, timedOut]);
  } finally {
    cancelTimer();
  }
}

/** What Lambda's Node.js runtime returns for a thrown error. */
export function errorPayload(err: unknown): { errorType: string; errorMessage: string; trace: string[] } {
  if (err instanceof Error) {
    return {
      errorType: err.name || 'Error',
      errorMessage: err.message,
      trace: (err.stack ?? '').split('\n'),
    };
  }
  return {
    errorType: 'Error',
    errorMessage: typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err)),
    trace: [],
  };
}

/** Events and results cross the Lambda boundary as JSON: the handler never shares objects with its caller. */
function structuredCloneJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

function logAsyncFailure(name: string, attempt: number, last: boolean, error: unknown): void {
  const message = `asynchronous invocation of ${name} failed (attempt ${attempt})${last ? '; no retries left' : '; Lambda will retry'}`;
  console.error(JSON.stringify({ level: 'ERROR', service: 'lab-lambda', message, error }));
}
