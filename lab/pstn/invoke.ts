/**
 * One invocation of the SIP media application's Lambda, with PSTN audio's deadlines
 * (docs/aws/pstn-audio.md §5). Lambda code runs in real time, so these deadlines are real time (a network
 * timeout), not lab time: no response within `timeoutMs` → the same event is sent again; a thrown error →
 * retried once; nothing usable by `giveUpMs` → give up. Attempts for a silent Lambda at 0, 5, 10, 15 s; give
 * up at 20 s (the number of retries is UNCONFIRMED).
 */
export interface InvokeLimits {
  timeoutMs: number;
  giveUpMs: number;
}

export type AttemptReport =
  | { kind: 'sent'; attempt: number }
  | { kind: 'response'; attempt: number; response: unknown }
  | { kind: 'error'; attempt: number; message: string };

export type InvokeResult = { ok: true; response: unknown } | { ok: false; reason: string };

const TIMED_OUT = Symbol('timed out');

export async function invokeWithRetries<E>(
  invoke: (event: E) => Promise<unknown>,
  event: E,
  limits: InvokeLimits,
  report: (r: AttemptReport) => void,
): Promise<InvokeResult> {
  const started = performance.now();
  let errors = 0;
  let timeouts = 0;
  for (let attempt = 1; ; attempt++) {
    // a real timer may fire a hair early: count each timed-out attempt as its full timeout
    const elapsed = Math.max(performance.now() - started, timeouts * limits.timeoutMs);
    const left = limits.giveUpMs - elapsed;
    if (left <= 0) return { ok: false, reason: 'AWS Lambda client operation timed out.' };
    report({ kind: 'sent', attempt });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), Math.min(limits.timeoutMs, left));
    });
    try {
      const outcome = await Promise.race([
        Promise.resolve().then(() => invoke(structuredClone(event))),
        deadline,
      ]);
      if (outcome !== TIMED_OUT) {
        report({ kind: 'response', attempt, response: outcome });
        return { ok: true, response: outcome };
      }
      timeouts++;
      report({ kind: 'error', attempt, message: `no response within ${limits.timeoutMs} ms` });
    } catch (error) {
      errors++;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      report({ kind: 'error', attempt, message: `the Lambda failed: ${message}` });
      if (errors >= 2) return { ok: false, reason: 'The AWS Lambda function failed twice.' };
    } finally {
      clearTimeout(timer);
    }
  }
}
