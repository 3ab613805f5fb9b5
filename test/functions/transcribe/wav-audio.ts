/** WAV files for the transcribe tests: a header, optional extra chunks, and 16-bit samples. */
export function wavFile(
  samples: Int16Array,
  options: {
    sampleRate?: number;
    channels?: number;
    bits?: number;
    format?: number;
    extraChunk?: boolean;
  } = {},
): Buffer {
  const { sampleRate = 8000, channels = 1, bits = 16, format = 1 } = options;
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(s, i * 2));
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(format, 8);
  fmt.writeUInt16LE(channels, 10);
  fmt.writeUInt32LE(sampleRate, 12);
  fmt.writeUInt32LE((sampleRate * channels * bits) / 8, 16);
  fmt.writeUInt16LE((channels * bits) / 8, 20);
  fmt.writeUInt16LE(bits, 22);
  // a LIST chunk of odd length (padded), as some encoders write before the data
  const list = options.extraChunk
    ? Buffer.concat([Buffer.from('LIST'), u32(3), Buffer.from('abc'), Buffer.alloc(1)])
    : Buffer.alloc(0);
  const dataHeader = Buffer.concat([Buffer.from('data'), u32(data.length)]);
  const body = Buffer.concat([Buffer.from('WAVE'), fmt, list, dataHeader, data]);
  return Buffer.concat([Buffer.from('RIFF'), u32(body.length), body]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/** `ms` of a 440 Hz tone at about -20 dBFS: speech, as far as a level meter can tell. */
export function tone(ms: number, sampleRate = 8000): Int16Array {
  const n = Math.round((ms * sampleRate) / 1000);
  return Int16Array.from({ length: n }, (_, i) =>
    Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)),
  );
}

export function silence(ms: number, sampleRate = 8000, level = 0): Int16Array {
  return Int16Array.from({ length: Math.round((ms * sampleRate) / 1000) }, (_, i) =>
    i % 2 ? level : -level,
  );
}
