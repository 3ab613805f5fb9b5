/**
 * A distributed Map's ResultWriter: the children's results, transformed as WriterConfig says, returned or
 * written to S3 as `<Prefix>/<map run id>/manifest.json` plus one `<STATUS>_0.json` file per status
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html). The writes go
 * through the integration `arn:aws:states:::s3:putObject` ({Bucket, Key, Body}).
 */
import { PUT_OBJECT } from '../execution/map-runs';
import type { MapRun, MapRunChild } from '../types';
import type { StateCall } from '../execution/runtime';
import { StatesError } from '../types';
import { s3Caller } from './item-reader';

export interface WriterConfig {
  Transformation?: 'NONE' | 'COMPACT' | 'FLATTEN';
  OutputType?: 'JSON' | 'JSONL';
}

const iso = (ms: number) => new Date(ms).toISOString();

const failed = (cause: string) => new StatesError('States.ResultWriterFailed', cause);

/** A child as ResultWriter's NONE transformation describes it (Input/Output as JSON text). */
function described(child: MapRunChild): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ExecutionArn: child.executionArn,
    Input: JSON.stringify(child.input),
    InputDetails: { Included: true },
    Name: child.name,
  };
  if (child.status === 'SUCCEEDED') {
    out.Output = JSON.stringify(child.output);
    out.OutputDetails = { Included: true };
  } else {
    if (child.error !== undefined) out.Error = child.error;
    if (child.cause !== undefined) out.Cause = child.cause;
  }
  return {
    ...out,
    RedriveCount: 0,
    RedriveStatus: 'NOT_REDRIVABLE',
    RedriveStatusReason: `Execution is ${child.status} and cannot be redriven`,
    StartDate: iso(child.startDate),
    StateMachineArn: child.stateMachineArn,
    Status: child.status,
    StopDate: child.stopDate === undefined ? undefined : iso(child.stopDate),
  };
}

/** The children's results under a transformation; a failed child is always described in full. */
export function transformed(children: MapRunChild[], transformation: string): unknown[] {
  if (transformation === 'NONE') return children.map(described);
  const out: unknown[] = [];
  for (const child of children) {
    if (child.status !== 'SUCCEEDED') out.push(described(child));
    else if (transformation === 'FLATTEN' && Array.isArray(child.output)) out.push(...child.output);
    else out.push(child.output);
  }
  return out;
}

const serialised = (items: unknown[], type: string) =>
  type === 'JSONL'
    ? items.map((x) => JSON.stringify(x)).join('\n') + (items.length ? '\n' : '')
    : JSON.stringify(items);

/** Writes the results; returns the Map state's result (`{MapRunArn, ResultWriterDetails}`). */
export async function writeResults(
  c: StateCall,
  mapRun: MapRun,
  parameters: Record<string, unknown>,
  config: WriterConfig,
): Promise<unknown> {
  const bucket = parameters.Bucket;
  if (typeof bucket !== 'string' || bucket === '') throw failed('The ResultWriter needs a Bucket.');
  const prefix = typeof parameters.Prefix === 'string' ? parameters.Prefix.replace(/\/+$/, '') : '';
  const id = mapRun.mapRunArn.slice(mapRun.mapRunArn.lastIndexOf(':') + 1);
  const folder = prefix ? `${prefix}/${id}` : id;
  const put = s3Caller(c, PUT_OBJECT, failed);
  const type = config.OutputType ?? 'JSON';
  const extension = type === 'JSONL' ? 'jsonl' : 'json';
  const files: Record<string, { Key: string; Size: number }[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  const byStatus = new Map<string, MapRunChild[]>();
  for (const child of mapRun.children) {
    const status =
      child.status === 'SUCCEEDED' ? 'SUCCEEDED' : child.status === 'PENDING' ? 'PENDING' : 'FAILED';
    byStatus.set(status, [...(byStatus.get(status) ?? []), child]);
  }
  for (const [status, children] of byStatus) {
    const Key = `${folder}/${status}_0.${extension}`;
    const Body = serialised(transformed(children, config.Transformation ?? 'NONE'), type);
    await put({ Bucket: bucket, Key, Body });
    files[status]!.push({ Key, Size: Buffer.byteLength(Body, 'utf8') });
  }
  const manifestKey = `${folder}/manifest.json`;
  const manifest = { DestinationBucket: bucket, MapRunArn: mapRun.mapRunArn, ResultFiles: files };
  await put({ Bucket: bucket, Key: manifestKey, Body: JSON.stringify(manifest) });
  mapRun.resultsWritten = mapRun.itemTotal;
  return { MapRunArn: mapRun.mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
}
