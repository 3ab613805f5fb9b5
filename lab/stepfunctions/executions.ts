/** StartExecution, DescribeExecution, DescribeStateMachineForExecution, StopExecution, ListExecutions, GetExecutionHistory. */
import { randomUUID } from 'node:crypto';
import { InvalidDefinitionError, type ExecutionStatus, type HistoryEvent } from '../engine';
import { ApiError, apiErrors } from './errors';
import { asBody, oneOf, optionalBoolean, optionalString, parseJson, requiredString, seconds } from './fields';
import { checkExecutionArn, checkName } from './names';
import { page } from './pages';
import { describeStateMachineRecord, findStateMachine } from './state-machines';
import type { ExecutionRecord, Store } from './store';

const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

export function findExecution(store: Store, arn: string): ExecutionRecord {
  checkExecutionArn(arn);
  const record = store.executions.get(arn);
  if (!record) throw apiErrors.executionDoesNotExist(arn);
  return record;
}

/**
 * Name idempotency (Standard, docs/aws/step-functions.md §8.3): the same name and the same input while the
 * first execution is still running answers that execution; a different input, or any reuse once it has ended,
 * is ExecutionAlreadyExists.
 */
export function startExecution(store: Store, request: unknown) {
  const body = asBody(request);
  const machine = findStateMachine(store, requiredString(body, 'stateMachineArn'));
  const name = optionalString(body, 'name') ?? randomUUID();
  checkName(name);
  // an input over 256 KiB starts an execution that fails with
  // States.DataLimitExceeded (docs/aws/step-functions.md §8.3, AWS-REC)
  const inputText = optionalString(body, 'input') ?? '{}';
  const parsed = parseJson(inputText);
  if (!parsed.ok) throw apiErrors.invalidExecutionInput(parsed.message);
  const inputKey = JSON.stringify(parsed.value);

  const taken = store.executionNames.get(`${machine.stateMachineArn}\n${name}`);
  if (taken) {
    const earlier = store.executions.get(taken)!;
    if (earlier.execution.status === 'RUNNING' && earlier.inputKey === inputKey) {
      return { executionArn: taken, startDate: seconds(earlier.execution.startDate) };
    }
    throw apiErrors.executionAlreadyExists(taken);
  }

  let execution;
  try {
    execution = store.engine.startExecution({
      stateMachineArn: machine.stateMachineArn,
      stateMachineName: machine.name,
      definition: machine.definition,
      substitutions: store.substitutions,
      name,
      input: parsed.value,
      roleArn: machine.roleArn,
    });
  } catch (error) {
    if (error instanceof InvalidDefinitionError) throw new ApiError('InvalidDefinition', error.message);
    throw error;
  }
  store.executions.set(execution.executionArn, { execution, inputText, inputKey });
  store.executionNames.set(`${machine.stateMachineArn}\n${name}`, execution.executionArn);
  return { executionArn: execution.executionArn, startDate: seconds(execution.startDate) };
}

export function describeExecution(store: Store, request: unknown) {
  const { execution, inputText } = findExecution(store, requiredString(asBody(request), 'executionArn'));
  const output = execution.status === 'SUCCEEDED' ? JSON.stringify(execution.output ?? null) : undefined;
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: seconds(execution.startDate),
    ...(execution.stopDate !== undefined ? { stopDate: seconds(execution.stopDate) } : {}),
    input: inputText,
    inputDetails: { included: true },
    ...(output !== undefined ? { output, outputDetails: { included: true } } : {}),
    ...(execution.error !== undefined ? { error: execution.error } : {}),
    ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
    redriveCount: 0,
  };
}

export function describeStateMachineForExecution(store: Store, request: unknown) {
  const { execution } = findExecution(store, requiredString(asBody(request), 'executionArn'));
  const machine = store.stateMachines.get(execution.stateMachineArn);
  if (!machine) throw apiErrors.stateMachineDoesNotExist(execution.stateMachineArn);
  const { stateMachineArn, name, definition, roleArn, revisionId } = describeStateMachineRecord(machine);
  return {
    stateMachineArn,
    name,
    definition,
    roleArn,
    revisionId,
    updateDate: seconds(machine.updateDate ?? machine.creationDate),
  };
}

/** Stopping an execution that has already ended changes nothing and answers its stop date. */
export function stopExecution(store: Store, request: unknown) {
  const body = asBody(request);
  const { execution } = findExecution(store, requiredString(body, 'executionArn'));
  const error = optionalString(body, 'error', 256);
  const cause = optionalString(body, 'cause', 32_768);
  if (execution.status === 'RUNNING') store.engine.stopExecution(execution.executionArn, error, cause);
  return { stopDate: seconds(execution.stopDate ?? store.clock.now()) };
}

/** Newest first, as AWS lists them. */
export function listExecutions(store: Store, request: unknown) {
  const body = asBody(request);
  const machine = findStateMachine(store, requiredString(body, 'stateMachineArn'));
  const status = oneOf(body, 'statusFilter', STATUSES);
  const all = [...store.executions.values()]
    .map((r) => r.execution)
    .filter((e) => e.stateMachineArn === machine.stateMachineArn && (!status || e.status === status))
    .reverse()
    .map((e) => ({
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: seconds(e.startDate),
      ...(e.stopDate !== undefined ? { stopDate: seconds(e.stopDate) } : {}),
    }));
  const { items, nextToken } = page(all, body, `${machine.stateMachineArn}|${status ?? ''}`);
  return { executions: items, ...(nextToken ? { nextToken } : {}) };
}

export function getExecutionHistory(store: Store, request: unknown) {
  const body = asBody(request);
  const { execution } = findExecution(store, requiredString(body, 'executionArn'));
  const reverse = optionalBoolean(body, 'reverseOrder') ?? false;
  const includeData = optionalBoolean(body, 'includeExecutionData') ?? true;
  const events = execution.history().map((event) => wireEvent(event, includeData));
  if (reverse) events.reverse();
  const { items, nextToken } = page(events, body, `${execution.executionArn}|${reverse}`);
  return { events: items, ...(nextToken ? { nextToken } : {}) };
}

/** An engine history event as GetExecutionHistory answers it: timestamp in epoch seconds; inputs, outputs and parameters left out on request. */
function wireEvent(event: HistoryEvent, includeData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...event, timestamp: seconds(event.timestamp) };
  if (!includeData) {
    for (const [key, value] of Object.entries(out)) {
      if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
      const details = { ...(value as Record<string, unknown>) };
      for (const data of ['input', 'output', 'parameters']) delete details[data];
      out[key] = details;
    }
  }
  return out;
}
