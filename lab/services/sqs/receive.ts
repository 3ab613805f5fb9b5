import type { EdgeRequest } from '../edge';

/**
 * `local-aws-sqs` answers a long poll only once it holds MaxNumberOfMessages messages (or the wait ends);
 * AWS answers as soon as any message is available. So a long poll asking for several messages is sent on
 * as a long poll for one: AWS itself may return fewer messages than asked for, and the caller hears about
 * the first message at once. A short poll (`WaitTimeSeconds: 0`) still returns up to the number asked for.
 */
export function receiveAsAws(req: EdgeRequest): EdgeRequest {
  if (req.headers['x-amz-target'] === 'AmazonSQS.ReceiveMessage') {
    const body = parseJson(req.body);
    if (!body || !wantsSeveralWithWait(body.MaxNumberOfMessages, body.WaitTimeSeconds)) return req;
    return { ...req, body: Buffer.from(JSON.stringify({ ...body, MaxNumberOfMessages: 1 }), 'utf8') };
  }
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(req.body.toString('utf8'));
    if (form.get('Action') !== 'ReceiveMessage') return req;
    if (!wantsSeveralWithWait(form.get('MaxNumberOfMessages'), form.get('WaitTimeSeconds'))) return req;
    form.set('MaxNumberOfMessages', '1');
    return { ...req, body: Buffer.from(form.toString(), 'utf8') };
  }
  return req;
}

function wantsSeveralWithWait(max: unknown, wait: unknown): boolean {
  const several = Number(max) > 1 && Number(max) <= 10;
  const shortPoll = wait !== undefined && wait !== null && Number(wait) === 0;
  return several && !shortPoll;
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
