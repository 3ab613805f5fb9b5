/**
 * StartExecution slower than the router's turn budget — what a burst of calls does in AWS, where
 * StartExecution is throttled and the SDK's retries with backoff outlast the budget. The caller hears the
 * router's keep-alive instead of the apology; the next event finishes the start (the same name, the same
 * input), and the call goes on as if the start had been quick.
 *
 * The SIP media application's Lambda is a real router on the lab's edge whose Step Functions client makes the
 * call's first StartExecution slow: either it reaches Step Functions and its answer comes too late, or it is
 * held back (throttled) until the turn budget aborts it.
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../../functions/event-router';
import type { PstnEvent } from '../../../functions/pstn';
import { startLab, type Lab } from '../../../lab';
import { createPstnSimulator } from '../../../lab/pstn';
import { speechDurationMs, wavDurationMs } from '../../../lab/services/media';
import { labClientConfig } from '../../../lab/services/sdk';
import { callOver, leftovers, taskErrors } from './aftermath';
import { flow, flowsDir, HANGUP_ENDS_IT, hangup, send, speak } from './flows';

const CALLER = '+12065550123';
const TURN_BUDGET_MS = 1500;
const WAIT = { timeoutMs: 600_000 };

const greeting = flow('Greet', {
  Greet: send([speak('Welcome.')], 'Hang up', HANGUP_ENDS_IT),
  'Hang up': send([hangup()], 'Caller left', HANGUP_ENDS_IT),
});

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, speed: 50, workflowsDir: flowsDir({ greeting }) });
});
afterAll(() => lab?.close());

type Slowness = 'answered too late' | 'throttled';

/** Resolves when `signal` aborts (the turn budget ended), rejecting as the SDK does: AbortError. */
const untilAborted = (signal: AbortSignal | undefined) =>
  new Promise<never>((_, reject) =>
    signal?.addEventListener('abort', () =>
      reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' })),
    ),
  );

/** A Step Functions client whose first StartExecution is slower than the turn budget; records every input. */
function slowFirstStart(slowness: Slowness) {
  const sfn = new SFNClient(labClientConfig(lab.edgeUrl));
  const inputs: string[] = [];
  const client = {
    async send(command: { input: unknown }, options?: { abortSignal?: AbortSignal }) {
      if (!(command instanceof StartExecutionCommand)) return sfn.send(command as never, options);
      inputs.push(command.input.input ?? '');
      if (inputs.length > 1) return sfn.send(command, options);
      if (slowness === 'answered too late') await sfn.send(command);
      return untilAborted(options?.abortSignal);
    },
  };
  return { sfn: client as unknown as SFNClient, inputs };
}

/** The lab's greeting line, answered by a router whose first StartExecution is slow. */
function slowStartSma(slowness: Slowness) {
  const number = lab.numbers.greeting!;
  const arn = lab.stepFunctions.stateMachines().find((m) => m.name === 'greeting')!.stateMachineArn;
  const slow = slowFirstStart(slowness);
  const router = createRouter({
    sqs: new SQSClient(labClientConfig(lab.edgeUrl)),
    sfn: slow.sfn,
    callFlows: { [number]: arn },
    turnBudgetMs: TURN_BUDGET_MS,
  });
  const pstn = createPstnSimulator({
    clock: lab.clock,
    sipMediaApplicationId: 'sma-slow-start',
    numbers: { [number]: { sipRuleId: 'rule-slow-start' } },
    invoke: async (event: PstnEvent) => router(event),
    media: {
      getAudio: async (bucket, key) => (await lab.store.get(bucket, key))?.body,
      saveRecording: (bucket, key, wav) => lab.store.put(bucket, key, wav, { contentType: 'audio/wav' }),
      speechDurationMs,
      wavDurationMs: (wav) => wavDurationMs(wav) ?? 0,
    },
  });
  return { pstn, inputs: slow.inputs, dial: () => pstn.dial({ from: CALLER, to: number }) };
}

describe('StartExecution slower than the turn budget', () => {
  it.each<Slowness>(['answered too late', 'throttled'])(
    '%s: the caller hears a keep-alive, then the greeting; one execution, started with the NEW_INBOUND_CALL',
    async (slowness) => {
      const sma = slowStartSma(slowness);
      const phone = sma.dial();
      await phone.waitFor('Welcome.', WAIT);
      expect(await phone.ended).toMatchObject({ by: 'system', sipCode: 0 });
      const { execution } = await callOver(lab, sma.pstn, phone.transactionId);
      const log = sma.pstn.log(phone.transactionId);

      // no invocation failed or was retried: the slow start cost one keep-alive, not the call
      expect(log.filter((e) => e.kind === 'error')).toEqual([]);
      expect(log.every((e) => e.kind !== 'event' || e.attempt === 1)).toBe(true);
      const first = log.find((e) => e.kind === 'response');
      const actions = (first?.kind === 'response' ? first.response : {}) as { Actions?: { Type: string }[] };
      expect(actions.Actions?.map((a) => a.Type)).toEqual(['Pause']);
      expect(phone.heard().map((p) => p.text)).toEqual(['Welcome.']);

      // one execution for the call, started with the original first event and the same input every time
      const executions = lab.stepFunctions
        .executions()
        .filter((e) => e.name === `call-${phone.transactionId}`);
      expect(executions).toHaveLength(1);
      const newCall = log.find((e) => e.kind === 'event');
      expect((execution.input as { Event: unknown }).Event).toEqual(
        newCall?.kind === 'event' ? newCall.event : undefined,
      );
      expect(new Set(sma.inputs).size).toBe(1);
      expect(sma.inputs.length).toBeGreaterThanOrEqual(2);
      expect(execution.status).toBe('SUCCEEDED');
      expect(taskErrors(execution)).toEqual(['HANGUP']); // only the flow's own Hangup
      expect(await leftovers(lab)).toEqual({ queues: [], running: [] });
    },
    30_000,
  );
});
