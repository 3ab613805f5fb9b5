/**
 * What one turn tells operations, as CloudWatch metrics (emitted by index.ts with Powertools Metrics; the
 * dashboard and alarms in infra/constructs/operations.ts read them). Pure: the event, the decision and the answer
 * in, metric records out. No caller's data: counts, action types and milliseconds only.
 */
import type { PstnResponse } from '../pstn';
import { ATTR } from './carried';
import type { CallView } from './call-view';
import { APOLOGY_TEXT } from './responses';

export interface MetricRecord {
  readonly name: RouterMetric;
  readonly unit: 'Count' | 'Milliseconds';
  readonly value: number;
  /** Extra dimension (besides the service), e.g. the failed action's type. */
  readonly dimension?: { readonly name: string; readonly value: string };
}

export const ROUTER_METRICS = {
  CallsStarted: 'CallsStarted',
  CallsEnded: 'CallsEnded',
  Apologies: 'Apologies',
  KeepAlives: 'KeepAlives',
  /** ACTION_FAILED events: all of them, and by ActionType. */
  FailedActions: 'FailedActions',
  FailedActionsByType: 'FailedActionsByType',
  /** How long the router took to answer PSTN audio. */
  TurnTime: 'TurnTime',
} as const;
export type RouterMetric = (typeof ROUTER_METRICS)[keyof typeof ROUTER_METRICS];

export function turnMetrics(
  call: CallView,
  decision: string | undefined,
  response: PstnResponse,
  ms: number,
): MetricRecord[] {
  const count = (name: RouterMetric): MetricRecord => ({ name, unit: 'Count', value: 1 });
  const records: MetricRecord[] = [{ name: 'TurnTime', unit: 'Milliseconds', value: ms }];
  if (decision === 'start-call') records.push(count('CallsStarted'));
  if (call.type === 'HANGUP') records.push(count('CallsEnded'));
  if (call.type === 'ACTION_FAILED') {
    records.push(count('FailedActions'), {
      ...count('FailedActionsByType'),
      dimension: { name: 'ActionType', value: call.actionType ?? 'Unknown' },
    });
  }
  const actions = (response.Actions ?? []) as { Parameters?: { Text?: unknown } }[];
  if (actions.some((a) => a.Parameters?.Text === APOLOGY_TEXT)) records.push(count('Apologies'));
  else if (response.TransactionAttributes?.[ATTR.KeepAlive] !== undefined) records.push(count('KeepAlives'));
  return records;
}
