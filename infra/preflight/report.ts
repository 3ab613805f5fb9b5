/**
 * The preflight's verdicts and its table: pure. Each check has a status and, when it is not ok, what to do.
 */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  readonly check: string;
  readonly status: CheckStatus;
  /** What was found. */
  readonly detail: string;
  /** What to do about it (for warn and fail). */
  readonly fix?: string;
}

const MARK: Record<CheckStatus, string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL', skip: 'skip' };

/** One aligned table: check, status, what was found; each problem's fix on its own line below it. */
export function renderTable(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.check.length), 'Check'.length);
  const line = (check: string, status: string, detail: string) =>
    `${check.padEnd(width)}  ${status.padEnd(6)}  ${detail}`;
  const rows = [line('Check', 'Result', 'Found'), line('-'.repeat(width), '------', '-----')];
  for (const r of results) {
    rows.push(line(r.check, MARK[r.status], r.detail));
    if (r.fix && (r.status === 'fail' || r.status === 'warn'))
      rows.push(`${' '.repeat(width + 10)}→ ${r.fix}`);
  }
  return rows.join('\n');
}

/** Nonzero when anything failed: the deploy, or the first call, would. */
export function exitCode(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}

export const AVAILABILITY_NOTE =
  'Amazon Chime SDK SIP media applications are closed to new customers from October 29, 2026; existing ' +
  'customers continue as normal (Amazon Chime SDK administrator guide, "Managing SIP media applications": ' +
  'https://docs.aws.amazon.com/chime-sdk/latest/ag/manage-sip-applications.html).';

/**
 * Which front door fits this account. An account that already has a SIP media application (or SMA phone
 * numbers) is an existing customer: the PSTN audio front door is open. One with none may be a new customer, whom
 * AWS no longer lets create one; the API does not say which, so this is a warning, not a failure.
 */
export function frontDoor(sipMediaApplications: number, smaNumbers: number): CheckResult {
  if (sipMediaApplications > 0 || smaNumbers > 0) {
    return {
      check: 'SIP media applications',
      status: 'ok',
      detail: `usable: this account already has ${sipMediaApplications} SIP media application(s) and ${smaNumbers} SMA number(s) — PSTN audio is your front door`,
    };
  }
  return {
    check: 'SIP media applications',
    status: 'warn',
    detail: 'this account has none in this region',
    fix:
      'If this account has never used SIP media applications, AWS may refuse to create one (closed to new customers ' +
      'since 2026-10-29): deploy with an account that has them, or run the call flows in the Phone Lab (npm start).',
  };
}

/** What a Bedrock error on the one-token Converse means, and what to do. */
export function bedrockVerdict(
  modelId: string,
  region: string,
  error?: { name: string; message: string },
): CheckResult {
  const check = 'Bedrock model answers';
  if (!error) return { check, status: 'ok', detail: `${modelId} answered a one-token Converse` };
  const detail = `${modelId}: ${error.name}: ${error.message}`.slice(0, 200);
  switch (error.name) {
    case 'AccessDeniedException':
      return {
        check,
        status: 'fail',
        detail,
        fix:
          'Serverless models are enabled on first use, but your credentials need bedrock:InvokeModel on the model ' +
          '(and on its inference profile), and Anthropic models need the one-time use-case form (Bedrock console → ' +
          'Model catalog → the model → submit use case details). An AWS Marketplace subscription may also be needed.',
      };
    case 'ResourceNotFoundException':
    case 'ValidationException':
      return {
        check,
        status: 'fail',
        detail,
        fix: `The model or profile is not offered in ${region}: choose one that is, with -c modelId=… (a us./eu./apac. profile of this region's geography, or a model in ${region}).`,
      };
    case 'ThrottlingException':
    case 'ServiceUnavailableException':
    case 'ModelNotReadyException':
      return { check, status: 'warn', detail, fix: 'Bedrock is busy: run the preflight again in a minute.' };
    default:
      return { check, status: 'fail', detail, fix: 'Fix the error above, then run the preflight again.' };
  }
}

/** An AWS error as a check's result: denied means the credentials lack a permission, anything else is shown. */
export function errorResult(
  check: string,
  action: string,
  error: { name: string; message: string },
): CheckResult {
  const denied =
    /AccessDenied|Forbidden|Unauthorized|UnrecognizedClient|InvalidClientTokenId|ExpiredToken/.test(
      error.name,
    );
  return {
    check,
    status: 'fail',
    detail: `${error.name}: ${error.message}`.slice(0, 200),
    fix: denied
      ? `Your credentials may not call ${action}: check aws sts get-caller-identity and your IAM permissions.`
      : `${action} failed; check the region and your network, then run the preflight again.`,
  };
}
