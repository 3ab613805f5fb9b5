/**
 * The conversation of one transaction with the SIP media application's Lambda: strictly one invocation at a
 * time, Sequence from 1, retries per docs/aws/pstn-audio.md §5, every event and response kept in the call's
 * log, every response checked with functions/pstn (an invalid one earns INVALID_LAMBDA_RESPONSE and its
 * attributes are not applied), TransactionAttributes stored (docs/aws/pstn-audio.md §3.3), and the
 * 1,000-invocation limit.
 */
import {
  checkResponse,
  type ActionData,
  type InvocationEventType,
  type PstnEvent,
} from '../../functions/pstn';
import type { Clock } from '../clock';
import { buildEvent, nextAttributes, takesActions, type CallIdentity, type LegData } from './envelope';
import { invokeWithRetries, type AttemptReport } from './invoke';
import type { LogEntry, PstnSimulatorSettings } from './types';

export type Reply =
  | { kind: 'actions'; actions: unknown[]; invokingCallId: string }
  | { kind: 'none' }
  | { kind: 'failed' }
  | { kind: 'limit' };

export class Exchange {
  attributes?: Record<string, string>;
  invocations = 0;
  readonly log: LogEntry[] = [];
  private sequence = 0;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(
    private identity: CallIdentity,
    private clock: Clock,
    private settings: PstnSimulatorSettings,
    private invoke: (event: PstnEvent) => Promise<unknown>,
    private onEntry: (entry: LogEntry) => void = () => {},
  ) {}

  /**
   * Sends one event about `about` (the invoking leg) and returns the actions to run: only when this event
   * takes actions, the response has some, and a leg is still up (`legs()` is read at send time).
   */
  send(
    type: InvocationEventType,
    legs: () => LegData[],
    about: LegData,
    actionData?: ActionData,
  ): Promise<Reply> {
    const run = this.lock.then(() => this.exchange(type, legs, about, actionData));
    this.lock = run.catch(() => undefined);
    return run;
  }

  note(message: string): void {
    this.keep({ at: this.clock.now(), kind: 'note', message });
  }

  private keep(entry: LogEntry): void {
    this.log.push(entry);
    this.onEntry(entry);
  }

  private async exchange(
    type: InvocationEventType,
    legs: () => LegData[],
    about: LegData,
    actionData?: ActionData,
  ): Promise<Reply> {
    let error: { errorType: string; errorMessage: string } | undefined;
    for (;;) {
      if (this.invocations >= this.settings.maxInvocations) {
        this.note(`invocation limit of ${this.settings.maxInvocations} reached; releasing the call`);
        return { kind: 'limit' };
      }
      this.invocations++;
      const event = buildEvent({
        type: error ? 'INVALID_LAMBDA_RESPONSE' : type,
        sequence: ++this.sequence,
        call: this.identity,
        legs: legs(),
        ...(this.attributes ? { attributes: this.attributes } : {}),
        ...(actionData && !error ? { actionData } : {}),
        ...(error ? { error } : {}),
      });
      const limits = { timeoutMs: this.settings.invocationTimeoutMs, giveUpMs: this.settings.giveUpAfterMs };
      const result = await invokeWithRetries(this.invoke, event, limits, (r) => this.record(r, event));
      if (!result.ok) {
        this.note(result.reason);
        return { kind: 'failed' };
      }
      if (!legs().some((l) => l.status !== 'Disconnected')) return { kind: 'none' }; // nobody left to act on
      const checked = checkResponse(result.response, event);
      if (!checked.ok) {
        error = { errorType: checked.errorType, errorMessage: checked.errorMessage };
        continue;
      }
      this.attributes = nextAttributes(this.attributes, checked.response.TransactionAttributes);
      const actions = checked.response.Actions ?? [];
      if (!takesActions(type) || actions.length === 0) return { kind: 'none' };
      return { kind: 'actions', actions, invokingCallId: about.callId };
    }
  }

  private record(report: AttemptReport, event: PstnEvent): void {
    const base = { at: this.clock.now(), sequence: event.Sequence, attempt: report.attempt };
    if (report.kind === 'sent') this.keep({ ...base, kind: 'event', event });
    else if (report.kind === 'response') this.keep({ ...base, kind: 'response', response: report.response });
    else this.keep({ ...base, kind: 'error', message: report.message });
  }
}
