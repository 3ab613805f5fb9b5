/**
 * ListMapRuns, DescribeMapRun, and the child workflow executions of a map run (ListExecutions with
 * `mapRunArn`, DescribeExecution of a child): https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
 */
import { mapRunCounts } from '../engine/execution/map-runs';
import type { MapRun, MapRunChild } from '../engine/types';
import { ApiError } from './errors';
import { asBody, requiredString, seconds } from './fields';
import { page } from './pages';
import type { Store } from './store';
import { findExecution } from './executions';

const notFound = (arn: string) => new ApiError('ResourceNotFound', `Resource Not Found: '${arn}'`);

function allMapRuns(store: Store): MapRun[] {
  const seen = new Set<MapRun[]>();
  const out: MapRun[] = [];
  for (const { execution } of store.executions.values()) {
    const runs = execution.mapRuns();
    if (seen.has(runs)) continue;
    seen.add(runs);
    out.push(...runs);
  }
  return out;
}

export function findMapRun(store: Store, arn: string): MapRun {
  if (!/^arn:[^:]+:states:[^:]*:[^:]*:mapRun:[^:]+:[^:]+$/.test(arn))
    throw new ApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
  const run = allMapRuns(store).find((r) => r.mapRunArn === arn);
  if (!run) throw notFound(arn);
  return run;
}

/** A child workflow execution by its ARN (`…:execution:<machine>/<label>:<name>`), if there is one. */
export function findMapRunChild(
  store: Store,
  arn: string,
): { child: MapRunChild; mapRunArn: string } | undefined {
  if (!/:execution:[^:/]+\/[^:]+:[^:]+$/.test(arn)) return undefined;
  for (const run of allMapRuns(store)) {
    const child = run.children.find((c) => c.executionArn === arn);
    if (child) return { child, mapRunArn: run.mapRunArn };
  }
  return undefined;
}

export function listMapRuns(store: Store, request: unknown) {
  const body = asBody(request);
  const executionArn = requiredString(body, 'executionArn');
  findExecution(store, executionArn);
  const all = allMapRuns(store)
    .filter((r) => r.executionArn === executionArn)
    .map((r) => ({
      executionArn: r.executionArn,
      mapRunArn: r.mapRunArn,
      stateMachineArn: r.stateMachineArn,
      startDate: seconds(r.startDate),
      ...(r.stopDate !== undefined ? { stopDate: seconds(r.stopDate) } : {}),
    }));
  const { items, nextToken } = page(all, body, executionArn);
  return { mapRuns: items, ...(nextToken ? { nextToken } : {}) };
}

export function describeMapRun(store: Store, request: unknown) {
  const run = findMapRun(store, requiredString(asBody(request), 'mapRunArn'));
  return {
    mapRunArn: run.mapRunArn,
    executionArn: run.executionArn,
    status: run.status,
    startDate: seconds(run.startDate),
    ...(run.stopDate !== undefined ? { stopDate: seconds(run.stopDate) } : {}),
    maxConcurrency: run.maxConcurrency,
    toleratedFailurePercentage: run.toleratedFailurePercentage,
    toleratedFailureCount: run.toleratedFailureCount,
    itemCounts: mapRunCounts(run, true),
    executionCounts: mapRunCounts(run, false),
    redriveCount: 0,
  };
}

/** ListExecutions with `mapRunArn`: the map run's started children. */
export function listMapRunExecutions(store: Store, body: Record<string, unknown>, mapRunArn: string) {
  const run = findMapRun(store, mapRunArn);
  const status = body.statusFilter;
  const all = run.children
    .filter((c) => c.status !== 'PENDING' && (status === undefined || c.status === status))
    .map((c) => ({
      executionArn: c.executionArn,
      stateMachineArn: c.stateMachineArn,
      mapRunArn,
      name: c.name,
      status: c.status,
      startDate: seconds(c.startDate),
      ...(c.stopDate !== undefined ? { stopDate: seconds(c.stopDate) } : {}),
    }));
  const { items, nextToken } = page(all, body, `${mapRunArn}|${String(status ?? '')}`);
  return { executions: items, ...(nextToken ? { nextToken } : {}) };
}

/** DescribeExecution of a child workflow execution. */
export function describeChild(child: MapRunChild, mapRunArn: string) {
  return {
    executionArn: child.executionArn,
    stateMachineArn: child.stateMachineArn,
    mapRunArn,
    name: child.name,
    status: child.status,
    startDate: seconds(child.startDate),
    ...(child.stopDate !== undefined ? { stopDate: seconds(child.stopDate) } : {}),
    input: JSON.stringify(child.input),
    inputDetails: { included: true },
    ...(child.status === 'SUCCEEDED'
      ? { output: JSON.stringify(child.output ?? null), outputDetails: { included: true } }
      : {}),
    ...(child.error !== undefined ? { error: child.error } : {}),
    ...(child.cause !== undefined ? { cause: child.cause } : {}),
    redriveCount: 0,
  };
}

/** GetExecutionHistory of a child workflow execution (its events, timestamps in epoch seconds). */
export function childHistory(child: MapRunChild, body: Record<string, unknown>) {
  const events = (child.history?.() ?? []).map((e) => ({ ...e, timestamp: seconds(e.timestamp) }));
  if (body.reverseOrder === true) events.reverse();
  const { items, nextToken } = page(
    events,
    body,
    `${child.executionArn}|${String(body.reverseOrder ?? false)}`,
  );
  return { events: items, ...(nextToken ? { nextToken } : {}) };
}
