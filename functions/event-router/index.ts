/**
 * functions/event-router — the generic event router Lambda (docs/architecture.md §1). PSTN audio invokes it
 * for every event of every call; it runs each call as a Step Functions workflow and trades PSTN audio
 * responses with it through a per-call SQS queue. Nothing here knows a particular workflow.
 *
 * Environment (read once, at cold start; a bad value fails the cold start with a message saying what is wrong):
 *   CALL_FLOWS             JSON map: E.164 number → state machine ARN (inbound calls route by LEG-A To,
 *                          outbound calls by LEG-A From)
 *   TURN_BUDGET_MS         answer every invocation within this many ms of its start (default 4000)
 *   HOLD_AUDIO             optional "<bucket>/<key>": played while the workflow is still working (else a Pause)
 *   DIGITS_KEY             key for sensitive digits (lab); or
 *   DIGITS_KEY_SECRET_ARN  Secrets Manager secret holding it (deployed)
 *   AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_SFN …   honoured by the AWS SDK itself
 *
 * The lab and tests build routers with `createRouter` and explicit clients instead.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { PstnEvent, PstnResponse } from '../pstn';
import { readSettings } from './config';
import { readDigitsKey } from './digits-key';
import type { MetricRecord } from './metrics';
import { createRouter, type Router } from './router';

export { createRouter, type Router, type RouterOptions, type RouterLogger } from './router';
export {
  readSettings,
  parseCallFlows,
  parseTurnBudget,
  parseHoldAudio,
  DEFAULT_TURN_BUDGET_MS,
  type RouterSettings,
  type HoldAudio,
} from './config';
export { decide, outcomeOf, type Decision, type TaskOutcome } from './decide';
export { ATTR, type KeepAliveKind } from './carried';
export { readCall, type CallView, type LegView } from './call-view';
export { digestDigits } from './sensitive-digits';
export { KEEP_ALIVE_PAUSE_MS, APOLOGY_TEXT } from './responses';

/** Time a cold start may count against the first invocation's budget (init runs before the handler). */
const MAX_INIT_COUNTED_MS = 1000;
const loadedAt = Date.now();

let router: Promise<Router> | undefined;
let invoked = false;

/** Namespace from POWERTOOLS_METRICS_NAMESPACE (the stack sets it); the service dimension is the router's. */
const metrics = new Metrics({ serviceName: 'event-router' });

function emit(records: MetricRecord[]): void {
  for (const record of records) {
    const unit = record.unit === 'Count' ? MetricUnit.Count : MetricUnit.Milliseconds;
    if (!record.dimension) metrics.addMetric(record.name, unit, record.value);
    else {
      const single = metrics.singleMetric();
      single.addDimension(record.dimension.name, record.dimension.value);
      single.addMetric(record.name, unit, record.value);
    }
  }
}

function coldStart(env: Record<string, string | undefined>): Promise<Router> {
  const settings = readSettings(env);
  const logger = new Logger({ serviceName: 'event-router' });
  return readDigitsKey(env, logger).then((digitsKey) =>
    createRouter({
      sqs: new SQSClient({}),
      sfn: new SFNClient({}),
      ...settings,
      digitsKey,
      logger,
      metrics: emit,
    }),
  );
}

// In Lambda, read the environment during init, so a bad CALL_FLOWS fails the cold start itself.
if (process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined) router = coldStart(process.env);

export async function handler(event: PstnEvent): Promise<PstnResponse> {
  const now = Date.now();
  const startedAt = invoked ? now : Math.max(loadedAt, now - MAX_INIT_COUNTED_MS);
  invoked = true;
  router ??= coldStart(process.env);
  try {
    return await (
      await router
    )(event, startedAt);
  } finally {
    metrics.publishStoredMetrics();
  }
}
