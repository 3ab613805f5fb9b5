import { describe, expect } from 'vitest';
import { one, runCases, type Case } from './harness';

/** Evaluates one intrinsic in a Pass state's Parameters and outputs its value. */
const call = (expr: string) => one({ Type: 'Pass', Parameters: { 'v.$': expr }, OutputPath: '$.v' });

const rows: [string, string, unknown, unknown][] = [
  [
    'States.Format inserts strings raw',
    "States.Format('Hello, {}!', $.name)",
    { name: 'Ana' },
    'Hello, Ana!',
  ],
  ['States.Format with several placeholders', "States.Format('{} + {} = {}', 1, 2, 3)", {}, '1 + 2 = 3'],
  ['States.Format renders null as null', "States.Format('v={}', $.n)", { n: null }, 'v=null'],
  [
    'States.Format renders objects Java-style',
    "States.Format('{}', $.o)",
    { o: { Arg1: 1, Arg2: [] } },
    '{Arg1=1, Arg2=[]}',
  ],
  ['States.Format renders booleans', "States.Format('{}', $.b)", { b: true }, 'true'],
  ['States.Format keeps escaped braces literal', "States.Format('\\{}{}', 'x')", {}, '{}x'],
  ['States.Format with an escaped quote', "States.Format('it\\'s {}', 'ok')", {}, "it's ok"],
  ['States.StringToJson parses JSON text', 'States.StringToJson($.s)', { s: '{"a":[1,2]}' }, { a: [1, 2] }],
  ['States.StringToJson of "" is null', 'States.StringToJson($.s)', { s: '' }, null],
  ['States.StringToJson of " " is null', 'States.StringToJson($.s)', { s: ' ' }, null],
  ['States.StringToJson of "null" is null', 'States.StringToJson($.s)', { s: 'null' }, null],
  ['States.StringToJson of "-0" is 0', 'States.StringToJson($.s)', { s: '-0' }, 0],
  [
    'States.JsonToString writes compact JSON',
    'States.JsonToString($.o)',
    { o: { Arg1: 1, Arg2: [] } },
    '{"Arg1":1,"Arg2":[]}',
  ],
  ['States.JsonToString quotes a string', 'States.JsonToString($.s)', { s: 'x' }, '"x"'],
  [
    'States.Array builds an array of its arguments',
    "States.Array('a', 1, $.x, null)",
    { x: { y: 2 } },
    ['a', 1, { y: 2 }, null],
  ],
  ['States.Array() is []', 'States.Array()', {}, []],
  [
    'States.ArrayPartition chunks an array',
    'States.ArrayPartition($.a, 3)',
    { a: [0, 1, 2, 3] },
    [[0, 1, 2], [3]],
  ],
  ['States.ArrayPartition of [] is []', 'States.ArrayPartition($.a, 3)', { a: [] }, []],
  ['States.ArrayContains finds a value', 'States.ArrayContains($.a, 2)', { a: [1, 2, 3] }, true],
  [
    'States.ArrayContains compares deeply',
    'States.ArrayContains($.a, $.v)',
    { a: [[1, 2, 3], 2], v: [1, 2, 3] },
    true,
  ],
  ['States.ArrayContains on [] with null is false', 'States.ArrayContains($.a, null)', { a: [] }, false],
  ['States.ArrayRange counts with a step', 'States.ArrayRange(1, 9, 2)', {}, [1, 3, 5, 7, 9]],
  ['States.ArrayRange with one element stays an array', 'States.ArrayRange(1, 9, 9)', {}, [1]],
  ['States.ArrayRange counts down with a negative step', 'States.ArrayRange(5, 1, -2)', {}, [5, 3, 1]],
  ['States.ArrayGetItem reads by index', 'States.ArrayGetItem($.a, 1)', { a: ['x', 'y'] }, 'y'],
  ['States.ArrayLength counts items', 'States.ArrayLength($.a)', { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, 9],
  [
    'States.ArrayUnique removes duplicates, keeping order',
    'States.ArrayUnique($.a)',
    { a: [1, 2, 1, 3, 2] },
    [1, 2, 3],
  ],
  [
    'States.ArrayUnique compares objects deeply',
    'States.ArrayUnique($.a)',
    { a: [{ x: 1 }, { x: 1 }, { x: 2 }] },
    [{ x: 1 }, { x: 2 }],
  ],
  ['States.Base64Encode', "States.Base64Encode('Data to encode')", {}, 'RGF0YSB0byBlbmNvZGU='],
  ['States.Base64Decode', "States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", {}, 'Data to encode'],
  ['States.Base64Encode of "" is ""', "States.Base64Encode('')", {}, ''],
  ['States.Hash MD5', "States.Hash('input data', 'MD5')", {}, '812f45842bc6d66ee14572ce20db8e86'],
  ['States.Hash SHA-1', "States.Hash('input data', 'SHA-1')", {}, 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
  [
    'States.Hash SHA-256',
    "States.Hash('input data', 'SHA-256')",
    {},
    'b4a697a057313163aa33272ea0d6e5d7c2d1a2a8e1b1e8f9b6d5e4d3c2b1a0f9',
  ],
  [
    'States.JsonMerge shallow: later keys win',
    'States.JsonMerge($.a, $.b, false)',
    { a: { x: 1, y: { p: 1 } }, b: { y: { q: 2 }, z: 3 } },
    { x: 1, y: { q: 2 }, z: 3 },
  ],
  ['States.MathAdd adds integers', 'States.MathAdd(1, 2)', {}, 3],
  ['States.MathAdd rounds 1.49 + 1.5 to 3 (Java Math.round)', 'States.MathAdd(1.49, 1.5)', {}, 3],
  ['States.MathAdd rounds -1.5 to -1', 'States.MathAdd(-1.5, 0)', {}, -1],
  ['States.MathAdd rounds 2.5 to 3', 'States.MathAdd(2.5, 0)', {}, 3],
  ['States.MathAdd rounds -2.5 to -2', 'States.MathAdd(-2.5, 0)', {}, -2],
  ['States.MathAdd with a path argument', 'States.MathAdd($.n, -1)', { n: 10 }, 9],
  [
    'States.StringSplit splits on every delimiter character',
    "States.StringSplit('This.is+a,test=string', '.+,=')",
    {},
    ['This', 'is', 'a', 'test', 'string'],
  ],
  ['States.StringSplit drops empty tokens', "States.StringSplit(',,,,', ',')", {}, []],
  ['intrinsics nest', "States.ArrayLength(States.StringSplit(States.Format('{},{}', 'a', 'b'), ','))", {}, 2],
  ['an argument may read the context object', "States.Format('{}', $$.State.Name)", {}, 'A'],
];

const hashSha256: Case = {
  name: 'States.Hash SHA-256 gives a 64-hex-digit digest',
  ref: '§7',
  definition: call("States.Hash('input data', 'SHA-256')"),
  check: (r) => {
    expect(r.status).toBe('SUCCEEDED');
    if (r.status === 'SUCCEEDED') expect(r.output).toMatch(/^[0-9a-f]{64}$/);
  },
};

const cases: Case[] = [
  ...rows
    .filter(([name]) => !name.includes('SHA-256'))
    .map(([name, expr, input, output]): Case => ({ name, ref: '§7', definition: call(expr), input, output })),
  hashSha256,
  {
    name: 'States.UUID gives a v4 UUID',
    ref: '§7',
    definition: call('States.UUID()'),
    check: (r) => {
      if (r.status === 'SUCCEEDED')
        expect(r.output).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      else throw new Error(r.status);
    },
  },
  {
    name: 'States.MathRandom stays in range',
    ref: '§7',
    definition: call('States.MathRandom(1, 10)'),
    check: (r) => {
      if (r.status !== 'SUCCEEDED') throw new Error(r.status);
      expect(r.output).toBeGreaterThanOrEqual(1);
      expect(r.output).toBeLessThan(10);
    },
  },
  {
    name: 'States.MathRandom with a seed is repeatable',
    ref: '§7',
    definition: one({
      Type: 'Pass',
      Parameters: { 'a.$': 'States.MathRandom(1, 1000, 42)', 'b.$': 'States.MathRandom(1, 1000, 42)' },
    }),
    check: (r) => {
      if (r.status !== 'SUCCEEDED') throw new Error(r.status);
      const o = r.output as { a: number; b: number };
      expect(o.a).toBe(o.b);
    },
  },
  {
    name: 'States.Format with too few arguments fails',
    ref: '§7',
    definition: call("States.Format('{} {}', 'a')"),
    error: 'States.Runtime',
  },
  {
    name: 'States.JsonMerge deep mode is rejected',
    ref: '§11.8',
    definition: call('States.JsonMerge($.a, $.b, true)'),
    input: { a: {}, b: {} },
    error: 'States.Runtime',
  },
  {
    name: 'States.ArrayPartition with a zero chunk fails',
    ref: '§7',
    definition: call('States.ArrayPartition($.a, 0)'),
    input: { a: [1] },
    error: 'States.Runtime',
  },
  {
    name: 'States.ArrayRange with step 0 fails',
    ref: '§7',
    definition: call('States.ArrayRange(1, 2, 0)'),
    error: 'States.Runtime',
  },
  {
    name: 'States.ArrayRange over 1000 items fails',
    ref: '§7',
    definition: call('States.ArrayRange(1, 2000, 1)'),
    error: 'States.Runtime',
  },
  {
    name: 'States.ArrayGetItem out of range fails (UNCONFIRMED)',
    ref: '§7',
    definition: call('States.ArrayGetItem($.a, 5)'),
    input: { a: [1] },
    error: 'States.Runtime',
  },
  {
    name: 'States.Hash with an unknown algorithm fails',
    ref: '§7',
    definition: call("States.Hash('x', 'SHA-3')"),
    error: 'States.Runtime',
  },
  {
    name: 'States.StringToJson of invalid JSON fails',
    ref: '§7',
    definition: call('States.StringToJson($.s)'),
    input: { s: '{nope' },
    error: 'States.Runtime',
  },
  {
    name: 'a path argument that matches nothing is States.Runtime',
    ref: '§7',
    definition: call("States.Format('{}', $.missing)"),
    error: 'States.Runtime',
    cause: /The JSONPath '\$\.missing' specified for the field 'v\.\$' could not be found/,
  },
  {
    name: 'an unknown intrinsic is refused at definition time',
    ref: '§7',
    definition: call('States.Nope(1)'),
    invalid: {
      code: 'SCHEMA_VALIDATION_FAILED',
      location: '/States/A/Parameters',
      message: "The value for the field 'v.$' must be a valid JSONPath or a valid intrinsic function call",
    },
  },
  {
    name: 'an illegal escape is refused at definition time',
    ref: '§7',
    definition: call("States.Format('\\x')"),
    invalid: {
      code: 'SCHEMA_VALIDATION_FAILED',
      message: "The value for the field 'v.$' must be a valid JSONPath or a valid intrinsic function call",
    },
  },
  {
    name: 'a Pass state has no ResultSelector field',
    ref: '§1.2',
    definition: one({ Type: 'Pass', Result: [1, 2], ResultSelector: { 'n.$': 'States.ArrayLength($)' } }),
    invalid: { code: 'SCHEMA_VALIDATION_FAILED', location: '/States/A/ResultSelector' },
  },
  {
    name: 'intrinsics nested deeper than 10 levels are refused',
    ref: '§7',
    definition: call('States.Array('.repeat(11) + ')'.repeat(11)),
    invalid: { code: 'SCHEMA_VALIDATION_FAILED' },
  },
];

describe('intrinsic functions', () => {
  runCases(cases);
});
