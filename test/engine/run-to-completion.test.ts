import { describe, expect, it } from 'vitest';
import { runToCompletion, StatesError } from '../../lab/engine';
import { one, TASK } from './harness';

describe('runToCompletion', () => {
  it('accepts a resolver function for integrations', async () => {
    const r = await runToCompletion(
      one({ Type: 'Task', Resource: TASK }),
      { a: 1 },
      { integrations: (res) => (res === TASK ? async () => 'resolved' : undefined) },
    );
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: 'resolved' });
  });

  it('starts at the given lab time, as epoch ms or ISO string', async () => {
    const def = one({ Type: 'Pass', Parameters: { 't.$': '$$.Execution.StartTime' } });
    expect(await runToCompletion(def, {}, { start: Date.UTC(2026, 5, 1) })).toMatchObject({
      output: { t: '2026-06-01T00:00:00.000Z' },
    });
    expect(await runToCompletion(def, {}, { start: '2026-06-01T08:30:00Z' })).toMatchObject({
      output: { t: '2026-06-01T08:30:00.000Z' },
    });
  });

  it('uses the given execution name', async () => {
    const r = await runToCompletion(
      one({ Type: 'Pass', Parameters: { 'n.$': '$$.Execution.Name' } }),
      {},
      { name: 'call-42' },
    );
    expect(r).toMatchObject({ output: { n: 'call-42' } });
  });

  it('returns INVALID with diagnostics instead of running a bad definition', async () => {
    let ran = false;
    const r = await runToCompletion(
      one({ Type: 'Task', Resource: TASK, Output: 1 }),
      {},
      { integrations: { [TASK]: async () => ((ran = true), 1) } },
    );
    expect(r.status).toBe('INVALID');
    expect(ran).toBe(false);
  });

  it('jumps a day-long Wait without real waiting and reports FAILED with error and cause', async () => {
    const def = {
      StartAt: 'W',
      States: {
        W: { Type: 'Wait', Seconds: 86_400, Next: 'T' },
        T: { Type: 'Task', Resource: TASK, End: true },
      },
    };
    const r = await runToCompletion(
      def,
      {},
      { integrations: { [TASK]: async () => Promise.reject(new StatesError('Custom', 'why')) } },
    );
    expect(r).toMatchObject({ status: 'FAILED', error: 'Custom', cause: 'why' });
    if (r.status === 'FAILED') expect(r.execution.stopDate! - r.execution.startDate).toBe(86_400_000);
  });

  it('does not move lab time while an integration is still doing real I/O', async () => {
    const io = () => new Promise((r) => setTimeout(r, 20)).then(() => 'answered');
    const r = await runToCompletion(
      one({ Type: 'Task', Resource: TASK, TimeoutSeconds: 1 }),
      {},
      { integrations: { [TASK]: io } },
    );
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: 'answered' });
  });
});
