/**
 * The model's answer, streamed (Bedrock ConverseStream), with its first sentence sent to the caller while the
 * rest is generated: as soon as the first sentence is complete it goes to the call with
 * UpdateSipMediaApplicationCall (`Arguments.Say`), which ends the hold music and lets the workflow speak it.
 *
 * - The stream fails before the first sentence went out: the error is thrown (the workflow apologises, as for
 *   any model failure; throttling is retried by the workflow).
 * - It fails after: the answer so far is returned with `Failed` (a retry would repeat what was said).
 * - The call is gone when the first sentence is sent (NotFoundException): generation stops; `CallerGone`.
 */
import { ConverseStreamCommand, type ConverseStreamCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { UpdateSipMediaApplicationCallCommand } from '@aws-sdk/client-chime-sdk-voice';
import { completeFirstSentence, spoken } from './sentences';

/** The workflow's input: the conversation as Converse takes it in Step Functions (PascalCase). */
export interface AnswerRequest {
  TransactionId: string;
  System: string;
  Messages: { Role: 'user' | 'assistant'; Content: { Text: string }[] }[];
  MaxTokens?: number;
  Temperature?: number;
}

export interface AnswerResult {
  /** The whole answer as generated (or as far as it got). */
  Text: string;
  /** The first sentence as spoken to the caller already ("" when none was: the workflow speaks it all). */
  Said: string;
  /** The raw text after that first sentence: what is left to say. */
  Rest: string;
  StopReason: string;
  Failed: boolean;
  Error?: string;
  CallerGone?: boolean;
}

export interface AnswerDeps {
  bedrock: { send(command: ConverseStreamCommand): Promise<Pick<ConverseStreamCommandOutput, 'stream'>> };
  chime: { send(command: UpdateSipMediaApplicationCallCommand): Promise<unknown> };
  modelId: string;
  sipMediaApplicationId: string;
}

export class InvalidAnswerRequest extends Error {
  override name = 'InvalidAnswerRequest';
}

export function createAnswer(deps: AnswerDeps): (event: AnswerRequest) => Promise<AnswerResult> {
  return async (event) => {
    check(event);
    const out = await deps.bedrock.send(
      new ConverseStreamCommand({
        modelId: deps.modelId,
        system: event.System ? [{ text: event.System }] : undefined,
        messages: event.Messages.map((m) => ({
          role: m.Role,
          content: m.Content.map((c) => ({ text: c.Text })),
        })),
        inferenceConfig: { maxTokens: event.MaxTokens, temperature: event.Temperature },
      }),
    );
    let text = '';
    let first: string | undefined;
    let said = '';
    let stopReason = 'end_turn';
    try {
      for await (const part of out.stream ?? []) {
        text += part.contentBlockDelta?.delta?.text ?? '';
        stopReason = part.messageStop?.stopReason ?? stopReason;
        if (first !== undefined) continue;
        first = completeFirstSentence(text);
        if (first === undefined) continue;
        said = spoken(first);
        const sent = await sayFirst(deps, event.TransactionId, said);
        if (sent === 'gone') return result(text, said, first, 'end_turn', { CallerGone: true });
        if (sent === 'failed') said = ''; // not spoken: the workflow says it all, as without streaming
      }
    } catch (error) {
      if (!said) throw error;
      return result(text, said, first!, stopReason, { Failed: true, Error: (error as Error).name });
    }
    return result(text, said, first ?? '', stopReason, {});
  };
}

async function sayFirst(
  deps: AnswerDeps,
  transactionId: string,
  say: string,
): Promise<'sent' | 'gone' | 'failed'> {
  try {
    await deps.chime.send(
      new UpdateSipMediaApplicationCallCommand({
        SipMediaApplicationId: deps.sipMediaApplicationId,
        TransactionId: transactionId,
        Arguments: { Answer: 'first-sentence', Say: say },
      }),
    );
    return 'sent';
  } catch (error) {
    return (error as Error).name === 'NotFoundException' ? 'gone' : 'failed';
  }
}

function result(
  text: string,
  said: string,
  first: string,
  stopReason: string,
  extra: Partial<AnswerResult>,
): AnswerResult {
  return {
    Text: text.trim(),
    Said: said,
    Rest: said ? text.slice(first.length).trim() : '',
    StopReason: stopReason,
    Failed: false,
    ...extra,
  };
}

function check(event: AnswerRequest): void {
  const e = (event ?? {}) as Partial<AnswerRequest>;
  if (typeof e.TransactionId !== 'string' || e.TransactionId === '')
    throw new InvalidAnswerRequest('answer: TransactionId (the call to speak to) must be a non-empty string');
  if (!Array.isArray(e.Messages) || e.Messages.length === 0)
    throw new InvalidAnswerRequest('answer: Messages must be the conversation, ending with the question');
}
