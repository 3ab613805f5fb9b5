import { describe, expect, it } from 'vitest';
import { functionPlaceholder, kebabCase, placeholdersIn, workflowNeeds } from '../../infra/placeholders';

describe('placeholders in a workflow', () => {
  it('finds each ${Name} once, in order of first appearance', () => {
    expect(
      placeholdersIn('{"a":"${BucketName}","b":"${TableName}/${BucketName}","c":"$states.input"}'),
    ).toEqual(['BucketName', 'TableName']);
  });

  it.each([
    ['OwnerPin', 'owner-pin'],
    ['BusinessHours', 'business-hours'],
    ['PlaceCall', 'place-call'],
    ['Transcribe', 'transcribe'],
    ['Tts2Wav', 'tts2-wav'],
  ])('maps ${%s}FunctionArn to functions/%s', (pascal, folder) => {
    expect(kebabCase(pascal)).toBe(folder);
    expect(functionPlaceholder(folder)).toBe(`${pascal}FunctionArn`);
  });

  it('sorts what a workflow needs into stack values and functions', () => {
    const needs = workflowNeeds('w.asl.json', '"${BucketName}" "${PlaceCallFunctionArn}" "${LineNumber}"', [
      'place-call',
    ]);
    expect(needs.stackValues).toEqual(['BucketName', 'LineNumber']);
    expect(needs.functions).toEqual([{ placeholder: 'PlaceCallFunctionArn', folder: 'place-call' }]);
  });

  it.each([
    ['"${BuketName}"', /w\.asl\.json: \$\{BuketName\} is not a deploy-time value/],
    [
      '"${SendSmsFunctionArn}"',
      /\$\{SendSmsFunctionArn\} names functions\/send-sms\/index\.ts, which does not exist/,
    ],
    ['"${}"', /\$\{\} is not a deploy-time value/],
  ])('refuses %s with a message naming the file and the placeholder', (definition, message) => {
    expect(() => workflowNeeds('w.asl.json', definition, ['place-call'])).toThrow(message);
  });
});
