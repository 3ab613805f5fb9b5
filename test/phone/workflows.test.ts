import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lab';
import { assignNumbers, functionOfPlaceholder, placeholdersOf, readLineNumbers } from '../../lab/workflows';

const flow = (name: string) => ({ name, file: `${name}.asl.json`, definition: '{}', placeholders: [] });

describe('call flows in the lab', () => {
  it('finds each ${Name} placeholder once', () => {
    expect(
      placeholdersOf('{"a":"${BucketName}/x","b":"${BucketName}","c":"${PlaceCallFunctionArn}"}'),
    ).toEqual(['BucketName', 'PlaceCallFunctionArn']);
  });

  it.each([
    ['BusinessHoursFunctionArn', 'business-hours'],
    ['PlaceCallFunctionArn', 'place-call'],
    ['TranscribeFunctionArn', 'transcribe'],
    ['OwnerPinFunctionArn', 'owner-pin'],
    ['BucketName', undefined],
  ])('${%s} names the function folder %s', (placeholder, folder) => {
    expect(functionOfPlaceholder(placeholder)).toBe(folder);
  });

  it('gives every line a number, keeping the ones an admin chose', () => {
    const numbers = assignNumbers([flow('business-line'), flow('voice-assistant')], {
      'voice-assistant': '+12065550200',
    });
    expect(numbers['voice-assistant']).toBe('+12065550200');
    expect(numbers['business-line']).toMatch(/^\+120655502\d\d$/);
    expect(numbers['business-line']).not.toBe('+12065550200');
  });

  it('adding or removing workflows never renumbers the others', () => {
    const names = ['business-line', 'voice-assistant', 'front-desk', 'hello', 'after-hours', 'a', 'zz-top'];
    const before = assignNumbers(names.slice(0, 3).map(flow));
    const after = assignNumbers(names.map(flow));
    for (const name of names.slice(0, 3)) expect(after[name]).toBe(before[name]);
    expect(new Set(Object.values(after)).size).toBe(names.length);
    const fewer = assignNumbers([flow('voice-assistant')]);
    expect(fewer['voice-assistant']).toBe(before['voice-assistant']);
  });

  it('workflows/lines.json pins numbers, reserves the ones of workflows that are gone, and refuses nonsense', () => {
    const pinned = { 'business-line': '+12065550200', retired: '+12065550201' };
    const numbers = assignNumbers([flow('business-line'), flow('voice-assistant'), flow('new')], {}, pinned);
    expect(numbers['business-line']).toBe('+12065550200');
    expect(Object.values(numbers)).not.toContain('+12065550201');
    const dir = mkdtempSync(join(tmpdir(), 'lines-'));
    writeFileSync(join(dir, 'lines.json'), '{"a": "+12065550200", "b": "+12065550200"}');
    expect(() => readLineNumbers(dir)).toThrow(/\+12065550200 is given to both "a" and "b"/);
    writeFileSync(join(dir, 'lines.json'), '{"a": 12065550200}');
    expect(() => readLineNumbers(dir)).toThrow(/lines.json: the number for "a" is not E.164/);
    expect(readLineNumbers(join(dir, 'nowhere'))).toEqual({});
  });

  it('the shipped lines keep the numbers the docs and scenarios use', () => {
    expect(readLineNumbers(join(REPO_ROOT, 'workflows'))).toMatchObject({
      'business-line': '+12065550200',
      'voice-assistant': '+12065550201',
    });
  });

  it('refuses a number for a line that does not exist, or one that is not E.164', () => {
    expect(() => assignNumbers([flow('business-line')], { 'buisness-line': '+12065550300' })).toThrow(
      'a number is configured for "buisness-line", but there is no workflows/buisness-line.asl.json',
    );
    expect(() => assignNumbers([flow('business-line')], { 'business-line': '2065550300' })).toThrow(
      /not E.164/,
    );
  });
});
