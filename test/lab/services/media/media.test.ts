import { readFileSync } from 'node:fs';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_AUDIO_BYTES,
  checkWav,
  createSpeechRenderer,
  encodeWav,
  holdMusicWav,
  readWav,
  silenceWav,
  speechDurationMs,
  toneWav,
  wavDurationMs,
  wavSamples,
} from '../../../../lab/services/media';

describe('how long speech takes to say', () => {
  it.each([
    ['', 0],
    ['Hello', 400],
    ['Thanks for calling Harbor Lane Bikes today.', 2_800],
    ['<speak>Please hold.<break time="2s"/>Still there?</speak>', 3_600],
    ['<speak>One <break time="500ms"/> two <break strength="strong"/> three</speak>', 2_400],
    ['<speak>One<break/>two</speak>', 1_200],
  ])('%j takes %i ms (about 150 words a minute plus breaks)', (text, ms) => {
    expect(speechDurationMs(text)).toBe(ms);
  });
});

describe('WAV files', () => {
  it('a 0.5 s tone is an 8 kHz mono 16-bit PCM WAV that plays for 500 ms', () => {
    const wav = toneWav(1000, 500);
    const read = readWav(wav);
    expect(read).toEqual({
      format: {
        audioFormat: 1,
        channels: 1,
        sampleRate: 8000,
        bitsPerSample: 16,
        blockAlign: 2,
        dataBytes: 8000,
        durationMs: 500,
      },
    });
    expect(checkWav(wav)).toEqual([]);
  });

  it('silence plays for as long as asked and every sample is zero', () => {
    const wav = silenceWav(1_250);
    expect(wavDurationMs(wav)).toBe(1_250);
    expect(wavSamples(wav)!.every((s) => s === 0)).toBe(true);
  });

  it('a tone really oscillates at its frequency', () => {
    const samples = wavSamples(toneWav(1000, 100))!;
    let crossings = 0;
    for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 && samples[i]! >= 0) crossings++;
    expect(crossings).toBeGreaterThanOrEqual(98);
    expect(crossings).toBeLessThanOrEqual(101);
  });

  it.each([
    ['a text file', Buffer.from('hello, not audio'), 'not a RIFF file'],
    [
      'a RIFF that is not WAVE',
      Buffer.concat([Buffer.from('RIFF\0\0\0\0AVI '), Buffer.alloc(8)]),
      'a RIFF file, but not WAVE',
    ],
    ['a WAV with no data chunk', encodeWav(new Int16Array(10)).subarray(0, 36), 'no data chunk'],
    ['a float WAV', withFormat(encodeWav(new Int16Array(10)), 3), 'not uncompressed PCM (audio format 3)'],
  ])('PlayAudio would refuse %s: %s', (_name, buf, problem) => {
    expect(checkWav(buf)).toContain(problem);
  });

  it('a file over 50 MB is refused for its size', () => {
    const big = Buffer.concat([encodeWav(new Int16Array(0)), Buffer.alloc(MAX_AUDIO_BYTES)]);
    expect(checkWav(big)).toEqual([`larger than 50 MB (${big.length} bytes)`]);
  });

  it('the duration of something that is not a WAV is unknown', () => {
    expect(wavDurationMs(Buffer.from('nope'))).toBeUndefined();
  });
});

describe('the shipped sounds', () => {
  const audio = (name: string) => readFileSync(new URL(`../../../../audio/${name}`, import.meta.url));

  it('the beep is half a second of 1 kHz at 8 kHz mono 16-bit, the same as toneWav makes', () => {
    const beep = audio('beep.wav');
    expect(beep.equals(toneWav(1000, 500))).toBe(true);
    expect(wavDurationMs(beep)).toBe(500);
  });

  it('the hold music is a playable loop of at most 20 s, under 400 KB, not clipped and not silent', () => {
    const music = audio('hold-music.wav');
    expect(music.equals(holdMusicWav())).toBe(true);
    expect(checkWav(music)).toEqual([]);
    expect(wavDurationMs(music)).toBeLessThanOrEqual(20_000);
    expect(music.length).toBeLessThanOrEqual(400 * 1024);
    const samples = wavSamples(music)!;
    const peak = samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
    expect(peak).toBeGreaterThan(8_000);
    expect(peak).toBeLessThan(32_767);
  });
});

describe('real speech', () => {
  it('without espeak-ng and sox installed, rendering gives nothing rather than failing', async () => {
    const renderer = createSpeechRenderer({ espeak: 'no-such-espeak-program', sox: 'no-such-sox-program' });
    expect(renderer.available()).toBe(false);
    await expect(renderer.render('Hello')).resolves.toBeUndefined();
  });

  const installed = createSpeechRenderer();
  it.skipIf(!installed.available())(
    'with espeak-ng and sox installed, a prompt becomes an 8 kHz mono 16-bit WAV about as long as it takes to say',
    async () => {
      const text = '<speak>Thanks for calling Harbor Lane Bikes.<break time="1s"/>How can I help?</speak>';
      const wav = (await installed.render(text))!;
      expect(readWav(wav)).toMatchObject({
        format: { audioFormat: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 },
      });
      const ms = wavDurationMs(wav)!;
      expect(ms).toBeGreaterThan(speechDurationMs(text) / 2);
      expect(ms).toBeLessThan(speechDurationMs(text) * 2);
    },
  );

  it('with both programs installed, the text goes through espeak-ng and sox and the WAV comes back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-speech-'));
    const fakeEspeak = join(dir, 'espeak');
    const fakeSox = join(dir, 'sox');
    // espeak stand-in: "speaks" what it reads as a tagged stream; sox stand-in: turns that into a WAV file.
    writeFileSync(fakeEspeak, '#!/bin/sh\n[ "$1" = --version ] && exit 0\nprintf "SPOKEN:"; cat\n');
    const wav = join(dir, 'out.wav');
    writeFileSync(wav, silenceWav(100));
    writeFileSync(
      fakeSox,
      `#!/bin/sh\n[ "$1" = --version ] && exit 0\nread -r line\n[ "$line" = "SPOKEN:Hello there" ] || exit 3\ncat ${wav}\n`,
    );
    chmodSync(fakeEspeak, 0o755);
    chmodSync(fakeSox, 0o755);
    const renderer = createSpeechRenderer({ espeak: fakeEspeak, sox: fakeSox });
    expect(renderer.available()).toBe(true);
    const out = await renderer.render('Hello there\n');
    expect(out && wavDurationMs(out)).toBe(100);
  });
});

function withFormat(wav: Buffer, format: number): Buffer {
  const copy = Buffer.from(wav);
  copy.writeUInt16LE(format, 20);
  return copy;
}
