import { describe } from 'vitest';
import { at, ata, machine, one, runCases } from './harness';

const J = { QueryLanguage: 'JSONata' };

describe('query languages', () => {
  runCases([
    {
      name: 'a JSONata machine evaluates {% %} strings',
      ref: '§1.1',
      definition: ata({ Type: 'Pass', Output: '{% $states.input.a * 2 %}' }),
      input: { a: 21 },
      output: 42,
    },
    {
      name: 'one JSONata state inside a JSONPath machine',
      ref: '§1.2',
      definition: machine({
        A: { Type: 'Pass', InputPath: '$.x', Next: 'B' },
        B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.y %}', End: true },
      }),
      input: { x: { y: 3 } },
      output: 3,
    },
    {
      name: "states inside a Parallel branch default to the machine language, not the Parallel's",
      ref: '§1.1',
      definition: one({
        Type: 'Parallel',
        QueryLanguage: 'JSONata',
        Output: '{% $states.result[0] %}',
        Branches: [{ StartAt: 'In', States: { In: { Type: 'Pass', InputPath: '$.v', End: true } } }],
      }),
      input: { v: 5 },
      output: 5,
    },
    {
      name: 'states inside a Map processor default to the machine language',
      ref: '§1.1',
      definition: one({
        Type: 'Map',
        QueryLanguage: 'JSONata',
        Items: '{% $states.input.list %}',
        ItemProcessor: {
          StartAt: 'In',
          States: { In: { Type: 'Pass', Parameters: { 'v.$': '$' }, End: true } },
        },
      }),
      input: { list: [1, 2] },
      output: [{ v: 1 }, { v: 2 }],
    },
    {
      name: 'a string with text outside {% %} is a literal',
      ref: '§3.1',
      definition: ata({ Type: 'Pass', Output: { v: ' {% 1 + 1 %} ' } }),
      output: { v: ' {% 1 + 1 %} ' },
    },
    {
      name: 'whitespace inside the delimiters is trimmed',
      ref: '§3.1',
      definition: ata({ Type: 'Pass', Output: '{%   1 + 1   %}' }),
      output: 2,
    },
    {
      name: 'expressions nested in objects and arrays are each evaluated',
      ref: '§3.1',
      definition: ata({ Type: 'Pass', Output: { a: ['{% 1 %}', { b: '{% "x" & "y" %}' }], c: 'lit' } }),
      output: { a: [1, { b: 'xy' }], c: 'lit' },
    },
    {
      name: '.$ keys mean nothing in a JSONata state',
      ref: '§3.1',
      definition: ata({ Type: 'Pass', Output: { 'k.$': '$.a' } }),
      input: { a: 1 },
      output: { 'k.$': '$.a' },
    },
    {
      name: '$states.context gives the context object',
      ref: '§3.2',
      definition: ata({ Type: 'Pass', Output: '{% $states.context.State.Name %}' }),
      output: 'A',
    },
    {
      name: '$states.context.Execution.Input is the execution input',
      ref: '§3.2',
      definition: ata({ Type: 'Pass', Output: '{% $states.context.Execution.Input.q %}' }),
      input: { q: 'z' },
      output: 'z',
    },
    {
      name: 'a whole expression returning undefined fails the field',
      ref: '§3.5',
      definition: ata({ Type: 'Pass', Output: '{% $states.input.nope %}' }),
      error: 'States.QueryEvaluationError',
      cause: at(
        'A',
        2,
        "The JSONata expression '$states.input.nope' specified for the field 'Output' returned nothing (undefined).",
      ),
    },
    {
      name: 'the field path names the nested key that returned undefined',
      ref: '§3.5',
      definition: ata({ Type: 'Pass', Output: { result: '{% $states.input.nope %}' } }),
      error: 'States.QueryEvaluationError',
      cause: at(
        'A',
        2,
        "The JSONata expression '$states.input.nope' specified for the field 'Output/result' returned nothing (undefined).",
      ),
    },
    {
      name: 'undefined inside an object constructor just drops the key',
      ref: '§3.5',
      definition: ata({ Type: 'Pass', Output: "{% {'k': $states.input.nope, 'j': 1} %}" }),
      output: { j: 1 },
    },
    {
      name: 'null is a value and keeps its key',
      ref: '§3.5',
      definition: ata({ Type: 'Pass', Output: { k: '{% null %}' } }),
      output: { k: null },
    },
    {
      name: 'an evaluation error reports the JSONata error code',
      ref: '§3.5',
      definition: ata({ Type: 'Pass', Output: "{% 'a' + 1 %}" }),
      error: 'States.QueryEvaluationError',
      cause: /threw an error during evaluation\. T2001: /,
    },
    {
      name: '$eval is disabled: calling it is T1006',
      ref: '§3.4',
      definition: ata({ Type: 'Pass', Output: "{% $eval('1') %}" }),
      error: 'States.QueryEvaluationError',
      cause: at(
        'A',
        2,
        "The JSONata expression '$eval('1')' specified for the field 'Output' threw an error during evaluation. T1006: Attempted to invoke a non-function",
      ),
    },
    {
      name: 'there is no $randomSeeded',
      ref: '§3.6',
      definition: ata({ Type: 'Pass', Output: '{% $randomSeeded(1) %}' }),
      error: 'States.QueryEvaluationError',
      cause: /T1006: Attempted to invoke a non-function/,
    },
    {
      name: '$partition chunks an array',
      ref: '§3.6',
      definition: ata({ Type: 'Pass', Output: '{% $partition([0,1,2,3], 3) %}' }),
      output: [[0, 1, 2], [3]],
    },
    {
      name: '$partition with a size beyond the length gives one chunk',
      ref: '§3.6',
      definition: ata({ Type: 'Pass', Output: '{% $partition([1,2], 5) %}' }),
      output: [[1, 2]],
    },
    {
      name: '$partition of an empty array is undefined',
      ref: '§3.6',
      definition: ata({ Type: 'Pass', Output: '{% $partition([], 2) %}' }),
      error: 'States.QueryEvaluationError',
      cause: /returned nothing/,
    },
    {
      name: '$range(0, 9, 3) includes the end',
      ref: '§3.6',
      definition: ata({ Type: 'Pass', Output: '{% $range(0, 9, 3) %}' }),
      output: [0, 3, 6, 9],
    },
    {
      name: '$range(0, 10, 3) stops before passing the end',
      ref: '§3.6',
      definition: ata({ Type: 'Pass', Output: '{% $range(0, 10, 3) %}' }),
      output: [0, 3, 6, 9],
    },
    {
      name: '$range(1, 9, 2) counts by two',
      ref: '§3.6',
      definition: ata({ Type: 'Pass', Output: '{% $range(1, 9, 2) %}' }),
      output: [1, 3, 5, 7, 9],
    },
    {
      name: '$range with one element collapses to a scalar',
      ref: '§3.6',
      definition: ata({ Type: 'Pass', Output: '{% $range(1, 9, 9) %}' }),
      output: 1,
    },
    {
      name: '$hash SHA-1',
      ref: '§3.6',
      definition: ata({ Type: 'Pass', Output: "{% $hash('input data', 'SHA-1') %}" }),
      output: 'aaff4a450a104cd177d28d18d74485e8cae074b7',
    },
    {
      name: '$hash MD5',
      ref: '§3.6',
      definition: ata({ Type: 'Pass', Output: "{% $hash('input data', 'MD5') %}" }),
      output: '812f45842bc6d66ee14572ce20db8e86',
    },
    {
      name: '$random with the same seed gives the same number',
      ref: '§3.6',
      definition: ata({
        Type: 'Pass',
        Output: '{% $random(7) = $random(7) and $random(7) >= 0 and $random(7) < 1 %}',
      }),
      output: true,
    },
    {
      name: '$random without a seed is in [0,1)',
      ref: '§3.6',
      definition: ata({ Type: 'Pass', Output: '{% $random() >= 0 and $random() < 1 %}' }),
      output: true,
    },
    {
      name: '$uuid gives a v4 UUID',
      ref: '§3.6',
      definition: ata({
        Type: 'Pass',
        Output:
          '{% $contains($uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) %}',
      }),
      output: true,
    },
    {
      name: '$parse reads JSON text',
      ref: '§3.6',
      definition: ata({
        Type: 'Pass',
        Output: {
          a: "{% $parse('-0') %}",
          b: "{% $parse('1.1') %}",
          c: '{% $parse(\'"HelloWorld"\') %}',
          d: '{% $parse(\'[1,{"x":2}]\') %}',
        },
      }),
      output: { a: 0, b: 1.1, c: 'HelloWorld', d: [1, { x: 2 }] },
    },
    {
      name: 'standard JSONata functions are available',
      ref: '§3.4',
      definition: ata({ Type: 'Pass', Output: "{% $uppercase($join(['a','b'], '-')) %}" }),
      output: 'A-B',
    },
    {
      name: 'JSONata local bindings with := stay local',
      ref: '§3.2',
      definition: ata({ Type: 'Pass', Output: '{% ($y := 2; $y * 3) %}' }),
      output: 6,
    },
    {
      name: 'Arguments absent: a JSONata task gets the state input',
      ref: '§3.3',
      definition: one({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke' }, J),
      input: { p: 1 },
      output: { p: 1 },
    },
    {
      name: 'Arguments shape what the task receives; Output absent gives the result',
      ref: '§3.3',
      definition: one(
        {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { v: '{% $states.input.p + 1 %}' },
        },
        J,
      ),
      input: { p: 1 },
      output: { v: 2 },
    },
    {
      name: 'Output sees $states.result in a Task',
      ref: '§3.2',
      definition: one(
        {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { v: 1 },
          Output: { got: '{% $states.result.v %}', was: '{% $states.input %}' },
        },
        J,
      ),
      input: 'in',
      output: { got: 1, was: 'in' },
    },
  ]);
});

describe('JSONata time on the lab clock', () => {
  runCases([
    {
      name: '$now() is the lab wall time',
      ref: '§3.6',
      start: '2026-11-23T21:30:00-05:00',
      definition: ata({ Type: 'Pass', Output: '{% $now() %}' }),
      output: '2026-11-24T02:30:00.000Z',
    },
    {
      name: '$now(picture, timezone) formats the lab time',
      ref: '§3.6',
      start: '2026-11-23T21:30:00-05:00',
      definition: ata({ Type: 'Pass', Output: "{% $now('[H01]:[m01]', '-0500') %}" }),
      output: '21:30',
    },
    {
      name: '$millis() is the lab time in epoch ms',
      ref: '§3.6',
      start: '2026-01-01T00:00:00Z',
      definition: ata({ Type: 'Pass', Output: '{% $millis() %}' }),
      output: Date.UTC(2026, 0, 1),
    },
    {
      name: 'after a Wait, $now() has moved on by the wait',
      ref: '§5.4',
      start: '2026-01-01T00:00:00Z',
      definition: machine(
        {
          W: { Type: 'Wait', Seconds: 3600, Next: 'P' },
          P: { Type: 'Pass', Output: '{% $now() %}', End: true },
        },
        J,
      ),
      output: '2026-01-01T01:00:00.000Z',
    },
  ]);
});
