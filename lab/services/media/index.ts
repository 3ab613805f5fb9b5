/** Lab media: WAV reading and checks, synthesised sounds, speech timing and (optional) real speech. */
export {
  MAX_AUDIO_BYTES,
  checkWav,
  encodeWav,
  readWav,
  wavDurationMs,
  wavSamples,
  type WavFormat,
} from './wav';
export { LAB_SAMPLE_RATE, holdMusicWav, silenceWav, toneWav } from './synth';
export { WORDS_PER_MINUTE, speechDurationMs } from './speech';
export { createSpeechRenderer, renderSpeech, type SpeechRenderer } from './render';
