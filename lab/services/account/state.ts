/**
 * The lab's AWS account, as the control-plane APIs a deploy checks see it: the SIP media applications and phone
 * numbers it has, the numbers on offer per area code, the CDK bootstrap, the Polly voices, Transcribe. Tests
 * change it to inject what a real account may lack (`labAccount({ ... })`).
 */

export interface LabVoice {
  readonly Id: string;
  readonly LanguageCode: string;
  readonly SupportedEngines: readonly string[];
}

export interface LabAccount {
  /**
   * The account's SIP media applications (ids), or 'forbidden': PSTN audio refuses this account (ForbiddenException;
   * what AWS answers an account it has not opened SIP media applications to is not documented — the lab's choice).
   */
  sipMediaApplications: string[] | 'forbidden';
  /** Numbers SearchAvailablePhoneNumbers offers, by area code. An area code not listed offers none. */
  availableNumbers: Record<string, string[]>;
  /** The value of `/cdk-bootstrap/<qualifier>/version` by qualifier; absent = not bootstrapped (ParameterNotFound). */
  bootstrapVersions: Record<string, string>;
  /** Whether a `CDKToolkit` stack exists (DescribeStacks). */
  cdkToolkitStack: boolean;
  voices: LabVoice[];
  /** 'denied': Transcribe answers AccessDeniedException. */
  transcribe: 'ok' | 'denied';
}

const neural = ['neural', 'standard'];

/** A ready account: one SIP media application, numbers in 206 (US) and 416 (CA), bootstrapped, en-US voices. */
export function labAccount(overrides: Partial<LabAccount> = {}): LabAccount {
  return {
    sipMediaApplications: ['lab-sip-media-application'],
    availableNumbers: {
      '206': ['+12065550141', '+12065550142', '+12065550143'],
      '425': ['+14255550141', '+14255550142'],
      '416': ['+14165550141'],
    },
    bootstrapVersions: { hnb659fds: '29' },
    cdkToolkitStack: true,
    voices: [
      { Id: 'Joanna', LanguageCode: 'en-US', SupportedEngines: [...neural, 'long-form', 'generative'] },
      { Id: 'Matthew', LanguageCode: 'en-US', SupportedEngines: [...neural, 'generative'] },
      { Id: 'Amy', LanguageCode: 'en-GB', SupportedEngines: neural },
      { Id: 'Ivy', LanguageCode: 'en-US', SupportedEngines: neural },
    ],
    transcribe: 'ok',
    ...overrides,
  };
}
