import { randomUUID } from 'node:crypto';
import type { EdgeReply, EdgeRequest } from '../edge';

/** The package's queue, as far as these rules need it. */
export type QueueLookup = (name: string) =>
  | {
      ReceiveMessageWaitTimeSeconds: number;
      getAttributes(names: string[]): Record<string, string> | undefined;
    }
  | undefined;

/**
 * `local-aws-sqs` answers a receive only once it holds MaxNumberOfMessages messages, or when the wait ends
 * (40 ms after it for a short poll). AWS answers a long poll as soon as any message is available, and a short
 * poll at once with what it finds (possibly fewer than asked for, possibly none). So:
 *  - a long poll asking for several messages is sent on as a long poll for one;
 *  - a short poll asks the package for no more than the messages visible now, and one that finds none is
 *    answered empty here, at once (after letting the package's 0 ms delay timers of just-sent messages run).
 * Anything these rules cannot judge (a malformed request, an unknown queue, a value out of range) goes to
 * the package unchanged, which answers with AWS's error.
 */
export async function receiveAsAws(
  req: EdgeRequest,
  lookup: QueueLookup,
): Promise<{ request: EdgeRequest } | { reply: EdgeReply }> {
  const json = req.headers['x-amz-target'] === 'AmazonSQS.ReceiveMessage';
  const form = !json && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  if (!json && !form) return { request: req };
  const params = json ? parseJson(req.body) : formParams(req.body);
  if (!params || (form && params.Action !== 'ReceiveMessage')) return { request: req };
  const max = params.MaxNumberOfMessages === undefined ? 1 : Number(params.MaxNumberOfMessages);
  if (!Number.isInteger(max) || max < 1 || max > 10) return { request: req };
  const queue = lookup(
    String(params.QueueUrl ?? '')
      .split('/')
      .pop() ?? '',
  );
  if (!queue) return { request: req };
  const wait = Number(params.WaitTimeSeconds ?? queue.ReceiveMessageWaitTimeSeconds);
  if (!Number.isInteger(wait) || wait < 0 || wait > 20) return { request: req };
  if (wait > 0) return max > 1 ? { request: withMax(req, json, params, 1) } : { request: req };
  let visible = visibleNow(queue);
  if (visible === 0 && delayedNow(queue) > 0) {
    // a message sent without a delay is held by a 0 ms timer in the package: let it run, then count again
    await new Promise((resolve) => setTimeout(resolve, 0));
    visible = visibleNow(queue);
  }
  if (visible === 0) return { reply: emptyReceive(json) };
  return visible < max ? { request: withMax(req, json, params, visible) } : { request: req };
}

function visibleNow(queue: NonNullable<ReturnType<QueueLookup>>): number {
  const counts = queue.getAttributes([
    'ApproximateNumberOfMessages',
    'ApproximateNumberOfMessagesNotVisible',
  ]);
  // the package counts every message whose delay is over, in flight or not
  return (
    Number(counts?.ApproximateNumberOfMessages ?? 0) -
    Number(counts?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

function delayedNow(queue: NonNullable<ReturnType<QueueLookup>>): number {
  return Number(
    queue.getAttributes(['ApproximateNumberOfMessagesDelayed'])?.ApproximateNumberOfMessagesDelayed ?? 0,
  );
}

function withMax(req: EdgeRequest, json: boolean, params: Record<string, unknown>, max: number): EdgeRequest {
  if (json)
    return { ...req, body: Buffer.from(JSON.stringify({ ...params, MaxNumberOfMessages: max }), 'utf8') };
  const form = new URLSearchParams(req.body.toString('utf8'));
  form.set('MaxNumberOfMessages', String(max));
  return { ...req, body: Buffer.from(form.toString(), 'utf8') };
}

/** What AWS answers a receive that finds nothing, in each protocol. */
function emptyReceive(json: boolean): EdgeReply {
  const requestId = randomUUID();
  if (json) {
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId },
      body: Buffer.from('{}', 'utf8'),
    };
  }
  const xml =
    '<?xml version="1.0"?><ReceiveMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">' +
    `<ReceiveMessageResult></ReceiveMessageResult><ResponseMetadata><RequestId>${requestId}</RequestId>` +
    '</ResponseMetadata></ReceiveMessageResponse>';
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body: xml };
}

function formParams(body: Buffer): Record<string, unknown> {
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
