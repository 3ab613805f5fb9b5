/**
 * The time one invocation may take. PSTN audio retries an invocation after 5 s, so every invocation is
 * answered within the budget, measured from its start and including every AWS call. Real time: this is
 * Lambda code.
 */

/** Kept back at the end of the budget for deleting a received message and returning the response. */
export const RESERVE_MS = 100;

export class TurnBudget {
  private readonly deadline: number;

  constructor(
    startedAt: number,
    budgetMs: number,
    private readonly now: () => number,
  ) {
    this.deadline = startedAt + budgetMs - RESERVE_MS;
  }

  /** Milliseconds left before the router must answer. */
  remaining(): number {
    return Math.max(0, this.deadline - this.now());
  }

  /** Aborts when the budget runs out: give it to every AWS call so none can outlast the turn. */
  signal(): AbortSignal {
    return AbortSignal.timeout(Math.max(1, this.remaining()));
  }

  /** Whole seconds for an SQS long poll (WaitTimeSeconds is 0–20, in seconds); the signal trims the rest. */
  pollSeconds(): number {
    return Math.min(20, Math.ceil(this.remaining() / 1000));
  }
}
