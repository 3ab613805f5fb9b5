/**
 * Map runs: what a distributed Map state records about its child workflow executions, read back through
 * ListMapRuns / DescribeMapRun / ListExecutions(mapRunArn) (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html).
 */
import type { MapRun } from '../types';

/** The S3 calls a distributed Map makes, through the execution's integrations. */
export const GET_OBJECT = 'arn:aws:states:::s3:getObject';
export const LIST_OBJECTS = 'arn:aws:states:::s3:listObjectsV2';
export const PUT_OBJECT = 'arn:aws:states:::s3:putObject';
/** The ItemReader InputTypes the lab reads (not PARQUET or MANIFEST). */
export const INPUT_TYPES = ['JSON', 'JSONL', 'CSV'];

export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
  failuresNotRedrivable: number;
  pendingRedrive: number;
}

const COUNTED: Record<string, keyof MapRunCounts> = {
  PENDING: 'pending',
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timedOut',
  ABORTED: 'aborted',
};

/** executionCounts (one per child) or itemCounts (each child weighted by its items). */
export function mapRunCounts(run: MapRun, byItem: boolean): MapRunCounts {
  const counts: MapRunCounts = {
    pending: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    timedOut: 0,
    aborted: 0,
    total: 0,
    resultsWritten: 0,
    failuresNotRedrivable: 0,
    pendingRedrive: 0,
  };
  run.children.forEach((child, i) => {
    const weight = byItem ? (run.itemsPerChild[i] ?? 1) : 1;
    counts[COUNTED[child.status]!] += weight;
  });
  counts.total = byItem ? run.itemTotal : run.children.length;
  counts.pending += counts.total - Object.values(COUNTED).reduce((n, k) => n + counts[k], 0);
  counts.resultsWritten = byItem ? run.resultsWritten : run.resultsWritten && run.children.length;
  counts.failuresNotRedrivable = counts.failed + counts.timedOut + counts.aborted;
  return counts;
}

/** `arn:aws:states:<region>:<account>:execution:<machine>:<name>` → the mapRun ARN of one of its map runs. */
export function mapRunArnOf(executionArn: string, label: string, id: string): string {
  const m = /^(arn:[^:]+:states:[^:]*:[^:]*):execution:([^:]+):[^:]+$/.exec(executionArn);
  const [prefix, machine] = m ? [m[1], m[2]] : ['arn:aws:states:us-east-1:000000000000', 'lab'];
  return `${prefix}:mapRun:${machine}/${label}:${id}`;
}

/** The ARNs of a child: `…:stateMachine:<machine>/<label>` and `…:execution:<machine>/<label>:<name>`. */
export function childArns(
  mapRunArn: string,
  name: string,
): { stateMachineArn: string; executionArn: string } {
  const m = /^(arn:[^:]+:states:[^:]*:[^:]*):mapRun:([^:]+):[^:]+$/.exec(mapRunArn)!;
  return {
    stateMachineArn: `${m[1]}:stateMachine:${m[2]}`,
    executionArn: `${m[1]}:execution:${m[2]}:${name}`,
  };
}
