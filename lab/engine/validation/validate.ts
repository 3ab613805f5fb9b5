/**
 * Definition checks, like ValidateStateMachineDefinition (docs/aws/step-functions.md §1.2): structure,
 * transitions, fields.
 */
import { JSONATA_ONLY, JSONPATH_ONLY, STATE_TYPES, fieldLanguages } from './fields';
import { checkIntrinsic } from '../query/intrinsics';
import { looksLikeIntrinsic } from '../query/intrinsic-parser';
import { expressionOf } from '../query/jsonata';
import { isReferencePath, isValidPath } from '../query/jsonpath';
import { pathKind } from '../query/paths';
import { awsRunsSync, isServiceIntegration, parseResource } from '../states/resource';
import type { Machine, StateDef, StatesBlock } from '../execution/runtime';
import type { Diagnostic, IntegrationResolver } from '../types';
import type { Checks } from './checks';
import { checkStateType } from './state-types';
import { checkErrorHandlers } from './handlers';
import { checkJsonata } from './jsonata';

export interface Checked {
  machine?: Machine;
  diagnostics: Diagnostic[];
  /** Each service integration resource the check looked up, and whether the resolver knew it. */
  resourcesFound?: Map<string, boolean>;
}

type Lang = 'JSONPath' | 'JSONata';
const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const VARIABLE_NAME = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

export class Checker implements Checks {
  readonly diagnostics: Diagnostic[] = [];
  readonly resourcesFound = new Map<string, boolean>();
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
    if (typeof block.StartAt !== 'string')
      return this.schema('Expected value of type [STRING]', `${at}/StartAt`);
    if (!(block.StartAt in states))
      this.error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${block.StartAt}`, `${at}/StartAt`);
    for (const [name, state] of Object.entries(states)) {
      if (this.names.has(name))
        this.error('DUPLICATE_STATE_NAME', `Duplicate State name: ${name}`, `${at}/States/${name}`);
      this.names.add(name);
      if (name.length > 80)
        this.schema('State name exceeds the maximum length of 80 characters', `${at}/States/${name}`);
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
      if (!seen.has(name))
        this.error('UNREACHABLE_STATE', `State '${name}' is not reachable`, `${at}/States/${name}`);
    }
    if (!terminal && seen.size > 0)
      this.error('MISSING_END_STATE', 'Workflow has no terminal state', at || '/');
  }

  target(next: unknown, states: Record<string, unknown>, loc: string): void {
    if (typeof next !== 'string') return this.schema('Expected value of type [STRING]', loc);
    if (!(next in states)) this.error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${next}`, loc);
  }

  private state(name: string, raw: unknown, at: string, states: Record<string, unknown>): void {
    if (!isObj(raw)) return this.schema('Expected value of type [OBJECT]', at);
    const s = raw as StateDef;
    if (!STATE_TYPES.includes(s.Type)) {
      return this.schema(
        `The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]`,
        `${at}/Type`,
      );
    }
    let lang: Lang = this.topLanguage;
    if (s.QueryLanguage !== undefined) {
      if (typeof s.QueryLanguage !== 'string')
        this.schema('Expected value of type [STRING]', `${at}/QueryLanguage`);
      else if (s.QueryLanguage !== 'JSONPath' && s.QueryLanguage !== 'JSONata')
        this.schema('Value should be one of the following: [JSONPath, JSONata]', `${at}/QueryLanguage`);
      else if (this.topLanguage === 'JSONata' && s.QueryLanguage === 'JSONPath')
        this.schema("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", at);
      else lang = s.QueryLanguage;
    }
    for (const field of Object.keys(s)) {
      const langs = fieldLanguages(s.Type, field);
      if (langs.includes(lang)) continue;
      if (langs.length > 0 || JSONPATH_ONLY.has(field) || JSONATA_ONLY.has(field)) {
        const other = lang === 'JSONPath' ? 'JSONata' : 'JSONPath';
        if (langs.length > 0 || (other === 'JSONata' ? JSONATA_ONLY : JSONPATH_ONLY).has(field)) {
          this.schema(
            `The QueryLanguage is set to '${lang}', but field '${field}' is only supported for the '${other}' QueryLanguage`,
            `${at}/${field}`,
          );
          continue;
        }
      }
      this.schema(`Field '${field}' is not supported`, `${at}/${field}`);
    }
    const terminal = s.Type === 'Succeed' || s.Type === 'Fail' || s.Type === 'Choice';
    if (!terminal) {
      if (s.Next !== undefined && s.End !== undefined)
        this.schema('Exactly one of these fields must be provided: [Next, End]', at);
      else if (s.Next !== undefined) this.target(s.Next, states, `${at}/Next`);
      else if (s.End !== true)
        this.error('MISSING_TRANSITION_TARGET', "State must have either 'Next' or 'End: true'", at);
    }
    if (s.Comment !== undefined && typeof s.Comment !== 'string')
      this.schema('Expected value of type [STRING]', `${at}/Comment`);
    this.values(s, at, lang);
    checkStateType(this, s, at, lang, states);
    checkErrorHandlers(this, s, at, lang, states);
  }

  /** Language-specific value checks of the common data-flow fields. */
  private values(s: StateDef, at: string, lang: Lang): void {
    if (lang === 'JSONPath') {
      for (const f of ['InputPath', 'OutputPath'])
        if (s[f] !== undefined && s[f] !== null) this.path(s[f], `${at}/${f}`);
      if (s.ResultPath !== undefined) this.resultPath(s.ResultPath, `${at}/ResultPath`);
      for (const f of ['Parameters', 'ResultSelector', 'ItemSelector', 'Assign'])
        if (s[f] !== undefined) this.template(s[f], `${at}/${f}`, f !== 'Parameters' || s.Type !== 'Map');
      if (
        s.ItemsPath !== undefined &&
        !(
          typeof s.ItemsPath === 'string' &&
          (isReferencePath(s.ItemsPath) || pathKind(s.ItemsPath) !== 'input') &&
          isValidPath(s.ItemsPath)
        )
      ) {
        this.schema("The value for the field 'ItemsPath' must be a valid Reference Path", `${at}/ItemsPath`);
      }
      for (const f of [
        'TimeoutSecondsPath',
        'HeartbeatSecondsPath',
        'SecondsPath',
        'TimestampPath',
        'MaxConcurrencyPath',
        'ToleratedFailureCountPath',
        'ToleratedFailurePercentagePath',
      ]) {
        if (s[f] !== undefined) this.path(s[f], `${at}/${f}`);
      }
    } else {
      for (const f of ['Arguments', 'Output', 'Assign', 'Items', 'ItemSelector'])
        if (s[f] !== undefined)
          this.jsonata(s[f], `${at}/${f}`, {
            result: ['Task', 'Map', 'Parallel'].includes(s.Type) && (f === 'Output' || f === 'Assign'),
          });
      for (const f of [
        'TimeoutSeconds',
        'HeartbeatSeconds',
        'Seconds',
        'Timestamp',
        'MaxConcurrency',
        'ToleratedFailureCount',
        'ToleratedFailurePercentage',
        'Error',
        'Cause',
      ]) {
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
      else if (!VARIABLE_NAME.test(name) || name.length > 80)
        this.schema(`The variable name '${name}' is not valid`, `${loc}/${key}`);
    }
  }

  path(value: unknown, loc: string): void {
    if (typeof value !== 'string' || !isValidPath(value))
      this.schema(`The value for the field '${loc.split('/').pop()}' must be a valid JSONPath`, loc);
  }

  private resultPath(value: unknown, loc: string): void {
    if (value === null) return;
    if (
      typeof value !== 'string' ||
      !isReferencePath(value) ||
      value.startsWith('$$') ||
      pathKind(value) === 'variable'
    ) {
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
        const ok =
          typeof v === 'string' &&
          (looksLikeIntrinsic(v) ? checkIntrinsic(v.trim()) === undefined : isValidPath(v));
        if (!ok)
          this.schema(
            `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`,
            loc,
          );
      } else this.template(v, `${loc}/${key}`);
    }
  }

  /** Every `{% %}` string inside `value` must parse and obey the restrictions. */
  jsonata(value: unknown, loc: string, allow: { result?: boolean; errorOutput?: boolean }): void {
    const expr = expressionOf(value);
    if (expr !== undefined) {
      const problem = checkJsonata(expr);
      if (problem) return this.error(problem.code, problem.message, loc);
      if (!allow.result && /\$states\.result\b/.test(expr))
        this.error(
          'INVALID_JSONATA_EXPRESSION',
          "The field references '$states.result', which is not available here",
          loc,
        );
      if (!allow.errorOutput && /\$states\.errorOutput\b/.test(expr))
        this.error(
          'INVALID_JSONATA_EXPRESSION',
          "The field references '$states.errorOutput', which is only available in a Catcher",
          loc,
        );
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => this.jsonata(v, `${loc}[${i}]`, allow));
    else if (isObj(value)) for (const [k, v] of Object.entries(value)) this.jsonata(v, `${loc}/${k}`, allow);
  }

  nested(block: unknown, at: string): void {
    if (isObj(block)) {
      for (const key of Object.keys(block)) {
        if (!['StartAt', 'States', 'Comment', 'ProcessorConfig'].includes(key))
          this.schema(`Field '${key}' is not supported`, `${at}/${key}`);
      }
    }
    this.block(block, at);
  }

  /**
   * A service integration must be one the integrations serve. `.sync` (Run a Job) is refused where AWS has
   * none, and otherwise runs only if an integration serves that very resource: the lab's own serve none.
   */
  resource(resource: string, loc: string): void {
    if (!/^arn:[^:]+:[^:]+:/.test(resource)) return this.schema('Value is not a valid resource ARN', loc);
    if (!isServiceIntegration(resource)) return;
    const unrecognized = `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`;
    const parsed = parseResource(resource);
    if (parsed.pattern === 'sync' && !awsRunsSync(parsed)) return this.schema(unrecognized, loc);
    // s3:getObject/listObjectsV2/putObject exist for a distributed Map's ItemReader/ResultWriter only
    if (/^arn:aws[\w-]*:states:::s3:/.test(resource)) return this.schema(unrecognized, loc);
    if (!this.integrations) return;
    const found = !!this.integrations(resource);
    this.resourcesFound.set(resource, found);
    if (found) return;
    this.schema(
      parsed.pattern === 'sync'
        ? `The lab cannot run ${resource}: it has no '.sync' (Run a Job) integrations, though AWS runs this resource`
        : unrecognized,
      loc,
    );
  }
}

export function validateText(text: string, integrations?: IntegrationResolver): Checked {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return {
      diagnostics: [
        {
          severity: 'ERROR',
          code: 'INVALID_JSON_DESCRIPTION',
          message: `Definition must be a valid JSON object: ${(e as Error).message}`,
        },
      ],
    };
  }
  if (!isObj(parsed))
    return {
      diagnostics: [
        {
          severity: 'ERROR',
          code: 'INVALID_JSON_DESCRIPTION',
          message: 'Definition must be a valid JSON object',
        },
      ],
    };
  const ql = parsed.QueryLanguage;
  const checker = new Checker(ql === 'JSONata' ? 'JSONata' : 'JSONPath', integrations);
  if (ql !== undefined && ql !== 'JSONPath' && ql !== 'JSONata')
    checker.schema('Value should be one of the following: [JSONPath, JSONata]', '/QueryLanguage');
  if (parsed.TimeoutSeconds !== undefined && !(isInt(parsed.TimeoutSeconds) && parsed.TimeoutSeconds > 0))
    checker.schema('Expected value of type [INTEGER] greater than 0', '/TimeoutSeconds');
  for (const key of Object.keys(parsed)) {
    if (!['StartAt', 'States', 'Comment', 'QueryLanguage', 'TimeoutSeconds', 'Version'].includes(key))
      checker.schema(`Field '${key}' is not supported`, `/${key}`);
  }
  checker.block(parsed, '');
  return {
    machine: parsed as unknown as Machine,
    diagnostics: checker.diagnostics,
    resourcesFound: checker.resourcesFound,
  };
}
