import { describe, expect, it } from 'vitest';
import { LabClock } from '../../lab/clock';
import { createEngine } from '../../lab/engine/index';
import { ata, machine, one, runCases, TASK, type Case } from './harness';

const J = { QueryLanguage: 'JSONata' };
const bad = (name: string, ref: string, definition: object | string, code: string, location?: string, message?: string | RegExp): Case => ({ name, ref, definition, invalid: { code, location, message } });

describe('definition validation', () => {
  runCases([
    bad('text that is not JSON', '§1.2', '{"StartAt": ', 'INVALID_JSON_DESCRIPTION', undefined, /^Definition must be a valid JSON object/),
    bad('JSON that is not an object', '§1.2', '[1]', 'INVALID_JSON_DESCRIPTION', undefined, 'Definition must be a valid JSON object'),
    bad('StartAt and States are required', '§1.2', {}, 'SCHEMA_VALIDATION_FAILED', '/', 'These fields are required: [States, StartAt]'),
    bad('StartAt must name a state', '§5', { StartAt: 'X', States: { A: { Type: 'Succeed' } } }, 'MISSING_TRANSITION_TARGET', '/StartAt'),
    bad('Next must name a state', '§5', machine({ A: { Type: 'Pass', Next: 'Nope' } }), 'MISSING_TRANSITION_TARGET', '/States/A/Next', "Missing 'Next' target: Nope"),
    bad('an unreachable state', '§5', machine({ A: { Type: 'Succeed' }, B: { Type: 'Succeed' } }), 'UNREACHABLE_STATE', '/States/B'),
    bad('a machine with no terminal state', '§5', machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } }), 'MISSING_END_STATE'),
    bad('a state with neither Next nor End', '§5', machine({ A: { Type: 'Pass' } }), 'MISSING_TRANSITION_TARGET', '/States/A'),
    bad('a state with both Next and End', '§5', machine({ A: { Type: 'Pass', Next: 'B', End: true }, B: { Type: 'Succeed' } }), 'SCHEMA_VALIDATION_FAILED', '/States/A'),
    bad('an unknown Type', '§1.2', one({ Type: 'Sleep' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Type', "The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]"),
    bad('an unknown field', '§1.2', one({ Type: 'Pass', Colour: 'red' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Colour', "Field 'Colour' is not supported"),
    bad('a JSONPath state inside a JSONata machine', '§1.2', machine({ A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } }, J), 'SCHEMA_VALIDATION_FAILED', '/States/A', "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine"),
    bad('Output on a JSONPath state', '§1.2', one({ Type: 'Pass', Output: {} }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Output', "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage"),
    bad('Arguments on a JSONPath Task', '§1.2', one({ Type: 'Task', Resource: TASK, Arguments: {} }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Arguments', "The QueryLanguage is set to 'JSONPath', but field 'Arguments' is only supported for the 'JSONata' QueryLanguage"),
    bad('InputPath on a JSONata state', '§1.2', ata({ Type: 'Pass', InputPath: '$.a' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/InputPath', "The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported for the 'JSONPath' QueryLanguage"),
    bad('Parameters on a JSONata state', '§1.2', ata({ Type: 'Pass', Parameters: {} }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Parameters', "The QueryLanguage is set to 'JSONata', but field 'Parameters' is only supported for the 'JSONPath' QueryLanguage"),
    bad('ResultPath on a JSONata Task', '§1.2', ata({ Type: 'Task', Resource: TASK, ResultPath: '$.r' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/ResultPath'),
    bad('SecondsPath on a JSONata Wait', '§1.2', ata({ Type: 'Wait', SecondsPath: '$.s' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/SecondsPath'),
    bad('ItemsPath on a JSONata Map', '§1.2', ata({ Type: 'Map', ItemsPath: '$.x', ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Succeed' } } } }), 'SCHEMA_VALIDATION_FAILED', '/States/A/ItemsPath'),
    bad('a QueryLanguage that is not a known value', '§1.2', one({ Type: 'Pass', QueryLanguage: 'XPath' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/QueryLanguage', 'Value should be one of the following: [JSONPath, JSONata]'),
    bad('a QueryLanguage that is not a string', '§1.2', one({ Type: 'Pass', QueryLanguage: 1 }), 'SCHEMA_VALIDATION_FAILED', '/States/A/QueryLanguage', 'Expected value of type [STRING]'),
    bad('a machine QueryLanguage that is not a known value', '§1.2', { StartAt: 'A', QueryLanguage: 'jsonata', States: { A: { Type: 'Succeed' } } }, 'SCHEMA_VALIDATION_FAILED', '/QueryLanguage'),
    bad('QueryLanguage on a Map ItemProcessor object', '§1.1', one({ Type: 'Map', ItemProcessor: { QueryLanguage: 'JSONata', StartAt: 'I', States: { I: { Type: 'Succeed' } } } }), 'SCHEMA_VALIDATION_FAILED', '/States/A/ItemProcessor/QueryLanguage', "Field 'QueryLanguage' is not supported"),
    bad('a JSONata expression that does not parse', '§3.4', ata({ Type: 'Pass', Output: '{% $states.input.( %}' }), 'INVALID_JSONATA_EXPRESSION', '/States/A/Output'),
    bad('a field name at the top level of a JSONata expression', '§3.4', ata({ Type: 'Pass', Output: '{% phone %}' }), 'UNSUPPORTED_JSONATA_EXPRESSION', '/States/A/Output', "Reference to 'phone' at the top level is not supported."),
    bad('$$ in a JSONata expression', '§3.4', ata({ Type: 'Pass', Output: '{% $$.x %}' }), 'UNSUPPORTED_JSONATA_EXPRESSION', '/States/A/Output', "Reference to '$$' is not supported."),
    bad('a bare $ at the top level of a JSONata expression', '§3.4', ata({ Type: 'Pass', Output: '{% $.x %}' }), 'UNSUPPORTED_JSONATA_EXPRESSION', '/States/A/Output'),
    bad('a top-level name inside a function argument', '§3.4', ata({ Type: 'Pass', Output: '{% $uppercase(name) %}' }), 'UNSUPPORTED_JSONATA_EXPRESSION', '/States/A/Output'),
    bad('a JSONata error inside a nested Arguments value names the path', '§3.4', ata({ Type: 'Task', Resource: TASK, Arguments: { a: { b: '{% ) %}' } } }), 'INVALID_JSONATA_EXPRESSION', '/States/A/Arguments/a/b'),
    bad('$states.result in a Pass Output', '§3.2', ata({ Type: 'Pass', Output: '{% $states.result %}' }), 'INVALID_JSONATA_EXPRESSION', '/States/A/Output'),
    bad('$states.errorOutput outside a Catcher', '§3.2', ata({ Type: 'Task', Resource: TASK, Output: '{% $states.errorOutput %}' }), 'INVALID_JSONATA_EXPRESSION', '/States/A/Output'),
    bad('$states.result in Arguments', '§3.2', ata({ Type: 'Task', Resource: TASK, Arguments: '{% $states.result %}' }), 'INVALID_JSONATA_EXPRESSION', '/States/A/Arguments'),
    bad('a bad JSONPath in InputPath', '§2.1', one({ Type: 'Pass', InputPath: 'a.b' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/InputPath'),
    bad('a bad JSONPath in a Parameters .$ value', '§2.2', one({ Type: 'Pass', Parameters: { 'x.$': 'nope' } }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Parameters', "The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call"),
    bad('ResultPath may not start with $$', '§2.1', one({ Type: 'Pass', ResultPath: '$$.x' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/ResultPath'),
    bad('ResultPath may not reference a variable', '§2.4', one({ Type: 'Pass', ResultPath: '$var' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/ResultPath'),
    bad('ResultPath may not contain a filter', '§2.1', one({ Type: 'Pass', ResultPath: '$.a[?(@.x)]' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/ResultPath'),
    bad('a duplicate key after stripping .$', '§2.2', one({ Type: 'Pass', Parameters: { a: 1, 'a.$': '$.b' } }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Parameters'),
    bad('States.ALL not last among retriers', '§6.4', one({ Type: 'Task', Resource: TASK, Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'] }] }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Retry[0]/ErrorEquals'),
    bad('States.ALL with other names', '§6.4', one({ Type: 'Task', Resource: TASK, Retry: [{ ErrorEquals: ['States.ALL', 'X'] }] }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Retry[0]/ErrorEquals'),
    bad('States.ALL not last among catchers', '§6.4', machine({ A: { Type: 'Task', Resource: TASK, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'B' }, { ErrorEquals: ['X'], Next: 'B' }], End: true }, B: { Type: 'Succeed' } }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Catch[0]/ErrorEquals'),
    bad('an empty ErrorEquals', '§6.2', one({ Type: 'Task', Resource: TASK, Retry: [{ ErrorEquals: [] }] }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Retry[0]/ErrorEquals'),
    bad('an unknown States.* error name', '§6.5', one({ Type: 'Task', Resource: TASK, Retry: [{ ErrorEquals: ['States.Oops'] }] }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Retry[0]/ErrorEquals'),
    bad('BackoffRate below 1', '§6.2', one({ Type: 'Task', Resource: TASK, Retry: [{ ErrorEquals: ['X'], BackoffRate: 0.5 }] }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Retry[0]/BackoffRate'),
    bad('IntervalSeconds of 0', '§6.2', one({ Type: 'Task', Resource: TASK, Retry: [{ ErrorEquals: ['X'], IntervalSeconds: 0 }] }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Retry[0]/IntervalSeconds'),
    bad('a negative MaxAttempts', '§6.2', one({ Type: 'Task', Resource: TASK, Retry: [{ ErrorEquals: ['X'], MaxAttempts: -1 }] }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Retry[0]/MaxAttempts'),
    bad('an unknown JitterStrategy', '§6.2', one({ Type: 'Task', Resource: TASK, Retry: [{ ErrorEquals: ['X'], JitterStrategy: 'SOME' }] }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Retry[0]/JitterStrategy'),
    bad('a Catcher without Next', '§6.3', one({ Type: 'Task', Resource: TASK, Catch: [{ ErrorEquals: ['X'] }] }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Catch[0]'),
    bad('a Catcher Next that does not exist', '§6.3', one({ Type: 'Task', Resource: TASK, Catch: [{ ErrorEquals: ['X'], Next: 'Nope' }] }), 'MISSING_TRANSITION_TARGET', '/States/A/Catch[0]/Next'),
    bad('Output in a JSONPath Catcher', '§6.3', machine({ A: { Type: 'Task', Resource: TASK, Catch: [{ ErrorEquals: ['X'], Next: 'B', Output: {} }], End: true }, B: { Type: 'Succeed' } }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Catch[0]/Output'),
    bad('a Task without Resource', '§5.2', one({ Type: 'Task' }), 'SCHEMA_VALIDATION_FAILED', '/States/A'),
    bad('a Resource that is not an ARN', '§5.2', one({ Type: 'Task', Resource: 'lambda' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Resource'),
    bad('TimeoutSeconds of 0', '§5.2', one({ Type: 'Task', Resource: TASK, TimeoutSeconds: 0 }), 'SCHEMA_VALIDATION_FAILED', '/States/A/TimeoutSeconds'),
    bad('TimeoutSeconds and TimeoutSecondsPath together', '§5.2', one({ Type: 'Task', Resource: TASK, TimeoutSeconds: 5, TimeoutSecondsPath: '$.t' }), 'SCHEMA_VALIDATION_FAILED', '/States/A'),
    bad('HeartbeatSeconds not below TimeoutSeconds', '§5.2', one({ Type: 'Task', Resource: TASK, TimeoutSeconds: 5, HeartbeatSeconds: 5 }), 'SCHEMA_VALIDATION_FAILED', '/States/A/HeartbeatSeconds'),
    bad('Credentials without RoleArn', '§5.2', one({ Type: 'Task', Resource: TASK, Credentials: {} }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Credentials', "The field 'RoleArn' is required but was missing"),
    bad('a Wait with two delay fields', '§5.4', one({ Type: 'Wait', Seconds: 1, Timestamp: '2026-01-01T00:00:00Z' }), 'SCHEMA_VALIDATION_FAILED', '/States/A'),
    bad('a Wait with no delay field', '§5.4', one({ Type: 'Wait' }), 'SCHEMA_VALIDATION_FAILED', '/States/A'),
    bad('a Wait Timestamp without T', '§5.4', one({ Type: 'Wait', Timestamp: '2016-12-05 21:29:29Z' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Timestamp', 'String does not match RFC3339 timestamp'),
    bad('a Wait Timestamp without a zone', '§5.4', one({ Type: 'Wait', Timestamp: '2016-12-05T21:29:29' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Timestamp', 'String does not match RFC3339 timestamp'),
    bad('a Wait Timestamp with an invalid month', '§5.4', one({ Type: 'Wait', Timestamp: '2016-13-05T21:29:29Z' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Timestamp'),
    bad('a {% %} Timestamp in a JSONPath state', '§5.4', one({ Type: 'Wait', Timestamp: '{% $now() %}' }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Timestamp'),
    bad('a negative Wait Seconds', '§5.4', one({ Type: 'Wait', Seconds: -1 }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Seconds'),
    bad('a Fail with Error and ErrorPath', '§5.6', one({ Type: 'Fail', Error: 'E', ErrorPath: '$.e' }), 'SCHEMA_VALIDATION_FAILED', '/States/A'),
    bad('a Fail with Next', '§5.6', machine({ A: { Type: 'Fail', Next: 'B' }, B: { Type: 'Succeed' } }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Next'),
    bad('Assign on a Succeed state', '§4.1', one({ Type: 'Succeed', Assign: { x: 1 } }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Assign'),
    bad('Assign on a Fail state', '§4.1', one({ Type: 'Fail', Assign: { x: 1 } }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Assign'),
    bad('assigning the reserved name states', '§4.1', one({ Type: 'Pass', Assign: { states: 1 } }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Assign/states'),
    bad('assigning a sub-path', '§4.1', one({ Type: 'Pass', Assign: { 'x.y': 1 } }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Assign/x.y'),
    bad('a variable name longer than 80 characters', '§4.4', one({ Type: 'Pass', Assign: { ['v'.repeat(81)]: 1 } }), 'SCHEMA_VALIDATION_FAILED'),
    bad('a Choice with no Choices', '§5.3', machine({ C: { Type: 'Choice', Choices: [], Default: 'E' }, E: { Type: 'Succeed' } }), 'SCHEMA_VALIDATION_FAILED', '/States/C/Choices'),
    bad('a Choice rule without Next', '§5.3', machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true }], Default: 'E' }, E: { Type: 'Succeed' } }), 'SCHEMA_VALIDATION_FAILED', '/States/C/Choices[0]'),
    bad('a Choice rule with two operators', '§5.3', machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, IsNull: false, Next: 'E' }] }, E: { Type: 'Succeed' } }), 'SCHEMA_VALIDATION_FAILED', '/States/C/Choices[0]'),
    bad('a Choice rule with the wrong operand type', '§5.3', machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', NumericEquals: '1', Next: 'E' }] }, E: { Type: 'Succeed' } }), 'SCHEMA_VALIDATION_FAILED', '/States/C/Choices[0]/NumericEquals'),
    bad('a nested Choice rule with Next', '§5.3', machine({ C: { Type: 'Choice', Choices: [{ Not: { Variable: '$.a', IsPresent: true, Next: 'E' }, Next: 'E' }] }, E: { Type: 'Succeed' } }), 'SCHEMA_VALIDATION_FAILED', '/States/C/Choices[0]/Not/Next'),
    bad('an empty And', '§5.3', machine({ C: { Type: 'Choice', Choices: [{ And: [], Next: 'E' }] }, E: { Type: 'Succeed' } }), 'SCHEMA_VALIDATION_FAILED', '/States/C/Choices[0]/And'),
    bad('a Choice Default that does not exist', '§5.3', machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'E' }], Default: 'Nope' }, E: { Type: 'Succeed' } }), 'MISSING_TRANSITION_TARGET', '/States/C/Default'),
    bad('a JSONata Choice rule without Condition', '§3.3', machine({ C: { Type: 'Choice', Choices: [{ Next: 'E' }] }, E: { Type: 'Succeed' } }, J), 'SCHEMA_VALIDATION_FAILED', '/States/C/Choices[0]'),
    bad('a Variable rule in a JSONata Choice', '§1.2', machine({ C: { Type: 'Choice', Choices: [{ Condition: true, Variable: '$.a', Next: 'E' }] }, E: { Type: 'Succeed' } }, J), 'SCHEMA_VALIDATION_FAILED', '/States/C/Choices[0]/Variable'),
    bad('a Parallel with no branches', '§5.7', one({ Type: 'Parallel', Branches: [] }), 'SCHEMA_VALIDATION_FAILED', '/States/A/Branches', 'Value cannot be empty'),
    bad('a branch whose Next leaves the branch', '§5', machine({ P: { Type: 'Parallel', Branches: [{ StartAt: 'I', States: { I: { Type: 'Pass', Next: 'E' } } }], Next: 'E' }, E: { Type: 'Succeed' } }), 'MISSING_TRANSITION_TARGET', '/States/P/Branches[0]/States/I/Next'),
    bad('a Map without ItemProcessor', '§5.8', one({ Type: 'Map' }), 'SCHEMA_VALIDATION_FAILED', '/States/A'),
    bad('a Map ToleratedFailurePercentage above 100', '§5.8', one({ Type: 'Map', ToleratedFailurePercentage: 150, ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Succeed' } } } }), 'SCHEMA_VALIDATION_FAILED', '/States/A/ToleratedFailurePercentage'),
    bad('duplicate state names across branches', '§5', one({ Type: 'Parallel', Branches: [{ StartAt: 'X', States: { X: { Type: 'Succeed' } } }, { StartAt: 'X', States: { X: { Type: 'Succeed' } } }] }), 'DUPLICATE_STATE_NAME'),
    bad('a state name longer than 80 characters', '§5', machine({ ['S'.repeat(81)]: { Type: 'Succeed' } }), 'SCHEMA_VALIDATION_FAILED'),
    bad('a machine TimeoutSeconds that is not a positive integer', '§8.2', one({ Type: 'Succeed' }, { TimeoutSeconds: -5 }), 'SCHEMA_VALIDATION_FAILED', '/TimeoutSeconds'),
    { name: 'a valid JSONata machine passes validation', ref: '§1.2', definition: machine({ A: { Type: 'Pass', Assign: { x: '{% $states.input.a %}' }, Next: 'C' }, C: { Type: 'Choice', Choices: [{ Condition: '{% $x > 1 %}', Next: 'E' }], Default: 'E' }, E: { Type: 'Succeed', Output: '{% $x %}' } }, J), input: { a: 2 }, output: 2 },
  ]);

  const engine = createEngine({ clock: new LabClock({ speed: 0 }), integrations: () => undefined });

  it('validate never throws and reports every problem with a location', () => {
    const d = engine.validate({ StartAt: 'A', States: { A: { Type: 'Pass', Output: 1, Next: 'Nope' } } });
    expect(d.map((x) => [x.code, x.location])).toEqual(
      expect.arrayContaining([
        ['SCHEMA_VALIDATION_FAILED', '/States/A/Output'],
        ['MISSING_TRANSITION_TARGET', '/States/A/Next'],
      ]),
    );
    expect(d.every((x) => x.severity === 'ERROR')).toBe(true);
  });

  it('a valid definition has no diagnostics', () => {
    expect(engine.validate(one({ Type: 'Pass' }))).toEqual([]);
  });

  it('substitutions are applied before validation', () => {
    const def = '{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":${Delay},"End":true}}}';
    expect(engine.validate(def, { Delay: '5' })).toEqual([]);
    expect(engine.validate(def, {})[0]!.code).toBe('INVALID_JSON_DESCRIPTION');
  });
});
