/** Small synthesised sounds for the lab: silence, a beep, and a gentle hold-music loop. Pure. */
import { encodeWav } from './wav';

export const LAB_SAMPLE_RATE = 8000;

/** `ms` of silence as an 8 kHz mono 16-bit WAV. */
export function silenceWav(ms: number): Buffer {
  return encodeWav(new Int16Array(sampleCount(ms)));
}

/** A sine tone (a beep) as an 8 kHz mono 16-bit WAV, with 10 ms fades so it does not click. */
export function toneWav(hz: number, ms: number, amplitude = 0.5): Buffer {
  if (!(hz > 0 && hz < LAB_SAMPLE_RATE / 2))
    throw new RangeError(`tone frequency must be between 0 and 4000 Hz, got ${hz}`);
  const samples = new Int16Array(sampleCount(ms));
  const fade = Math.min(sampleCount(10), Math.floor(samples.length / 2));
  for (let i = 0; i < samples.length; i++) {
    const edge = Math.min(1, i / fade, (samples.length - 1 - i) / fade);
    samples[i] = Math.round(32767 * amplitude * edge * Math.sin((2 * Math.PI * hz * i) / LAB_SAMPLE_RATE));
  }
  return encodeWav(samples);
}

/** Semitones above A4 (440 Hz) → Hz. */
const note = (semitones: number): number => 440 * 2 ** (semitones / 12);

// C major – A minor – F major – G major, as semitones relative to A4.
const CHORDS: ReadonlyArray<{ bass: number; arpeggio: number[] }> = [
  { bass: -33, arpeggio: [-9, -5, -2, 3, -2, -5, -9, -5] }, // C3 | C4 E4 G4 C5 …
  { bass: -36, arpeggio: [-12, -9, -5, 0, -5, -9, -12, -9] }, // A2 | A3 C4 E4 A4 …
  { bass: -40, arpeggio: [-16, -12, -9, -4, -9, -12, -16, -12] }, // F2 | F3 A3 C4 F4 …
  { bass: -38, arpeggio: [-14, -10, -7, -2, -7, -10, -14, -10] }, // G2 | G3 B3 D4 G4 …
];

/**
 * A soft arpeggiated chord progression that loops cleanly (it starts and ends on silence between notes).
 * `bars` chords of `barMs` each; the default is 4 bars × 4 s = 16 s.
 */
export function holdMusicWav(options: { bars?: number; barMs?: number } = {}): Buffer {
  const bars = options.bars ?? 4;
  const barMs = options.barMs ?? 4000;
  const barSamples = sampleCount(barMs);
  const out = new Float64Array(barSamples * bars);
  for (let bar = 0; bar < bars; bar++) {
    const chord = CHORDS[bar % CHORDS.length]!;
    const start = bar * barSamples;
    addNote(out, start, barSamples, note(chord.bass), 0.18, 1.2);
    const step = Math.floor(barSamples / chord.arpeggio.length);
    chord.arpeggio.forEach((semitones, i) =>
      addNote(out, start + i * step, step * 2, note(semitones), 0.22, 3.5),
    );
  }
  const samples = new Int16Array(out.length);
  for (let i = 0; i < out.length; i++) samples[i] = Math.round(32767 * Math.max(-1, Math.min(1, out[i]!)));
  return encodeWav(samples);
}

/** A plucked, slightly warm tone: a sine with a soft second harmonic and an exponential decay. */
function addNote(
  out: Float64Array,
  start: number,
  length: number,
  hz: number,
  level: number,
  decayPerSecond: number,
): void {
  const attack = sampleCount(8);
  const release = sampleCount(30);
  for (let i = 0; i < length && start + i < out.length; i++) {
    const t = i / LAB_SAMPLE_RATE;
    const envelope = Math.min(1, i / attack, (length - 1 - i) / release) * Math.exp(-decayPerSecond * t);
    const wave = Math.sin(2 * Math.PI * hz * t) + 0.25 * Math.sin(4 * Math.PI * hz * t);
    out[start + i]! += level * envelope * wave;
  }
}

function sampleCount(ms: number): number {
  if (!(ms >= 0) || !Number.isFinite(ms))
    throw new RangeError(`duration must be a finite number of ms >= 0, got ${ms}`);
  return Math.round((ms * LAB_SAMPLE_RATE) / 1000);
}
