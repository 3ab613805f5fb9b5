/**
 * The sweeper, run by the lab on its own clock the way the deployed schedule runs it (every 10 minutes, the
 * CDK app's `CallSweeper` rule): call queues and executions that calls left behind are removed here too.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createSweeper, type SweepResult } from '../functions/sweeper';
import type { LabClock } from './clock';

export interface LabSweeperOptions {
  /** How often it runs, in lab minutes (default 10, as deployed); 0 = never on its own. */
  everyMinutes?: number;
  /** Leave anything younger alone (default 15, as deployed). */
  sweepAfterMinutes?: number;
  /** A call running longer is stuck (default 240, as deployed). */
  maxCallMinutes?: number;
}

export interface LabSweeper {
  /** Runs one sweep now. */
  sweep(): Promise<SweepResult>;
  stop(): void;
}

export function startLabSweeper(
  clock: LabClock,
  clientConfig: ConstructorParameters<typeof SQSClient>[0],
  stateMachineArns: string[],
  options: LabSweeperOptions,
  log: (line: string) => void,
): LabSweeper {
  const sqs = new SQSClient(clientConfig as object);
  const sfn = new SFNClient(clientConfig as object);
  const sweep = createSweeper({
    sqs,
    sfn,
    stateMachineArns,
    settings: {
      sweepAfterMs: (options.sweepAfterMinutes ?? 15) * 60_000,
      maxCallMs: (options.maxCallMinutes ?? 240) * 60_000,
    },
    now: () => clock.now(),
    queueClock: Date.now,
  });
  const everyMs = (options.everyMinutes ?? 10) * 60_000;
  let cancel = () => {};
  let stopped = false;
  const schedule = () => {
    if (stopped || everyMs <= 0) return;
    cancel = clock.setTimer(everyMs, () => {
      sweep()
        .then(
          (r) => (r.queuesDeleted || r.executionsStopped) && log(`sweeper: ${JSON.stringify(r)}`),
          (e: Error) => log(`sweeper failed: ${e.message}`),
        )
        .finally(schedule);
    });
  };
  schedule();
  return {
    sweep,
    stop() {
      stopped = true;
      cancel();
      sqs.destroy();
      sfn.destroy();
    },
  };
}
