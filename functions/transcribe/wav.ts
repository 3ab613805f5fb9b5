/**
 * Reading a RecordAudio WAV: the format from its header and the PCM samples after it. Amazon Transcribe
 * streaming takes raw signed 16-bit little-endian PCM — "which does not include WAV" — at the sample rate
 * it is told, so the header is stripped and the rate read from it, never assumed. Pure.
 */

export interface WavAudio {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** The `data` chunk: the PCM samples, without any header. */
  pcm: Buffer;
}

export class WavFormatError extends Error {
  override name = 'WavFormatError';
}

const PCM_FORMAT = 1;
const EXTENSIBLE_FORMAT = 0xfffe;

/** The format and samples of a PCM WAV file; a clear WavFormatError for anything else. */
export function parseWav(file: Buffer): WavAudio {
  if (
    file.length < 12 ||
    file.toString('ascii', 0, 4) !== 'RIFF' ||
    file.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    throw new WavFormatError(`not a WAV file: it does not start with RIFF…WAVE (${file.length} bytes)`);
  }
  let format: Omit<WavAudio, 'pcm'> | undefined;
  let offset = 12;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > file.length)
        throw new WavFormatError(`the fmt chunk at byte ${offset} is cut short`);
      const tag = file.readUInt16LE(body);
      if (tag !== PCM_FORMAT && tag !== EXTENSIBLE_FORMAT) {
        throw new WavFormatError(
          `the WAV holds format ${tag}, not PCM (1): Transcribe streaming needs 16-bit PCM`,
        );
      }
      format = {
        channels: file.readUInt16LE(body + 2),
        sampleRate: file.readUInt32LE(body + 4),
        bitsPerSample: file.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!format) throw new WavFormatError('the data chunk comes before the fmt chunk');
      // A recording still being written may declare more data than the file holds: take what is there.
      const pcm = file.subarray(body, Math.min(file.length, body + size));
      return checked({ ...format, pcm });
    }
    offset = body + size + (size % 2); // chunks are padded to an even length
  }
  throw new WavFormatError(format ? 'the WAV has no data chunk' : 'the WAV has no fmt chunk');
}

function checked(audio: WavAudio): WavAudio {
  if (audio.bitsPerSample !== 16)
    throw new WavFormatError(
      `the WAV has ${audio.bitsPerSample}-bit samples; Transcribe streaming needs 16-bit PCM`,
    );
  if (audio.channels < 1) throw new WavFormatError('the WAV declares no channels');
  if (audio.sampleRate < 8000 || audio.sampleRate > 48000) {
    throw new WavFormatError(
      `the WAV's sample rate is ${audio.sampleRate} Hz; Transcribe streaming takes 8,000 to 48,000 Hz`,
    );
  }
  return audio;
}

/** Mono samples: the first channel of interleaved 16-bit frames (RecordAudio writes mono; this is for other sources). */
export function firstChannel(audio: WavAudio): Buffer {
  if (audio.channels === 1) return audio.pcm;
  const frame = 2 * audio.channels;
  const frames = Math.floor(audio.pcm.length / frame);
  const out = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) out.writeInt16LE(audio.pcm.readInt16LE(i * frame), i * 2);
  return out;
}
