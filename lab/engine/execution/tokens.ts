/** Task tokens for `.waitForTaskToken`: issue, wait, complete exactly once. */
import { randomBytes } from 'node:crypto';
import { StatesError, TaskTokenError } from '../types';

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

export class TaskTokens {
  private readonly pending = new Map<string, Pending>();
  /**
   * Tokens whose task has ended (completed, timed out, stopped): AWS answers TaskTimedOut for
   * these (docs/aws/step-functions.md §8.1).
   */
  private readonly closed = new Set<string>();

  issue(): string {
    return 'AQ' + randomBytes(48).toString('base64url');
  }

  register(token: string, pending: Pending): void {
    this.pending.set(token, pending);
  }

  /** Closes a token that is still pending (timeout, abort, failure of the call). */
  expire(token: string): void {
    if (this.pending.delete(token)) this.closed.add(token);
  }

  private take(token: string, keep = false): Pending {
    const p = typeof token === 'string' ? this.pending.get(token) : undefined;
    if (p) {
      if (!keep) this.expire(token);
      return p;
    }
    if (this.closed.has(token))
      throw new TaskTokenError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    // a malformed token, or a well-formed one this engine never issued (docs/aws/step-functions.md §8.1:
    // "malformed/unknown")
    throw new TaskTokenError('InvalidToken', "Invalid Token: 'Invalid token'");
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
