/**
 * The lab's ASL engine: its one front door. Inside, by concern:
 *   validation/  definition checks (ValidateStateMachineDefinition), `${Name}` substitutions, their cache
 *   query/       the query languages: JSONPath, JSONata, the intrinsic functions, payload templates
 *   states/      one runner per state type, with what they share: input/output processing, Retry/Catch,
 *                Choice rules, task integrations
 *   execution/   the engine, executions, their history, variables, task tokens, limits, the virtual clock
 * types.ts is the contract the rest of the lab relies on; errors.ts the errors the interpreter raises.
 */
export * from './types';
export { createEngine } from './execution/engine';
export {
  runToCompletion,
  virtualTime,
  type RunResult,
  type RunOptions,
  type VirtualTime,
} from './execution/run-to-completion';
export { retrierFor, type Retrier } from './states/retry';
export { mapRunCounts, type MapRunCounts } from './execution/map-runs';
