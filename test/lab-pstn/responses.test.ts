import { describe, expect, it } from 'vitest';
import { CALLER, LINE, hangup, respond, setup, speak } from './harness';

describe('responses the service rejects', () => {
  it('an invalid response earns INVALID_LAMBDA_RESPONSE with top-level ErrorType, and its attributes are not applied', async () => {
    const { sim, lambda, run } = setup();
    lambda.once('NEW_INBOUND_CALL', {
      SchemaVersion: '2.0',
      Actions: [speak('x')],
      TransactionAttributes: { k: 'v' },
    });
    lambda.once('INVALID_LAMBDA_RESPONSE', respond(speak('recovered')));
    const phone = sim.dial({ from: CALLER, to: LINE });
    await run(3000);
    const invalid = lambda.events[1]!;
    expect(invalid.InvocationEventType).toBe('INVALID_LAMBDA_RESPONSE');
    expect(invalid).toMatchObject({ ErrorType: 'SchemaVersionMismatch', Sequence: 2 });
    expect(invalid).not.toHaveProperty('ActionData');
    expect(invalid.CallDetails).not.toHaveProperty('TransactionAttributes');
    expect(phone.heard().map((p) => p.text)).toEqual(['recovered']);
  });

  it.each([
    ['11 actions', respond(...Array.from({ length: 11 }, () => speak('x'))), 'TooManyActions'],
    ['an unknown action type', respond({ Type: 'Dance', Parameters: {} }), 'UnsupportedActionType'],
    ['an API Gateway wrapper', { statusCode: 200, body: '{}' }, 'SchemaVersionMismatch'],
    ['null', null, 'EmptyResponse'],
    ['no actions for a new inbound call', respond(), 'EmptyActionList'],
  ])('%s is refused before anything plays', async (_name, response, errorType) => {
    const { sim, lambda, run } = setup();
    lambda.once('NEW_INBOUND_CALL', response);
    lambda.on('INVALID_LAMBDA_RESPONSE', respond(hangup()));
    const phone = sim.dial({ from: CALLER, to: LINE });
    await run(1000);
    expect(lambda.events[1]).toMatchObject({
      InvocationEventType: 'INVALID_LAMBDA_RESPONSE',
      ErrorType: errorType,
    });
    expect(phone.heard()).toEqual([]);
  });

  it('a bad action fails when reached: ACTION_FAILED with ErrorType in ActionData, and the rest of the list is discarded', async () => {
    const { sim, lambda, run } = setup();
    lambda.once(
      'NEW_INBOUND_CALL',
      respond(speak('first'), { Type: 'Pause', Parameters: {} }, speak('never')),
    );
    const phone = sim.dial({ from: CALLER, to: LINE });
    await run(10_000);
    expect(lambda.types()).toEqual(['NEW_INBOUND_CALL', 'ACTION_FAILED']);
    expect(lambda.events[1]).toMatchObject({
      ActionData: { Type: 'Pause', ErrorType: 'MissingRequiredActionParameter' },
    });
    expect(phone.heard().map((p) => p.text)).toEqual(['first']);
  });

  it('Speak without CallId fails as the developer guide documents (the lab default), and with it the caller hears it', async () => {
    const { sim, lambda, run } = setup({ requireCallId: true });
    lambda.once('NEW_INBOUND_CALL', respond(speak('no leg named')));
    lambda.once('ACTION_FAILED', (event: { CallDetails: { Participants: { CallId: string }[] } }) =>
      respond({
        Type: 'Speak',
        Parameters: { CallId: event.CallDetails.Participants[0]!.CallId, Text: 'named' },
      }),
    );
    const phone = sim.dial({ from: CALLER, to: LINE });
    await run(10_000);
    expect(lambda.events[1]).toMatchObject({
      InvocationEventType: 'ACTION_FAILED',
      ActionData: { Type: 'Speak', ErrorType: 'MissingRequiredActionParameter' },
    });
    expect(phone.heard().map((p) => p.text)).toEqual(['named']);
  });

  it('an action that fails while running (missing audio) discards the rest of the list', async () => {
    const { sim, lambda, run } = setup();
    lambda.once(
      'NEW_INBOUND_CALL',
      respond(
        {
          Type: 'PlayAudio',
          Parameters: { AudioSource: { Type: 'S3', BucketName: 'prompts', Key: 'missing.wav' } },
        },
        speak('never'),
      ),
    );
    const phone = sim.dial({ from: CALLER, to: LINE });
    await run(10_000);
    expect(lambda.last('ACTION_FAILED').ActionData).toMatchObject({
      Type: 'PlayAudio',
      ErrorType: 'InvalidAudioSource',
      ErrorMessage: 'Audio Source parameter value is invalid.',
    });
    expect(phone.heard()).toEqual([]);
  });

  it('a response without actions mid-list lets the rest of the old list run (docs/aws/pstn-audio.md §3.2)', async () => {
    const { sim, lambda, run } = setup();
    const record = {
      Type: 'RecordAudio',
      Parameters: {
        DurationInSeconds: 1,
        RecordingTerminators: ['#'],
        RecordingDestination: { Type: 'S3', BucketName: 'rec' },
      },
    };
    lambda.once('NEW_INBOUND_CALL', respond(record, speak('after the recording')));
    const phone = sim.dial({ from: CALLER, to: LINE });
    await run(5000);
    expect(lambda.types()).toEqual(['NEW_INBOUND_CALL', 'ACTION_SUCCESSFUL', 'ACTION_SUCCESSFUL']);
    expect(lambda.events.map((e) => ('ActionData' in e ? e.ActionData?.Type : undefined))).toEqual([
      undefined,
      'RecordAudio',
      'Speak',
    ]);
    expect(phone.heard().map((p) => p.text)).toEqual(['after the recording']);
  });

  it('a new action list replaces what was still queued', async () => {
    const { sim, lambda, run } = setup();
    const record = {
      Type: 'RecordAudio',
      Parameters: {
        DurationInSeconds: 1,
        RecordingTerminators: ['#'],
        RecordingDestination: { Type: 'S3', BucketName: 'rec' },
      },
    };
    lambda.once('NEW_INBOUND_CALL', respond(record, speak('old')));
    lambda.once('ACTION_SUCCESSFUL', respond(speak('new')));
    const phone = sim.dial({ from: CALLER, to: LINE });
    await run(5000);
    expect(phone.heard().map((p) => p.text)).toEqual(['new']);
  });
});
