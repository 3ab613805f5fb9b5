/** Definition checks specific to each state type: Task, Wait, Fail, Choice, Parallel, Map. */
import { checkIntrinsic } from '../query/intrinsics';
import { looksLikeIntrinsic } from '../query/intrinsic-parser';
import { expressionOf } from '../query/jsonata';
import { isValidPath } from '../query/jsonpath';
import type { StateDef } from '../execution/runtime';
import { parseTimestamp } from '../query/timestamp';
import type { Checks } from './checks';
import { checkChoice } from './choice';
import { checkMapMode } from './map';

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export function checkStateType(
  c: Checks,
  s: StateDef,
  at: string,
  lang: 'JSONPath' | 'JSONata',
  states: Record<string, unknown>,
): void {
  const jsonata = lang === 'JSONata';
  const intField = (f: string, min: number, max = 99999999) => {
    const v = s[f];
    if (v === undefined || (jsonata && expressionOf(v) !== undefined)) return;
    if (!isInt(v)) c.schema(`Expected value of type [INTEGER]`, `${at}/${f}`);
    else if (v < min || v > max) c.schema(`Value should be between ${min} and ${max}`, `${at}/${f}`);
  };
  const oneOf = (fields: string[], required: boolean) => {
    const present = fields.filter((f) => s[f] !== undefined);
    if (present.length > 1 || (required && present.length === 0))
      c.schema(`Exactly one of these fields must be provided: [${fields.join(', ')}]`, at);
  };
  switch (s.Type) {
    case 'Task': {
      if (typeof s.Resource !== 'string') c.schema('These fields are required: [Resource]', at);
      else c.resource(s.Resource, `${at}/Resource`);
      intField('TimeoutSeconds', 1);
      intField('HeartbeatSeconds', 1);
      oneOf(['TimeoutSeconds', 'TimeoutSecondsPath'], false);
      oneOf(['HeartbeatSeconds', 'HeartbeatSecondsPath'], false);
      if (isInt(s.TimeoutSeconds) && isInt(s.HeartbeatSeconds) && s.HeartbeatSeconds >= s.TimeoutSeconds) {
        c.schema('HeartbeatSeconds must be smaller than TimeoutSeconds', `${at}/HeartbeatSeconds`);
      }
      if (
        s.Credentials !== undefined &&
        !(
          isObj(s.Credentials) &&
          ('RoleArn' in s.Credentials || 'RoleArn.$' in s.Credentials || 'RoleArnPath' in s.Credentials)
        )
      ) {
        c.schema("The field 'RoleArn' is required but was missing", `${at}/Credentials`);
      }
      break;
    }
    case 'Wait': {
      oneOf(
        jsonata ? ['Seconds', 'Timestamp'] : ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'],
        true,
      );
      intField('Seconds', 0);
      if (
        s.Timestamp !== undefined &&
        !(jsonata && expressionOf(s.Timestamp) !== undefined) &&
        parseTimestamp(s.Timestamp) === undefined
      ) {
        c.schema('String does not match RFC3339 timestamp', `${at}/Timestamp`);
      }
      break;
    }
    case 'Fail': {
      if (s.Error !== undefined && s.ErrorPath !== undefined)
        c.schema('Exactly one of these fields must be provided: [Error, ErrorPath]', at);
      if (s.Cause !== undefined && s.CausePath !== undefined)
        c.schema('Exactly one of these fields must be provided: [Cause, CausePath]', at);
      for (const f of ['Error', 'Cause'])
        if (s[f] !== undefined && typeof s[f] !== 'string')
          c.schema('Expected value of type [STRING]', `${at}/${f}`);
      for (const f of ['ErrorPath', 'CausePath']) {
        const v = s[f];
        if (
          v !== undefined &&
          !(typeof v === 'string' && (looksLikeIntrinsic(v) ? !checkIntrinsic(v.trim()) : isValidPath(v)))
        ) {
          c.schema(
            `The value for the field '${f}' must be a valid JSONPath or a valid intrinsic function call`,
            `${at}/${f}`,
          );
        }
      }
      break;
    }
    case 'Choice':
      checkChoice(c, s, at, jsonata, states);
      break;
    case 'Parallel': {
      if (!Array.isArray(s.Branches)) c.schema('These fields are required: [Branches]', at);
      else if (s.Branches.length === 0) c.schema('Value cannot be empty', `${at}/Branches`);
      else (s.Branches as unknown[]).forEach((b, i) => c.nested(b, `${at}/Branches[${i}]`));
      break;
    }
    case 'Map': {
      const processor = s.ItemProcessor ?? s.Iterator;
      const processorAt = `${at}/${s.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator'}`;
      if (processor === undefined) c.schema('These fields are required: [ItemProcessor]', at);
      else c.nested(processor, processorAt);
      checkMapMode(
        c,
        s,
        at,
        isObj(processor) &&
          isObj(processor.ProcessorConfig) &&
          processor.ProcessorConfig.Mode === 'DISTRIBUTED',
      );
      intField('MaxConcurrency', 0);
      intField('ToleratedFailureCount', 0);
      const pct = s.ToleratedFailurePercentage;
      if (
        pct !== undefined &&
        !(jsonata && expressionOf(pct) !== undefined) &&
        !(typeof pct === 'number' && pct >= 0 && pct <= 100)
      ) {
        c.schema('Value should be between 0 and 100', `${at}/ToleratedFailurePercentage`);
      }
      if (jsonata && s.Items !== undefined && expressionOf(s.Items) === undefined && !Array.isArray(s.Items))
        c.schema('Expected value of type [ARRAY]', `${at}/Items`);
      break;
    }
  }
}
