/**
 * The lab's Chime SDK Voice: CreateSipMediaApplicationCall and UpdateSipMediaApplicationCall over REST-JSON,
 * with AWS's validation, rate quotas and errors. The calls themselves are placed and updated by whoever
 * provides `calls` — the PSTN simulator.
 */
import type { EdgeReply, EdgeRequest, Provider } from '../edge';
import { ChimeVoiceError, chimeError } from './errors';
import { createRateQuota } from './rate';
import { parseCreateCall, parseUpdateCall, type CreateCallInput, type UpdateCallInput } from './validate';

export interface SipMediaApplicationCalls {
  /** Places an outbound call; throw a ChimeVoiceError to answer with that error. */
  create(input: CreateCallInput): Promise<{ transactionId: string }>;
  /** Delivers CALL_UPDATE_REQUESTED; throw TransactionNotFoundError for an unknown or ended transaction. */
  update(input: UpdateCallInput): Promise<void>;
}

export interface ChimeVoiceProviderOptions {
  calls: SipMediaApplicationCalls;
  /** Time for the rate quotas, epoch ms. Default real time (quotas are measured on real time). */
  clock?: { now(): number };
  /** Requests per second per region (AWS defaults 1 and 5; both adjustable in AWS too). */
  quotas?: { create?: number; update?: number };
  /** Account reads (number search, SIP media applications) for the paths the call APIs do not serve. */
  inventory?: (req: EdgeRequest) => EdgeReply | undefined;
}

const CREATE = /^\/sip-media-applications\/([^/]+)\/calls\/?$/;
const UPDATE = /^\/sip-media-applications\/([^/]+)\/calls\/([^/]+)\/?$/;
const THROTTLED = 'Service received too many requests';

export function createChimeVoiceProvider(options: ChimeVoiceProviderOptions): Provider {
  const now = options.clock ? () => options.clock!.now() : () => Date.now();
  const createQuota = createRateQuota(options.quotas?.create ?? 1, now);
  const updateQuota = createRateQuota(options.quotas?.update ?? 5, now);

  return {
    service: 'chime',
    async handle(req: EdgeRequest): Promise<EdgeReply> {
      const create = req.method === 'POST' ? CREATE.exec(req.path) : null;
      const update = req.method === 'POST' ? UPDATE.exec(req.path) : null;
      const read = !create && !update ? options.inventory?.(req) : undefined;
      if (read) return read;
      if (!create && !update) {
        return chimeError(
          'BadRequestException',
          `The lab's Chime SDK Voice serves only CreateSipMediaApplicationCall and UpdateSipMediaApplicationCall, not ${req.method} ${req.path}.`,
        );
      }
      const body = parseJson(req.body);
      if (body === undefined) return chimeError('BadRequestException', 'The request body is not valid JSON.');
      try {
        if (create) {
          if (!createQuota.admit(req.region)) return chimeError('ThrottledClientException', THROTTLED);
          const parsed = parseCreateCall(decodeURIComponent(create[1]!), body);
          if ('error' in parsed) return chimeError('BadRequestException', parsed.error);
          const { transactionId } = await options.calls.create(parsed.input);
          return { status: 201, body: { SipMediaApplicationCall: { TransactionId: transactionId } } };
        }
        if (!updateQuota.admit(req.region)) return chimeError('ThrottledClientException', THROTTLED);
        const parsed = parseUpdateCall(
          decodeURIComponent(update![1]!),
          decodeURIComponent(update![2]!),
          body,
        );
        if ('error' in parsed) return chimeError('BadRequestException', parsed.error);
        await options.calls.update(parsed.input);
        return {
          status: 202,
          body: { SipMediaApplicationCall: { TransactionId: parsed.input.transactionId } },
        };
      } catch (err) {
        if (err instanceof ChimeVoiceError) return chimeError(err.errorName, err.message);
        return chimeError(
          'ServiceFailureException',
          `The lab's PSTN simulator failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    },
  };
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
