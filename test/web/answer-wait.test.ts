/** The wait the web phone shows after each question: end of the caller's speech → first word of the answer. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lab';
import { answerWait, holdPromptsOf } from '../../lab/phone/answer-wait';
import type { PhoneEvent } from '../../lab/pstn';

const assistant = { definition: readFileSync(join(REPO_ROOT, 'workflows/voice-assistant.asl.json'), 'utf8') };
const speak = (text: string, at: number): PhoneEvent => ({ type: 'prompt', kind: 'speak', text, at });

describe('the wait for an answer', () => {
  const holds = holdPromptsOf([assistant, { definition: 'not json' }]);
  it("knows every language's hold prompts from the workflow", () => {
    expect(holds).toEqual(
      expect.arrayContaining([
        'One moment, please.',
        'Un momento, por favor.',
        "Thanks for waiting, I'm still working on it.",
      ]),
    );
  });
  it('runs from the end of the speech to the first Speak that is not a hold prompt', () => {
    const events: PhoneEvent[] = [
      speak('Please ask your question after the beep.', 1000),
      { type: 'recording-stopped', at: 7000 },
      speak('One moment, please.', 7500),
      { type: 'prompt', kind: 'audio', key: 'audio/hold-music.wav', at: 8500 },
      speak('Drain cleaning costs 150 dollars.', 9800),
    ];
    expect(answerWait(events, 5000, holds)).toBe(4800);
    expect(answerWait(events.slice(0, 4), 5000, holds)).toBeUndefined();
  });
});
