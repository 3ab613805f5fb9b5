/**
 * Definition checks of a Map's distributed-only fields (ItemReader, ItemBatcher, ResultWriter, Label):
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html. Where the lab cannot
 * do what AWS does (an ItemReader other than an S3 object or listing, Parquet, S3 inventory manifests), the
 * definition is refused here with the reason, never run differently.
 */
import type { StateDef } from '../execution/runtime';
import { GET_OBJECT, INPUT_TYPES, LIST_OBJECTS, PUT_OBJECT } from '../execution/map-runs';
import type { Checks } from './checks';

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

// Label is accepted (and unused) by an inline Map, as before: whether AWS refuses it there is not recorded
const DISTRIBUTED_ONLY = ['ItemReader', 'ItemBatcher', 'ResultWriter'];

export function checkMapMode(c: Checks, s: StateDef, at: string, distributed: boolean): void {
  if (!distributed) {
    for (const f of DISTRIBUTED_ONLY)
      if (s[f] !== undefined)
        c.schema(`The field '${f}' is only supported for a Map state in DISTRIBUTED mode`, `${at}/${f}`);
    return;
  }
  if (s.ItemReader !== undefined) checkReader(c, s.ItemReader, `${at}/ItemReader`);
  if (s.ResultWriter !== undefined) checkWriter(c, s.ResultWriter, `${at}/ResultWriter`);
  if (s.ItemBatcher !== undefined && !isObj(s.ItemBatcher))
    c.schema('Expected value of type [OBJECT]', `${at}/ItemBatcher`);
  if (
    s.Label !== undefined &&
    (typeof s.Label !== 'string' || !/^[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,40}$/.test(s.Label))
  )
    c.schema(
      'Label must be at most 40 characters, without whitespace or any of < > { } [ ] ? * " # % \\ ^ | ~ ` $ & , ; : /',
      `${at}/Label`,
    );
}

function checkReader(c: Checks, reader: unknown, at: string): void {
  if (!isObj(reader)) return c.schema('Expected value of type [OBJECT]', at);
  if (typeof reader.Resource !== 'string') return c.schema('These fields are required: [Resource]', at);
  if (reader.Resource !== GET_OBJECT && reader.Resource !== LIST_OBJECTS)
    return c.schema(
      `The lab's ItemReader reads ${GET_OBJECT} and ${LIST_OBJECTS} only, not '${reader.Resource}'`,
      `${at}/Resource`,
    );
  const config = reader.ReaderConfig;
  if (config !== undefined && !isObj(config))
    return c.schema('Expected value of type [OBJECT]', `${at}/ReaderConfig`);
  if (isObj(config) && config.ItemsPointer !== undefined)
    return c.schema(
      "The lab's ItemReader does not read ItemsPointer (items inside a JSON object)",
      `${at}/ReaderConfig/ItemsPointer`,
    );
  if (reader.Resource === LIST_OBJECTS) return;
  if (!isObj(config) || config.InputType === undefined)
    return c.schema('These fields are required: [InputType]', `${at}/ReaderConfig`);
  if (!INPUT_TYPES.includes(config.InputType as string))
    c.schema(
      `The lab's ItemReader reads InputType ${INPUT_TYPES.join(', ')} only, not '${String(config.InputType)}'`,
      `${at}/ReaderConfig/InputType`,
    );
  if (config.InputType === 'CSV' && config.CSVHeaderLocation === 'GIVEN' && !Array.isArray(config.CSVHeaders))
    c.schema('CSVHeaders is required when CSVHeaderLocation is GIVEN', `${at}/ReaderConfig`);
}

function checkWriter(c: Checks, writer: unknown, at: string): void {
  if (!isObj(writer)) return c.schema('Expected value of type [OBJECT]', at);
  if (writer.Resource === undefined && writer.WriterConfig === undefined)
    return c.schema(
      'The ResultWriter field cannot be empty: give WriterConfig, or Resource and Parameters',
      at,
    );
  if (writer.Resource !== undefined && writer.Resource !== PUT_OBJECT)
    c.schema(`The ResultWriter Resource must be ${PUT_OBJECT}`, `${at}/Resource`);
}
