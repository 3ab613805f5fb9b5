/**
 * Map in DISTRIBUTED mode (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html):
 * items from the input or an ItemReader, each child workflow execution a run of the ItemProcessor with its
 * own context and no access to the parent's variables, recorded in a map run; results returned or written
 * by a ResultWriter. A failure over the tolerated threshold (0 unless set) fails the state with
 * States.ExceedToleratedFailureThreshold.
 */
import { randomUUID } from 'node:crypto';
import { bindings, selectPath, sources } from './dataflow';
import { toStatesError } from '../errors';
import { History } from '../execution/history';
import { childArns, mapRunArnOf } from '../execution/map-runs';
import type { MapRun, MapRunChild } from '../types';
import { withRetryAndCatch } from './retry';
import {
  contextObject,
  queryLanguage,
  type Run,
  type StateCall,
  type StatesBlock,
  type Step,
} from '../execution/runtime';
import { Scope } from '../execution/scope';
import type { StateDef } from '../execution/runtime';
import { childInputs, readerItems, writerResult, type Batch } from './distributed-io';
import { exceedsThreshold, mapItems, mapLimits, pool, thresholdExceeded, type MapLimits } from './map-fields';
import { childController, processResult } from './post';

const iso = (ms: number) => new Date(ms).toISOString();

/** The lab runs at most this many child executions at once (AWS: up to 10,000). */
const DISTRIBUTED_CAP = 1000;

export function isDistributed(s: StateDef): boolean {
  const processor = (s.ItemProcessor ?? s.Iterator) as { ProcessorConfig?: { Mode?: string } } | undefined;
  return processor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
}

export async function distributedMap(c: StateCall): Promise<Step> {
  const s = c.state;
  const jsonata = queryLanguage(c) === 'JSONata';
  const { history } = c.t.run;
  return withRetryAndCatch(c, async (retryCount) => {
    const context = contextObject(c, {}, retryCount);
    const b = bindings(c, { input: c.input, context });
    const effective = jsonata ? c.input : selectPath(s.InputPath, sources(c, c.input, context));
    const src = sources(c, effective, context);
    const io = { c, jsonata, b, effective, src, context };
    const items = s.ItemReader ? await readerItems(io) : await mapItems(c, jsonata, b, effective, src);
    const limits = await mapLimits(c, b, src, jsonata);
    history.add(c.t.cursor, 'MapStateStarted', { length: items.length });
    const batches = await childInputs(io, items);
    const mapRun = startMapRun(c, items.length, batches, limits);
    history.add(c.t.cursor, 'MapRunStarted', { mapRunArn: mapRun.mapRunArn });
    const failed = await runChildren(c, mapRun, batches, limits);
    mapRun.stopDate = c.t.run.clock.now();
    if (c.t.signal.aborted) {
      mapRun.status = 'ABORTED';
      throw c.t.signal.reason;
    }
    const result = await writerResult(io, mapRun);
    if (failed) {
      mapRun.status = 'FAILED';
      const err = thresholdExceeded();
      history.add(c.t.cursor, 'MapRunFailed', { error: err.error, cause: err.cause });
      history.add(c.t.cursor, 'MapStateFailed');
      throw err;
    }
    mapRun.status = 'SUCCEEDED';
    history.add(c.t.cursor, 'MapRunSucceeded');
    history.add(c.t.cursor, 'MapStateSucceeded');
    return processResult(c, context, result);
  });
}

function startMapRun(c: StateCall, itemTotal: number, batches: Batch[], limits: MapLimits): MapRun {
  const { run } = c.t;
  const label = typeof c.state.Label === 'string' ? c.state.Label : c.name;
  const mapRunArn = mapRunArnOf(run.executionArn, label, randomUUID());
  const children: MapRunChild[] = batches.map((batch) => {
    const name = randomUUID();
    return { ...childArns(mapRunArn, name), name, startDate: 0, input: batch.input, status: 'PENDING' };
  });
  const mapRun: MapRun = {
    mapRunArn,
    executionArn: run.executionArn,
    stateMachineArn: childArns(mapRunArn, 'x').stateMachineArn,
    startDate: run.clock.now(),
    status: 'RUNNING',
    maxConcurrency: limits.limit,
    toleratedFailureCount: limits.toleratedCount ?? 0,
    toleratedFailurePercentage: limits.toleratedPercent ?? 0,
    itemTotal,
    itemsPerChild: batches.map((batch) => batch.items),
    children,
    resultsWritten: 0,
  };
  run.mapRuns.push(mapRun);
  return mapRun;
}

/** Runs every child; true if the failures went over the threshold. */
async function runChildren(
  c: StateCall,
  mapRun: MapRun,
  batches: Batch[],
  limits: MapLimits,
): Promise<boolean> {
  const processor = (c.state.ItemProcessor ?? c.state.Iterator) as StatesBlock;
  const { controller, release } = childController(c.t.signal);
  let failures = 0;
  let failed = false;
  // with neither tolerance set, no failure is tolerated
  const untolerant = limits.toleratedCount === undefined && limits.toleratedPercent === undefined;
  const threshold = untolerant ? { ...limits, toleratedCount: 0 } : limits;
  try {
    const width = Math.min(limits.limit || DISTRIBUTED_CAP, DISTRIBUTED_CAP);
    await pool(width, batches.length, controller.signal, async (index) => {
      const ok = await runChild(c, mapRun.children[index]!, processor, controller.signal);
      if (ok || controller.signal.aborted) return;
      failures++;
      if (exceedsThreshold(failures, batches.length, threshold)) {
        failed = true;
        controller.abort(thresholdExceeded());
      }
    });
  } finally {
    release();
  }
  for (const child of mapRun.children) if (child.status === 'PENDING' && failed) child.status = 'ABORTED';
  return failed;
}

/** One child workflow execution: a run of its own, with its own history, context and variables. */
async function runChild(c: StateCall, child: MapRunChild, processor: StatesBlock, signal: AbortSignal) {
  const parent = c.t.run;
  const clock = parent.clock;
  child.startDate = clock.now();
  child.status = 'RUNNING';
  const run: Run = {
    ...parent,
    history: new History(() => clock.now()),
    machine: {
      ...processor,
      QueryLanguage:
        (processor as { QueryLanguage?: 'JSONata' }).QueryLanguage ?? parent.machine.QueryLanguage,
    },
    executionArn: child.executionArn,
    stateMachineArn: child.stateMachineArn,
    context: {
      Execution: {
        Id: child.executionArn,
        Input: child.input,
        Name: child.name,
        RoleArn: parent.context.Execution.RoleArn,
        StartTime: iso(child.startDate),
        RedriveCount: 0,
      },
      StateMachine: { Id: child.stateMachineArn, Name: child.stateMachineArn.split(':').pop() },
    },
    running: new Map(),
  };
  const cursor = { last: 0 };
  child.history = () => run.history.events.map((e) => ({ ...e }));
  run.history.add(cursor, 'ExecutionStarted', {
    input: JSON.stringify(child.input ?? null),
    inputDetails: { truncated: false },
    roleArn: parent.context.Execution.RoleArn,
    stateMachineArn: child.stateMachineArn,
  });
  try {
    child.output = await c.runBlock(processor, child.input, { run, scope: new Scope(), cursor, signal });
    child.status = 'SUCCEEDED';
    run.history.add(cursor, 'ExecutionSucceeded', {
      output: JSON.stringify(child.output ?? null),
      outputDetails: { truncated: false },
    });
    return true;
  } catch (e) {
    if (signal.aborted) {
      child.status = 'ABORTED';
      run.history.add(cursor, 'ExecutionAborted', {});
      return false;
    }
    const err = toStatesError(e);
    Object.assign(child, { status: 'FAILED', error: err.error, cause: err.cause });
    run.history.add(cursor, 'ExecutionFailed', { error: err.error, cause: err.cause });
    return false;
  } finally {
    child.stopDate = clock.now();
  }
}
