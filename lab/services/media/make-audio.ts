/** Writes the lab's shipped sounds: `npx tsx lab/services/media/make-audio.ts` → audio/beep.wav, audio/hold-music.wav. */
import { writeFileSync } from 'node:fs';
import { holdMusicWav, toneWav } from './synth';

const dir = new URL('../../../audio/', import.meta.url);
writeFileSync(new URL('beep.wav', dir), toneWav(1000, 500));
writeFileSync(new URL('hold-music.wav', dir), holdMusicWav());
console.log('wrote audio/beep.wav and audio/hold-music.wav');
