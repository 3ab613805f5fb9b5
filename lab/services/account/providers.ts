/**
 * Read-only control-plane APIs of the lab's account (state.ts), in AWS's wire protocols and with AWS's error
 * names, for `npm run preflight`:
 * - SSM GetParameter (JSON 1.1, ParameterNotFound);
 * - CloudFormation DescribeStacks (query protocol, XML; ValidationError "Stack with id … does not exist");
 * - Polly DescribeVoices (REST-JSON GET /v1/voices);
 * - Transcribe ListVocabularies (JSON 1.1);
 * - Chime SDK Voice SearchAvailablePhoneNumbers, ListSipMediaApplications and ListPhoneNumbers (empty) (REST-JSON; `chimeInventory`, which
 *   the Chime SDK Voice provider consults for the paths it does not serve itself).
 */
import { randomUUID } from 'node:crypto';
import {
  awsError,
  escapeXml,
  jsonApiProvider,
  type EdgeReply,
  type EdgeRequest,
  type Provider,
} from '../edge';
import { chimeError } from '../chime/errors';
import { countryOfAreaCode } from '../../../infra/custom-resources/phone-number-order/country';
import type { LabAccount } from './state';

export function accountProviders(account: LabAccount): Provider[] {
  return [
    ssmProvider(account),
    cloudFormationProvider(account),
    pollyProvider(account),
    transcribeProvider(account),
  ];
}

function ssmProvider(account: LabAccount): Provider {
  return jsonApiProvider('ssm', 'AmazonSSM.', {
    async handle(target, body) {
      if (target !== 'AmazonSSM.GetParameter') {
        return {
          status: 400,
          body: {
            __type: 'UnknownOperationException',
            message: `The lab's SSM serves GetParameter only, not ${target}.`,
          },
        };
      }
      const name = String((body as { Name?: unknown }).Name ?? '');
      const qualifier = /^\/cdk-bootstrap\/([^/]+)\/version$/.exec(name)?.[1];
      const value = qualifier === undefined ? undefined : account.bootstrapVersions[qualifier];
      if (value === undefined) return { status: 400, body: { __type: 'ParameterNotFound', message: '' } };
      return {
        status: 200,
        body: { Parameter: { Name: name, Type: 'String', Value: value, Version: 1, DataType: 'text' } },
      };
    },
  });
}

function cloudFormationProvider(account: LabAccount): Provider {
  return {
    service: 'cloudformation',
    async handle(req: EdgeRequest): Promise<EdgeReply> {
      const form = new URLSearchParams(req.body.toString('utf8'));
      if (form.get('Action') !== 'DescribeStacks') {
        return queryError(400, 'InvalidAction', `The lab's CloudFormation serves DescribeStacks only.`);
      }
      const name = form.get('StackName') ?? '';
      if (name !== 'CDKToolkit' || !account.cdkToolkitStack) {
        return queryError(400, 'ValidationError', `Stack with id ${name} does not exist`);
      }
      const xml =
        '<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult>' +
        '<Stacks><member><StackName>CDKToolkit</StackName><StackStatus>CREATE_COMPLETE</StackStatus>' +
        `<StackId>arn:aws:cloudformation:${req.region}:000000000000:stack/CDKToolkit/lab</StackId>` +
        '<CreationTime>2026-01-01T00:00:00Z</CreationTime></member></Stacks></DescribeStacksResult>' +
        `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></DescribeStacksResponse>`;
      return { status: 200, headers: { 'content-type': 'text/xml' }, body: xml };
    },
  };
}

function queryError(status: number, code: string, message: string): EdgeReply {
  const xml =
    '<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type>' +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { status, headers: { 'content-type': 'text/xml' }, body: xml };
}

function pollyProvider(account: LabAccount): Provider {
  return {
    service: 'polly',
    async handle(req: EdgeRequest): Promise<EdgeReply> {
      if (req.method !== 'GET' || !/^\/v1\/voices\/?$/.test(req.path)) {
        return awsError(req, 400, 'InvalidRequestException', `The lab's Polly serves DescribeVoices only.`);
      }
      const engine = req.query.get('Engine');
      const language = req.query.get('LanguageCode');
      const voices = account.voices.filter(
        (v) => (!engine || v.SupportedEngines.includes(engine)) && (!language || v.LanguageCode === language),
      );
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: {
          Voices: voices.map((v) => ({ ...v, Name: v.Id, Gender: 'Female', LanguageName: v.LanguageCode })),
        },
      };
    },
  };
}

function transcribeProvider(account: LabAccount): Provider {
  return jsonApiProvider('transcribe', 'Transcribe.', {
    async handle(target) {
      if (account.transcribe === 'denied') {
        return {
          status: 400,
          body: {
            __type: 'AccessDeniedException',
            message: 'User is not authorized to perform: transcribe:ListVocabularies',
          },
        };
      }
      if (target !== 'Transcribe.ListVocabularies') {
        return {
          status: 400,
          body: {
            __type: 'BadRequestException',
            message: `The lab's Transcribe serves ListVocabularies only.`,
          },
        };
      }
      return { status: 200, body: { Vocabularies: [], Status: 'READY' } };
    },
  });
}

/** Chime SDK Voice inventory reads; undefined for a path it does not serve. */
export function chimeInventory(account: LabAccount): (req: EdgeRequest) => EdgeReply | undefined {
  return (req) => {
    if (req.method !== 'GET') return undefined;
    if (/^\/sip-media-applications\/?$/.test(req.path)) {
      if (account.sipMediaApplications === 'forbidden') {
        return chimeError('ForbiddenException', 'This account is not allowed to use SIP media applications.');
      }
      return {
        status: 200,
        body: {
          SipMediaApplications: account.sipMediaApplications.map((id) => ({
            SipMediaApplicationId: id,
            Name: id,
            AwsRegion: req.region,
          })),
        },
      };
    }
    if (/^\/phone-numbers\/?$/.test(req.path)) {
      // numbers ordered for SIP media applications (the lab's lines are not modelled as inventory)
      return { status: 200, body: { PhoneNumbers: [] } };
    }
    if (/^\/search\/?$/.test(req.path) && req.query.get('type') === 'phone-numbers') {
      return searchNumbers(account, req.query);
    }
    return undefined;
  };
}

function searchNumbers(account: LabAccount, query: URLSearchParams): EdgeReply {
  const areaCode = query.get('area-code');
  const country = query.get('country') ?? 'US';
  if (!areaCode)
    return chimeError('BadRequestException', 'Give one of AreaCode, City, State or TollFreePrefix.');
  if (country !== 'US' && country !== 'CA') {
    return chimeError(
      'BadRequestException',
      `Country ${country} has no local numbers for area code ${areaCode}.`,
    );
  }
  const max = Number(query.get('max-results') ?? '100');
  // as in AWS, a Canadian area code finds numbers only when searched as CA, and a US one as US
  const offered = countryMatches(areaCode, country) ? (account.availableNumbers[areaCode] ?? []) : [];
  return { status: 200, body: { E164PhoneNumbers: offered.slice(0, max) } };
}

function countryMatches(areaCode: string, country: string): boolean {
  try {
    return countryOfAreaCode(areaCode) === country;
  } catch {
    return false;
  }
}
