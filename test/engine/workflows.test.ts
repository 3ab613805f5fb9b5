import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runToCompletion } from '../../lab/engine';

/** The repository's own example runs unchanged: JSONata, variables and two task-token callbacks. */
describe('example workflows', () => {
  const hello = readFileSync(new URL('../../examples/hello.asl.json', import.meta.url), 'utf8');

  it('hello: greets, then hangs up; each step waits for its task token', async () => {
    const messages: unknown[] = [];
    const r = await runToCompletion(
      hello,
      { QueueUrl: 'http://lab/queue/call-1' },
      {
        integrations: {
          'arn:aws:states:::sqs:sendMessage': async (t) => (
            messages.push(t.parameters),
            { MessageId: `m${messages.length}` }
          ),
        },
        onTaskToken: (token, engine) => engine.sendTaskSuccess(token, { ok: true }),
      },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(messages).toHaveLength(2);
    const second = messages[1] as {
      QueueUrl: string;
      MessageBody: { Actions: { Type: string }[]; TransactionAttributes: { WaitToken: string } };
    };
    expect(second.QueueUrl).toBe('http://lab/queue/call-1');
    expect(second.MessageBody.Actions[0]!.Type).toBe('Hangup');
    expect(second.MessageBody.TransactionAttributes.WaitToken).toMatch(/^AQ/);
  });

  it('hello: a HANGUP failure is caught and the execution still succeeds', async () => {
    const r = await runToCompletion(
      hello,
      { QueueUrl: 'q' },
      {
        integrations: { 'arn:aws:states:::sqs:sendMessage': async () => ({ MessageId: 'm' }) },
        onTaskToken: (token, engine) => engine.sendTaskFailure(token, 'HANGUP', 'caller hung up'),
      },
    );
    expect(r.status).toBe('SUCCEEDED');
    if (r.status === 'SUCCEEDED') expect(r.output).toEqual({ Error: 'HANGUP', Cause: 'caller hung up' });
  });
});
