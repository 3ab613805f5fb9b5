import { describe, expect, it } from 'vitest';
import { firstChannel, isSilent, parseWav, pcmChunks } from '../../../functions/transcribe';
import { silence, tone, wavFile } from './wav-audio';

describe('reading a recording for Transcribe', () => {
  it.each([8000, 16000, 44100])('the sample rate comes from the header (%i Hz), never assumed', (rate) => {
    expect(parseWav(wavFile(tone(100, rate), { sampleRate: rate })).sampleRate).toBe(rate);
  });

  it('the header is stripped: only the samples are sent', () => {
    const samples = tone(250);
    const audio = parseWav(wavFile(samples, { extraChunk: true }));
    expect(audio.pcm.length).toBe(samples.length * 2);
    expect(audio.pcm.readInt16LE(2)).toBe(samples[1]);
  });

  it('a stereo file is read as its first channel', () => {
    const interleaved = Int16Array.from([1, -1, 2, -2, 3, -3]);
    expect([
      ...new Int16Array(new Uint8Array(firstChannel(parseWav(wavFile(interleaved, { channels: 2 })))).buffer),
    ]).toEqual([1, 2, 3]);
  });

  it.each([
    ['not a WAV', Buffer.from('ID3 this is an mp3'), /not a WAV file/],
    [
      '8-bit samples',
      wavFile(tone(100), { bits: 8 }),
      /8-bit samples; Transcribe streaming needs 16-bit PCM/,
    ],
    ['a compressed format', wavFile(tone(100), { format: 6 }), /format 6, not PCM/],
    [
      'a rate Transcribe refuses',
      wavFile(tone(100), { sampleRate: 4000 }),
      /4000 Hz; Transcribe streaming takes 8,000 to 48,000 Hz/,
    ],
    ['no data chunk', wavFile(tone(10)).subarray(0, 36), /no data chunk/],
  ])('%s is refused with a message that says why', (_, file, message) => {
    expect(() => parseWav(file)).toThrow(message);
  });
});

describe('cutting the audio into a stream', () => {
  it('100 ms chunks at 8 kHz hold 800 samples; the last one holds the rest', () => {
    const chunks = pcmChunks(Buffer.alloc(2 * 2000), 8000);
    expect(chunks.map((c) => c.length)).toEqual([1600, 1600, 800]);
  });

  it('a dangling half sample is not sent', () => {
    expect(pcmChunks(Buffer.alloc(1601), 8000).map((c) => c.length)).toEqual([1600]);
  });
});

describe('telling silence from a question', () => {
  it.each([
    ['a recording of nothing', new Int16Array(0), true],
    ['two seconds of line hiss', silence(2000, 8000, 40), true],
    ['a click too short to be a word', tone(200), true],
    ['a spoken second after a pause', Int16Array.from([...silence(1500), ...tone(1000)]), false],
  ])('%s → silent: %s', (_, samples, silent) => {
    expect(isSilent(Buffer.from(samples.buffer), 8000)).toBe(silent);
  });
});
