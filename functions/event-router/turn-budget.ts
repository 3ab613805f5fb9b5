/**
 * The time one invocation may take. PSTN audio retries an invocation after 5 s, so every invocation is
 * answered within the budget, measured from its start and including every AWS call. Real time: this is
 * Lambda code.
 */

/** Kept back at the end of the budget for deleting a received message and returning the response. */
export const RESERVE_MS = 100;

export class TurnBudget {
  private readonly deadline: number;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private soft?: AbortSignal;
  private hard?: AbortSignal;

  constructor(
    private readonly startedAt: number,
    private readonly budgetMs: number,
    private readonly now: () => number,
  ) {
    this.deadline = startedAt + budgetMs - RESERVE_MS;
  }

  /** Milliseconds left before the router must stop waiting and answer. */
  remaining(): number {
    return Math.max(0, this.deadline - this.now());
  }

  /** Aborts when the waiting time runs out: give it to every AWS call so none can outlast the turn. */
  signal(): AbortSignal {
    return (this.soft ??= this.abortAfter(this.remaining()));
  }

  /** Aborts at the very end of the budget, reserve included: for finishing a turn (deleting a message). */
  finalSignal(): AbortSignal {
    return (this.hard ??= this.abortAfter(this.startedAt + this.budgetMs - this.now()));
  }

  /** Whole seconds for an SQS long poll (WaitTimeSeconds is 0–20, in seconds); the signal trims the rest. */
  pollSeconds(): number {
    return Math.min(20, Math.ceil(this.remaining() / 1000));
  }

  /** The turn is answered: drop its timers. */
  end(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  private abortAfter(ms: number): AbortSignal {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException('the turn budget ran out', 'TimeoutError')),
      Math.max(1, ms),
    );
    timer.unref?.();
    this.timers.push(timer);
    return controller.signal;
  }
}
