/**
 * The lab's Bedrock Runtime: InvokeModel (Nova, Claude, Titan Text bodies) and Converse, answered by the
 * offline responder from `prompts/` — or, when configured, by an OpenAI-compatible server. Every offline
 * answer is labelled (`x-lab-responder: offline` header, `additionalModelResponseFields.labResponder` in
 * Converse, and the log); the spoken text itself stays natural.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LabClock, type Clock } from '../../clock';
import type { EdgeReply, EdgeRequest, Provider } from '../edge';
import { streamEvent, streamException } from './event-stream';
import { THROTTLED_MESSAGE, planFaults, type BedrockErrorName } from './faults';
import { mergeFacts, parseFacts, type FactSheet } from './facts';
import { forwardChat, type ForwardOptions } from './forward';
import {
  invokeResponseBody,
  lookupModel,
  readConverseBody,
  readInvokeBody,
  usage,
  type Answer,
  type Conversation,
} from './models';
import { respond, type Responder, type ResponderOutput } from './responder';

/** The system prompt's file in `prompts/`; every other `*.md` there holds facts. */
export const SYSTEM_PROMPT_FILE = 'voice-assistant.md';
/**
 * The heading after which a system prompt carries the business facts (the voice assistant writes them there
 * from the business profile). A request whose system prompt has them is answered from them alone, as a real
 * model only knows what it is told; one without them from the `*.md` files in the prompts folder.
 */
export const FACTS_HEADING = '# The business facts you may use';
/** "answer in Spanish (es-US)" in the system prompt: the language the offline responder answers in. */
const ANSWER_LANGUAGE = /answer in [A-Za-z]+ \(([a-z]{2,3})-[A-Z]{2}\)/;
export const OFFLINE_RESPONDER_LABEL = 'offline lab responder';

export interface BedrockProviderOptions {
  /** Folder of Markdown: the facts the offline responder answers from (read on every request, so edits apply at once). */
  promptsDir: string;
  /** Replaces the offline responder (tests, or a smarter offline model). */
  responder?: Responder;
  /** Forward to an OpenAI-compatible server instead of answering offline. */
  forward?: ForwardOptions;
  /** The lab clock that model latency (`lab.slow-…`, `latencyMs`) waits on. Default: a real-time clock. */
  clock?: Clock;
  /** Added latency for every answer, in lab ms. */
  latencyMs?: number;
  /** Realistic mode: how long the model takes for an answer of this many output tokens (lab ms). */
  answerLatencyMs?: (modelId: string, outputTokens: number) => number;
  /** Realistic mode, ConverseStream: the first token's delay and the pace of the rest. */
  streamSpeed?: (modelId: string) => { timeToFirstTokenMs: number; outputTokensPerSecond: number };
  log?: (message: string, fields: Record<string, unknown>) => void;
}

const INVOKE = /^\/model\/([^/]+)\/invoke$/;
const CONVERSE = /^\/model\/([^/]+)\/converse$/;
const CONVERSE_STREAM = /^\/model\/([^/]+)\/converse-stream$/;
const STATUS: Record<BedrockErrorName, number> = {
  ValidationException: 400,
  ResourceNotFoundException: 404,
  AccessDeniedException: 403,
  ThrottlingException: 429,
  ModelErrorException: 424,
  ModelTimeoutException: 408,
  ServiceUnavailableException: 503,
  InternalServerException: 500,
};

export function createBedrockProvider(options: BedrockProviderOptions): Provider {
  if (!existsSync(options.promptsDir))
    throw new Error(`the Bedrock provider's prompts folder does not exist: ${options.promptsDir}`);
  const clock = options.clock ?? new LabClock();
  const responder = options.responder ?? respond;
  const log = options.log ?? (() => undefined);
  const requestsPerModel = new Map<string, number>();
  /** Aborts model latency still being waited out when the lab closes, so no timer is left behind. */
  const closing = new AbortController();

  async function facts(system: string): Promise<FactSheet> {
    const at = system.indexOf(`${FACTS_HEADING}\n`);
    if (at >= 0) return parseFacts(system.slice(at + FACTS_HEADING.length + 1));
    const files = (await readdir(options.promptsDir))
      .filter((f) => f.endsWith('.md') && f !== SYSTEM_PROMPT_FILE)
      .sort();
    return mergeFacts(
      await Promise.all(
        files.map(async (f) => parseFacts(await readFile(join(options.promptsDir, f), 'utf8'))),
      ),
    );
  }

  async function answer(
    modelId: string,
    conversation: Conversation,
  ): Promise<{ answer: Answer; labelled: boolean } | EdgeReply> {
    if (options.forward?.openAiBaseUrl) {
      const forwarded = await forwardChat(
        { ...options.forward, openAiBaseUrl: options.forward.openAiBaseUrl },
        modelId,
        conversation,
      );
      if ('error' in forwarded) return bedrockError(forwarded.error, forwarded.message);
      log('bedrock answered through the OpenAI-compatible server', {
        modelId,
        outputTokens: forwarded.ok.outputTokens,
      });
      return { answer: forwarded.ok, labelled: false };
    }
    const out: ResponderOutput = await responder({
      facts: await facts(conversation.system),
      language: ANSWER_LANGUAGE.exec(conversation.system)?.[1] ?? 'en',
      messages: conversation.messages,
      maxTokens: conversation.maxTokens,
    });
    log(`bedrock answered with the ${OFFLINE_RESPONDER_LABEL}`, {
      modelId,
      kind: out.kind,
      factsUsed: out.used.length,
      stopReason: out.stopReason,
    });
    return { answer: out, labelled: true };
  }

  async function handle(req: EdgeRequest): Promise<EdgeReply> {
    const invoke = req.method === 'POST' ? INVOKE.exec(req.path) : null;
    const stream = req.method === 'POST' ? CONVERSE_STREAM.exec(req.path) : null;
    const converse = req.method === 'POST' ? (CONVERSE.exec(req.path) ?? stream) : null;
    if (!invoke && !converse) {
      return bedrockError(
        'ValidationException',
        `The lab's Bedrock Runtime serves InvokeModel, Converse and ConverseStream only, not ${req.method} ${req.path}.`,
      );
    }
    const rawId = decodeURIComponent((invoke ?? converse)![1]!);
    const model = lookupModel(rawId);
    if ('error' in model) return bedrockError(model.error, model.message);
    const body = parseJson(req.body);
    const parsed = invoke ? readInvokeBody(model.ok.family, body) : readConverseBody(body);
    if ('error' in parsed) return bedrockError('ValidationException', parsed.error);

    const plan = planFaults(model.ok.fault);
    if ('error' in plan) return bedrockError('ValidationException', plan.error);
    const started = clock.now();
    const seen = (requestsPerModel.get(rawId) ?? 0) + 1;
    requestsPerModel.set(rawId, seen);
    if (seen <= plan.throttleFirst) {
      log('bedrock throttled a request (lab fault)', { modelId: rawId, request: seen });
      return bedrockError('ThrottlingException', THROTTLED_MESSAGE);
    }
    const latency = plan.latencyMs + (options.latencyMs ?? 0);
    if (latency > 0) {
      try {
        await clock.sleep(latency, closing.signal);
      } catch {
        return bedrockError('ServiceUnavailableException', 'The lab is shutting down.');
      }
    }
    if (plan.fail) return bedrockError(plan.fail.name, plan.fail.message);

    const result = await answer(rawId, parsed.ok);
    if (!('answer' in result)) return result;
    if (stream) return streamed(rawId, result.answer, result.labelled, plan.breakStream === true, started);
    const generating = options.answerLatencyMs?.(rawId, result.answer.outputTokens) ?? 0;
    if (generating > 0) {
      try {
        await clock.sleep(generating, closing.signal);
      } catch {
        return bedrockError('ServiceUnavailableException', 'The lab is shutting down.');
      }
    }
    const latencyMs = Math.max(0, clock.now() - started);
    const label: Record<string, string> = result.labelled ? { 'x-lab-responder': 'offline' } : {};
    if (invoke) {
      return {
        status: 200,
        headers: {
          'content-type': 'application/json',
          'x-amzn-bedrock-input-token-count': String(result.answer.inputTokens),
          'x-amzn-bedrock-output-token-count': String(result.answer.outputTokens),
          'x-amzn-bedrock-invocation-latency': String(latencyMs),
          ...label,
        },
        body: invokeResponseBody(model.ok.family, rawId, result.answer),
      };
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/json', ...label },
      body: {
        output: { message: { role: 'assistant', content: [{ text: result.answer.text }] } },
        stopReason: result.answer.stopReason,
        usage: usage(result.answer),
        metrics: { latencyMs },
        ...(result.labelled
          ? { additionalModelResponseFields: { labResponder: OFFLINE_RESPONDER_LABEL } }
          : {}),
      },
    };
  }

  /** ConverseStream: the answer in event-stream messages, word by word, at the model's pace in realistic mode. */
  function streamed(
    modelId: string,
    answer: Answer,
    labelled: boolean,
    breakAfterFirstSentence: boolean,
    started: number,
  ): EdgeReply {
    const speed = options.streamSpeed?.(modelId);
    const pieces = answer.text.match(/\S+\s*/g) ?? [];
    const firstSentenceEnd = pieces.findIndex((p) => /[.!?]["')\]]*\s*$/.test(p));
    async function* events(): AsyncIterable<Buffer> {
      yield streamEvent('messageStart', { role: 'assistant' });
      if (speed) await clock.sleep(speed.timeToFirstTokenMs, closing.signal);
      for (const [i, piece] of pieces.entries()) {
        if (speed && i > 0)
          await clock.sleep((1000 * (piece.length / 4)) / speed.outputTokensPerSecond, closing.signal);
        yield streamEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: piece } });
        if (breakAfterFirstSentence && i === firstSentenceEnd) {
          log('bedrock broke a stream after its first sentence (lab fault)', { modelId });
          yield streamException(
            'modelStreamErrorException',
            'The model stream failed mid-answer (lab fault: lab.break-stream).',
          );
          return;
        }
      }
      yield streamEvent('contentBlockStop', { contentBlockIndex: 0 });
      yield streamEvent('messageStop', {
        stopReason: answer.stopReason,
        ...(labelled ? { additionalModelResponseFields: { labResponder: OFFLINE_RESPONDER_LABEL } } : {}),
      });
      yield streamEvent('metadata', {
        usage: usage(answer),
        metrics: { latencyMs: Math.max(0, clock.now() - started) },
      });
    }
    return {
      status: 200,
      headers: {
        'content-type': 'application/vnd.amazon.eventstream',
        ...(labelled ? { 'x-lab-responder': 'offline' } : {}),
      },
      body: events(),
    };
  }

  return {
    service: 'bedrock',
    handle,
    async close() {
      closing.abort(new Error('the Bedrock provider closed'));
    },
  };
}

function bedrockError(name: BedrockErrorName, message: string): EdgeReply {
  return {
    status: STATUS[name],
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': name },
    body: { message },
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
