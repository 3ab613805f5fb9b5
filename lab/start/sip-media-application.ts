/** The SIP media application: the PSTN simulator, whose Lambda is the real event router. */
import { randomUUID } from 'node:crypto';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createRouter } from '../../functions/event-router';
import type { PstnEvent } from '../../functions/pstn';
import type { LabClock } from '../clock';
import { createPstnSimulator, type PstnSimulator, type PstnSimulatorSettings } from '../pstn';
import { speechDurationMs, wavDurationMs } from '../services/media';
import { labClientConfig, LAB_ACCOUNT_ID, LAB_REGION } from '../services/sdk';
import { transcriptMetadata } from '../services/transcribe';
import type { LabServices } from './services';

export interface SipMediaApplicationOptions {
  clock: LabClock;
  sipMediaApplicationId: string;
  /** Number → state machine ARN. */
  callFlowArns: Record<string, string>;
  /** The numbers the simulator serves. */
  numbers: string[];
  turnBudgetMs?: number;
  digitsKey: string;
  pstn?: Partial<PstnSimulatorSettings>;
}

/** Registers the event router as the `event-router` function and starts the simulator that invokes it. */
export function startSipMediaApplication(
  services: LabServices,
  clientConfig: ReturnType<typeof labClientConfig>,
  options: SipMediaApplicationOptions,
): PstnSimulator {
  const { lambdas, s3 } = services;
  const router = createRouter({
    sqs: new SQSClient(clientConfig),
    sfn: new SFNClient(clientConfig),
    callFlows: options.callFlowArns,
    turnBudgetMs: options.turnBudgetMs,
    digitsKey: options.digitsKey,
  });
  lambdas.register({ name: 'event-router', handler: (event) => router(event), timeoutMs: 25_000 });
  return createPstnSimulator({
    clock: options.clock,
    sipMediaApplicationId: options.sipMediaApplicationId,
    awsAccountId: LAB_ACCOUNT_ID,
    awsRegion: LAB_REGION,
    numbers: Object.fromEntries(options.numbers.map((n) => [n, { sipRuleId: randomUUID() }])),
    invoke: async (event: PstnEvent) => {
      const result = await lambdas.invoke('event-router', event);
      if (result.functionError) {
        const { errorType, errorMessage } = result.payload as { errorType?: string; errorMessage?: string };
        throw new Error(`${errorType ?? 'Error'}: ${errorMessage ?? ''}`);
      }
      return result.payload;
    },
    media: {
      getAudio: async (bucket, key) => (await s3.store.get(bucket, key))?.body,
      saveRecording: (bucket, key, wav, transcript, language) =>
        s3.store.put(bucket, key, wav, {
          contentType: 'audio/wav',
          metadata: transcriptMetadata(transcript, language),
        }),
      speechDurationMs,
      wavDurationMs: (wav) => {
        const ms = wavDurationMs(wav);
        if (ms === undefined) throw new Error('not a PCM WAV file');
        return ms;
      },
    },
    options: options.pstn,
  });
}
