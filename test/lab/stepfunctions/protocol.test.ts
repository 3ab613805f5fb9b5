/** The AWS JSON 1.0 wire protocol of the Step Functions API, as any client other than the SDK sees it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from './harness';

let lab: Lab;
beforeAll(async () => (lab = await startLab()));
afterAll(() => lab.close());

async function post(
  target: string | undefined,
  body: string,
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0' };
  if (target) headers['x-amz-target'] = target;
  const res = await fetch(lab.url, { method: 'POST', headers, body });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

describe('the AWS JSON 1.0 protocol', () => {
  it('answers 200 with JSON and epoch-second dates', async () => {
    const res = await post('AWSStepFunctions.ListStateMachines', '{}');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(res.json).toEqual({ stateMachines: [] });
  });

  it.each([
    ['an unknown operation', 'AWSStepFunctions.DoSomething', '{}', 'UnknownOperationException'],
    ['no X-Amz-Target', undefined, '{}', 'UnknownOperationException'],
    ['a body that is not JSON', 'AWSStepFunctions.ListStateMachines', '{oops', 'SerializationException'],
    ['a body that is not an object', 'AWSStepFunctions.ListStateMachines', '[1]', 'SerializationException'],
    ['a missing required member', 'AWSStepFunctions.StartExecution', '{}', 'ValidationException'],
    [
      'a member of the wrong type',
      'AWSStepFunctions.DescribeExecution',
      '{"executionArn": 5}',
      'SerializationException',
    ],
  ])('%s is a 400 whose __type names the error', async (_, target, body, type) => {
    const res = await post(target, body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ __type: type, message: expect.any(String) });
    expect(res.headers.get('x-amzn-errortype')).toBe(type);
  });

  it('a missing member says which one, in AWS’s words', async () => {
    const res = await post('AWSStepFunctions.StartExecution', '{}');
    expect(res.json.message).toBe(
      "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null",
    );
  });

  it('dates are numbers of epoch seconds', async () => {
    const created = await post(
      'AWSStepFunctions.CreateStateMachine',
      JSON.stringify({
        name: 'm',
        definition: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}',
        roleArn: 'arn:aws:iam::000000000000:role/r',
      }),
    );
    expect(created.json.creationDate).toBe(Date.parse('2026-11-23T15:00:00Z') / 1000);
  });
});
