/**
 * CreateStateMachine, UpdateStateMachine, DescribeStateMachine, ListStateMachines, DeleteStateMachine,
 * ValidateStateMachineDefinition; TagResource and ListTagsForResource for state machines.
 */
import { randomUUID } from 'node:crypto';
import { InvalidDefinitionError } from '../engine';
import { apiErrors, ApiError } from './errors';
import { asBody, oneOf, optionalString, requiredString, seconds } from './fields';
import { checkName, checkStateMachineArn, stateMachineArn } from './names';
import { page } from './pages';
import { expressDiagnostics } from './express';
import type { StateMachine, StateMachineType, Store } from './store';

const TYPES = ['STANDARD', 'EXPRESS'] as const;
const MAX_DEFINITION = 1_048_576;

function checkDefinition(store: Store, definition: string, type: StateMachineType): void {
  const diagnostics = [
    ...store.engine.validate(definition, store.substitutions),
    ...(type === 'EXPRESS' ? expressDiagnostics(definition) : []),
  ];
  if (diagnostics.some((d) => d.severity === 'ERROR'))
    throw new ApiError('InvalidDefinition', new InvalidDefinitionError(diagnostics).message);
}

export function findStateMachine(store: Store, arn: string): StateMachine {
  checkStateMachineArn(arn);
  const machine = store.stateMachines.get(arn);
  if (!machine) throw apiErrors.stateMachineDoesNotExist(arn);
  return machine;
}

export function createStateMachine(store: Store, request: unknown) {
  const body = asBody(request);
  const name = requiredString(body, 'name');
  const definition = requiredString(body, 'definition', MAX_DEFINITION);
  const roleArn = requiredString(body, 'roleArn', 256);
  const type = oneOf(body, 'type', TYPES) ?? 'STANDARD';
  checkName(name);
  const arn = stateMachineArn(store.region, store.accountId, name);
  const existing = store.stateMachines.get(arn);
  if (existing) {
    // CreateStateMachine is idempotent on name, definition and type (roleArn differences are ignored)
    if (existing.definition === definition && existing.type === type)
      return { stateMachineArn: arn, creationDate: seconds(existing.creationDate) };
    throw apiErrors.stateMachineAlreadyExists(arn);
  }
  checkDefinition(store, definition, type);
  const machine: StateMachine = {
    stateMachineArn: arn,
    name,
    definition,
    roleArn,
    type,
    description: optionalString(body, 'versionDescription'),
    creationDate: store.clock.now(),
    revisionId: randomUUID(),
    tags: readTags(body.tags),
  };
  store.stateMachines.set(arn, machine);
  return { stateMachineArn: arn, creationDate: seconds(machine.creationDate) };
}

export function updateStateMachine(store: Store, request: unknown) {
  const body = asBody(request);
  const machine = findStateMachine(store, requiredString(body, 'stateMachineArn'));
  const definition = optionalString(body, 'definition', MAX_DEFINITION);
  const roleArn = optionalString(body, 'roleArn', 256);
  if (
    definition === undefined &&
    roleArn === undefined &&
    body.loggingConfiguration === undefined &&
    body.tracingConfiguration === undefined
  ) {
    throw new ApiError(
      'MissingRequiredParameter',
      'Either the definition, the roleArn, the loggingConfiguration or the tracingConfiguration must be specified',
    );
  }
  if (definition !== undefined) checkDefinition(store, definition, machine.type);
  if (definition !== undefined) machine.definition = definition;
  if (roleArn !== undefined) machine.roleArn = roleArn;
  machine.updateDate = store.clock.now();
  machine.revisionId = randomUUID();
  return { updateDate: seconds(machine.updateDate), revisionId: machine.revisionId };
}

export function describeStateMachineRecord(machine: StateMachine) {
  return {
    stateMachineArn: machine.stateMachineArn,
    name: machine.name,
    status: 'ACTIVE',
    definition: machine.definition,
    roleArn: machine.roleArn,
    type: machine.type,
    creationDate: seconds(machine.creationDate),
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
    revisionId: machine.revisionId,
    ...(machine.description ? { description: machine.description } : {}),
  };
}

export function describeStateMachine(store: Store, request: unknown) {
  return describeStateMachineRecord(
    findStateMachine(store, requiredString(asBody(request), 'stateMachineArn')),
  );
}

export function listStateMachines(store: Store, request: unknown) {
  const body = asBody(request);
  const all = [...store.stateMachines.values()].map((m) => ({
    stateMachineArn: m.stateMachineArn,
    name: m.name,
    type: m.type,
    creationDate: seconds(m.creationDate),
  }));
  const { items, nextToken } = page(all, body, 'stateMachines');
  return { stateMachines: items, ...(nextToken ? { nextToken } : {}) };
}

/** Deleting an unknown (but well-formed) ARN succeeds, as on AWS; running executions carry on to their end. */
export function deleteStateMachine(store: Store, request: unknown) {
  const arn = requiredString(asBody(request), 'stateMachineArn');
  checkStateMachineArn(arn);
  store.stateMachines.delete(arn);
  return {};
}

export function validateStateMachineDefinition(store: Store, request: unknown) {
  const body = asBody(request);
  const definition = requiredString(body, 'definition', MAX_DEFINITION);
  const severity = oneOf(body, 'severity', ['ERROR', 'WARNING'] as const) ?? 'ERROR';
  const max = typeof body.maxResults === 'number' && body.maxResults > 0 ? body.maxResults : 100;
  const type = oneOf(body, 'type', TYPES) ?? 'STANDARD';
  const all = [
    ...store.engine.validate(definition, store.substitutions),
    ...(type === 'EXPRESS' ? expressDiagnostics(definition) : []),
  ].filter((d) => severity === 'WARNING' || d.severity === 'ERROR');
  const diagnostics = all.slice(0, max).map((d) => ({
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.location ? { location: d.location } : {}),
  }));
  return {
    result: all.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK',
    diagnostics,
    truncated: all.length > max,
  };
}

/** Tags as AWS takes them: at most 50, keys 1–128 and values 0–256 characters. */
function readTags(raw: unknown): { key: string; value: string }[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > 50) {
    throw new ApiError('ValidationException', 'tags must be a list of at most 50 {key, value} pairs');
  }
  return raw.map((tag: unknown) => {
    const { key, value } = (tag ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || key.length < 1 || key.length > 128 || typeof (value ?? '') !== 'string') {
      throw new ApiError(
        'ValidationException',
        'each tag needs a key of 1 to 128 characters and a string value',
      );
    }
    return { key, value: String(value ?? '') };
  });
}

function taggedMachine(store: Store, body: Record<string, unknown>): StateMachine {
  const arn = requiredString(body, 'resourceArn');
  const machine = store.stateMachines.get(arn);
  if (!machine) throw new ApiError('ResourceNotFound', `Resource not found: '${arn}'`);
  return machine;
}

export function listTagsForResource(store: Store, request: unknown) {
  return { tags: taggedMachine(store, asBody(request)).tags ?? [] };
}

export function tagResource(store: Store, request: unknown) {
  const body = asBody(request);
  const machine = taggedMachine(store, body);
  const added = readTags(body.tags);
  const kept = (machine.tags ?? []).filter((t) => !added.some((a) => a.key === t.key));
  machine.tags = [...kept, ...added];
  return {};
}
