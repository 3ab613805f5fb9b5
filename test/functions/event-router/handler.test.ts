/**
 * The deployed entry point: `handler` reads its settings from the environment once, at cold start, and
 * reaches AWS through the SDK's own endpoint variables (AWS_ENDPOINT_URL_SQS / _SFN), as when the lab
 * runs the function by hand.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUSINESS, CALLER, FLOW_ARN, pstnEvent } from './support/events';
import { speak, startHarness, type Harness } from './support/harness';

const saved = { ...process.env };
beforeEach(() => vi.resetModules());
afterEach(() => {
  process.env = { ...saved };
  vi.restoreAllMocks();
});

const importRouter = () => import('../../../functions/event-router');

describe('handler', () => {
  it('a malformed CALL_FLOWS fails the Lambda cold start (module init) with a message saying what is wrong', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'event-router';
    process.env.CALL_FLOWS = '{"2065550100":"arn:aws:states:us-east-1:123456789012:stateMachine:x"}';
    await expect(importRouter()).rejects.toThrow(/CALL_FLOWS entry 1 .*not an E\.164 number/);
  });

  it('outside Lambda, the module imports and the first invocation reports the bad setting', async () => {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    process.env.CALL_FLOWS = 'not json';
    const { handler } = await importRouter();
    await expect(handler(pstnEvent('NEW_INBOUND_CALL'))).rejects.toThrow(/CALL_FLOWS is not valid JSON/);
  });

  it('answers through AWS_ENDPOINT_URL_* and logs structured JSON with masked numbers', async () => {
    const h: Harness = await startHarness();
    try {
      h.stepFunctions.script = () => [{ message: speak('Welcome') }];
      Object.assign(process.env, {
        CALL_FLOWS: JSON.stringify({ [BUSINESS]: FLOW_ARN }),
        TURN_BUDGET_MS: '1000',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_SQS: await h.sqs.config.endpoint!().then(
          (e) => `${e.protocol}//${e.hostname}:${e.port}`,
        ),
        AWS_ENDPOINT_URL_SFN: h.stepFunctions.url,
        // as Lambda runs it (vitest.config.ts quiets function logs to WARN for every other test)
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      const lines: string[] = [];
      const capture = (chunk: unknown) => lines.push(String(chunk)) > 0;
      vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
      const { handler } = await importRouter();
      const response = await handler(
        pstnEvent('NEW_INBOUND_CALL', { transactionId: `handler-${Date.now()}` }),
      );

      expect(response.Actions).toEqual([{ Type: 'Speak', Parameters: { Text: 'Welcome' } }]);
      const logged = lines.join('');
      const entry = lines
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.message === 'turn answered');
      expect(entry).toMatchObject({
        level: 'INFO',
        service: 'event-router',
        from: '********1212',
        to: '********0100',
      });
      for (const number of [BUSINESS, CALLER]) expect(logged).not.toContain(number);
    } finally {
      await h.close();
    }
  });
});
