/**
 * The deploy settings, read from CDK context (`-c key=value`) and checked before anything is built.
 * Pure: a context reader in, plain data out, or an error that says which setting is wrong and how to fix it.
 */
import { countryOfAreaCode } from './custom-resources/phone-number-order/country';
import { defaultModelFor, modelForm } from './model-access';

export interface LineSettings {
  /** Order a new local number in this North American area code… */
  readonly areaCode?: string;
  /** …or route a number the account already owns (E.164). */
  readonly phoneNumber?: string;
}

export interface DeploySettings {
  /** Lines keyed by workflow name (`business-line`, `voice-assistant`, …). Workflows without a line are not deployed. */
  readonly lines: Readonly<Record<string, LineSettings>>;
  readonly ownerNumber?: string;
  /** Bedrock model id, inference profile id or ARN (default: Nova Micro for the deploy region's geography). */
  readonly modelId: string;
  /** Whether the user chose the model (`-c modelId`), rather than the default. */
  readonly modelGiven?: boolean;
  /** Where CloudWatch alarms are mailed (`-c alarmEmail=`); none: alarms show in the console only. */
  readonly alarmEmail?: string;
  /** Regions a cross-region inference profile routes to; overrides the built-in table. */
  readonly modelRegions?: readonly string[];
  /** Delete the table and the bucket with the stack (default: keep them). */
  readonly destroyData: boolean;
  /** Hold audio the router plays while a workflow works (a file in `audio/`). @default hold-music.wav when present */
  readonly holdAudio?: string;
  /** Recordings under `recordings/` are deleted after this many days. */
  readonly recordingRetentionDays: number;
  /** The sweeper leaves queues and executions younger than this alone. */
  readonly sweepAfterMinutes: number;
  /** A call still running after this long is treated as crashed and stopped. */
  readonly maxCallMinutes: number;
  /** Where the owner is notified of messages, missed calls and lockouts; each channel optional. */
  readonly notify: NotifySettings;
}

export interface NotifySettings {
  /** Email through Amazon SES (`-c ownerEmail=…`); the address must be a verified SES identity. */
  readonly ownerEmail?: string;
  /** The From address (`-c senderEmail=…`, default ownerEmail); also a verified identity. */
  readonly senderEmail?: string;
  /** SMS through AWS End User Messaging SMS (`-c ownerSms=+1…`). */
  readonly ownerSms?: string;
  /** The origination identity SMS are sent from (`-c smsOriginationIdentity=<phone number/pool/sender ID ARN>`). */
  readonly smsOriginationIdentity?: string;
  /** How long a voicemail's link works (`-c voicemailLinkHours=…`, default 24, at most 168). */
  readonly linkHours: number;
}

/** The default model when the deploy region is unknown at synth (or has no geographic Nova profile). */
export const DEFAULT_MODEL_ID = 'us.amazon.nova-micro-v1:0';

/**
 * Context keys of a workflow's line: `business-line` uses `areaCode`/`phoneNumber`, `voice-assistant` uses
 * `assistantAreaCode`/`assistantPhoneNumber`, any other `<name>` uses `<camelName>AreaCode`/`<camelName>PhoneNumber`.
 */
export function lineContextKeys(workflow: string): { areaCode: string; phoneNumber: string } {
  const prefix =
    workflow === 'business-line'
      ? ''
      : workflow === 'voice-assistant'
        ? 'assistant'
        : workflow.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const key = (suffix: string) =>
    prefix ? `${prefix}${suffix}` : suffix.charAt(0).toLowerCase() + suffix.slice(1);
  return { areaCode: key('AreaCode'), phoneNumber: key('PhoneNumber') };
}

const E164 = /^\+[1-9]\d{6,14}$/;
const NANP_AREA_CODE = /^[2-9]\d{2}$/;

export function readSettings(
  context: (key: string) => unknown,
  workflows: readonly string[],
): DeploySettings {
  const problems: string[] = [];
  const text = (key: string): string | undefined => {
    const value = context(key);
    if (value === undefined || value === null || value === '') return undefined;
    return String(value).trim();
  };
  const number = (key: string): string | undefined => {
    const value = text(key);
    if (value !== undefined && !E164.test(value))
      problems.push(`-c ${key}=${value}: not an E.164 number (like +12065550100)`);
    return value;
  };
  const positive = (key: string, fallback: number): number => {
    const value = text(key);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) problems.push(`-c ${key}=${value}: expected a whole number above 0`);
    return n;
  };

  const lines: Record<string, LineSettings> = {};
  for (const workflow of workflows) {
    const keys = lineContextKeys(workflow);
    const areaCode = text(keys.areaCode);
    const phoneNumber = number(keys.phoneNumber);
    if (areaCode !== undefined && !NANP_AREA_CODE.test(areaCode)) {
      problems.push(
        `-c ${keys.areaCode}=${areaCode}: expected a three-digit North American area code (like 206)`,
      );
    } else if (areaCode !== undefined) {
      try {
        countryOfAreaCode(areaCode);
      } catch (error) {
        problems.push(`-c ${keys.areaCode}=${areaCode}: ${(error as Error).message}`);
      }
    }
    if (areaCode !== undefined && phoneNumber !== undefined) {
      problems.push(
        `-c ${keys.areaCode} and -c ${keys.phoneNumber} both given: order a number or use one, not both`,
      );
    }
    if (areaCode !== undefined || phoneNumber !== undefined) lines[workflow] = { areaCode, phoneNumber };
  }
  if (workflows.includes('business-line') && !lines['business-line']) {
    problems.push(
      'the business line needs a number: -c areaCode=NPA to order one, or -c phoneNumber=+1… to use one you own',
    );
  }

  const destroy = text('destroyData');
  if (destroy !== undefined && destroy !== 'true' && destroy !== 'false') {
    problems.push(`-c destroyData=${destroy}: expected true or false`);
  }
  const alarmEmail = text('alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    problems.push(`-c alarmEmail=${alarmEmail}: expected an email address`);
  }
  const modelId = text('modelId');
  if (modelId !== undefined) {
    try {
      modelForm(modelId);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const modelRegions = text('modelRegions')
    ?.split(',')
    .map((r) => r.trim())
    .filter(Boolean);

  const email = (key: string): string | undefined => {
    const value = text(key);
    if (value !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))
      problems.push(`-c ${key}=${value}: not an email address`);
    return value;
  };
  const identity = text('smsOriginationIdentity');
  if (
    identity !== undefined &&
    !/^arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|pool|sender-id)\/.+/.test(identity)
  )
    problems.push(
      `-c smsOriginationIdentity=${identity}: expected the ARN of a phone number, pool or sender ID (arn:aws:sms-voice:<region>:<account>:phone-number/<id>)`,
    );
  const linkHours = positive('voicemailLinkHours', 24);
  if (linkHours > 168)
    problems.push(`-c voicemailLinkHours=${linkHours}: a presigned link lasts at most 168 hours (7 days)`);
  const notify: NotifySettings = {
    ownerEmail: email('ownerEmail'),
    senderEmail: email('senderEmail'),
    ownerSms: number('ownerSms'),
    smsOriginationIdentity: identity,
    linkHours,
  };
  if (notify.senderEmail && !notify.ownerEmail)
    problems.push('-c senderEmail needs -c ownerEmail (the address the owner is notified at)');
  if (notify.smsOriginationIdentity && !notify.ownerSms)
    problems.push('-c smsOriginationIdentity needs -c ownerSms (the number the owner is texted at)');

  const settings: DeploySettings = {
    lines,
    ownerNumber: number('ownerNumber'),
    modelId: text('modelId') ?? defaultModelFor(text('region')) ?? DEFAULT_MODEL_ID,
    modelGiven: text('modelId') !== undefined,
    alarmEmail,
    modelRegions,
    destroyData: destroy === 'true',
    holdAudio: text('holdAudio'),
    recordingRetentionDays: positive('recordingRetentionDays', 90),
    sweepAfterMinutes: positive('sweepAfterMinutes', 15),
    maxCallMinutes: positive('maxCallMinutes', 240),
    notify,
  };
  if (problems.length > 0) throw new Error(`Deploy settings: ${problems.join('; ')}`);
  return settings;
}
