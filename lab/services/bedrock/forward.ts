/** Forwarding a conversation to an OpenAI-compatible `/v1/chat/completions` server (a local model server). */
import type { Answer, Conversation } from './models';

export interface ForwardOptions {
  /** e.g. `http://127.0.0.1:11434/v1` (or without `/v1`; it is added). */
  openAiBaseUrl?: string;
  apiKey?: string;
  /** The server's model name; default: the Bedrock model id as requested. */
  model?: string;
}

export type Forwarded =
  | { ok: Answer }
  | { error: 'ThrottlingException' | 'ModelErrorException' | 'ServiceUnavailableException'; message: string };

/** A network timeout, not lab time: the server is real. */
const FORWARD_TIMEOUT_MS = 60_000;

export function chatCompletionsUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return `${/\/v1$/.test(trimmed) ? trimmed : `${trimmed}/v1`}/chat/completions`;
}

export async function forwardChat(
  options: ForwardOptions & { openAiBaseUrl: string },
  modelId: string,
  conversation: Conversation,
): Promise<Forwarded> {
  const url = chatCompletionsUrl(options.openAiBaseUrl);
  const messages = [
    ...(conversation.system ? [{ role: 'system', content: conversation.system }] : []),
    ...conversation.messages.map((m) => ({ role: m.role, content: m.text })),
  ];
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: options.model ?? modelId,
        messages,
        ...(conversation.maxTokens ? { max_tokens: conversation.maxTokens } : {}),
      }),
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
  } catch (err) {
    return {
      error: 'ServiceUnavailableException',
      message: `The OpenAI-compatible server at ${url} could not be reached: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const text = await response.text();
  if (response.status === 429)
    return {
      error: 'ThrottlingException',
      message: `The OpenAI-compatible server at ${url} throttled the request (429).`,
    };
  if (!response.ok)
    return {
      error: 'ModelErrorException',
      message: `The OpenAI-compatible server at ${url} answered ${response.status}: ${text.slice(0, 300)}`,
    };
  let body: {
    choices?: { message?: { content?: string }; finish_reason?: string }[];
    usage?: { prompt_tokens?: number; completion_tokens?: number };
  };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return {
      error: 'ModelErrorException',
      message: `The OpenAI-compatible server at ${url} did not answer JSON.`,
    };
  }
  const choice = body.choices?.[0];
  if (typeof choice?.message?.content !== 'string') {
    return {
      error: 'ModelErrorException',
      message: `The OpenAI-compatible server at ${url} answered without choices[0].message.content.`,
    };
  }
  return {
    ok: {
      text: choice.message.content,
      stopReason: choice.finish_reason === 'length' ? 'max_tokens' : 'end_turn',
      inputTokens: body.usage?.prompt_tokens ?? 0,
      outputTokens: body.usage?.completion_tokens ?? 0,
    },
  };
}
