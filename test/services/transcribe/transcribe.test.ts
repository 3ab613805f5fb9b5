import { describe, expect, it } from 'vitest';
import { silenceWav, toneWav } from '../../../lab/services/media';
import {
  TRANSCRIPT_METADATA_KEY,
  createLabTranscriber,
  transcriptMetadata,
} from '../../../lab/services/transcribe';

function storeOf(objects: Record<string, { body: Buffer; metadata: Record<string, string> }>) {
  return { get: async (bucket: string, key: string) => objects[`${bucket}/${key}`] };
}

const speech = toneWav(300, 1_500);

describe('the lab transcriber', () => {
  it('returns the words the scripted caller said, labelled simulated', async () => {
    const transcribe = createLabTranscriber(
      storeOf({
        'rec/call-1/q1.wav': {
          body: speech,
          metadata: transcriptMetadata('What time do you open on Saturday?'),
        },
      }),
    );
    await expect(transcribe('rec', 'call-1/q1.wav')).resolves.toEqual({
      text: 'What time do you open on Saturday?',
      simulated: true,
      languageCode: 'en-US',
    });
  });

  it('trusts the words over the audio: a placeholder silence made without espeak-ng still transcribes', async () => {
    const transcribe = createLabTranscriber(
      storeOf({
        'rec/p.wav': { body: silenceWav(1_600), metadata: transcriptMetadata('opening hours please') },
      }),
    );
    await expect(transcribe('rec', 'p.wav')).resolves.toEqual({
      text: 'opening hours please',
      simulated: true,
      languageCode: 'en-US',
    });
  });

  it('reads the metadata key whatever its case, as S3 lower-cases user metadata', async () => {
    const transcribe = createLabTranscriber(
      storeOf({
        'rec/a.wav': { body: speech, metadata: { Transcript: encodeURIComponent('Hi, it’s Ana & co.') } },
      }),
    );
    await expect(transcribe('rec', 'a.wav')).resolves.toMatchObject({ text: 'Hi, it’s Ana & co.' });
  });

  it.each([
    ['an empty file', Buffer.alloc(0), transcriptMetadata('ignored')],
    ['a WAV with no audio in it', silenceWav(0), transcriptMetadata('ignored')],
    ['a recording of the caller staying silent (no words in its metadata)', silenceWav(2_000), {}],
  ])('%s transcribes to an empty text', async (_name, body, metadata) => {
    const transcribe = createLabTranscriber(storeOf({ 'rec/x.wav': { body, metadata } }));
    await expect(transcribe('rec', 'x.wav')).resolves.toEqual({
      text: '',
      simulated: true,
      languageCode: 'en-US',
    });
  });

  it('a missing recording is an error that names it', async () => {
    const transcribe = createLabTranscriber(storeOf({}));
    await expect(transcribe('rec', 'gone.wav')).rejects.toThrow(
      'no recording to transcribe at s3://rec/gone.wav',
    );
  });

  it('honours the language it is asked for: speech in another language is not understood', async () => {
    const transcribe = createLabTranscriber(
      storeOf({
        'rec/es.wav': { body: speech, metadata: transcriptMetadata('¿A qué hora abren?', 'es-US') },
        'rec/en.wav': { body: speech, metadata: transcriptMetadata('When do you open?') },
      }),
    );
    await expect(transcribe('rec', 'es.wav', 'es-US')).resolves.toEqual({
      text: '¿A qué hora abren?',
      simulated: true,
      languageCode: 'es-US',
    });
    // another region of the same language is understood; another language is not
    await expect(transcribe('rec', 'es.wav', 'es-ES')).resolves.toMatchObject({ text: '¿A qué hora abren?' });
    await expect(transcribe('rec', 'es.wav', 'en-US')).resolves.toMatchObject({ text: '' });
    await expect(transcribe('rec', 'en.wav', 'es-US')).resolves.toMatchObject({ text: '' });
    await expect(transcribe('rec', 'en.wav', 'en-GB')).resolves.toMatchObject({ text: 'When do you open?' });
  });

  it('the metadata key the simulator writes is the one the transcriber reads', () => {
    expect(Object.keys(transcriptMetadata('x'))).toEqual([TRANSCRIPT_METADATA_KEY]);
  });
});

describe('the lab transcriber over the lab S3', () => {
  it('reads the words of a recording uploaded through the S3 API with its transcript metadata', async () => {
    const { CreateBucketCommand, PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
    const { createS3Provider, labClientConfig, startEdge } = await import('../../../lab/services');
    const s3 = createS3Provider();
    const edge = await startEdge({ port: 0, providers: [s3] });
    try {
      const client = new S3Client(labClientConfig(edge.url));
      await client.send(new CreateBucketCommand({ Bucket: 'recordings' }));
      await client.send(
        new PutObjectCommand({
          Bucket: 'recordings',
          Key: 'call-1/question-1.wav',
          Body: speech,
          ContentType: 'audio/wav',
          Metadata: transcriptMetadata('Are you open on Sunday? ¿Y mañana?'),
        }),
      );
      const transcribe = createLabTranscriber(s3.store);
      await expect(transcribe('recordings', 'call-1/question-1.wav')).resolves.toEqual({
        text: 'Are you open on Sunday? ¿Y mañana?',
        simulated: true,
        languageCode: 'en-US',
      });
    } finally {
      await edge.close();
    }
  });
});
