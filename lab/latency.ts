/**
 * The lab's realistic-latency mode: how long the AWS services a call uses take, so that the lab shows the wait
 * a caller has in AWS instead of hiding it (by default the lab's services answer at once). Each figure is an
 * AWS-documented value where one exists, else a published measurement, else our estimate — and says which,
 * with its source (docs/voice-assistant.md repeats the table). Pure data and arithmetic; the lab applies it.
 */

export type Evidence = 'documented' | 'measured (published)' | 'estimate';

export interface Figure {
  ms: number;
  evidence: Evidence;
  source: string;
}

export interface ModelSpeed {
  /** Matches the model id (inference profile prefixes such as "us." included). */
  match: RegExp;
  timeToFirstTokenMs: number;
  outputTokensPerSecond: number;
  evidence: Evidence;
  source: string;
}

export interface LatencyProfile {
  name: 'realistic';
  /** Amazon Transcribe streaming: the final result after the last audio chunk. */
  transcribeFinalResult: Figure;
  /** How much faster than real time functions/transcribe streams a finished recording (its TRANSCRIBE_SPEEDUP). */
  transcribeSpeedup: number;
  /** Bedrock, by model; the last entry matches any model. */
  models: ModelSpeed[];
  /** Polly: a Speak action's text to its first audio on the call. */
  speakFirstAudio: Figure;
  /** Per request to these services' APIs (the edge waits this long before answering). */
  api: Record<'sqs' | 'states' | 'chime' | 's3' | 'lambda', Figure>;
}

const AIPERF = 'https://aiperf.ghast.people.aws.dev/ (AWS-hosted Bedrock benchmark, us-east-1 averages)';

export const REALISTIC: LatencyProfile = {
  name: 'realistic',
  transcribeFinalResult: {
    ms: 800,
    evidence: 'estimate',
    source:
      'Transcribe returns a segment as final once it sees the end of speech; no figure is documented ' +
      '(https://docs.aws.amazon.com/transcribe/latest/dg/streaming-partial-results.html); users report ~1 s',
  },
  transcribeSpeedup: 4,
  models: [
    {
      match: /nova-micro/,
      timeToFirstTokenMs: 250,
      outputTokensPerSecond: 300,
      evidence: 'measured (published)',
      source: AIPERF,
    },
    {
      match: /nova-(2-)?lite/,
      timeToFirstTokenMs: 400,
      outputTokensPerSecond: 200,
      evidence: 'measured (published)',
      source: `${AIPERF}; first token: estimate`,
    },
    {
      match: /claude.*haiku/,
      timeToFirstTokenMs: 700,
      outputTokensPerSecond: 100,
      evidence: 'estimate',
      source: 'https://www.rjesh.com/posts/bedrock-model-benchmark (ConverseStream benchmark; our reading)',
    },
    {
      match: /./,
      timeToFirstTokenMs: 800,
      outputTokensPerSecond: 60,
      evidence: 'estimate',
      source: 'a cautious figure for a mid-size model; measure yours',
    },
  ],
  speakFirstAudio: {
    ms: 200,
    evidence: 'measured (published)',
    source: 'https://play.ht/blog/amazon-text-to-speech-latency/ (Polly responses 100 ms to 1 s)',
  },
  api: {
    sqs: {
      ms: 20,
      evidence: 'estimate',
      source: 'single-digit to tens of ms within a Region; no SLA figure',
    },
    states: {
      ms: 50,
      evidence: 'estimate',
      source: 'Standard workflow API calls and state transitions; no figure documented',
    },
    chime: {
      ms: 200,
      evidence: 'estimate',
      source:
        'UpdateSipMediaApplicationCall is asynchronous; the CALL_UPDATE_REQUESTED that follows has no documented ' +
        'latency (https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_UpdateSipMediaApplicationCall.html)',
    },
    s3: { ms: 30, evidence: 'estimate', source: 'a small GetObject/PutObject in Region' },
    lambda: { ms: 30, evidence: 'estimate', source: 'a warm invocation' },
  },
};

export function modelSpeed(profile: LatencyProfile, modelId: string): ModelSpeed {
  return profile.models.find((m) => m.match.test(modelId)) ?? profile.models.at(-1)!;
}

/** A whole answer of `outputTokens` from Converse (not streamed): the first token, then the rest. */
export function answerMs(profile: LatencyProfile, modelId: string, outputTokens: number): number {
  const speed = modelSpeed(profile, modelId);
  return Math.round(speed.timeToFirstTokenMs + (outputTokens / speed.outputTokensPerSecond) * 1000);
}

/** A recording of `audioMs` streamed at the function's speed-up, then the final result. */
export function transcribeMs(profile: LatencyProfile, audioMs: number): number {
  return Math.round(audioMs / profile.transcribeSpeedup + profile.transcribeFinalResult.ms);
}

/** `--latency realistic` → the profile; anything else is refused with the names it takes. */
export function latencyProfile(name: string | undefined): LatencyProfile | undefined {
  if (name === undefined || name === 'none') return undefined;
  if (name === 'realistic') return REALISTIC;
  throw new Error(`--latency takes "realistic" or "none", not "${name}"`);
}
