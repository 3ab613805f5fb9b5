/**
 * `npm run preflight`: read-only checks of everything a deploy and the first call need, against the account the
 * credentials name (or any endpoint that speaks the same APIs, such as the Phone Lab's edge). The only request
 * that costs anything is one Bedrock Converse of one output token.
 */
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import {
  ChimeSDKVoiceClient,
  ListPhoneNumbersCommand,
  ListSipMediaApplicationsCommand,
  SearchAvailablePhoneNumbersCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeVoicesCommand, PollyClient, type Engine } from '@aws-sdk/client-polly';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ListVocabulariesCommand, TranscribeClient } from '@aws-sdk/client-transcribe';
import { countryOfAreaCode } from '../custom-resources/phone-number-order/country';
import { PSTN_AUDIO_REGIONS } from '../region-rules';
import { bedrockVerdict, errorResult, frontDoor, type CheckResult } from './report';
import type { VoiceUse } from './voices';

export interface PreflightOptions {
  readonly region: string;
  /** Line name → the area code a number is to be ordered in. */
  readonly areaCodes: Readonly<Record<string, string>>;
  /** The model the voice assistant calls; undefined when no deployed flow calls Bedrock. */
  readonly modelId?: string;
  readonly voices: readonly VoiceUse[];
  /** Whether a deployed flow transcribes (the voice assistant). */
  readonly transcribes: boolean;
  /** CDK bootstrap qualifier. @default 'hnb659fds' */
  readonly qualifier?: string;
  /** SDK client settings (endpoint and credentials for the lab). */
  readonly clientConfig?: Record<string, unknown>;
}

type AwsError = { name: string; message: string };
const asError = (e: unknown): AwsError => ({
  name: (e as Error).name ?? 'Error',
  message: (e as Error).message ?? String(e),
});

export async function runPreflight(options: PreflightOptions): Promise<CheckResult[]> {
  const config = { region: options.region, maxAttempts: 2, ...options.clientConfig };
  const results: CheckResult[] = [regionCheck(options.region)];
  const voice = new ChimeSDKVoiceClient(config);
  results.push(await sipMediaApplicationCheck(voice));
  for (const [line, areaCode] of Object.entries(options.areaCodes)) {
    results.push(await numbersCheck(voice, line, areaCode));
  }
  results.push(await bedrockCheck(options.modelId, options.region, config));
  results.push(...(await voiceChecks(options.voices, config)));
  results.push(await transcribeCheck(options.transcribes, config));
  results.push(await bootstrapCheck(options.qualifier ?? 'hnb659fds', config));
  return results;
}

export function regionCheck(region: string): CheckResult {
  return PSTN_AUDIO_REGIONS.includes(region)
    ? { check: 'Region offers PSTN audio', status: 'ok', detail: region }
    : {
        check: 'Region offers PSTN audio',
        status: 'fail',
        detail: `${region} has no Amazon Chime SDK PSTN audio`,
        fix: `Deploy to one of ${PSTN_AUDIO_REGIONS.join(', ')} (AWS_REGION=us-east-1 npm run preflight …).`,
      };
}

async function sipMediaApplicationCheck(voice: ChimeSDKVoiceClient): Promise<CheckResult> {
  try {
    const { SipMediaApplications = [] } = await voice.send(
      new ListSipMediaApplicationsCommand({ MaxResults: 99 }),
    );
    const numbers = SipMediaApplications.length
      ? 0
      : ((
          await voice.send(
            new ListPhoneNumbersCommand({ ProductType: 'SipMediaApplicationDialIn', MaxResults: 1 }),
          )
        ).PhoneNumbers?.length ?? 0);
    return frontDoor(SipMediaApplications.length, numbers);
  } catch (e) {
    const error = asError(e);
    if (error.name === 'ForbiddenException') {
      return {
        check: 'SIP media applications',
        status: 'fail',
        detail: `refused: ${error.message}`,
        fix:
          'This account may not use SIP media applications (closed to new customers since 2026-10-29): use an account ' +
          'that already has them, or run the call flows in the Phone Lab (npm start).',
      };
    }
    return errorResult('SIP media applications', 'chime:ListSipMediaApplications', error);
  }
}

async function numbersCheck(
  voice: ChimeSDKVoiceClient,
  line: string,
  areaCode: string,
): Promise<CheckResult> {
  const check = `Numbers in ${areaCode} (${line})`;
  let country: string;
  try {
    country = countryOfAreaCode(areaCode);
  } catch (e) {
    return { check, status: 'fail', detail: asError(e).message, fix: 'Choose a US or Canadian area code.' };
  }
  try {
    const { E164PhoneNumbers = [] } = await voice.send(
      new SearchAvailablePhoneNumbersCommand({
        AreaCode: areaCode,
        Country: country,
        PhoneNumberType: 'Local',
        MaxResults: 5,
      }),
    );
    return E164PhoneNumbers.length > 0
      ? { check, status: 'ok', detail: `${E164PhoneNumbers.length}+ local ${country} numbers available` }
      : {
          check,
          status: 'fail',
          detail: `no local ${country} numbers available`,
          fix: `Choose another area code for ${line}, or use a number you own (-c ${line === 'business-line' ? 'phoneNumber' : `${line}PhoneNumber`}=+1…).`,
        };
  } catch (e) {
    return errorResult(check, 'chime:SearchAvailablePhoneNumbers', asError(e));
  }
}

async function bedrockCheck(
  modelId: string | undefined,
  region: string,
  config: Record<string, unknown>,
): Promise<CheckResult> {
  if (!modelId)
    return { check: 'Bedrock model answers', status: 'skip', detail: 'no deployed flow calls Bedrock' };
  try {
    await new BedrockRuntimeClient({ ...config, maxAttempts: 1 }).send(
      new ConverseCommand({
        modelId,
        messages: [{ role: 'user', content: [{ text: 'Say OK.' }] }],
        inferenceConfig: { maxTokens: 1 },
      }),
    );
    return bedrockVerdict(modelId, region);
  } catch (e) {
    return bedrockVerdict(modelId, region, asError(e));
  }
}

async function voiceChecks(
  voices: readonly VoiceUse[],
  config: Record<string, unknown>,
): Promise<CheckResult[]> {
  const polly = new PollyClient(config);
  const results: CheckResult[] = [];
  for (const use of voices) {
    const check = `Polly voice ${use.voiceId} (${use.engine})`;
    try {
      const { Voices = [] } = await polly.send(
        new DescribeVoicesCommand({ Engine: use.engine as Engine, LanguageCode: use.languageCode as never }),
      );
      results.push(
        Voices.some((v) => v.Id === use.voiceId)
          ? { check, status: 'ok', detail: `offered${use.languageCode ? ` for ${use.languageCode}` : ''}` }
          : {
              check,
              status: 'fail',
              detail: `not offered with the ${use.engine} engine${use.languageCode ? ` for ${use.languageCode}` : ''} in this region`,
              fix: 'Choose a voice and engine this region offers (Amazon Polly, "Available voices") and change VoiceId/Engine in the workflow.',
            },
      );
    } catch (e) {
      results.push(errorResult(check, 'polly:DescribeVoices', asError(e)));
    }
  }
  return results;
}

async function transcribeCheck(transcribes: boolean, config: Record<string, unknown>): Promise<CheckResult> {
  const check = 'Transcribe reachable';
  if (!transcribes) return { check, status: 'skip', detail: 'no deployed flow transcribes' };
  try {
    await new TranscribeClient(config).send(new ListVocabulariesCommand({ MaxResults: 1 }));
    return { check, status: 'ok', detail: 'answered ListVocabularies' };
  } catch (e) {
    return errorResult(check, 'transcribe:ListVocabularies', asError(e));
  }
}

async function bootstrapCheck(qualifier: string, config: Record<string, unknown>): Promise<CheckResult> {
  const check = 'CDK bootstrap';
  const name = `/cdk-bootstrap/${qualifier}/version`;
  try {
    const { Parameter } = await new SSMClient(config).send(new GetParameterCommand({ Name: name }));
    const version = Number(Parameter?.Value);
    return version >= 6
      ? { check, status: 'ok', detail: `${name} = ${Parameter?.Value}` }
      : {
          check,
          status: 'fail',
          detail: `${name} = ${Parameter?.Value}`,
          fix: 'Run npx cdk bootstrap again (version 6 or later needed).',
        };
  } catch (e) {
    const error = asError(e);
    if (error.name !== 'ParameterNotFound') return errorResult(check, 'ssm:GetParameter', error);
  }
  try {
    await new CloudFormationClient(config).send(new DescribeStacksCommand({ StackName: 'CDKToolkit' }));
    return {
      check,
      status: 'warn',
      detail: `CDKToolkit stack found, but no ${name}`,
      fix: 'The bootstrap uses another qualifier or is incomplete: run npx cdk bootstrap.',
    };
  } catch (e) {
    const error = asError(e);
    if (error.name === 'ValidationError') {
      return {
        check,
        status: 'fail',
        detail: 'not bootstrapped in this account and region',
        fix: 'Run npx cdk bootstrap once.',
      };
    }
    return errorResult(check, 'cloudformation:DescribeStacks', error);
  }
}
