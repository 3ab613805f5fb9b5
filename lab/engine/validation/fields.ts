/** Which fields each state type accepts in each query language (SPEC "Table of State Types and Fields"). */
const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const IO = ['InputPath', 'OutputPath'];
const ERRORS = ['Retry', 'Catch'];
const MAP_BOTH = [
  'ItemProcessor',
  'Iterator',
  'ItemSelector',
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'MaxConcurrency',
  'ToleratedFailureCount',
  'ToleratedFailurePercentage',
  'Label',
];

export const FIELDS: Record<string, { JSONPath: string[]; JSONata: string[] }> = {
  Pass: {
    JSONPath: [...FLOW, ...IO, 'Parameters', 'ResultPath', 'Result', 'Assign'],
    JSONata: [...FLOW, 'Output', 'Assign'],
  },
  Task: {
    JSONPath: [
      ...FLOW,
      ...IO,
      ...ERRORS,
      'Resource',
      'Parameters',
      'ResultSelector',
      'ResultPath',
      'TimeoutSeconds',
      'TimeoutSecondsPath',
      'HeartbeatSeconds',
      'HeartbeatSecondsPath',
      'Credentials',
      'Assign',
    ],
    JSONata: [
      ...FLOW,
      ...ERRORS,
      'Resource',
      'Arguments',
      'Output',
      'TimeoutSeconds',
      'HeartbeatSeconds',
      'Credentials',
      'Assign',
    ],
  },
  Choice: {
    JSONPath: [...IO, 'Choices', 'Default', 'Assign'],
    JSONata: ['Choices', 'Default', 'Output', 'Assign'],
  },
  Wait: {
    JSONPath: [...FLOW, ...IO, 'Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath', 'Assign'],
    JSONata: [...FLOW, 'Seconds', 'Timestamp', 'Output', 'Assign'],
  },
  Succeed: { JSONPath: [...IO], JSONata: ['Output'] },
  Fail: { JSONPath: ['Error', 'Cause', 'ErrorPath', 'CausePath'], JSONata: ['Error', 'Cause'] },
  Parallel: {
    JSONPath: [...FLOW, ...IO, ...ERRORS, 'Branches', 'Parameters', 'ResultSelector', 'ResultPath', 'Assign'],
    JSONata: [...FLOW, ...ERRORS, 'Branches', 'Arguments', 'Output', 'Assign'],
  },
  Map: {
    JSONPath: [
      ...FLOW,
      ...IO,
      ...ERRORS,
      ...MAP_BOTH,
      'ItemsPath',
      'Parameters',
      'ResultSelector',
      'ResultPath',
      'MaxConcurrencyPath',
      'ToleratedFailureCountPath',
      'ToleratedFailurePercentagePath',
      'Assign',
    ],
    JSONata: [...FLOW, ...ERRORS, ...MAP_BOTH, 'Items', 'Output', 'Assign'],
  },
};

export const STATE_TYPES = Object.keys(FIELDS);

/** Is `field` accepted by this type in some language, and in which? */
export function fieldLanguages(type: string, field: string): ('JSONPath' | 'JSONata')[] {
  if (COMMON.includes(field)) return ['JSONPath', 'JSONata'];
  const f = FIELDS[type];
  if (!f) return [];
  return (['JSONPath', 'JSONata'] as const).filter((l) => f[l].includes(field));
}

/** Fields that only make sense in one language anywhere (used for the "only supported for" message). */
export const JSONPATH_ONLY = new Set([
  'InputPath',
  'OutputPath',
  'Parameters',
  'ResultSelector',
  'ResultPath',
  'Result',
  'ItemsPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'SecondsPath',
  'TimestampPath',
  'ErrorPath',
  'CausePath',
  'MaxConcurrencyPath',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
]);
export const JSONATA_ONLY = new Set(['Arguments', 'Output', 'Items']);

export const PREDEFINED_ERRORS = new Set([
  'States.ALL',
  'States.TaskFailed',
  'States.Timeout',
  'States.HeartbeatTimeout',
  'States.Permissions',
  'States.ResultPathMatchFailure',
  'States.ParameterPathFailure',
  'States.BranchFailed',
  'States.NoChoiceMatched',
  'States.IntrinsicFailure',
  'States.ExceedToleratedFailureThreshold',
  'States.ItemReaderFailed',
  'States.ResultWriterFailed',
  'States.Runtime',
  'States.DataLimitExceeded',
  'States.QueryEvaluationError',
  'States.Http.Socket',
]);
