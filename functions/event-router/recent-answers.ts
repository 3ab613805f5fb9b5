/**
 * The last answers this instance gave, by call, sequence number and event type. PSTN audio retries an
 * invocation it got no answer to within 5 s; when the retry reaches the instance that did answer (late),
 * the same answer is given again instead of polling the call queue a second time — the workflow's message
 * that the late answer carried is not lost. (Whether a retry keeps its Sequence is UNCONFIRMED; if it does
 * not, this simply never matches and the router polls on as for any duplicate.)
 */
import type { PstnResponse } from '../pstn';
import type { CallView } from './call-view';

export class RecentAnswers {
  private readonly answers = new Map<string, PstnResponse>();

  constructor(private readonly capacity = 500) {}

  private key(call: CallView): string | undefined {
    if (call.transactionId === undefined || call.sequence === undefined || call.type === undefined)
      return undefined;
    return `${call.transactionId}\n${call.sequence}\n${call.type}`;
  }

  find(call: CallView): PstnResponse | undefined {
    const key = this.key(call);
    return key === undefined ? undefined : this.answers.get(key);
  }

  remember(call: CallView, response: PstnResponse): void {
    const key = this.key(call);
    if (key === undefined) return;
    this.answers.set(key, response);
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value as string);
  }
}
