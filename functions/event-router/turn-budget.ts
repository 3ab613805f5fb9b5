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
  private readonly children: TurnBudget[] = [];
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

  /**
   * Whole seconds for an SQS long poll (WaitTimeSeconds is 0–20), never more than is left: a long poll the
   * router gives up on (aborts) stays open at SQS, which may still hand it a message that then nobody reads
   * until its visibility timeout ends. 0 when less than a second is left (short polls then).
   */
  pollSeconds(): number {
    return Math.min(20, Math.floor(this.remaining() / 1000));
  }

  /** The same turn with `ms` kept back at its end (for AWS calls after waiting); ended with this one. */
  withReserve(ms: number): TurnBudget {
    const shorter = new TurnBudget(this.startedAt, Math.max(0, this.budgetMs - ms), this.now);
    this.children.push(shorter);
    return shorter;
  }

  /** The turn is answered: drop its timers. */
  end(): void {
    for (const timer of this.timers) clearTimeout(timer);
    for (const child of this.children) child.end();
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
