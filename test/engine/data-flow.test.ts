import { describe } from 'vitest';
import { at, echo, machine, one, runCases, TASK } from './harness';

const input = { a: 1, items: [{ n: 1 }, { n: 2 }, { n: 3 }], nested: { deep: { v: 'x' } } };

describe('JSONPath data flow', () => {
  runCases([
    { name: 'InputPath selects part of the input', ref: '§2.1', definition: one({ Type: 'Pass', InputPath: '$.nested.deep' }), input, output: { v: 'x' } },
    { name: 'InputPath null gives an empty object', ref: '§2.1', definition: one({ Type: 'Pass', InputPath: null }), input, output: {} },
    { name: 'OutputPath null gives an empty object', ref: '§2.1', definition: one({ Type: 'Pass', OutputPath: null }), input, output: {} },
    { name: 'OutputPath selects from the combined result', ref: '§2.1', definition: one({ Type: 'Pass', Result: { r: 1 }, ResultPath: '$.res', OutputPath: '$.res.r' }), input, output: 1 },
    {
      name: 'a missing InputPath is States.Runtime with Jayway\'s message',
      ref: '§2.1',
      definition: one({ Type: 'Pass', InputPath: '$.NoSuchInputPath' }),
      input,
      error: 'States.Runtime',
      cause: at('A', 2, "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"),
    },
    {
      name: 'a missing deeper OutputPath names the first missing property',
      ref: '§2.1',
      definition: one({ Type: 'Pass', OutputPath: '$.no.such.result.path' }),
      input,
      error: 'States.Runtime',
      cause: at('A', 2, "Invalid path '$.no.such.result.path' : Missing property in path $['no']"),
    },
    {
      name: 'a missing Parameters path names the field and shows the input',
      ref: '§2.1',
      definition: one({ Type: 'Pass', Parameters: { 'value.$': '$.no_such_jsonpath' } }),
      input: { a: 1 },
      error: 'States.Runtime',
      cause: at('A', 2, "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"a\":1}'"),
    },
    {
      name: 'a missing context path in Parameters fails the same way',
      ref: '§2.1',
      definition: one({ Type: 'Pass', Parameters: { 'value.$': '$$.Execution.Nope' } }),
      input: { a: 1 },
      error: 'States.Runtime',
      cause: at('A', 2, "The JSONPath '$$.Execution.Nope' specified for the field 'value.$' could not be found in the input '{\"a\":1}'"),
    },
    { name: 'a wildcard path returns the list of matches', ref: '§2.1', definition: one({ Type: 'Pass', InputPath: '$.items[*].n' }), input, output: [1, 2, 3] },
    { name: 'a wildcard path matching nothing returns []', ref: '§2.1', definition: one({ Type: 'Pass', InputPath: '$.items[*].zzz' }), input, output: [] },
    { name: 'a literal index returns the element, not a list', ref: '§2.1', definition: one({ Type: 'Pass', InputPath: '$.items[1]' }), input, output: { n: 2 } },
    { name: 'a union of indexes gathers an array', ref: '§2.1', definition: one({ Type: 'Pass', InputPath: '$.items[0,2].n' }), input, output: [1, 3] },
    { name: 'a filter expression selects matching items', ref: '§2.1', definition: one({ Type: 'Pass', InputPath: '$.items[?(@.n > 1)].n' }), input, output: [2, 3] },
    { name: 'a slice selects a range', ref: '§2.1', definition: one({ Type: 'Pass', InputPath: '$.items[0:2].n' }), input, output: [1, 2] },
    { name: 'bracket notation with quotes reads names with spaces', ref: '§2.1', definition: one({ Type: 'Pass', InputPath: "$['my key']" }), input: { 'my key': 7 }, output: 7 },
    { name: '.$ keys work at any depth, including inside arrays', ref: '§2.2', definition: one({ Type: 'Pass', Parameters: { list: [{ 'v.$': '$.a' }, 'lit'], o: { p: { 'q.$': '$.nested.deep.v' } } } }), input, output: { list: [{ v: 1 }, 'lit'], o: { p: { q: 'x' } } } },
    {
      name: 'keys without .$ stay literal even when the value looks like a path, JSONata or an intrinsic',
      ref: '§2.2',
      definition: one({ Type: 'Pass', Parameters: { p: '$.a', j: '{% 1 %}', i: "States.Format('x')" } }),
      input,
      output: { p: '$.a', j: '{% 1 %}', i: "States.Format('x')" },
    },
    { name: 'ResultPath $ replaces the whole input', ref: '§2.1', definition: one({ Type: 'Pass', Result: 1, ResultPath: '$' }), input, output: 1 },
    { name: 'ResultPath writes into the raw input, not the InputPath selection', ref: '§2.1', definition: one({ Type: 'Pass', InputPath: '$.nested', Result: 1, ResultPath: '$.r' }), input: { a: 1, nested: {} }, output: { a: 1, nested: {}, r: 1 } },
    {
      name: 'Task: InputPath → Parameters → ResultSelector → ResultPath → OutputPath',
      ref: '§2.1',
      definition: one({ Type: 'Task', Resource: TASK, InputPath: '$.in', Parameters: { 'x.$': '$.v' }, ResultSelector: { 'got.$': '$.x' }, ResultPath: '$.out', OutputPath: '$.out' }),
      input: { in: { v: 9 }, other: 1 },
      output: { got: 9 },
    },
    { name: 'ResultSelector alone reshapes the task result', ref: '§2.1', definition: one({ Type: 'Task', Resource: TASK, Parameters: { a: 1, b: 2 }, ResultSelector: { 'only.$': '$.b' } }), output: { only: 2 } },
    { name: 'Parameters absent: the task receives the effective input', ref: '§2.1', definition: one({ Type: 'Task', Resource: TASK, InputPath: '$.x' }), input: { x: { y: 1 } }, output: { y: 1 } },
    { name: 'the context object gives the execution name', ref: '§2.3', definition: one({ Type: 'Pass', Parameters: { 'n.$': '$$.Execution.Name', 's.$': '$$.StateMachine.Name', 'st.$': '$$.State.Name' } }), output: { n: 'run-1', s: 'lab', st: 'A' } },
    { name: 'the context object holds the original execution input', ref: '§2.3', definition: machine({ A: { Type: 'Pass', Result: 1, Next: 'B' }, B: { Type: 'Pass', Parameters: { 'i.$': '$$.Execution.Input' }, End: true } }), input: { orig: true }, output: { i: { orig: true } } },
    { name: 'a Pass state\'s context State has only Name and EnteredTime', ref: '§2.3', definition: one({ Type: 'Pass', Parameters: { 's.$': '$$.State' } }), start: '2026-03-01T10:00:00.000Z', output: { s: { Name: 'A', EnteredTime: '2026-03-01T10:00:00.000Z' } } },
    { name: 'a Task state\'s context State has RetryCount 0 on the first try', ref: '§2.3', definition: one({ Type: 'Task', Resource: TASK, Parameters: { 'rc.$': '$$.State.RetryCount' } }), output: { rc: 0 } },
    { name: 'Execution.StartTime is the lab time the execution started', ref: '§2.3', definition: one({ Type: 'Pass', Parameters: { 't.$': '$$.Execution.StartTime' } }), start: '2026-11-23T21:30:00.000Z', output: { t: '2026-11-23T21:30:00.000Z' } },
    { name: 'Execution.Id is the execution ARN', ref: '§2.3', definition: one({ Type: 'Pass', Parameters: { 'id.$': '$$.Execution.Id' } }), output: { id: 'arn:aws:states:us-east-1:000000000000:execution:lab:run-1' } },
  ].map((c) => ({ ...c, integrations: { [TASK]: echo } })));
});
