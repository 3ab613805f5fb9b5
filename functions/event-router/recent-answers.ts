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
  /** By call: the WaitToken of the last workflow message this instance returned. */
  private readonly tokens = new Map<string, string>();

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
    const token = response.TransactionAttributes?.WaitToken;
    if (typeof token === 'string' && token !== '' && call.transactionId !== undefined) {
      this.tokens.delete(call.transactionId);
      this.tokens.set(call.transactionId, token);
      if (this.tokens.size > this.capacity) this.tokens.delete(this.tokens.keys().next().value as string);
    }
  }

  /** The task token this instance last handed to the call: PSTN audio ignores an answer given after the
   *  caller hung up, so the final HANGUP may not carry it. Only this instance knows it (best effort). */
  lastToken(transactionId: string | undefined): string | undefined {
    return transactionId === undefined ? undefined : this.tokens.get(transactionId);
  }
}
