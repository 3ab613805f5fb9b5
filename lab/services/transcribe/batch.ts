/**
 * The lab's Amazon Transcribe batch API on the edge (AWS JSON 1.1, `X-Amz-Target: Transcribe.<Operation>`):
 * StartTranscriptionJob, GetTranscriptionJob, ListTranscriptionJobs. A job reads the recording from the
 * lab's S3, and after a while of lab time writes AWS's transcript JSON where the request said — the words
 * the scripted caller said (S3 metadata), labelled simulated. Anything else answers UnknownOperationException.
 *
 * Seeded faults (`faults()`): every job started while `failJobs` is set ends FAILED with that reason; the
 * next `throttle` starts answer LimitExceededException, as AWS does when too many jobs are queued.
 */
import type { Clock } from '../../clock';
import { wavDurationMs } from '../media';
import type { ObjectStore } from '../s3';
import { checkStartJob, transcriptDocument, transcriptLocation, type JobRequest } from './batch-requests';
import { transcriptOf } from './index';

export interface TranscriptionFaults {
  /** jobs started while this is set fail with it as their FailureReason */
  failJobs?: string;
  /** how many StartTranscriptionJob calls to refuse with LimitExceededException */
  throttle?: number;
}

export interface TranscribeBatchOptions {
  store: ObjectStore;
  clock: Clock;
  accountId: string;
  region: string;
  /** where transcripts go when a request names no OutputBucketName */
  serviceBucket: string;
  log?: (line: string) => void;
}

interface Job {
  request: JobRequest;
  status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  created: number;
  started: number;
  completed?: number;
  failureReason?: string;
  transcriptUri?: string;
  durationMs?: number;
}

export interface TranscribeBatch {
  handle(target: string, body: unknown): Promise<{ status: number; body: unknown }>;
  faults(faults: TranscriptionFaults): void;
  /** jobs not finished yet (the lab waits for them before a scenario's checks) */
  running(): number;
}

/** Lab time a job takes: a fixed start-up plus half the audio's length (AWS documents no figure). */
export function jobDurationMs(audioMs: number): number {
  return 10_000 + Math.round(audioMs / 2);
}

export function createTranscribeBatch(options: TranscribeBatchOptions): TranscribeBatch {
  const jobs = new Map<string, Job>();
  let faults: TranscriptionFaults = {};
  const error = (status: number, type: string, message: string) => ({
    status,
    body: { __type: type, Message: message },
  });

  async function run(job: Job): Promise<void> {
    const { request } = job;
    const fail = (reason: string) => {
      Object.assign(job, { status: 'FAILED', failureReason: reason, completed: options.clock.now() });
      options.log?.(`transcribe: job ${request.name} FAILED: ${reason}`);
    };
    const object = await options.store.get(request.bucket, request.key);
    const durationMs = object ? wavDurationMs(object.body) : undefined;
    await sleep(options.clock, jobDurationMs(durationMs ?? 0));
    if (job.failureReason) return fail(job.failureReason);
    if (!object) return fail(`The S3 URI that you provided can't be accessed: ${request.mediaUri}`);
    if (durationMs === undefined)
      return fail("The media format that you specified doesn't match the detected media format.");
    const words = transcriptOf(object);
    const where = transcriptLocation(request, options.serviceBucket);
    const document = transcriptDocument(request.name, options.accountId, words, durationMs);
    await options.store.put(where.bucket, where.key, Buffer.from(JSON.stringify(document)), {
      contentType: 'application/json',
      metadata: request.outputKmsKeyId ? { 'lab-sse-kms-key-id': request.outputKmsKeyId } : {},
    });
    Object.assign(job, {
      status: 'COMPLETED',
      completed: options.clock.now(),
      durationMs,
      transcriptUri: `https://s3.${options.region}.amazonaws.com/${where.bucket}/${where.key}`,
    });
    options.log?.(`transcribe: job ${request.name} COMPLETED (simulated: the scripted words)`);
  }

  const operations: Record<
    string,
    (body: Record<string, unknown>) => Promise<{ status: number; body: unknown }>
  > = {
    async StartTranscriptionJob(body) {
      if ((faults.throttle ?? 0) > 0) {
        faults.throttle!--;
        return error(
          400,
          'LimitExceededException',
          'You have exceeded the maximum number of concurrent jobs. Try again later.',
        );
      }
      const checked = checkStartJob(body);
      if (!checked.ok) return error(400, checked.error, checked.message);
      if (jobs.has(checked.value.name))
        return error(
          400,
          'ConflictException',
          'The requested job name already exists. Use a different job name.',
        );
      const now = options.clock.now();
      const job: Job = { request: checked.value, status: 'IN_PROGRESS', created: now, started: now };
      if (faults.failJobs) job.failureReason = faults.failJobs;
      jobs.set(checked.value.name, job);
      void run(job).catch((e: Error) => {
        Object.assign(job, { status: 'FAILED', failureReason: `Internal failure: ${e.message}` });
      });
      return { status: 200, body: { TranscriptionJob: describe(job) } };
    },
    async GetTranscriptionJob(body) {
      const job =
        typeof body.TranscriptionJobName === 'string' ? jobs.get(body.TranscriptionJobName) : undefined;
      if (!job)
        return error(
          400,
          'NotFoundException',
          "The requested job couldn't be found. Check the job name and try again.",
        );
      return { status: 200, body: { TranscriptionJob: describe(job) } };
    },
    async ListTranscriptionJobs(body) {
      const status = typeof body.Status === 'string' ? body.Status : undefined;
      const contains = typeof body.JobNameContains === 'string' ? body.JobNameContains.toLowerCase() : '';
      const max = typeof body.MaxResults === 'number' ? Math.min(Math.max(body.MaxResults, 1), 100) : 5;
      const start = typeof body.NextToken === 'string' ? Number(body.NextToken) || 0 : 0;
      const matching = [...jobs.values()]
        .filter((j) => (!status || j.status === status) && j.request.name.toLowerCase().includes(contains))
        .sort((a, b) => b.created - a.created);
      const page = matching.slice(start, start + max);
      return {
        status: 200,
        body: {
          ...(status && { Status: status }),
          TranscriptionJobSummaries: page.map(summary),
          ...(start + max < matching.length && { NextToken: String(start + max) }),
        },
      };
    },
  };

  return {
    async handle(target, body) {
      const operation = operations[target.replace(/^Transcribe\./, '')];
      if (!operation)
        return error(400, 'UnknownOperationException', `The lab's Transcribe does not serve ${target}`);
      return operation((body ?? {}) as Record<string, unknown>);
    },
    faults(next) {
      faults = { ...next };
    },
    running: () => [...jobs.values()].filter((j) => j.status === 'IN_PROGRESS').length,
  };
}

function describe(job: Job): Record<string, unknown> {
  return {
    ...summary(job),
    Media: { MediaFileUri: job.request.mediaUri },
    ...(job.request.mediaFormat && { MediaFormat: job.request.mediaFormat }),
    ...(job.transcriptUri && { Transcript: { TranscriptFileUri: job.transcriptUri } }),
  };
}

function summary(job: Job): Record<string, unknown> {
  return {
    TranscriptionJobName: job.request.name,
    TranscriptionJobStatus: job.status,
    LanguageCode: job.request.languageCode,
    CreationTime: job.created / 1000,
    StartTime: job.started / 1000,
    ...(job.completed !== undefined && { CompletionTime: job.completed / 1000 }),
    ...(job.failureReason && job.status === 'FAILED' && { FailureReason: job.failureReason }),
    OutputLocationType: job.request.outputBucket ? 'CUSTOMER_BUCKET' : 'SERVICE_BUCKET',
  };
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(ms, resolve));
}
