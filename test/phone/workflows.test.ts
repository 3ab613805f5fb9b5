import { describe, expect, it } from 'vitest';
import { assignNumbers, functionOfPlaceholder, placeholdersOf } from '../../lab/workflows';

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
    expect(numbers).toEqual({ 'business-line': '+12065550201', 'voice-assistant': '+12065550200' });
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
