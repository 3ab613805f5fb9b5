/**
 * lab/pstn — the PSTN audio service, simulated (docs/aws/pstn-audio.md; docs/architecture.md §3). It knows
 * nothing of AWS SDKs, HTTP or the router: the Lambda, the media store and the clock are injected.
 *
 * - `dial({from, to})` places an inbound call and returns the caller's phone (`CallerHandle`).
 * - `phone(number, behaviour)` says how a number behaves when the system dials it.
 * - `createCall()` / `updateCall()` are CreateSipMediaApplicationCall / UpdateSipMediaApplicationCall.
 * - `calls()` and `log(transactionId)` show every call and every event sent and response received; `onLog()`
 *   streams them. The log is the wire record (numbers and digits included): mask it before printing it.
 *
 * Where docs/aws/pstn-audio.md says UNCONFIRMED, the lab's choice (options in `PstnSimulatorSettings`
 * where cheap):
 * - retries: attempts every `invocationTimeoutMs` until `giveUpAfterMs`, same Sequence; a throw is retried once;
 *   giving up hangs up with 480 and (option) still sends HANGUP so the Lambda can clean up;
 * - a caller hanging up mid-action first reports that action with Status Disconnected (option), then HANGUP;
 * - only an UpdateSipMediaApplicationCall's list interrupts PlayAudio/RecordAudio/Pause/Speak (option: any list);
 *   a superseded non-interruptible action finishes without reporting;
 * - ReceiveDigits is one-shot; Play/SpeakAndGetDigits: the terminator is not in ReceivedDigits (a regex that
 *   expects it is tried with it), no key at all is never valid, the failure prompt follows every bad attempt,
 *   the final failure's ErrorType is an option (default InvalidActionParameter);
 * - RecordAudio keys are `<Prefix>/<TransactionId>/<CallId>-<epoch ms>.wav`; SilenceThreshold is not modelled
 *   (the lab's caller is either speaking or silent); a recording cut short by a hang-up or update is saved;
 * - a declined CallAndBridge is CallNotAnswered, like no answer; CreateSipMediaApplicationCall rings
 *   `outboundRingSeconds` (HANGUP 480 unanswered, 486 declined); an unanswered inbound call with nothing to do
 *   is released with 480 after 30 s; past 1,000 invocations the call is released with 480, no more events;
 * - meetings, Lex bots and call recording are not simulated: ACTION_FAILED SystemException saying so.
 */
import { randomUUID } from 'node:crypto';
import { ChimeVoiceError } from '../services/chime/errors';
import { Call, type CallEnv } from './call';
import { Phone } from './phone';
import { mask, Phones, type RingOutcome } from './phones';
import { RateWindow } from './rates';
import type {
  CallerHandle,
  CallSummary,
  LogEntry,
  ManualPhone,
  PhoneBehaviour,
  PstnSimulatorOptions,
  PstnSimulatorSettings,
} from './types';

export const DEFAULT_SETTINGS: PstnSimulatorSettings = {
  invocationTimeoutMs: 5_000,
  giveUpAfterMs: 20_000,
  precedeHangupWithActionResult: true,
  hangupEventAfterFailure: true,
  maxInvocations: 1_000,
  unansweredTimeoutSeconds: 30,
  outboundRingSeconds: 60,
  dtmfGapMs: 200,
  digitsFailureErrorType: 'InvalidActionParameter',
  newListInterrupts: 'update-only',
  apiRates: false,
  requireCallId: true,
};

/**
 * An error of the Chime SDK Voice API, named as AWS names it. It is a `ChimeVoiceError`, so the lab's Chime SDK
 * Voice provider answers it as is.
 */
export class VoiceApiError extends ChimeVoiceError {
  constructor(
    name: 'BadRequestException' | 'NotFoundException' | 'ThrottledClientException',
    message: string,
    readonly statusCode: number,
  ) {
    super(name, message);
  }
}

export interface PstnSimulator {
  dial(call: { from: string; to: string; sipHeaders?: Record<string, string> }): CallerHandle;
  phone(number: string, behaviour: PhoneBehaviour): ManualPhone;
  createCall(request: {
    /** When given, must be this SMA's id (else NotFoundException). */
    sipMediaApplicationId?: string;
    fromPhoneNumber: string;
    toPhoneNumber: string;
    sipHeaders?: Record<string, string>;
    argumentsMap?: Record<string, string>;
  }): { transactionId: string };
  updateCall(request: {
    sipMediaApplicationId?: string;
    transactionId: string;
    arguments: Record<string, string>;
  }): {
    transactionId: string;
  };
  calls(): CallSummary[];
  log(transactionId: string): LogEntry[];
  /** Every log entry of every call as it happens (the web phone draws them live). */
  onLog(listener: (transactionId: string, entry: LogEntry) => void): () => void;
  /** Every phone the system rings (CallAndBridge, CreateSipMediaApplicationCall), once the ring is over. */
  onRing(listener: (outcome: RingOutcome) => void): () => void;
}

const E164 = /^\+?[1-9]\d{1,14}$/;

export function createPstnSimulator(options: PstnSimulatorOptions): PstnSimulator {
  const settings: PstnSimulatorSettings = { ...DEFAULT_SETTINGS, ...options.options };
  const { clock, media } = options;
  const phones = new Phones(clock);
  const calls = new Map<string, Call>();
  const logListeners = new Set<(transactionId: string, entry: LogEntry) => void>();
  const env: CallEnv = {
    clock,
    invoke: options.invoke,
    media,
    settings,
    phones,
    newPhone: (ids) => new Phone(clock, (t) => media.speechDurationMs(t), settings.dtmfGapMs, ids),
    onLog: (transactionId, entry) => {
      for (const listener of [...logListeners]) listener(transactionId, entry);
    },
  };
  const rates = settings.apiRates;
  const createRate = new RateWindow(clock, rates ? rates.create : Infinity);
  const updateRate = new RateWindow(clock, rates ? rates.update : Infinity);
  const throttle = (window: RateWindow) => {
    if (!window.take())
      throw new VoiceApiError('ThrottledClientException', 'Service received too many requests', 429);
  };
  const identity = {
    awsAccountId: options.awsAccountId ?? '123456789012',
    awsRegion: options.awsRegion ?? 'us-east-1',
    sipMediaApplicationId: options.sipMediaApplicationId,
  };

  return {
    dial({ from, to, sipHeaders }) {
      const rule = options.numbers[to];
      if (!rule) {
        const phone = env.newPhone({ transactionId: '', callId: randomUUID() });
        phone.emit({ type: 'hangup', by: 'system', sipCode: 404, at: clock.now() });
        return phone;
      }
      const call = new Call(
        env,
        { ...identity, sipRuleId: rule.sipRuleId },
        {
          to,
          from,
          direction: 'Inbound',
          ...(sipHeaders ? { sipHeaders } : {}),
        },
      );
      calls.set(call.transactionId, call);
      void call.startInbound();
      return call.legA.phone;
    },

    phone(number, behaviour) {
      return phones.set(number, behaviour);
    },

    createCall({ sipMediaApplicationId, fromPhoneNumber, toPhoneNumber, sipHeaders, argumentsMap }) {
      if (sipMediaApplicationId !== undefined && sipMediaApplicationId !== options.sipMediaApplicationId) {
        throw new VoiceApiError(
          'NotFoundException',
          `SipMediaApplication ${sipMediaApplicationId} not found`,
          404,
        );
      }
      for (const [field, value] of [
        ['FromPhoneNumber', fromPhoneNumber],
        ['ToPhoneNumber', toPhoneNumber],
      ] as const) {
        if (!E164.test(value))
          throw new VoiceApiError(
            'BadRequestException',
            `${field} is not an E.164 number: ${mask(value)}`,
            400,
          );
      }
      if (!options.numbers[fromPhoneNumber]) {
        throw new VoiceApiError(
          'BadRequestException',
          `FromPhoneNumber ${mask(fromPhoneNumber)} is not a number of this account`,
          400,
        );
      }
      checkMap('SipHeaders', sipHeaders);
      checkMap('ArgumentsMap', argumentsMap);
      throttle(createRate);
      for (const key of Object.keys(sipHeaders ?? {})) {
        if (!/^(x-|user-to-user$|diversion$)/i.test(key) || /^x-amzn/i.test(key)) {
          throw new VoiceApiError(
            'BadRequestException',
            `SipHeaders: "${key}" is not allowed (use x-…, User-to-User or Diversion; X-AMZN is reserved)`,
            400,
          );
        }
      }
      const call = new Call(env, identity, {
        to: toPhoneNumber,
        from: fromPhoneNumber,
        direction: 'Outbound',
        ...(sipHeaders ? { sipHeaders } : {}),
      });
      calls.set(call.transactionId, call);
      void call.startOutbound(argumentsMap);
      return { transactionId: call.transactionId };
    },

    updateCall({ sipMediaApplicationId, transactionId, arguments: args }) {
      const call = calls.get(transactionId);
      const otherSma =
        sipMediaApplicationId !== undefined && sipMediaApplicationId !== options.sipMediaApplicationId;
      if (!call || call.ended || otherSma) {
        throw new VoiceApiError(
          'NotFoundException',
          `Transaction ${transactionId} doesn't exist for SipMediaApplication ${options.sipMediaApplicationId}`,
          404,
        );
      }
      if (args === undefined || args === null)
        throw new VoiceApiError('BadRequestException', 'Arguments is required', 400);
      checkMap('Arguments', args);
      throttle(updateRate);
      void call.update(args);
      return { transactionId };
    },

    calls: () => [...calls.values()].map((c) => c.summary()),
    log: (transactionId) => [...(calls.get(transactionId)?.exchange.log ?? [])],
    onLog(listener) {
      logListeners.add(listener);
      return () => logListeners.delete(listener);
    },
    onRing: (listener) => phones.watch(listener),
  };
}

function checkMap(name: string, map: Record<string, string> | undefined): void {
  if (map === undefined) return;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new VoiceApiError('BadRequestException', `${name} must be a map of strings`, 400);
  }
  const entries = Object.entries(map);
  if (entries.length > 20)
    throw new VoiceApiError(
      'BadRequestException',
      `${name} has ${entries.length} entries; at most 20 are allowed`,
      400,
    );
  for (const [key, value] of entries) {
    if (typeof value !== 'string')
      throw new VoiceApiError('BadRequestException', `${name}["${key}"] must be a string`, 400);
    if (value.length > 2048)
      throw new VoiceApiError(
        'BadRequestException',
        `${name}["${key}"] is longer than 2,048 characters`,
        400,
      );
  }
}

export type * from './types';
export { Phone } from './phone';
export type { RingOutcome } from './phones';
