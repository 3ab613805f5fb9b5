/** Map in DISTRIBUTED mode: child executions, map runs, ItemReader, ItemBatcher, ResultWriter. */
import { describe, expect } from 'vitest';
import { at, ata, machine, one, runCases, TASK, echo } from './harness';
import { mapRunCounts, StatesError, type Integration, type RunResult } from '../../lab/engine/index';

const DG = 'https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html';
const READER_DG = 'https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html';
const WRITER_DG = 'https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html';

const processor = (states: Record<string, object>, start = Object.keys(states)[0]) => ({
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: start,
  States: states,
});
const passThrough = processor({ P: { Type: 'Pass', End: true } });
const failOnNegative = processor({
  C: { Type: 'Choice', Choices: [{ Variable: '$', NumericLessThan: 0, Next: 'F' }], Default: 'P' },
  F: { Type: 'Fail', Error: 'Negative', Cause: 'below zero' },
  P: { Type: 'Pass', End: true },
});

/** An in-memory S3 behind the three resources a distributed Map calls. */
function fakeS3(objects: Record<string, string> = {}) {
  const store = new Map(Object.entries(objects));
  const key = (p: Record<string, unknown>) => `${String(p.Bucket)}/${String(p.Key)}`;
  const integrations: Record<string, Integration> = {
    [TASK]: echo,
    'arn:aws:states:::s3:getObject': async (t) => {
      const p = t.parameters as Record<string, unknown>;
      const body = store.get(key(p));
      if (body === undefined) throw new StatesError('S3.NoSuchKey', 'The specified key does not exist.');
      return { Body: body };
    },
    'arn:aws:states:::s3:listObjectsV2': async (t) => {
      const p = t.parameters as Record<string, unknown>;
      const keys = [...store.keys()]
        .filter((k) => k.startsWith(`${String(p.Bucket)}/${String(p.Prefix ?? '')}`))
        .sort();
      const from = Number(p.ContinuationToken ?? 0);
      const page = keys.slice(from, from + 1000);
      return {
        Contents: page.map((k) => ({
          Key: k.slice(String(p.Bucket).length + 1),
          ETag: '"etag"',
          Size: store.get(k)!.length,
          LastModified: '2026-01-01T00:00:00.000Z',
          StorageClass: 'STANDARD',
        })),
        IsTruncated: from + 1000 < keys.length,
        NextContinuationToken: String(from + 1000),
      };
    },
    'arn:aws:states:::s3:putObject': async (t) => {
      const p = t.parameters as Record<string, unknown>;
      store.set(key(p), p.Body as string);
      return { ETag: '"x"' };
    },
  };
  return { store, integrations };
}

const reader = (InputType: string, extra: object = {}, Key = 'data') => ({
  Resource: 'arn:aws:states:::s3:getObject',
  ReaderConfig: { InputType, ...extra },
  Parameters: { Bucket: 'in', Key },
});
const read = (r: object, more: object = {}) =>
  one({ Type: 'Map', ItemReader: r, ItemProcessor: passThrough, ...more });
const mapRunOf = (r: RunResult) => (r.status === 'INVALID' ? undefined : r.execution.mapRuns()[0]);

describe('distributed Map without an ItemReader', () => {
  runCases([
    {
      name: 'runs one child execution per item and returns their outputs in order',
      ref: DG,
      definition: one({ Type: 'Map', ItemProcessor: passThrough }),
      input: [1, 2, 3],
      output: [1, 2, 3],
      check: (r) => {
        const run = mapRunOf(r)!;
        expect(run.mapRunArn).toMatch(/^arn:aws:states:us-east-1:\d+:mapRun:lab\/A:[0-9a-f-]{36}$/);
        expect(run.status).toBe('SUCCEEDED');
        expect(mapRunCounts(run, false)).toMatchObject({ succeeded: 3, total: 3, failed: 0 });
        expect(run.children[0]!.executionArn).toMatch(/:execution:lab\/A:[0-9a-f-]{36}$/);
      },
    },
    {
      name: 'a child has its own execution context; Label names the map run',
      ref: DG,
      definition: one({
        Type: 'Map',
        Label: 'Fan',
        ItemProcessor: processor({
          P: { Type: 'Pass', Parameters: { 'id.$': '$$.Execution.Id' }, End: true },
        }),
      }),
      input: [1],
      check: (r) => {
        expect(r.status).toBe('SUCCEEDED');
        if (r.status !== 'SUCCEEDED') return;
        expect((r.output as { id: string }[])[0]!.id).toMatch(/:execution:lab\/Fan:/);
      },
    },
    {
      name: 'ItemSelector reads $$.Map.Item.Index and the state input',
      ref: DG,
      definition: one({
        Type: 'Map',
        ItemsPath: '$.xs',
        ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value', 'k.$': '$.k' },
        ItemProcessor: passThrough,
      }),
      input: { xs: ['a'], k: 1 },
      output: [{ i: 0, v: 'a', k: 1 }],
    },
    {
      name: 'a failed child fails the state with States.ExceedToleratedFailureThreshold (the default threshold is 0)',
      ref: `${DG}#maprun-fail-threshold`,
      definition: one({ Type: 'Map', ItemProcessor: failOnNegative }),
      input: [1, -1, 2],
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
      check: (r) => expect(mapRunOf(r)!.status).toBe('FAILED'),
    },
    {
      name: 'failures within ToleratedFailureCount succeed, the failed child described in the output',
      ref: `${DG}#maprun-fail-threshold`,
      definition: one({ Type: 'Map', ToleratedFailureCount: 1, ItemProcessor: failOnNegative }),
      input: [1, -1],
      check: (r) => {
        expect(r.status).toBe('SUCCEEDED');
        if (r.status !== 'SUCCEEDED') return;
        const [ok, bad] = r.output as [number, Record<string, unknown>];
        expect(ok).toBe(1);
        expect(bad).toMatchObject({ Status: 'FAILED', Error: 'Negative', Cause: 'below zero', Input: '-1' });
        expect(mapRunCounts(r.execution.mapRuns()[0]!, true)).toMatchObject({ succeeded: 1, failed: 1 });
      },
    },
    {
      name: 'ToleratedFailurePercentage alone: 50 % of 4 tolerates 2',
      ref: `${DG}#maprun-fail-threshold`,
      definition: one({ Type: 'Map', ToleratedFailurePercentage: 50, ItemProcessor: failOnNegative }),
      input: [-1, -2, 3, 4],
      check: (r) => expect(r.status).toBe('SUCCEEDED'),
    },
    {
      name: 'ToleratedFailurePercentage: 50 % of 4 tolerates 2, not 3',
      ref: `${DG}#maprun-fail-threshold`,
      definition: one({ Type: 'Map', ToleratedFailurePercentage: 50, ItemProcessor: failOnNegative }),
      input: [-1, -2, -3, 4],
      error: 'States.ExceedToleratedFailureThreshold',
    },
    {
      name: "ToleratedFailureCountPath below zero is AWS's runtime error",
      ref: 'AWS-REC: first recorded set',
      definition: one({
        Type: 'Map',
        ToleratedFailureCountPath: '$.n',
        ItemsPath: '$.xs',
        ItemProcessor: passThrough,
      }),
      input: { n: -1, xs: [1] },
      error: 'States.Runtime',
      cause: at('A', 2, 'ToleratedFailureCount cannot be negative.'),
    },
    {
      name: 'the threshold error is caught like any other',
      ref: `${DG}#maprun-fail-threshold`,
      definition: machine({
        M: {
          Type: 'Map',
          ItemProcessor: failOnNegative,
          Catch: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', Result: 'caught', End: true },
      }),
      input: [-1],
      output: 'caught',
    },
    {
      name: 'a JSONata distributed Map with a numeric-string MaxConcurrency expression is refused',
      ref: DG,
      definition: ata({ Type: 'Map', MaxConcurrency: "{% '2' %}", Items: [1], ItemProcessor: passThrough }),
      error: 'States.QueryEvaluationError',
    },
  ]);
});

describe('ItemReader', () => {
  const s3 = (objects: Record<string, string>) => fakeS3(objects).integrations;
  runCases([
    {
      name: 'a JSON array object',
      ref: READER_DG,
      definition: read(reader('JSON')),
      integrations: s3({ 'in/data': '[{"a":1},{"a":2}]' }),
      output: [{ a: 1 }, { a: 2 }],
    },
    {
      name: 'a JSON object that is not an array fails with States.ItemReaderFailed',
      ref: 'AWS-REC: "Attempting to map over non-iterable node."',
      definition: read(reader('JSON')),
      integrations: s3({ 'in/data': '{"a":1}' }),
      error: 'States.ItemReaderFailed',
      cause: 'Attempting to map over non-iterable node.',
    },
    {
      name: 'JSON Lines, MaxItems keeps the first items',
      ref: READER_DG,
      definition: read(reader('JSONL', { MaxItems: 2 })),
      integrations: s3({ 'in/data': '{"n":1}\n{"n":2}\n\n{"n":3}\n' }),
      output: [{ n: 1 }, { n: 2 }],
    },
    {
      name: 'CSV with a header row: each row an object of strings',
      ref: READER_DG,
      definition: read(reader('CSV', { CSVHeaderLocation: 'FIRST_ROW' })),
      integrations: s3({ 'in/data': 'id,name\r\n1,"Smith, J"\r\n2,Lee\r\n' }),
      output: [
        { id: '1', name: 'Smith, J' },
        { id: '2', name: 'Lee' },
      ],
    },
    {
      name: 'CSV without a header row, headers given, pipe-delimited',
      ref: READER_DG,
      definition: read(
        reader('CSV', { CSVHeaderLocation: 'GIVEN', CSVHeaders: ['x', 'y'], CSVDelimiter: 'PIPE' }),
      ),
      integrations: s3({ 'in/data': '1|2\n3|4\n' }),
      output: [
        { x: '1', y: '2' },
        { x: '3', y: '4' },
      ],
    },
    {
      name: 'CSV headers with a duplicate fail',
      ref: 'AWS-REC: "CSV headers cannot contain duplicates."',
      definition: read(reader('CSV', { CSVHeaderLocation: 'FIRST_ROW' })),
      integrations: s3({ 'in/data': 'a,a\n1,2\n' }),
      error: 'States.ItemReaderFailed',
      cause: 'CSV headers cannot contain duplicates.',
    },
    {
      name: 'a missing object is States.ItemReaderFailed',
      ref: READER_DG,
      definition: read(reader('JSON', {}, 'nope')),
      integrations: s3({}),
      error: 'States.ItemReaderFailed',
      cause: /NoSuchKey/,
    },
    {
      name: 'an S3 listing: one item per object, over several pages',
      ref: READER_DG,
      definition: one({
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:listObjectsV2',
          Parameters: { Bucket: 'in', Prefix: 'p/' },
        },
        ItemSelector: { 'key.$': '$$.Map.Item.Value.Key' },
        ItemProcessor: passThrough,
      }),
      integrations: s3(
        Object.fromEntries(
          Array.from({ length: 2500 }, (_, i) => [`in/p/${String(i).padStart(4, '0')}`, 'x']),
        ),
      ),
      check: (r) => {
        expect(r.status).toBe('SUCCEEDED');
        if (r.status !== 'SUCCEEDED') return;
        const out = r.output as { key: string }[];
        expect(out).toHaveLength(2500);
        expect(out[2499]).toEqual({ key: 'p/2499' });
      },
    },
    {
      name: "a listing item has AWS's fields",
      ref: READER_DG,
      definition: read({ Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'in' } }),
      integrations: s3({ 'in/k': 'abc' }),
      output: [{ Etag: '"etag"', Key: 'k', LastModified: 1767225600, Size: 3, StorageClass: 'STANDARD' }],
    },
    {
      name: 'JSONata Arguments name the object',
      ref: READER_DG,
      definition: ata({
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON' },
          Arguments: { Bucket: 'in', Key: '{% $states.input.key %}' },
        },
        ItemProcessor: passThrough,
      }),
      input: { key: 'k2' },
      integrations: s3({ 'in/k2': '[7]' }),
      output: [7],
    },
    {
      name: 'ItemsPointer is refused at definition time, with the reason',
      ref: READER_DG,
      definition: read(reader('JSON', { ItemsPointer: '/items' })),
      invalid: {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/A/ItemReader/ReaderConfig/ItemsPointer',
      },
    },
    {
      name: 'Parquet is refused at definition time, with the reason',
      ref: READER_DG,
      definition: read(reader('PARQUET')),
      invalid: { code: 'SCHEMA_VALIDATION_FAILED', location: '/States/A/ItemReader/ReaderConfig/InputType' },
    },
  ]);
});

describe('ItemBatcher', () => {
  runCases([
    {
      name: 'MaxItemsPerBatch groups items; BatchInput goes with every batch',
      ref: 'https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html',
      definition: one({
        Type: 'Map',
        ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'job.$': '$.job' } },
        ItemsPath: '$.xs',
        ItemProcessor: passThrough,
      }),
      input: { xs: [1, 2, 3], job: 'j' },
      output: [
        { BatchInput: { job: 'j' }, Items: [1, 2] },
        { BatchInput: { job: 'j' }, Items: [3] },
      ],
      check: (r) => {
        const run = mapRunOf(r)!;
        expect(mapRunCounts(run, true).total).toBe(3);
        expect(mapRunCounts(run, false).total).toBe(2);
      },
    },
  ]);
});

describe('ResultWriter', () => {
  it_writes();
  runCases([
    {
      name: 'WriterConfig alone previews: FLATTEN flattens array outputs',
      ref: WRITER_DG,
      definition: one({
        Type: 'Map',
        ResultWriter: { WriterConfig: { Transformation: 'FLATTEN', OutputType: 'JSON' } },
        ItemProcessor: passThrough,
      }),
      input: [[1, 2], [3]],
      output: [1, 2, 3],
    },
    {
      name: 'an empty ResultWriter is refused',
      ref: WRITER_DG,
      definition: one({ Type: 'Map', ResultWriter: {}, ItemProcessor: passThrough }),
      invalid: { code: 'SCHEMA_VALIDATION_FAILED', location: '/States/A/ResultWriter' },
    },
  ]);
});

function it_writes() {
  const { store, integrations } = fakeS3();
  runCases([
    {
      name: 'writes a manifest and one file per status under <Prefix>/<map run id>/',
      ref: WRITER_DG,
      definition: one({
        Type: 'Map',
        ToleratedFailureCount: 5,
        ResultWriter: {
          Resource: 'arn:aws:states:::s3:putObject',
          Parameters: { Bucket: 'out', Prefix: 'jobs' },
        },
        ItemProcessor: failOnNegative,
      }),
      input: [1, -1, 2],
      integrations,
      check: (r) => {
        expect(r.status).toBe('SUCCEEDED');
        if (r.status !== 'SUCCEEDED') return;
        const run = r.execution.mapRuns()[0]!;
        const id = run.mapRunArn.split(':').pop();
        expect(r.output).toEqual({
          MapRunArn: run.mapRunArn,
          ResultWriterDetails: { Bucket: 'out', Key: `jobs/${id}/manifest.json` },
        });
        const manifest = JSON.parse(store.get(`out/jobs/${id}/manifest.json`)!);
        expect(manifest).toMatchObject({ DestinationBucket: 'out', MapRunArn: run.mapRunArn });
        expect(manifest.ResultFiles.SUCCEEDED).toEqual([
          { Key: `jobs/${id}/SUCCEEDED_0.json`, Size: store.get(`out/jobs/${id}/SUCCEEDED_0.json`)!.length },
        ]);
        expect(manifest.ResultFiles.PENDING).toEqual([]);
        const succeeded = JSON.parse(store.get(`out/jobs/${id}/SUCCEEDED_0.json`)!);
        expect(succeeded.map((x: { Output: string }) => x.Output)).toEqual(['1', '2']);
        expect(succeeded[0]).toMatchObject({
          Input: '1',
          Status: 'SUCCEEDED',
          InputDetails: { Included: true },
        });
        const failed = JSON.parse(store.get(`out/jobs/${id}/FAILED_0.json`)!);
        expect(failed).toMatchObject([{ Status: 'FAILED', Error: 'Negative', Input: '-1' }]);
        expect(mapRunCounts(run, true).resultsWritten).toBe(3);
      },
    },
  ]);
}

describe('the S3 resources of ItemReader and ResultWriter', () => {
  runCases([
    {
      name: 'are not Task resources',
      ref: 'https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html',
      definition: one({ Type: 'Task', Resource: 'arn:aws:states:::s3:getObject' }),
      integrations: fakeS3().integrations,
      invalid: {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/A/Resource',
        message: /is not recognized/,
      },
    },
  ]);
});
