/**
 * The key for sensitive digits: DIGITS_KEY in the lab, else the secret DIGITS_KEY_SECRET_ARN read through
 * the Secrets Manager API (here a tiny stand-in reached with AWS_ENDPOINT_URL_SECRETS_MANAGER).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDigitsKey } from '../../../functions/event-router/digits-key';
import { captureLogs, type LogLine } from './support/harness';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:digits-key-AbCdEf';
let server: Server;
let endpoint: string;
const requests: { target: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      requests.push({ target: String(request.headers['x-amz-target']), body: parsed });
      const found = parsed.SecretId === SECRET_ARN;
      response.writeHead(found ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify(
          found
            ? { ARN: SECRET_ARN, Name: 'digits-key', SecretString: 'from-secrets-manager' }
            : {
                __type: 'ResourceNotFoundException',
                message: "Secrets Manager can't find the specified secret.",
              },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const env = (extra: Record<string, string>) => {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
  });
  return extra;
};

describe('the sensitive-digits key', () => {
  it('is DIGITS_KEY when set (lab), without calling Secrets Manager', async () => {
    const before = requests.length;
    expect(
      await readDigitsKey(env({ DIGITS_KEY: 'lab-key', DIGITS_KEY_SECRET_ARN: SECRET_ARN }), captureLogs([])),
    ).toBe('lab-key');
    expect(requests.length).toBe(before);
  });

  it('is read from DIGITS_KEY_SECRET_ARN through Secrets Manager', async () => {
    expect(await readDigitsKey(env({ DIGITS_KEY_SECRET_ARN: SECRET_ARN }), captureLogs([]))).toBe(
      'from-secrets-manager',
    );
    expect(requests.at(-1)).toEqual({
      target: 'secretsmanager.GetSecretValue',
      body: { SecretId: SECRET_ARN },
    });
  });

  it('is absent (digits become "redacted") when the secret cannot be read, and says why in the logs', async () => {
    const logs: LogLine[] = [];
    const key = await readDigitsKey(
      env({ DIGITS_KEY_SECRET_ARN: `${SECRET_ARN}-missing` }),
      captureLogs(logs),
    );
    expect(key).toBeUndefined();
    expect(logs).toMatchObject([
      { level: 'error', message: expect.stringMatching(/could not read DIGITS_KEY_SECRET_ARN/) },
    ]);
  });

  it('is absent when nothing is configured', async () => {
    expect(await readDigitsKey(env({}), captureLogs([]))).toBeUndefined();
  });
});
