/**
 * A distributed Map's ItemReader: items from an S3 object (JSON array, JSON Lines, CSV) or an S3 listing
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html). The S3 calls go
 * through the execution's integrations, so the engine stays free of I/O:
 *   arn:aws:states:::s3:getObject      ({Bucket, Key})                      → {Body: string}
 *   arn:aws:states:::s3:listObjectsV2  ({Bucket, Prefix, ContinuationToken}) → a ListObjectsV2 page
 */
import { CSV_DELIMITERS, parseCsv } from '../query/csv';
import { toStatesError } from '../errors';
import { LIST_OBJECTS } from '../execution/map-runs';
import type { StateCall } from '../execution/runtime';
import { StatesError } from '../types';

const failed = (cause: string) => new StatesError('States.ItemReaderFailed', cause);

type Call = (parameters: Record<string, unknown>) => Promise<unknown>;

/** Calls an S3 resource for the ItemReader or ResultWriter; its failures become `failure`. */
export function s3Caller(c: StateCall, resource: string, failure: (cause: string) => StatesError): Call {
  const { run } = c.t;
  const integration = run.integrations(resource);
  return async (parameters) => {
    if (!integration) throw failure(`The lab has no integration for the resource '${resource}'.`);
    try {
      return await integration({
        resource,
        baseResource: resource,
        pattern: 'request-response',
        parameters,
        executionArn: run.executionArn,
        stateMachineArn: run.stateMachineArn,
        stateName: c.name,
        signal: c.t.signal,
        clock: run.clock,
      });
    } catch (e) {
      const err = toStatesError(e);
      throw failure(`${err.error}: ${err.cause}`);
    }
  };
}

export interface ReaderConfig {
  InputType?: string;
  CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN';
  CSVHeaders?: string[];
  CSVDelimiter?: string;
}

/** Reads every item (up to `maxItems`) that the ItemReader names. */
export async function readItems(
  c: StateCall,
  resource: string,
  parameters: Record<string, unknown>,
  config: ReaderConfig,
  maxItems: number | undefined,
): Promise<unknown[]> {
  if (maxItems !== undefined && !(maxItems > 0)) throw failed('field MaxItems must be positive');
  const call = s3Caller(c, resource, failed);
  const items =
    resource === LIST_OBJECTS
      ? await listObjects(call, parameters, maxItems)
      : parseItems(bodyOf(await call(parameters)), config);
  return maxItems === undefined ? items : items.slice(0, maxItems);
}

function bodyOf(result: unknown): string {
  const body = (result as { Body?: unknown } | undefined)?.Body;
  return typeof body === 'string' ? body : JSON.stringify(body ?? '');
}

/** One item per object: `{Etag, Key, LastModified (epoch seconds), Size, StorageClass}` as AWS gives it. */
async function listObjects(
  call: Call,
  parameters: Record<string, unknown>,
  maxItems: number | undefined,
): Promise<unknown[]> {
  const items: unknown[] = [];
  let token: string | undefined;
  do {
    const page = (await call(token ? { ...parameters, ContinuationToken: token } : parameters)) as {
      Contents?: Record<string, unknown>[];
      IsTruncated?: boolean;
      NextContinuationToken?: string;
    };
    for (const o of page.Contents ?? [])
      items.push({
        Etag: o.ETag,
        Key: o.Key,
        LastModified: Math.floor(new Date(o.LastModified as string).getTime() / 1000),
        Size: o.Size,
        StorageClass: o.StorageClass ?? 'STANDARD',
      });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token && (maxItems === undefined || items.length < maxItems));
  return items;
}

export function parseItems(text: string, config: ReaderConfig): unknown[] {
  switch (config.InputType ?? 'JSON') {
    case 'JSON':
      return jsonArray(text);
    case 'JSONL':
      return text
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line, i) => parseJson(line, `line ${i + 1}`));
    case 'CSV':
      return csvItems(text, config);
    default:
      throw failed(`The lab does not read InputType '${String(config.InputType)}'.`);
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw failed(`The object is not valid JSON (${where}): ${(e as Error).message}`);
  }
}

function jsonArray(text: string): unknown[] {
  const value = parseJson(text, 'the whole object');
  if (!Array.isArray(value)) throw failed('Attempting to map over non-iterable node.');
  return value;
}

/** Each row after the headers is an object of strings keyed by the headers. */
function csvItems(text: string, config: ReaderConfig): unknown[] {
  const delimiter = CSV_DELIMITERS[config.CSVDelimiter ?? 'COMMA'] ?? ',';
  const rows = parseCsv(text, delimiter);
  const given = config.CSVHeaderLocation === 'GIVEN';
  const headers = given ? (config.CSVHeaders ?? []) : (rows.shift() ?? []);
  if (new Set(headers).size !== headers.length) throw failed('CSV headers cannot contain duplicates.');
  return rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? ''])));
}
