/**
 * How long a caller waited for an answer: from the end of their speech to the first word of the reply — the
 * first Speak after it that is not a hold prompt ("One moment, please."). The web phone shows it after each
 * question; the bench measures the same thing. Pure.
 */
import type { CallFlowFile } from '../workflows';
import type { PhoneEvent } from '../pstn';

/** The hold prompts of every call flow: each language's HoldPrompt and StillWorkingPrompt in Init. */
export function holdPromptsOf(flows: Pick<CallFlowFile, 'definition'>[]): string[] {
  const texts = new Set<string>();
  for (const flow of flows) {
    let init: Record<string, unknown> | undefined;
    try {
      init = (JSON.parse(flow.definition) as { States?: { Init?: { Assign?: Record<string, unknown> } } })
        .States?.Init?.Assign;
    } catch {
      continue;
    }
    const languages = (init?.Languages ?? {}) as Record<string, Record<string, unknown>>;
    for (const say of Object.values(languages))
      for (const key of ['HoldPrompt', 'StillWorkingPrompt'])
        if (typeof say?.[key] === 'string') texts.add(say[key] as string);
  }
  return [...texts];
}

/** Lab ms from `spokeUntil` to the first word of the answer, or undefined while there is none yet. */
export function answerWait(
  events: PhoneEvent[],
  spokeUntil: number,
  holdPrompts: string[],
): number | undefined {
  const first = events.find(
    (e) =>
      e.type === 'prompt' && e.kind === 'speak' && e.at >= spokeUntil && !holdPrompts.includes(e.text ?? ''),
  );
  return first ? first.at - spokeUntil : undefined;
}
