/**
 * Bedrock model ids and the InvokeModel body formats of the families the lab speaks: Amazon Nova
 * (messages-v1), Anthropic Claude (Messages API) and Amazon Titan Text. Pure: a body in, a conversation out;
 * an answer in, a body out.
 */
import type { Turn } from './responder';

export type Family = 'nova' | 'claude' | 'titan' | 'other';

export type ModelLookup =
  | { ok: { id: string; family: Family; fault?: string } }
  | { error: 'ValidationException' | 'ResourceNotFoundException'; message: string };

/** Cross-region inference profile prefixes (`us.amazon.nova-micro-v1:0`). */
const GEO_PREFIX = /^(us|us-gov|eu|apac|au|ca|jp|global)\./;
const FAMILIES: ReadonlyArray<[RegExp, Family]> = [
  [/^amazon\.nova-[a-z0-9-]+(:\d+)?$/, 'nova'],
  [/^anthropic\.claude-[a-z0-9.-]+(:\d+)?$/, 'claude'],
  [/^amazon\.titan-text-[a-z0-9-]+(:\d+)?$/, 'titan'],
  [
    /^(meta\.llama|mistral\.|cohere\.command|ai21\.|deepseek\.|openai\.|qwen\.|writer\.)[a-z0-9.:-]*$/,
    'other',
  ],
];

/**
 * Resolves a model id, inference-profile id or ARN. Lab fault ids (`lab.slow-5s`, `lab.throttle`, …) speak
 * the Nova format.
 */
export function lookupModel(raw: string): ModelLookup {
  const id = raw.replace(/^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:\d*:(foundation-model|inference-profile)\//, '');
  if (/^lab\.[a-z0-9.-]+$/.test(id)) return { ok: { id, family: 'nova', fault: id.slice(4) } };
  if (!/^[a-z0-9-]+\.[a-z0-9.:-]+$/.test(id))
    return { error: 'ValidationException', message: 'The provided model identifier is invalid.' };
  const base = id.replace(GEO_PREFIX, '');
  const family = FAMILIES.find(([re]) => re.test(base))?.[1];
  if (!family) {
    return {
      error: 'ResourceNotFoundException',
      message: 'Could not resolve the foundation model from the provided model identifier.',
    };
  }
  return { ok: { id, family } };
}

export interface Conversation {
  system: string;
  messages: Turn[];
  maxTokens?: number;
}

export type Parsed = { ok: Conversation } | { error: string };

const malformed = (detail: string) => ({
  error: `Malformed input request: ${detail}, please reformat your input and try again.`,
});

/** An InvokeModel body in the model's own format → the conversation. */
export function readInvokeBody(family: Family, body: unknown): Parsed {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return malformed('#: expected type: JSONObject');
  const b = body as Record<string, unknown>;
  switch (family) {
    case 'nova': {
      if (!Array.isArray(b.messages)) return malformed('#: required key [messages] not found');
      const config = (b.inferenceConfig ?? {}) as Record<string, unknown>;
      return conversation(
        textOf(b.system),
        b.messages,
        (config.maxTokens ?? config.max_new_tokens) as number | undefined,
      );
    }
    case 'claude': {
      if (b.anthropic_version === undefined)
        return malformed('#: required key [anthropic_version] not found');
      if (b.max_tokens === undefined) return malformed('#: required key [max_tokens] not found');
      if (!Array.isArray(b.messages)) return malformed('#: required key [messages] not found');
      return conversation(textOf(b.system), b.messages, b.max_tokens as number);
    }
    case 'titan': {
      if (typeof b.inputText !== 'string') return malformed('#: required key [inputText] not found');
      const config = (b.textGenerationConfig ?? {}) as Record<string, unknown>;
      return { ok: { ...titanTurns(b.inputText), maxTokens: config.maxTokenCount as number | undefined } };
    }
    default:
      return {
        error:
          "The lab's offline responder speaks the InvokeModel formats of Amazon Nova, Anthropic Claude and Amazon Titan Text only; use Converse for this model.",
      };
  }
}

/** A Converse request body → the conversation, with the checks Bedrock makes. */
export function readConverseBody(body: unknown): Parsed {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { error: 'The request body must be a JSON object.' };
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.messages) || b.messages.length === 0) {
    return {
      error:
        "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null",
    };
  }
  const messages = b.messages as { role?: string; content?: unknown }[];
  if (messages[0]!.role !== 'user') {
    return {
      error:
        'A conversation must start with a user message. Try again after adding a user message to the start of the conversation.',
    };
  }
  for (let i = 1; i < messages.length; i++) {
    if (messages[i]!.role === messages[i - 1]!.role) {
      return {
        error:
          'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
      };
    }
  }
  for (const [i, m] of messages.entries()) {
    const blocks = Array.isArray(m.content) ? (m.content as { text?: unknown }[]) : [];
    for (const [j, block] of blocks.entries()) {
      if (typeof block.text === 'string' && block.text.trim() === '') {
        return {
          error: `The text field in the ContentBlock object at messages.${i}.content.${j} is blank. Add text to the text field, and try again.`,
        };
      }
    }
  }
  const maxTokens = (b.inferenceConfig as { maxTokens?: unknown } | undefined)?.maxTokens;
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && (maxTokens as number) >= 1)) {
    return {
      error: `1 validation error detected: Value '${String(maxTokens)}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    };
  }
  return conversation(textOf(b.system), messages, maxTokens as number | undefined);
}

export interface Answer {
  text: string;
  stopReason: 'end_turn' | 'max_tokens';
  inputTokens: number;
  outputTokens: number;
}

/** The answer as the model family's InvokeModel response body. */
export function invokeResponseBody(family: Family, modelId: string, answer: Answer): object {
  switch (family) {
    case 'claude':
      return {
        id: `msg_bdrk_${Math.random().toString(36).slice(2, 14)}`,
        type: 'message',
        role: 'assistant',
        model: modelId
          .replace(GEO_PREFIX, '')
          .replace(/^anthropic\./, '')
          .replace(/-v\d+:\d+$/, ''),
        content: [{ type: 'text', text: answer.text }],
        stop_reason: answer.stopReason,
        stop_sequence: null,
        usage: { input_tokens: answer.inputTokens, output_tokens: answer.outputTokens },
      };
    case 'titan':
      return {
        inputTextTokenCount: answer.inputTokens,
        results: [
          {
            tokenCount: answer.outputTokens,
            outputText: answer.text,
            completionReason: answer.stopReason === 'max_tokens' ? 'LENGTH' : 'FINISH',
          },
        ],
      };
    default:
      return {
        output: { message: { role: 'assistant', content: [{ text: answer.text }] } },
        stopReason: answer.stopReason,
        usage: usage(answer),
      };
  }
}

export function usage(answer: Answer): { inputTokens: number; outputTokens: number; totalTokens: number } {
  return {
    inputTokens: answer.inputTokens,
    outputTokens: answer.outputTokens,
    totalTokens: answer.inputTokens + answer.outputTokens,
  };
}

function conversation(system: string, raw: unknown[], maxTokens: number | undefined): Parsed {
  const messages: Turn[] = [];
  for (const [i, m] of raw.entries()) {
    const { role, content } = (m ?? {}) as { role?: unknown; content?: unknown };
    if (role !== 'user' && role !== 'assistant')
      return malformed(`#/messages/${i}/role: ${String(role)} is not a valid enum value`);
    messages.push({ role, text: textOf(content) });
  }
  return { ok: { system, messages, ...(maxTokens !== undefined ? { maxTokens } : {}) } };
}

/** Text from a string, `[{text}]`/`[{type:'text',text}]` blocks, or nothing. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return value
    .map((block: unknown) =>
      typeof block === 'object' && block !== null && typeof (block as { text?: unknown }).text === 'string'
        ? (block as { text: string }).text
        : '',
    )
    .filter(Boolean)
    .join('\n');
}

/** Titan's flat prompt: "User: …\nBot: …\nUser: …\nBot:" — or just a question. */
function titanTurns(inputText: string): { system: string; messages: Turn[] } {
  const parts = inputText.split(/^(User|Bot):\s*/m);
  if (parts.length < 3) return { system: '', messages: [{ role: 'user', text: inputText.trim() }] };
  const messages: Turn[] = [];
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const text = parts[i + 1]!.trim();
    if (text) messages.push({ role: parts[i] === 'User' ? 'user' : 'assistant', text });
  }
  return { system: parts[0]!.trim(), messages };
}
