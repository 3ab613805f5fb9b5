/** One call of a task's integration, bounded by TimeoutSeconds/HeartbeatSeconds and the execution's signal. */
import { HeartbeatTimeout, toStatesError } from '../errors';
import type { Resource } from './resource';
import type { Thread } from '../execution/runtime';
import { StatesError, type Integration, type TaskInvocation } from '../types';

export interface CallOptions {
  integration: Integration;
  resource: Resource;
  parameters: unknown;
  stateName: string;
  token?: string;
  timeoutMs?: number;
  heartbeatMs?: number;
  /** Called with the integration's own response when the task then waits for its token. */
  onSubmitted(response: unknown): void;
}

export async function callIntegration(t: Thread, o: CallOptions): Promise<unknown> {
  const { clock, tokens } = t.run;
  const controller = new AbortController();
  const cancels: (() => void)[] = [];
  let onAbort = () => {};
  const stopper = new Promise<never>((_, reject) => {
    const stop = (err: unknown) => {
      if (o.token) tokens.expire(o.token);
      controller.abort(err);
      reject(err);
    };
    if (o.timeoutMs !== undefined)
      cancels.push(clock.setTimer(o.timeoutMs, () => stop(new StatesError('States.Timeout', ''))));
    let cancelHeartbeat = () => {};
    const armHeartbeat = () => {
      cancelHeartbeat();
      if (o.heartbeatMs !== undefined)
        cancelHeartbeat = clock.setTimer(o.heartbeatMs, () => stop(new HeartbeatTimeout()));
    };
    armHeartbeat();
    cancels.push(() => cancelHeartbeat());
    onAbort = () => stop(t.signal.reason);
    if (t.signal.aborted) onAbort();
    t.signal.addEventListener('abort', onAbort, { once: true });
    if (o.token) {
      tokens.register(o.token, {
        success: (v) => settleToken({ ok: true, value: v }),
        failure: (e) => settleToken({ ok: false, error: e }),
        heartbeat: armHeartbeat,
      });
    }
  });
  stopper.catch(() => {});
  let settleToken: (r: { ok: true; value: unknown } | { ok: false; error: StatesError }) => void = () => {};
  const tokenResult = new Promise<{ ok: true; value: unknown } | { ok: false; error: StatesError }>(
    (resolve) => (settleToken = resolve),
  );
  const invocation: TaskInvocation = {
    resource: o.resource.resource,
    baseResource: o.resource.baseResource,
    pattern: o.resource.pattern,
    parameters: o.parameters,
    taskToken: o.token,
    executionArn: t.run.executionArn,
    stateMachineArn: t.run.stateMachineArn,
    stateName: o.stateName,
    signal: controller.signal,
    clock,
  };
  try {
    let response: unknown;
    try {
      response = await Promise.race([Promise.resolve().then(() => o.integration(invocation)), stopper]);
    } catch (e) {
      if (e instanceof StatesError || controller.signal.aborted) throw e;
      throw toStatesError(e);
    }
    if (!o.token) return response;
    o.onSubmitted(response);
    const r = await Promise.race([tokenResult, stopper]);
    if (!r.ok) throw r.error;
    return r.value;
  } finally {
    for (const cancel of cancels) cancel();
    t.signal.removeEventListener('abort', onAbort);
    if (o.token) tokens.expire(o.token);
  }
}
