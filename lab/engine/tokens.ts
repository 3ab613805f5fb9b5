/** Task tokens for `.waitForTaskToken`: issue, wait, complete exactly once. */
import { randomBytes } from 'node:crypto';
import { StatesError, TaskTokenError } from './types';

interface Pending {
  success(output: unknown): void;
  failure(error: StatesError): void;
  heartbeat(): void;
}

/** A failure from SendTaskFailure keeps the absent Error/Cause as null in the Error Output (AWS-REC). */
export class TaskFailure extends StatesError {
  constructor(
    readonly rawError: string | undefined,
    readonly rawCause: string | undefined,
  ) {
    super(rawError ?? '', rawCause ?? '');
  }
}

const FORMAT = /^AQ[A-Za-z0-9_-]{40,2046}$/;

export class TaskTokens {
  private readonly pending = new Map<string, Pending>();
  private readonly closed = new Map<string, 'completed' | 'timedOut'>();

  issue(): string {
    return 'AQ' + randomBytes(48).toString('base64url');
  }

  register(token: string, pending: Pending): void {
    this.pending.set(token, pending);
  }

  /** Closes a token that is still pending (timeout, abort, failure of the call): later use is TaskTimedOut. */
  expire(token: string): void {
    if (this.pending.delete(token)) this.closed.set(token, 'timedOut');
  }

  private take(token: string, keep = false): Pending {
    if (typeof token !== 'string' || !FORMAT.test(token)) throw new TaskTokenError('InvalidToken', "Invalid Token: 'Invalid token'");
    const p = this.pending.get(token);
    if (p) {
      if (!keep) {
        this.pending.delete(token);
        this.closed.set(token, 'completed');
      }
      return p;
    }
    if (this.closed.get(token) === 'timedOut') throw new TaskTokenError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    throw new TaskTokenError('TaskDoesNotExist', "Task Does Not Exist: 'Provided task does not exist anymore'");
  }

  success(token: string, output: unknown): void {
    this.take(token).success(output);
  }

  failure(token: string, error?: string, cause?: string): void {
    this.take(token).failure(new TaskFailure(error, cause));
  }

  heartbeat(token: string): void {
    this.take(token, true).heartbeat();
  }
}
