/**
 * functions/place-call — EventBridge Scheduler's target for a scheduled callback: calls the owner from the
 * business number with CreateSipMediaApplicationCall. The call comes back to the router as NEW_OUTBOUND_CALL
 * (routed by LEG-A From = the business number) and the business-line workflow announces the customer and
 * bridges. Throttling (about one call a second) is retried with backoff; other errors fail the invocation.
 *
 * Input (the schedule's target input): see `CallbackRequest` in request.ts.
 * Environment (read once, at cold start): SIP_MEDIA_APPLICATION_ID.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ChimeSDKVoiceClient, CreateSipMediaApplicationCallCommand } from '@aws-sdk/client-chime-sdk-voice';
import { backoffMs, callFor, type CallbackRequest } from './request';

export { callFor, backoffMs, type CallbackRequest, type CallToPlace } from './request';

export interface PlaceCallDeps {
  chime: ChimeSDKVoiceClient;
  sipMediaApplicationId: string;
  /** waits between throttled tries (Lambda: real time) */
  sleep?: (ms: number) => Promise<void>;
  maxTries?: number;
  logger?: Logger;
}

export class InvalidCallback extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCallback';
  }
}

export function createPlaceCall(
  deps: PlaceCallDeps,
): (event: CallbackRequest) => Promise<{ transactionId: string }> {
  const sleep = deps.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxTries = deps.maxTries ?? 5;
  const logger = deps.logger ?? new Logger({ serviceName: 'place-call' });
  return async (event) => {
    let call;
    try {
      call = callFor(event);
    } catch (e) {
      throw new InvalidCallback((e as Error).message);
    }
    for (let tries = 1; ; tries++) {
      try {
        const out = await deps.chime.send(
          new CreateSipMediaApplicationCallCommand({
            SipMediaApplicationId: deps.sipMediaApplicationId,
            ...call,
          }),
        );
        const transactionId = out.SipMediaApplicationCall?.TransactionId ?? '';
        logger.info('callback placed', { transactionId, attempt: call.ArgumentsMap.Attempt });
        return { transactionId };
      } catch (e) {
        if ((e as Error).name !== 'ThrottledClientException' || tries >= maxTries) throw e;
        logger.warn('throttled; trying again', { tries });
        await sleep(backoffMs(tries));
      }
    }
  };
}

let cold: ((event: CallbackRequest) => Promise<{ transactionId: string }>) | undefined;

export async function handler(event: CallbackRequest): Promise<{ transactionId: string }> {
  if (!cold) {
    if (!process.env.SIP_MEDIA_APPLICATION_ID) throw new Error('SIP_MEDIA_APPLICATION_ID is not set');
    cold = createPlaceCall({
      chime: new ChimeSDKVoiceClient({}),
      sipMediaApplicationId: process.env.SIP_MEDIA_APPLICATION_ID,
    });
  }
  return cold(event);
}
