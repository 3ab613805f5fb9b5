/** Definition checks, like ValidateStateMachineDefinition (reference §1.2): structure, transitions, fields. */
import { OPERATORS } from './choice';
import { FIELDS, JSONATA_ONLY, JSONPATH_ONLY, STATE_TYPES, fieldLanguages } from './fields';
import { checkIntrinsic } from './intrinsics';
import { looksLikeIntrinsic } from './intrinsic-parser';
import { expressionOf } from './jsonata';
import { isReferencePath, isValidPath } from './jsonpath';
import { pathKind } from './paths';
import { isServiceIntegration } from './resource';
import type { Machine, StateDef, StatesBlock } from './runtime';
import { parseTimestamp } from './timestamp';
import type { Diagnostic, IntegrationResolver } from './types';
import { checkErrorHandlers } from './validate-handlers';
import { checkJsonata } from './validate-jsonata';

export interface Checked {
  machine?: Machine;
  diagnostics: Diagnostic[];
}

type Lang = 'JSONPath' | 'JSONata';
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const VARIABLE_NAME = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

export class Checker {
  readonly diagnostics: Diagnostic[] = [];
  private readonly names = new Set<string>();
  constructor(
    readonly topLanguage: Lang,
    private readonly integrations?: IntegrationResolver,
  ) {}

  error(code: string, message: string, location?: string): void {
    this.diagnostics.push({ severity: 'ERROR', code, message, location });
  }
  schema(message: string, location: string): void {
    this.error('SCHEMA_VALIDATION_FAILED', message, location);
  }

  block(block: unknown, at: string): void {
    if (!isObj(block)) return this.schema('Expected value of type [OBJECT]', at);
    const missing = ['States', 'StartAt'].filter((k) => block[k] === undefined);
    if (missing.length) return this.schema(`These fields are required: [${missing.join(', ')}]`, at || '/');
    if (!isObj(block.States)) return this.schema('Expected value of type [OBJECT]', `${at}/States`);
    const states = block.States as Record<string, unknown>;
    if (typeof block.StartAt !== 'string') return this.schema('Expected value of type [STRING]', `${at}/StartAt`);
    if (!(block.StartAt in states)) this.error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${block.StartAt}`, `${at}/StartAt`);
    for (const [name, state] of Object.entries(states)) {
      if (this.names.has(name)) this.error('DUPLICATE_STATE_NAME', `Duplicate State name: ${name}`, `${at}/States/${name}`);
      this.names.add(name);
      if (name.length > 80) this.schema('State name exceeds the maximum length of 80 characters', `${at}/States/${name}`);
      this.state(name, state, `${at}/States/${name}`, states);
    }
    this.reachability(block as unknown as StatesBlock, at);
  }

  private reachability(block: StatesBlock, at: string): void {
    const seen = new Set<string>();
    const queue = [block.StartAt];
    let terminal = false;
    while (queue.length) {
      const name = queue.pop()!;
      if (seen.has(name) || !block.States[name]) continue;
      seen.add(name);
      const s = block.States[name]!;
      const targets: unknown[] = [s.Next, s.Default];
      if (Array.isArray(s.Choices)) targets.push(...s.Choices.map((c: Record<string, unknown>) => c?.Next));
      if (Array.isArray(s.Catch)) targets.push(...s.Catch.map((c: Record<string, unknown>) => c?.Next));
      for (const t of targets) if (typeof t === 'string') queue.push(t);
      if (s.End === true || s.Type === 'Succeed' || s.Type === 'Fail') terminal = true;
    }
    for (const name of Object.keys(block.States)) {
      if (!seen.has(name)) this.error('UNREACHABLE_STATE', `State '${name}' is not reachable`, `${at}/States/${name}`);
    }
    if (!terminal && seen.size > 0) this.error('MISSING_END_STATE', 'Workflow has no terminal state', at || '/');
  }

  private target(next: unknown, states: Record<string, unknown>, loc: string): void {
    if (typeof next !== 'string') return this.schema('Expected value of type [STRING]', loc);
    if (!(next in states)) this.error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${next}`, loc);
  }

  private state(name: string, raw: unknown, at: string, states: Record<string, unknown>): void {
    if (!isObj(raw)) return this.schema('Expected value of type [OBJECT]', at);
    const s = raw as StateDef;
    if (!STATE_TYPES.includes(s.Type)) {
      return this.schema(`The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]`, `${at}/Type`);
    }
    let lang: Lang = this.topLanguage;
    if (s.QueryLanguage !== undefined) {
      if (typeof s.QueryLanguage !== 'string') this.schema('Expected value of type [STRING]', `${at}/QueryLanguage`);
      else if (s.QueryLanguage !== 'JSONPath' && s.QueryLanguage !== 'JSONata') this.schema('Value should be one of the following: [JSONPath, JSONata]', `${at}/QueryLanguage`);
      else if (this.topLanguage === 'JSONata' && s.QueryLanguage === 'JSONPath') this.schema("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", at);
      else lang = s.QueryLanguage;
    }
    for (const field of Object.keys(s)) {
      const langs = fieldLanguages(s.Type, field);
      if (langs.includes(lang)) continue;
      if (langs.length > 0 || JSONPATH_ONLY.has(field) || JSONATA_ONLY.has(field)) {
        const other = lang === 'JSONPath' ? 'JSONata' : 'JSONPath';
        if (langs.length > 0 || (other === 'JSONata' ? JSONATA_ONLY : JSONPATH_ONLY).has(field)) {
          this.schema(`The QueryLanguage is set to '${lang}', but field '${field}' is only supported for the '${other}' QueryLanguage`, `${at}/${field}`);
          continue;
        }
      }
      this.schema(`Field '${field}' is not supported`, `${at}/${field}`);
    }
    const terminal = s.Type === 'Succeed' || s.Type === 'Fail' || s.Type === 'Choice';
    if (!terminal) {
      if (s.Next !== undefined && s.End !== undefined) this.schema('Exactly one of these fields must be provided: [Next, End]', at);
      else if (s.Next !== undefined) this.target(s.Next, states, `${at}/Next`);
      else if (s.End !== true) this.error('MISSING_TRANSITION_TARGET', "State must have either 'Next' or 'End: true'", at);
    }
    if (s.Comment !== undefined && typeof s.Comment !== 'string') this.schema('Expected value of type [STRING]', `${at}/Comment`);
    this.values(s, at, lang);
    this.byType(s, at, lang, states);
    checkErrorHandlers(this, s, at, lang, states);
  }

  /** Language-specific value checks of the common data-flow fields. */
  private values(s: StateDef, at: string, lang: Lang): void {
    if (lang === 'JSONPath') {
      for (const f of ['InputPath', 'OutputPath']) if (s[f] !== undefined && s[f] !== null) this.path(s[f], `${at}/${f}`);
      if (s.ResultPath !== undefined) this.resultPath(s.ResultPath, `${at}/ResultPath`);
      for (const f of ['Parameters', 'ResultSelector', 'ItemSelector', 'Assign']) if (s[f] !== undefined) this.template(s[f], `${at}/${f}`, f !== 'Parameters' || s.Type !== 'Map');
      if (s.ItemsPath !== undefined && !(typeof s.ItemsPath === 'string' && (isReferencePath(s.ItemsPath) || pathKind(s.ItemsPath) !== 'input') && isValidPath(s.ItemsPath))) {
        this.schema('The value for the field \'ItemsPath\' must be a valid Reference Path', `${at}/ItemsPath`);
      }
      for (const f of ['TimeoutSecondsPath', 'HeartbeatSecondsPath', 'SecondsPath', 'TimestampPath', 'MaxConcurrencyPath', 'ToleratedFailureCountPath', 'ToleratedFailurePercentagePath']) {
        if (s[f] !== undefined) this.path(s[f], `${at}/${f}`);
      }
    } else {
      for (const f of ['Arguments', 'Output', 'Assign', 'Items', 'ItemSelector']) if (s[f] !== undefined) this.jsonata(s[f], `${at}/${f}`, { result: ['Task', 'Map', 'Parallel'].includes(s.Type) && (f === 'Output' || f === 'Assign') });
      for (const f of ['TimeoutSeconds', 'HeartbeatSeconds', 'Seconds', 'Timestamp', 'MaxConcurrency', 'ToleratedFailureCount', 'ToleratedFailurePercentage', 'Error', 'Cause']) {
        if (expressionOf(s[f]) !== undefined) this.jsonata(s[f], `${at}/${f}`, {});
      }
    }
    if (s.Assign !== undefined) this.assign(s.Assign, `${at}/Assign`);
  }

  assign(assign: unknown, loc: string): void {
    if (expressionOf(assign) !== undefined) return;
    if (!isObj(assign)) return this.schema('Expected value of type [OBJECT]', loc);
    for (const key of Object.keys(assign)) {
      const name = key.endsWith('.$') ? key.slice(0, -2) : key;
      if (name === 'states') this.schema("The variable name 'states' is reserved", `${loc}/${key}`);
      else if (!VARIABLE_NAME.test(name) || name.length > 80) this.schema(`The variable name '${name}' is not valid`, `${loc}/${key}`);
    }
  }

  path(value: unknown, loc: string): void {
    if (typeof value !== 'string' || !isValidPath(value)) this.schema(`The value for the field '${loc.split('/').pop()}' must be a valid JSONPath`, loc);
  }

  private resultPath(value: unknown, loc: string): void {
    if (value === null) return;
    if (typeof value !== 'string' || !isReferencePath(value) || value.startsWith('$$') || pathKind(value) === 'variable') {
      this.schema("The value for the field 'ResultPath' must be a valid Reference Path", loc);
    }
  }

  /** JSONPath payload template: every `.$` value is a path or an intrinsic; no duplicate keys after stripping. */
  template(value: unknown, loc: string, _top = true): void {
    if (Array.isArray(value)) return value.forEach((v, i) => this.template(v, `${loc}[${i}]`));
    if (!isObj(value)) return;
    const seen = new Set<string>();
    for (const [key, v] of Object.entries(value)) {
      const bare = key.endsWith('.$') ? key.slice(0, -2) : key;
      if (seen.has(bare)) this.schema(`The field '${bare}' appears more than once`, loc);
      seen.add(bare);
      if (key.endsWith('.$')) {
        const ok = typeof v === 'string' && (looksLikeIntrinsic(v) ? checkIntrinsic(v.trim()) === undefined : isValidPath(v));
        if (!ok) this.schema(`The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`, loc);
      } else this.template(v, `${loc}/${key}`);
    }
  }

  /** Every `{% %}` string inside `value` must parse and obey the restrictions. */
  jsonata(value: unknown, loc: string, allow: { result?: boolean; errorOutput?: boolean }): void {
    const expr = expressionOf(value);
    if (expr !== undefined) {
      const problem = checkJsonata(expr);
      if (problem) return this.error(problem.code, problem.message, loc);
      if (!allow.result && /\$states\.result\b/.test(expr)) this.error('INVALID_JSONATA_EXPRESSION', "The field references '$states.result', which is not available here", loc);
      if (!allow.errorOutput && /\$states\.errorOutput\b/.test(expr)) this.error('INVALID_JSONATA_EXPRESSION', "The field references '$states.errorOutput', which is only available in a Catcher", loc);
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => this.jsonata(v, `${loc}[${i}]`, allow));
    else if (isObj(value)) for (const [k, v] of Object.entries(value)) this.jsonata(v, `${loc}/${k}`, allow);
  }

  private byType(s: StateDef, at: string, lang: Lang, states: Record<string, unknown>): void {
    const jsonata = lang === 'JSONata';
    const intField = (f: string, min: number, max = 99999999) => {
      const v = s[f];
      if (v === undefined || (jsonata && expressionOf(v) !== undefined)) return;
      if (!isInt(v)) this.schema(`Expected value of type [INTEGER]`, `${at}/${f}`);
      else if (v < min || v > max) this.schema(`Value should be between ${min} and ${max}`, `${at}/${f}`);
    };
    const oneOf = (fields: string[], required: boolean) => {
      const present = fields.filter((f) => s[f] !== undefined);
      if (present.length > 1 || (required && present.length === 0)) this.schema(`Exactly one of these fields must be provided: [${fields.join(', ')}]`, at);
    };
    switch (s.Type) {
      case 'Task': {
        if (typeof s.Resource !== 'string') this.schema('These fields are required: [Resource]', at);
        else this.resource(s.Resource, `${at}/Resource`);
        intField('TimeoutSeconds', 1);
        intField('HeartbeatSeconds', 1);
        oneOf(['TimeoutSeconds', 'TimeoutSecondsPath'], false);
        oneOf(['HeartbeatSeconds', 'HeartbeatSecondsPath'], false);
        if (isInt(s.TimeoutSeconds) && isInt(s.HeartbeatSeconds) && s.HeartbeatSeconds >= s.TimeoutSeconds) {
          this.schema('HeartbeatSeconds must be smaller than TimeoutSeconds', `${at}/HeartbeatSeconds`);
        }
        if (s.Credentials !== undefined && !(isObj(s.Credentials) && ('RoleArn' in s.Credentials || 'RoleArn.$' in s.Credentials || 'RoleArnPath' in s.Credentials))) {
          this.schema("The field 'RoleArn' is required but was missing", `${at}/Credentials`);
        }
        break;
      }
      case 'Wait': {
        oneOf(jsonata ? ['Seconds', 'Timestamp'] : ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'], true);
        intField('Seconds', 0);
        if (s.Timestamp !== undefined && !(jsonata && expressionOf(s.Timestamp) !== undefined) && parseTimestamp(s.Timestamp) === undefined) {
          this.schema('String does not match RFC3339 timestamp', `${at}/Timestamp`);
        }
        break;
      }
      case 'Fail': {
        if (s.Error !== undefined && s.ErrorPath !== undefined) this.schema('Exactly one of these fields must be provided: [Error, ErrorPath]', at);
        if (s.Cause !== undefined && s.CausePath !== undefined) this.schema('Exactly one of these fields must be provided: [Cause, CausePath]', at);
        for (const f of ['Error', 'Cause']) if (s[f] !== undefined && typeof s[f] !== 'string') this.schema('Expected value of type [STRING]', `${at}/${f}`);
        for (const f of ['ErrorPath', 'CausePath']) {
          const v = s[f];
          if (v !== undefined && !(typeof v === 'string' && (looksLikeIntrinsic(v) ? !checkIntrinsic(v.trim()) : isValidPath(v)))) {
            this.schema(`The value for the field '${f}' must be a valid JSONPath or a valid intrinsic function call`, `${at}/${f}`);
          }
        }
        break;
      }
      case 'Choice':
        this.choice(s, at, jsonata, states);
        break;
      case 'Parallel': {
        if (!Array.isArray(s.Branches)) this.schema('These fields are required: [Branches]', at);
        else if (s.Branches.length === 0) this.schema('Value cannot be empty', `${at}/Branches`);
        else (s.Branches as unknown[]).forEach((b, i) => this.nested(b, `${at}/Branches[${i}]`));
        break;
      }
      case 'Map': {
        const processor = s.ItemProcessor ?? s.Iterator;
        if (processor === undefined) this.schema('These fields are required: [ItemProcessor]', at);
        else this.nested(processor, `${at}/${s.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator'}`);
        intField('MaxConcurrency', 0);
        intField('ToleratedFailureCount', 0);
        const pct = s.ToleratedFailurePercentage;
        if (pct !== undefined && !(jsonata && expressionOf(pct) !== undefined) && !(typeof pct === 'number' && pct >= 0 && pct <= 100)) {
          this.schema('Value should be between 0 and 100', `${at}/ToleratedFailurePercentage`);
        }
        if (jsonata && s.Items !== undefined && expressionOf(s.Items) === undefined && !Array.isArray(s.Items)) this.schema('Expected value of type [ARRAY]', `${at}/Items`);
        break;
      }
    }
  }

  private nested(block: unknown, at: string): void {
    if (isObj(block)) {
      for (const key of Object.keys(block)) {
        if (!['StartAt', 'States', 'Comment', 'ProcessorConfig'].includes(key)) this.schema(`Field '${key}' is not supported`, `${at}/${key}`);
      }
    }
    this.block(block, at);
  }

  private resource(resource: string, loc: string): void {
    if (!/^arn:[^:]+:[^:]+:/.test(resource)) return this.schema('Value is not a valid resource ARN', loc);
    if (isServiceIntegration(resource) && this.integrations && !this.integrations(resource)) {
      this.schema(`The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`, loc);
    }
  }

  private choice(s: StateDef, at: string, jsonata: boolean, states: Record<string, unknown>): void {
    if (!Array.isArray(s.Choices)) return this.schema('These fields are required: [Choices]', at);
    if (s.Choices.length === 0) return this.schema('Value cannot be empty', `${at}/Choices`);
    if (s.Default !== undefined) this.target(s.Default, states, `${at}/Default`);
    (s.Choices as unknown[]).forEach((rule, i) => {
      const loc = `${at}/Choices[${i}]`;
      if (!isObj(rule)) return this.schema('Expected value of type [OBJECT]', loc);
      if (rule.Next === undefined) this.schema('These fields are required: [Next]', loc);
      else this.target(rule.Next, states, `${loc}/Next`);
      if (rule.Assign !== undefined) {
        this.assign(rule.Assign, `${loc}/Assign`);
        if (jsonata) this.jsonata(rule.Assign, `${loc}/Assign`, {});
        else this.template(rule.Assign, `${loc}/Assign`);
      }
      if (jsonata) {
        if (rule.Condition === undefined) this.schema('These fields are required: [Condition]', loc);
        else if (typeof rule.Condition !== 'boolean' && expressionOf(rule.Condition) === undefined) this.schema('Expected value of type [BOOLEAN] or a JSONata expression', `${loc}/Condition`);
        else this.jsonata(rule.Condition, `${loc}/Condition`, {});
        if (rule.Output !== undefined) this.jsonata(rule.Output, `${loc}/Output`, {});
        for (const k of Object.keys(rule)) if (!['Condition', 'Next', 'Assign', 'Output', 'Comment'].includes(k)) this.schema(`Field '${k}' is not supported`, `${loc}/${k}`);
      } else {
        if (rule.Output !== undefined) this.schema("The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage", `${loc}/Output`);
        this.rule(rule, loc, true);
      }
    });
  }

  private rule(rule: Record<string, unknown>, loc: string, top: boolean): void {
    if (!top && rule.Next !== undefined) this.schema("Nested choice rules can not have a 'Next' field", `${loc}/Next`);
    for (const op of ['And', 'Or'] as const) {
      if (rule[op] === undefined) continue;
      const list = rule[op];
      if (!Array.isArray(list) || list.length === 0) return this.schema('Value cannot be empty', `${loc}/${op}`);
      return list.forEach((r, i) => (isObj(r) ? this.rule(r, `${loc}/${op}[${i}]`, false) : this.schema('Expected value of type [OBJECT]', `${loc}/${op}[${i}]`)));
    }
    if (rule.Not !== undefined) return isObj(rule.Not) ? this.rule(rule.Not, `${loc}/Not`, false) : this.schema('Expected value of type [OBJECT]', `${loc}/Not`);
    const ops = OPERATORS.filter((o) => o in rule);
    if (ops.length !== 1) return this.schema(ops.length === 0 ? 'A choice rule must have exactly one comparison operator' : `A choice rule can have only one comparison operator, found: [${ops.join(', ')}]`, loc);
    if (typeof rule.Variable !== 'string') return this.schema('These fields are required: [Variable]', loc);
    this.path(rule.Variable, `${loc}/Variable`);
    const op = ops[0]!;
    const v = rule[op];
    const at = `${loc}/${op}`;
    if (op.endsWith('Path')) return this.path(v, at);
    if (op.startsWith('Is') || op === 'BooleanEquals') {
      if (typeof v !== 'boolean') this.schema('Expected value of type [BOOLEAN]', at);
    } else if (op.startsWith('Numeric')) {
      if (typeof v !== 'number') this.schema('Expected value of type [NUMBER]', at);
    } else if (op.startsWith('Timestamp')) {
      if (parseTimestamp(v) === undefined) this.schema('String does not match RFC3339 timestamp', at);
    } else if (typeof v !== 'string') this.schema('Expected value of type [STRING]', at);
  }
}

export function validateText(text: string, integrations?: IntegrationResolver): Checked {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: `Definition must be a valid JSON object: ${(e as Error).message}` }] };
  }
  if (!isObj(parsed)) return { diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: 'Definition must be a valid JSON object' }] };
  const ql = parsed.QueryLanguage;
  const checker = new Checker(ql === 'JSONata' ? 'JSONata' : 'JSONPath', integrations);
  if (ql !== undefined && ql !== 'JSONPath' && ql !== 'JSONata') checker.schema('Value should be one of the following: [JSONPath, JSONata]', '/QueryLanguage');
  if (parsed.TimeoutSeconds !== undefined && !(isInt(parsed.TimeoutSeconds) && parsed.TimeoutSeconds > 0)) checker.schema('Expected value of type [INTEGER] greater than 0', '/TimeoutSeconds');
  for (const key of Object.keys(parsed)) {
    if (!['StartAt', 'States', 'Comment', 'QueryLanguage', 'TimeoutSeconds', 'Version'].includes(key)) checker.schema(`Field '${key}' is not supported`, `/${key}`);
  }
  checker.block(parsed, '');
  return { machine: parsed as unknown as Machine, diagnostics: checker.diagnostics };
}

export { FIELDS };
