/**
 * The recording → Amazon Transcribe streaming (`StartStreamTranscription`): the WAV header stripped, the
 * sample rate read from it, the PCM sent in 100 ms audio events, the final (non-partial) results joined.
 * Silence and empty audio are answered with "" without opening a stream (Transcribe bills per stream).
 */
import {
  StartStreamTranscriptionCommand,
  type AudioStream,
  type LanguageCode,
  type StartStreamTranscriptionCommandOutput,
  type TranscriptResultStream,
} from '@aws-sdk/client-transcribe-streaming';
import { CHUNK_MS, isSilent, pcmChunks } from './chunks';
import type { Transcriber } from './transcribe';
import { firstChannel, parseWav } from './wav';

/** What the transcriber needs of `TranscribeStreamingClient` (tests pass a fake). */
export interface StreamingClient {
  send(
    command: StartStreamTranscriptionCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<Pick<StartStreamTranscriptionCommandOutput, 'TranscriptResultStream'>>;
}

export interface StreamingOptions {
  client: StreamingClient;
  /** The language when the recording does not name one: e.g. en-US (default). */
  languageCode?: string;
  /**
   * How much faster than real time the audio is sent (default 4). Transcribe's guide advises near-real-time
   * pacing for live audio; a finished recording sent faster is accepted (UNCONFIRMED how much faster is safe:
   * too fast can earn "Your stream is too big"), and every second saved is a second less of hold music.
   */
  speedup?: number;
  /** Waits between chunks (default: real time; tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
}

export function createStreamingTranscriber(options: StreamingOptions): Transcriber {
  const speedup = options.speedup ?? 4;
  if (!(speedup > 0)) throw new Error(`the transcriber's speedup must be a number above 0, got ${speedup}`);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async ({ wav, languageCode }) => {
    const audio = parseWav(wav);
    const pcm = firstChannel(audio);
    if (isSilent(pcm, audio.sampleRate)) return { text: '' };
    const chunks = pcmChunks(pcm, audio.sampleRate);
    async function* events(): AsyncIterable<AudioStream> {
      for (const [i, chunk] of chunks.entries()) {
        if (i > 0) await sleep(CHUNK_MS / speedup);
        yield { AudioEvent: { AudioChunk: new Uint8Array(chunk) } };
      }
    }
    const response = await options.client.send(
      new StartStreamTranscriptionCommand({
        LanguageCode: (languageCode ?? options.languageCode ?? 'en-US') as LanguageCode,
        MediaEncoding: 'pcm',
        MediaSampleRateHertz: audio.sampleRate,
        AudioStream: events(),
      }),
    );
    return { text: await finalText(response.TranscriptResultStream) };
  };
}

/** The final results of a transcript stream, joined; a stream error is thrown with its own name. */
export async function finalText(stream: AsyncIterable<TranscriptResultStream> | undefined): Promise<string> {
  const parts: string[] = [];
  for await (const event of stream ?? []) {
    const failure =
      event.BadRequestException ??
      event.LimitExceededException ??
      event.InternalFailureException ??
      event.ConflictException ??
      event.ServiceUnavailableException;
    if (failure) {
      const name = Object.keys(event).find((k) => k.endsWith('Exception')) ?? 'TranscribeError';
      throw Object.assign(new Error(failure.Message ?? name), { name });
    }
    for (const result of event.TranscriptEvent?.Transcript?.Results ?? []) {
      const text = result.Alternatives?.[0]?.Transcript?.trim();
      if (!result.IsPartial && text) parts.push(text);
    }
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
