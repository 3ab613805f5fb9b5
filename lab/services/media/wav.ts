/**
 * RIFF/WAVE PCM: encode 16-bit mono samples, and read back what PSTN audio needs to know about a file
 * (is it uncompressed PCM, how long does it play, is it under the 50 MB limit). Pure.
 */

/** PSTN audio rejects audio files larger than this (docs/aws/pstn-audio.md §5). */
export const MAX_AUDIO_BYTES = 50 * 1024 * 1024;

export interface WavFormat {
  /** 1 = PCM (also reported for WAVE_FORMAT_EXTENSIBLE whose sub-format is PCM). */
  audioFormat: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  /** Bytes of sample data. */
  dataBytes: number;
  durationMs: number;
}

const PCM = 1;
const EXTENSIBLE = 0xfffe;

/** A 16-bit mono PCM WAV holding `samples`. */
export function encodeWav(samples: Int16Array, sampleRate = 8000): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) data.writeInt16LE(samples[i]!, i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(PCM, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Reads a WAV's format, or says what is wrong with it. */
export function readWav(buf: Buffer): { format: WavFormat } | { problem: string } {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF') return { problem: 'not a RIFF file' };
  if (buf.toString('ascii', 8, 12) !== 'WAVE') return { problem: 'a RIFF file, but not WAVE' };
  let fmt: Omit<WavFormat, 'dataBytes' | 'durationMs'> | undefined;
  let dataBytes: number | undefined;
  for (let at = 12; at + 8 <= buf.length;) {
    const id = buf.toString('ascii', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buf.length) return { problem: 'the fmt chunk is truncated' };
      let audioFormat = buf.readUInt16LE(body);
      if (audioFormat === EXTENSIBLE && size >= 40 && body + 26 <= buf.length)
        audioFormat = buf.readUInt16LE(body + 24);
      fmt = {
        audioFormat,
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        blockAlign: buf.readUInt16LE(body + 12),
        bitsPerSample: buf.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      // streaming writers leave the size at 0 or 0xFFFFFFFF: the data runs to the end of the file
      dataBytes = size === 0 || size === 0xffffffff ? buf.length - body : Math.min(size, buf.length - body);
      if (fmt) break;
    }
    at = body + size + (size % 2);
  }
  if (!fmt) return { problem: 'no fmt chunk' };
  if (dataBytes === undefined) return { problem: 'no data chunk' };
  if (fmt.blockAlign === 0 || fmt.sampleRate === 0)
    return { problem: 'the fmt chunk has a zero sample rate or block size' };
  const durationMs = Math.round((dataBytes / fmt.blockAlign / fmt.sampleRate) * 1000);
  return { format: { ...fmt, dataBytes, durationMs } };
}

/** How long a WAV plays, or undefined when it is not a WAV we can read. */
export function wavDurationMs(buf: Buffer): number | undefined {
  const read = readWav(buf);
  return 'format' in read ? read.format.durationMs : undefined;
}

/**
 * What PSTN audio would object to in an audio file for PlayAudio (any problem ⇒ ACTION_FAILED
 * InvalidAudioSource). An empty list means the file plays.
 */
export function checkWav(buf: Buffer): string[] {
  const problems: string[] = [];
  if (buf.length > MAX_AUDIO_BYTES) problems.push(`larger than 50 MB (${buf.length} bytes)`);
  const read = readWav(buf);
  if ('problem' in read) return [...problems, read.problem];
  if (read.format.audioFormat !== PCM)
    problems.push(`not uncompressed PCM (audio format ${read.format.audioFormat})`);
  return problems;
}

/** The samples of a 16-bit PCM WAV (first channel), for checks such as "is this silence". */
export function wavSamples(buf: Buffer): Int16Array | undefined {
  const read = readWav(buf);
  if (!('format' in read) || read.format.audioFormat !== PCM || read.format.bitsPerSample !== 16)
    return undefined;
  const start = dataOffset(buf);
  if (start === undefined) return undefined;
  const { channels, dataBytes } = read.format;
  const frames = Math.floor(dataBytes / (2 * channels));
  const out = new Int16Array(frames);
  for (let i = 0; i < frames; i++) out[i] = buf.readInt16LE(start + i * 2 * channels);
  return out;
}

function dataOffset(buf: Buffer): number | undefined {
  for (let at = 12; at + 8 <= buf.length;) {
    const size = buf.readUInt32LE(at + 4);
    if (buf.toString('ascii', at, at + 4) === 'data') return at + 8;
    at += 8 + size + (size % 2);
  }
  return undefined;
}
