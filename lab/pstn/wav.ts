/**
 * The WAV a RecordAudio writes: 8 kHz, 16-bit, mono PCM (reference §4.6). Silence is zeros; the caller's speech
 * is a quiet 440 Hz tone (the words themselves travel as the transcript).
 */
const RATE = 8000;

export interface Sound {
  /** ms from the start of the recording */
  from: number;
  to: number;
}

export function encodeWav(durationMs: number, sounds: Sound[]): Buffer {
  const samples = Math.max(0, Math.round((durationMs * RATE) / 1000));
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(RATE, 24);
  wav.writeUInt32LE(RATE * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (const sound of sounds) {
    const first = Math.max(0, Math.round((sound.from * RATE) / 1000));
    const last = Math.min(samples, Math.round((sound.to * RATE) / 1000));
    for (let i = first; i < last; i++) wav.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / RATE)), 44 + i * 2);
  }
  return wav;
}

/**
 * The object key of a recording. AWS does not document its scheme (UNCONFIRMED) beyond "starts with Prefix";
 * the lab uses `<Prefix>/<TransactionId>/<CallId>-<lab epoch ms>.wav` (a "/" is added after the prefix unless
 * it already ends with one).
 */
export function recordingKey(prefix: string | undefined, transactionId: string, callId: string, at: number): string {
  const head = prefix ? (prefix.endsWith('/') ? prefix : `${prefix}/`) : '';
  return `${head}${transactionId}/${callId}-${at}.wav`;
}
