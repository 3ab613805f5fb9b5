/** A distributed Map's inputs and outputs: ItemReader items, ItemSelector/ItemBatcher child inputs, ResultWriter. */
import { bindings, fromNumericString, selectPath, type sources } from './dataflow';
import { evaluateTemplate } from '../query/jsonata';
import type { MapRun } from '../types';
import { applyTemplate } from '../query/payload';
import { extendContext, type ContextSource, type StateCall } from '../execution/runtime';
import { StatesError } from '../types';
import { readItems, type ReaderConfig } from './item-reader';
import { transformed, writeResults, type WriterConfig } from './result-writer';

export interface MapIo {
  c: StateCall;
  jsonata: boolean;
  b: Record<string, unknown>;
  effective: unknown;
  src: ReturnType<typeof sources>;
  context: ContextSource;
}

type Obj = Record<string, unknown>;

export interface Batch {
  input: unknown;
  /** How many items the child runs. */
  items: number;
}

/** A template field: JSONata `Arguments`-style (`{% %}` anywhere) or JSONPath `Parameters`-style (`.$` keys). */
async function evaluated(io: MapIo, value: unknown, field: string): Promise<unknown> {
  if (value === undefined) return undefined;
  return io.jsonata ? evaluateTemplate(value, field, io.b) : applyTemplate(value, io.src);
}

/** A count field of ItemReader/ItemBatcher: literal, JSONata expression, or (JSONPath) `<name>Path`. */
async function count(io: MapIo, holder: Obj, name: string, where: string): Promise<number | undefined> {
  let value = await evaluated(io, holder[name], `${where}/${name}`);
  const path = holder[`${name}Path`];
  if (value === undefined && typeof path === 'string' && !io.jsonata) value = selectPath(path, io.src);
  value = fromNumericString(value);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new StatesError(
      'States.Runtime',
      `The field ${name} must be an integer but was: ${JSON.stringify(value)}`,
    );
  return value;
}

export async function readerItems(io: MapIo): Promise<unknown[]> {
  const reader = io.c.state.ItemReader as Obj;
  const parameters =
    (await evaluated(io, io.jsonata ? reader.Arguments : reader.Parameters, 'ItemReader')) ?? {};
  const config = (reader.ReaderConfig ?? {}) as Obj;
  const maxItems = await count(io, config, 'MaxItems', 'ItemReader/ReaderConfig');
  return readItems(io.c, reader.Resource as string, parameters as Obj, config as ReaderConfig, maxItems);
}

/** Each child's input: the selected item, or with an ItemBatcher `{BatchInput?, Items: [...]}`. */
export async function childInputs(io: MapIo, items: unknown[]): Promise<Batch[]> {
  const { c, jsonata } = io;
  const selector = c.state.ItemSelector ?? (jsonata ? undefined : c.state.Parameters);
  const selected: unknown[] = [];
  for (let index = 0; index < items.length; index++) {
    if (selector === undefined) {
      selected.push(items[index]);
      continue;
    }
    const itemContext = extendContext(io.context, { Map: { Item: { Index: index, Value: items[index] } } });
    selected.push(
      jsonata
        ? await evaluateTemplate(
            selector,
            'ItemSelector',
            bindings(c, { input: c.input, context: itemContext }),
          )
        : applyTemplate(selector, { ...io.src, context: itemContext }),
    );
  }
  const batcher = c.state.ItemBatcher as Obj | undefined;
  if (!batcher) return selected.map((input) => ({ input, items: 1 }));
  return batched(io, batcher, selected);
}

async function batched(io: MapIo, batcher: Obj, selected: unknown[]): Promise<Batch[]> {
  const maxItems = (await count(io, batcher, 'MaxItemsPerBatch', 'ItemBatcher')) ?? Infinity;
  const maxBytes = (await count(io, batcher, 'MaxInputBytesPerBatch', 'ItemBatcher')) ?? 262_144;
  const batchInput = await evaluated(io, batcher.BatchInput, 'ItemBatcher/BatchInput');
  const batches: Batch[] = [];
  let group: unknown[] = [];
  let bytes = 2;
  const close = () => {
    if (group.length === 0) return;
    const input = batchInput === undefined ? { Items: group } : { BatchInput: batchInput, Items: group };
    batches.push({ input, items: group.length });
    group = [];
    bytes = 2;
  };
  for (const item of selected) {
    const size = Buffer.byteLength(JSON.stringify(item), 'utf8') + 1;
    if (group.length > 0 && (group.length >= maxItems || bytes + size > maxBytes)) close();
    group.push(item);
    bytes += size;
  }
  close();
  return batches;
}

/** The state's result: the children's outputs, WriterConfig's preview, or the S3 export's location. */
export async function writerResult(io: MapIo, mapRun: MapRun): Promise<unknown> {
  const writer = io.c.state.ResultWriter as Obj | undefined;
  if (!writer) return transformed(mapRun.children, 'COMPACT');
  const config = (writer.WriterConfig ?? {}) as WriterConfig;
  if (writer.Resource === undefined) return transformed(mapRun.children, config.Transformation ?? 'COMPACT');
  const parameters = await evaluated(io, io.jsonata ? writer.Arguments : writer.Parameters, 'ResultWriter');
  return writeResults(io.c, mapRun, (parameters ?? {}) as Obj, config);
}
