/**
 * Call flows written the way AWS's public PSTN audio samples write theirs (our own, not copies): JSONPath
 * states, `.$` parameters, the execution input `{QueueUrl, Event}` read with `$.`, a Parallel's output read
 * as `$.[1]…` (a dot before the bracket), `"Repeat": "0"` on prompts, numbers as strings, and an
 * ACTION_FAILED's cause spoken to the caller. They must run unmodified through the lab's router.
 */
type State = Record<string, unknown>;

const LEG_A_CALL_ID = '$.Event.CallDetails.Participants[0].CallId';

/** One turn: the actions go on the call queue; the task waits for the router's report. */
function turn(actions: unknown[], next: string | undefined, resultPath: string | null = '$.Result'): State {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
    Parameters: {
      'QueueUrl.$': '$.QueueUrl',
      MessageBody: {
        SchemaVersion: '1.0',
        Actions: actions,
        TransactionAttributes: { 'WaitToken.$': '$$.Task.Token', 'QueueUrl.$': '$.QueueUrl' },
      },
    },
    ResultPath: resultPath,
    Catch: [
      { ErrorEquals: ['HANGUP'], Next: 'Caller gone' },
      { ErrorEquals: ['ACTION_FAILED'], ResultPath: '$.Error', Next: 'Say what failed' },
    ],
    ...(next ? { Next: next } : { End: true }),
  };
}

const speak = (text: string, textPath?: string) => ({
  Type: 'Speak',
  Parameters: {
    'CallId.$': LEG_A_CALL_ID,
    ...(textPath ? { 'Text.$': textPath } : { Text: text }),
    Engine: 'neural',
    LanguageCode: 'en-US',
    VoiceId: 'Joanna',
  },
});

const play = (key: string) => ({
  Type: 'PlayAudio',
  Parameters: {
    'CallId.$': LEG_A_CALL_ID,
    Repeat: '0',
    AudioSource: { Type: 'S3', BucketName: '${BucketName}', Key: key },
  },
});

const hangup = () => ({ Type: 'Hangup', Parameters: { 'CallId.$': LEG_A_CALL_ID, SipResponseCode: '0' } });

/** The ends every sample-style flow shares: the caller left, or an action failed and its cause is spoken. */
const ENDINGS: Record<string, State> = {
  'Caller gone': { Type: 'Succeed' },
  'Say what failed': turn([speak('', '$.Error.Cause'), hangup()], undefined, null),
};

/** Long enough (several seconds of speech) that a caller hanging up as it starts is surely mid-prompt. */
const CAREFULLY = ' Please listen carefully, as our options have changed.'.repeat(3);
export const MENU_PROMPT = `Press 1 for our opening hours, or 2 to end the call.${CAREFULLY}`;
export const GOODBYE = `Thank you for calling.${CAREFULLY} Goodbye.`;
export const HOURS_AUDIO = 'audio/hold-music.wav';

/** A menu (SpeakAndGetDigits), an answer played with `"Repeat": "0"`, a goodbye. */
export const menuFlow = {
  Comment: 'A menu in the style of the AWS samples (test fixture).',
  StartAt: 'Menu',
  States: {
    Menu: turn(
      [
        {
          Type: 'SpeakAndGetDigits',
          Parameters: {
            'CallId.$': LEG_A_CALL_ID,
            InputDigitsRegex: '^[12]$',
            SpeechParameters: { Text: MENU_PROMPT, Engine: 'neural', VoiceId: 'Joanna' },
            FailureSpeechParameters: {
              Text: 'Sorry, I did not get that.',
              Engine: 'neural',
              VoiceId: 'Joanna',
            },
            MinNumberOfDigits: '1',
            MaxNumberOfDigits: '1',
            Repeat: '2',
            RepeatDurationInMilliseconds: '4000',
          },
        },
      ],
      'Which key?',
    ),
    'Which key?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.Result.ActionData.ReceivedDigits', StringEquals: '1', Next: 'Hours' }],
      Default: 'Goodbye',
    },
    Hours: turn([play(HOURS_AUDIO)], 'Goodbye'),
    Goodbye: turn([speak(GOODBYE), hangup()], undefined, null),
    ...ENDINGS,
  },
};

export const ANSWER = `We are open from nine to five, Monday to Friday.${CAREFULLY}`;

/**
 * The voice-interface shape: a Parallel keeps the call's data and produces a model reply side by side,
 * and the next turn reads both by position: `$.[0].QueueUrl`, `$.[1].Body.output.message.content[0].text`.
 */
export const assistantFlow = {
  Comment: 'A model reply in the style of the AWS voice-interface sample (test fixture).',
  StartAt: 'Think',
  States: {
    Think: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Keep', States: { Keep: { Type: 'Pass', End: true } } },
        {
          StartAt: 'Model',
          States: {
            Model: {
              Type: 'Pass',
              Result: { Body: { output: { message: { role: 'assistant', content: [{ text: ANSWER }] } } } },
              End: true,
            },
          },
        },
      ],
      Next: 'Reply',
    },
    Reply: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: {
        'QueueUrl.$': '$.[0].QueueUrl',
        MessageBody: {
          SchemaVersion: '1.0',
          Actions: [
            {
              Type: 'Speak',
              Parameters: {
                'CallId.$': '$.[0].Event.CallDetails.Participants[0].CallId',
                'Text.$': '$.[1].Body.output.message.content[0].text',
                Engine: 'neural',
                VoiceId: 'Joanna',
              },
            },
            { Type: 'Hangup', Parameters: { SipResponseCode: '0' } },
          ],
          TransactionAttributes: { 'WaitToken.$': '$$.Task.Token', 'QueueUrl.$': '$.[0].QueueUrl' },
        },
      },
      Catch: [{ ErrorEquals: ['HANGUP'], Next: 'Caller gone' }],
      End: true,
    },
    'Caller gone': { Type: 'Succeed' },
  },
};

/** Speak is limited to 1,000 characters: AWS fails the action (ACTION_FAILED), and this flow speaks why. */
export const tooLongFlow = {
  Comment: 'An action AWS refuses, and the cause spoken (test fixture).',
  StartAt: 'Too long',
  States: {
    'Too long': turn([speak('Hello. '.repeat(150))], 'Goodbye'),
    Goodbye: turn([speak(GOODBYE), hangup()], undefined, null),
    ...ENDINGS,
  },
};
