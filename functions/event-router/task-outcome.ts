/**
 * What the waiting workflow task is told about the actions it asked for (docs/architecture.md §1.2). Its own
 * file so that decide.ts (which works it out) and carried.ts (which keeps one across a keep-alive) both
 * depend on it rather than on each other.
 */

/** A success's output is the whole event; a failure names the error and its cause. */
export type TaskOutcome =
  | { status: 'success' }
  | { status: 'failure'; error: 'HANGUP' | 'ACTION_FAILED' | 'INVALID_LAMBDA_RESPONSE'; cause: string };
