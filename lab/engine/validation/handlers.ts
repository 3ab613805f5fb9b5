/**
 * Definition checks of Retry and Catch (docs/aws/step-functions.md §6): field types, error names, States.ALL
 * alone and last.
 */
import { PREDEFINED_ERRORS } from './fields';
import { expressionOf } from '../query/jsonata';
import type { StateDef } from '../execution/runtime';
import type { Checks } from './checks';

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function errorEquals(c: Checks, value: unknown, loc: string, last: boolean): void {
  if (!Array.isArray(value) || value.length === 0 || value.some((x) => typeof x !== 'string')) {
    return c.schema('ErrorEquals must be a non-empty array of strings', `${loc}/ErrorEquals`);
  }
  if (value.includes('States.ALL') && (value.length > 1 || !last)) {
    c.schema(
      "'States.ALL' must appear alone in ErrorEquals and only in the last element",
      `${loc}/ErrorEquals`,
    );
  }
  for (const name of value as string[]) {
    if (name.startsWith('States.') && !PREDEFINED_ERRORS.has(name))
      c.schema(`'${name}' is not a predefined error name`, `${loc}/ErrorEquals`);
  }
}

export function checkErrorHandlers(
  c: Checks,
  s: StateDef,
  at: string,
  lang: 'JSONPath' | 'JSONata',
  states: Record<string, unknown>,
): void {
  if (s.Retry !== undefined) {
    if (!Array.isArray(s.Retry)) c.schema('Expected value of type [ARRAY]', `${at}/Retry`);
    else
      s.Retry.forEach((r: unknown, i: number, all: unknown[]) => {
        const loc = `${at}/Retry[${i}]`;
        if (!isObj(r)) return c.schema('Expected value of type [OBJECT]', loc);
        errorEquals(c, r.ErrorEquals, loc, i === all.length - 1);
        const int = (f: string, min: number, max: number) => {
          if (r[f] !== undefined && !(isInt(r[f]) && (r[f] as number) >= min && (r[f] as number) <= max))
            c.schema(`Value should be an integer between ${min} and ${max}`, `${loc}/${f}`);
        };
        int('IntervalSeconds', 1, 99999999);
        int('MaxAttempts', 0, 99999999);
        int('MaxDelaySeconds', 1, 31622400);
        if (r.BackoffRate !== undefined && !(typeof r.BackoffRate === 'number' && r.BackoffRate >= 1))
          c.schema('Value should be a number >= 1.0', `${loc}/BackoffRate`);
        if (r.JitterStrategy !== undefined && r.JitterStrategy !== 'FULL' && r.JitterStrategy !== 'NONE')
          c.schema('Value should be one of the following: [FULL, NONE]', `${loc}/JitterStrategy`);
        for (const k of Object.keys(r)) {
          if (
            ![
              'ErrorEquals',
              'IntervalSeconds',
              'MaxAttempts',
              'BackoffRate',
              'MaxDelaySeconds',
              'JitterStrategy',
              'Comment',
            ].includes(k)
          )
            c.schema(`Field '${k}' is not supported`, `${loc}/${k}`);
        }
      });
  }
  if (s.Catch !== undefined) {
    if (!Array.isArray(s.Catch)) return c.schema('Expected value of type [ARRAY]', `${at}/Catch`);
    s.Catch.forEach((k: unknown, i: number, all: unknown[]) => {
      const loc = `${at}/Catch[${i}]`;
      if (!isObj(k)) return c.schema('Expected value of type [OBJECT]', loc);
      errorEquals(c, k.ErrorEquals, loc, i === all.length - 1);
      if (k.Next === undefined) c.schema('These fields are required: [Next]', loc);
      else if (typeof k.Next !== 'string' || !(k.Next in states))
        c.error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${String(k.Next)}`, `${loc}/Next`);
      const allowed =
        lang === 'JSONata'
          ? ['ErrorEquals', 'Next', 'Output', 'Assign', 'Comment']
          : ['ErrorEquals', 'Next', 'ResultPath', 'Assign', 'Comment'];
      for (const f of Object.keys(k)) {
        if (allowed.includes(f)) continue;
        if (f === 'Output' || f === 'ResultPath') {
          const other = lang === 'JSONata' ? 'JSONPath' : 'JSONata';
          c.schema(
            `The QueryLanguage is set to '${lang}', but field '${f}' is only supported for the '${other}' QueryLanguage`,
            `${loc}/${f}`,
          );
        } else c.schema(`Field '${f}' is not supported`, `${loc}/${f}`);
      }
      if (k.Assign !== undefined) c.assign(k.Assign, `${loc}/Assign`);
      if (lang === 'JSONata') {
        for (const f of ['Output', 'Assign'])
          if (k[f] !== undefined) c.jsonata(k[f], `${loc}/${f}`, { errorOutput: true });
      } else {
        if (
          k.ResultPath !== undefined &&
          k.ResultPath !== null &&
          !(
            typeof k.ResultPath === 'string' &&
            k.ResultPath.startsWith('$') &&
            !k.ResultPath.startsWith('$$')
          )
        ) {
          c.schema(
            "The value for the field 'ResultPath' must be a valid Reference Path",
            `${loc}/ResultPath`,
          );
        }
        if (k.Assign !== undefined && expressionOf(k.Assign) === undefined)
          c.template(k.Assign, `${loc}/Assign`);
      }
    });
  }
}
