/** `npm run smoke` against the Phone Lab: the synthetic call goes through the router and leaves nothing behind. */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, parseSmokeArgs, targetFromOutputs } from '../../infra/smoke/cli';
import { classify } from '../../infra/smoke/events';
import { runSmoke, turnProblems } from '../../infra/smoke/run';
import { startLab, type Lab } from '../../lab';
import { labClientConfig } from '../../lab/services';

let lab: Lab;
let clients: { lambda: LambdaClient; sqs: SQSClient; sfn: SFNClient };
beforeAll(async () => {
  lab = await startLab({ port: 0 });
  const config = labClientConfig(lab.edgeUrl);
  clients = { lambda: new LambdaClient(config), sqs: new SQSClient(config), sfn: new SFNClient(config) };
});
afterAll(() => lab?.close());

const businessLine = () => ({
  ...clients,
  functionName: 'event-router',
  number: lab.numbers['business-line']!,
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:business-line',
});

describe('npm run smoke against the lab', () => {
  it('a synthetic call is answered by the flow, hangs up, and leaves no queue or running execution', async () => {
    const report = await runSmoke(businessLine());
    expect(report.problems).toEqual([]);
    expect(report.cleaned).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.turns[0]!.event).toBe('NEW_INBOUND_CALL');
    expect(report.turns.some((t) => t.kind === 'flow' && t.actions.includes('Speak'))).toBe(true);
    expect(report.turns.at(-1)!.event).toBe('HANGUP');
    expect(formatReport(report)).toMatch(/PASS: router, call queue, workflow and permissions are wired/);

    // (ListQueues may show a deleted queue for a while, in AWS as in the lab; GetQueueUrl does not find it)
    await expect(
      clients.sqs.send(new GetQueueUrlCommand({ QueueName: `call-${report.transactionId}` })),
    ).rejects.toMatchObject({ name: expect.stringMatching(/QueueDoesNotExist|NonExistentQueue/) });
    const { executions = [] } = await clients.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: businessLine().stateMachineArn, statusFilter: 'RUNNING' }),
    );
    expect(
      executions.filter((e) => e.name?.startsWith('call-smoke-')),
      'executions left',
    ).toEqual([]);
  });

  it('the voice assistant passes too: its greeting and goodbye end with a Hangup after a Speak', async () => {
    const report = await runSmoke({
      ...businessLine(),
      number: lab.numbers['voice-assistant']!,
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:voice-assistant',
    });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.turns.some((t) => t.kind === 'apology')).toBe(false);
  });

  it('a number no flow answers: the router apologises, and the smoke test says the wiring is broken', async () => {
    const report = await runSmoke({ ...businessLine(), number: '+12065559999' });
    expect(report.ok).toBe(false);
    expect(formatReport(report)).toMatch(/FAIL:/);
    expect(report.problems.join('\n')).toMatch(/apologised|never answered/);
  });

  it('a router that is not there is named', async () => {
    const report = await runSmoke({ ...businessLine(), functionName: 'no-such-router' });
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/no-such-router|Function not found/);
  });
});

describe('smoke test decisions', () => {
  it('names an unknown flag or one without its value instead of ignoring it', () => {
    expect(parseSmokeArgs(['--line', 'voice-assistant'])).toEqual({ line: 'voice-assistant' });
    expect(() => parseSmokeArgs(['--lien', 'voice-assistant'])).toThrow('Unknown argument --lien');
    expect(() => parseSmokeArgs(['--stack'])).toThrow('--stack needs a value');
  });

  it('reads the router, number and state machine of a line from the stack outputs', () => {
    const outputs = [
      { OutputKey: 'RouterFunction', OutputValue: 'Switchboard-Router' },
      { OutputKey: 'VoiceAssistantNumber', OutputValue: '+14255550100' },
      { OutputKey: 'VoiceAssistantStateMachine', OutputValue: 'arn:sm' },
    ];
    expect(targetFromOutputs(outputs, 'voice-assistant')).toEqual({
      functionName: 'Switchboard-Router',
      number: '+14255550100',
      stateMachineArn: 'arn:sm',
    });
    expect(() => targetFromOutputs(outputs, 'business-line')).toThrow(/no output BusinessLineNumber/);
  });

  it('tells the flow from a keep-alive, the apology and an invalid answer', () => {
    const say = (Text: string) => ({
      SchemaVersion: '1.0',
      Actions: [{ Type: 'Speak', Parameters: { Text } }],
    });
    expect(classify(say('Hello'), 'Sorry')).toBe('flow');
    expect(classify(say('Sorry'), 'Sorry')).toBe('apology');
    const keepAlive = {
      SchemaVersion: '1.0',
      Actions: [{ Type: 'Pause' }],
      TransactionAttributes: { KeepAlive: 'Pause' },
    };
    expect(classify(keepAlive, 'Sorry')).toBe('keep-alive');
    // a flow that plays audio first is the flow answering, not a keep-alive
    expect(classify({ SchemaVersion: '1.0', Actions: [{ Type: 'PlayAudio' }] }, 'Sorry')).toBe('flow');
    // a goodbye followed by Hangup ends the call
    const goodbye = { SchemaVersion: '1.0', Actions: [{ Type: 'Speak' }, { Type: 'Hangup' }] };
    expect(classify(goodbye, 'Sorry')).toBe('hangup');
    expect(classify({ statusCode: 200 }, 'Sorry')).toBe('invalid');
    expect(turnProblems([{ event: 'NEW_INBOUND_CALL', kind: 'keep-alive', actions: ['Pause'] }])).toEqual([
      expect.stringMatching(/never answered/),
    ]);
  });
});
