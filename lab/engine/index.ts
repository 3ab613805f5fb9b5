/** The lab's ASL engine: front door. */
export * from './types';
export { createEngine } from './engine';
export { runToCompletion, type RunResult, type RunOptions } from './run';
export { mapRunCounts, type MapRun, type MapRunChild, type MapRunCounts } from './map-runs';
