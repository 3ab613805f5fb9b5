import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import type {
  StartStreamTranscriptionCommand,
  TranscriptResultStream,
} from '@aws-sdk/client-transcribe-streaming';
import { describe, expect, it } from 'vitest';
import {
  createStreamingTranscriber,
  createTranscribe,
  type Recording,
  type StreamingClient,
} from '../../functions/transcribe';
import { silence, tone, wavFile } from './wav-audio';

/** A Transcribe streaming client that records what it was sent and answers with `results`. */
function fakeTranscribe(results: TranscriptResultStream[]) {
  const sent: { input: StartStreamTranscriptionCommand['input']; audio: Buffer[] }[] = [];
  const client: StreamingClient = {
    async send(command) {
      const audio: Buffer[] = [];
      for await (const event of command.input.AudioStream!)
        audio.push(Buffer.from(event.AudioEvent!.AudioChunk!));
      sent.push({ input: command.input, audio });
      return {
        TranscriptResultStream: (async function* () {
          yield* results;
        })(),
      };
    },
  };
  return { client, sent };
}

const result = (text: string, partial = false): TranscriptResultStream => ({
  TranscriptEvent: {
    Transcript: { Results: [{ IsPartial: partial, Alternatives: [{ Transcript: text }] }] },
  },
});

const recording = (wav: Buffer): Recording => ({
  bucket: 'b',
  key: 'recordings/voice-assistant/t/r.wav',
  wav,
});
const noWait = async () => {};

describe('Transcribe streaming', () => {
  it('streams the samples without the header, at the rate the header gives', async () => {
    const fake = fakeTranscribe([result('When are you open?')]);
    const samples = tone(1000, 16000);
    await createStreamingTranscriber({ client: fake.client, sleep: noWait })(
      recording(wavFile(samples, { sampleRate: 16000 })),
    );
    const [call] = fake.sent;
    expect(call!.input).toMatchObject({
      MediaEncoding: 'pcm',
      MediaSampleRateHertz: 16000,
      LanguageCode: 'en-US',
    });
    expect(Buffer.concat(call!.audio).equals(Buffer.from(samples.buffer))).toBe(true);
    expect(call!.audio).toHaveLength(10);
  });

  it("transcribes in the recording's language (the workflow's), over the client's default", async () => {
    const fake = fakeTranscribe([result('¿A qué hora abren?')]);
    await createStreamingTranscriber({ client: fake.client, languageCode: 'en-US', sleep: noWait })({
      ...recording(wavFile(tone(1000))),
      languageCode: 'es-US',
    });
    expect(fake.sent[0]!.input).toMatchObject({ LanguageCode: 'es-US' });
  });

  it('keeps the final results, in order, and drops the partial ones', async () => {
    const fake = fakeTranscribe([
      result('When', true),
      result('When are you open?'),
      result('And on', true),
      result('And on Sunday?'),
    ]);
    const { text } = await createStreamingTranscriber({ client: fake.client, sleep: noWait })(
      recording(wavFile(tone(1000))),
    );
    expect(text).toBe('When are you open? And on Sunday?');
  });

  it('paces the audio faster than real time by the speed-up asked for', async () => {
    const waits: number[] = [];
    const fake = fakeTranscribe([result('Hi')]);
    await createStreamingTranscriber({
      client: fake.client,
      speedup: 4,
      sleep: async (ms) => void waits.push(ms),
    })(recording(wavFile(tone(500))));
    expect(waits).toEqual([25, 25, 25, 25]);
  });

  it('silence is an empty question, and Transcribe is not called for it', async () => {
    const fake = fakeTranscribe([result('should not be asked')]);
    const { text } = await createStreamingTranscriber({ client: fake.client, sleep: noWait })(
      recording(wavFile(silence(3000, 8000, 30))),
    );
    expect(text).toBe('');
    expect(fake.sent).toHaveLength(0);
  });

  it('an error inside the result stream fails the transcription with its own name', async () => {
    const fake = fakeTranscribe([
      { LimitExceededException: { Message: 'Too many streams' } } as TranscriptResultStream,
    ]);
    await expect(
      createStreamingTranscriber({ client: fake.client, sleep: noWait })(recording(wavFile(tone(1000)))),
    ).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Too many streams',
    });
  });
});

/** An S3 client holding one object (or none). */
function fakeS3(objects: Record<string, Buffer>) {
  const asked: string[] = [];
  return {
    asked,
    s3: {
      async send(command: { input: { Bucket?: string; Key?: string } }) {
        const name = `${command.input.Bucket}/${command.input.Key}`;
        asked.push(name);
        const body = objects[name];
        if (!body) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
        return { Body: { transformToByteArray: async () => new Uint8Array(body) } } as unknown as Pick<
          GetObjectCommandOutput,
          'Body'
        >;
      },
    },
  };
}

describe('the transcribe function', () => {
  it("reads RecordAudio's RecordingDestination from S3 and returns the words", async () => {
    const wav = wavFile(tone(1000));
    const { s3, asked } = fakeS3({ 'calls/recordings/voice-assistant/t/r.wav': wav });
    const seen: Recording[] = [];
    const transcribe = createTranscribe({
      s3,
      transcriber: async (r) => (seen.push(r), { text: '  How much   is a tune-up? ' }),
    });
    const out = await transcribe({
      Type: 'S3',
      BucketName: 'calls',
      Key: 'recordings/voice-assistant/t/r.wav',
    });
    expect(out).toEqual({ text: 'How much is a tune-up?' });
    expect(asked).toEqual(['calls/recordings/voice-assistant/t/r.wav']);
    expect(seen[0]!.wav.equals(wav)).toBe(true);
  });

  it("passes the workflow's LanguageCode to the transcriber", async () => {
    const { s3 } = fakeS3({ 'calls/q.wav': wavFile(tone(1000)) });
    const seen: Recording[] = [];
    const transcribe = createTranscribe({ s3, transcriber: async (r) => (seen.push(r), { text: 'hola' }) });
    await transcribe({ BucketName: 'calls', Key: 'q.wav', LanguageCode: 'es-US' });
    expect(seen[0]!.languageCode).toBe('es-US');
  });

  it('an empty recording is an empty question, not an error', async () => {
    const { s3 } = fakeS3({ 'calls/empty.wav': Buffer.alloc(0) });
    const transcribe = createTranscribe({ s3, transcriber: async () => ({ text: 'never asked' }) });
    expect(await transcribe({ BucketName: 'calls', Key: 'empty.wav' })).toEqual({ text: '' });
  });

  it.each([
    [undefined, /got undefined/],
    [{ Key: 'a.wav' }, /"BucketName": "<bucket>".*got fields Key/],
    [{ BucketName: 'calls', Key: '' }, /got fields BucketName, Key/],
    [
      { BucketName: 'calls', Key: 'q.wav', LanguageCode: 'spanish' },
      /LanguageCode must be .*"es-US"; got "spanish"/,
    ],
  ])('input %j is refused, saying what is expected', async (input, message) => {
    const transcribe = createTranscribe({ s3: fakeS3({}).s3, transcriber: async () => ({ text: '' }) });
    await expect(transcribe(input)).rejects.toThrow(message);
  });

  it("a recording that is not there fails with S3's own error", async () => {
    const transcribe = createTranscribe({ s3: fakeS3({}).s3, transcriber: async () => ({ text: '' }) });
    await expect(transcribe({ BucketName: 'calls', Key: 'gone.wav' })).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
  });
});
