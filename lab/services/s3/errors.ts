/** S3's own errors, with its codes, statuses and messages, as XML. */
import { randomUUID } from 'node:crypto';
import { escapeXml, type EdgeReply } from '../edge';

export class S3Error extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Extra elements S3 puts in the error (`Key`, `BucketName`, …). */
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

export const noSuchBucket = (bucket: string) =>
  new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket });
export const noSuchKey = (key: string) =>
  new S3Error('NoSuchKey', 404, 'The specified key does not exist.', { Key: key });
export const invalidBucketName = (bucket: string) =>
  new S3Error('InvalidBucketName', 400, 'The specified bucket is not valid.', { BucketName: bucket });
export const bucketNotEmpty = (bucket: string) =>
  new S3Error('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', { BucketName: bucket });
export const notImplemented = (what: string) =>
  new S3Error(
    'NotImplemented',
    501,
    `A header or query you provided implies functionality that is not implemented (the lab's S3 has no ${what}).`,
  );
export const badDigest = (message: string) => new S3Error('BadDigest', 400, message);
export const invalidRequest = (message: string) => new S3Error('InvalidRequest', 400, message);
export const malformedXml = () =>
  new S3Error(
    'MalformedXML',
    400,
    'The XML you provided was not well-formed or did not validate against our published schema',
  );

export function errorReply(error: S3Error, head: boolean): EdgeReply {
  const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
  const headers = {
    'content-type': 'application/xml',
    'x-amz-request-id': requestId,
    'x-amz-id-2': requestId,
  };
  // HEAD replies carry no body: the SDK names the error after the status (NotFound, …)
  if (head) return { status: error.status, headers };
  const details = Object.entries(error.details)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>` +
    `${details}<RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`;
  return { status: error.status, headers, body };
}
