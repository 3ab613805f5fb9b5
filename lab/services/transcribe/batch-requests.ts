/**
 * Amazon Transcribe batch requests, checked as AWS checks them (API reference: StartTranscriptionJob,
 * GetTranscriptionJob, ListTranscriptionJobs). Pure: a request body in, the job's settings or the error out.
 */

export interface JobRequest {
  name: string;
  languageCode: string;
  mediaUri: string;
  bucket: string;
  key: string;
  mediaFormat?: string;
  outputBucket?: string;
  outputKey?: string;
  outputKmsKeyId?: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string; message: string };

const JOB_NAME = /^[0-9a-zA-Z._-]+$/;
const MEDIA_FORMATS = ['mp3', 'mp4', 'wav', 'flac', 'ogg', 'amr', 'webm', 'm4a'];
/** A subset of the language codes Transcribe batch accepts; enough to refuse a typo the way AWS does. */
const LANGUAGES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'es-US', 'es-ES', 'fr-FR', 'fr-CA', 'de-DE', 'it-IT'];
const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/;
const OUTPUT_KEY = /^[a-zA-Z0-9-_.!*'()/]{1,1024}$/;

const bad = (message: string): Checked<never> => ({ ok: false, error: 'BadRequestException', message });

export function checkStartJob(body: Record<string, unknown>): Checked<JobRequest> {
  const name = body.TranscriptionJobName;
  if (typeof name !== 'string' || name.length < 1 || name.length > 200 || !JOB_NAME.test(name))
    return bad(
      "1 validation error detected: Value at 'transcriptionJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z._-]+ and length 1-200",
    );
  const media = body.Media as { MediaFileUri?: unknown } | undefined;
  const uri = typeof media?.MediaFileUri === 'string' ? media.MediaFileUri : undefined;
  if (!uri)
    return bad(
      "1 validation error detected: Value null at 'media.mediaFileUri' failed to satisfy constraint: Member must not be null",
    );
  const where = S3_URI.exec(uri);
  if (!where)
    return bad(
      `The S3 URI that you provided can't be accessed. Make sure it's in the form s3://bucket/key: ${uri}`,
    );
  const language = body.LanguageCode;
  if (language === undefined && body.IdentifyLanguage !== true && body.IdentifyMultipleLanguages !== true)
    return bad(
      'You must specify a language code, or set IdentifyLanguage or IdentifyMultipleLanguages to true.',
    );
  if (language !== undefined && (typeof language !== 'string' || !LANGUAGES.includes(language)))
    return bad(
      `1 validation error detected: Value '${String(language)}' at 'languageCode' failed to satisfy constraint: Member must satisfy enum value set (the lab knows ${LANGUAGES.join(', ')})`,
    );
  const format = body.MediaFormat;
  if (format !== undefined && (typeof format !== 'string' || !MEDIA_FORMATS.includes(format)))
    return bad(
      `1 validation error detected: Value '${String(format)}' at 'mediaFormat' failed to satisfy constraint: Member must satisfy enum value set: [${MEDIA_FORMATS.join(', ')}]`,
    );
  const outputKey = body.OutputKey;
  if (outputKey !== undefined && (typeof outputKey !== 'string' || !OUTPUT_KEY.test(outputKey)))
    return bad(
      "1 validation error detected: Value at 'outputKey' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_.!*'()/]{1,1024}$",
    );
  if (outputKey !== undefined && body.OutputBucketName === undefined)
    return bad('You must specify OutputBucketName when you specify OutputKey.');
  return {
    ok: true,
    value: {
      name,
      languageCode: typeof language === 'string' ? language : 'en-US',
      mediaUri: uri,
      bucket: where[1],
      key: where[2],
      ...(typeof format === 'string' && { mediaFormat: format }),
      ...(typeof body.OutputBucketName === 'string' && { outputBucket: body.OutputBucketName }),
      ...(typeof outputKey === 'string' && { outputKey }),
      ...(typeof body.OutputEncryptionKMSKeyId === 'string' && {
        outputKmsKeyId: body.OutputEncryptionKMSKeyId,
      }),
    },
  };
}

/**
 * Where the transcript goes. With no OutputBucketName AWS keeps it in a service bucket and hands out a
 * temporary link; the lab keeps it in its own bucket under `transcribe-service/`. An OutputKey ending in "/"
 * is a folder for `<job name>.json`; otherwise it is the file name (".json" added when missing).
 */
export function transcriptLocation(job: JobRequest, serviceBucket: string): { bucket: string; key: string } {
  if (!job.outputBucket) return { bucket: serviceBucket, key: `transcribe-service/${job.name}.json` };
  if (!job.outputKey) return { bucket: job.outputBucket, key: `${job.name}.json` };
  if (job.outputKey.endsWith('/'))
    return { bucket: job.outputBucket, key: `${job.outputKey}${job.name}.json` };
  return {
    bucket: job.outputBucket,
    key: job.outputKey.endsWith('.json') ? job.outputKey : `${job.outputKey}.json`,
  };
}

/**
 * The transcript file in AWS's format (`jobName`, `accountId`, `status`, `results.transcripts[].transcript`,
 * `results.items[]` with one pronunciation per word and its punctuation). Word times are spread evenly over
 * the recording: the lab does not recognise speech. `labSimulated` is the lab's own field, not AWS's.
 */
export function transcriptDocument(
  jobName: string,
  accountId: string,
  words: string,
  durationMs: number,
): Record<string, unknown> {
  const tokens = words.match(/[\p{L}\p{N}'’-]+|[.,?!]/gu) ?? [];
  const spoken = tokens.filter((t) => !/^[.,?!]$/.test(t)).length;
  const step = spoken > 0 ? durationMs / 1000 / spoken : 0;
  let index = 0;
  const items = tokens.map((token, id) => {
    if (/^[.,?!]$/.test(token))
      return { id, type: 'punctuation', alternatives: [{ confidence: '0.0', content: token }] };
    const start = (index++ * step).toFixed(3);
    const end = (index * step).toFixed(3);
    return {
      id,
      type: 'pronunciation',
      start_time: start,
      end_time: end,
      alternatives: [{ confidence: '0.999', content: token }],
    };
  });
  return {
    jobName,
    accountId,
    status: 'COMPLETED',
    results: { transcripts: [{ transcript: words }], items },
    labSimulated: 'The Phone Lab returns the words the scripted caller said; no speech recogniser ran.',
  };
}
