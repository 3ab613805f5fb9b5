/** Object operations: PutObject, CopyObject, GetObject (with Range), HeadObject, DeleteObject. */
import type { EdgeReply, EdgeRequest } from '../edge';
import { addressOf } from './address';
import { checkedChecksums } from './checksums';
import { decodeAwsChunked, isAwsChunked } from './chunked';
import { invalidRequest, noSuchBucket, noSuchKey, S3Error } from './errors';
import { rangeOf } from './range';
import { DEFAULT_CONTENT_TYPE, type DiskObjectStore, type ObjectInfo } from './store';
import { document, elements, isoTime } from './xml';

/** Headers S3 keeps with an object and sends back on GET and HEAD. */
const KEPT_HEADERS = ['cache-control', 'content-disposition', 'content-language', 'expires'];
const XML = { 'content-type': 'application/xml' };

export async function putObject(
  store: DiskObjectStore,
  bucket: string,
  key: string,
  req: EdgeRequest,
): Promise<EdgeReply> {
  if (!store.hasBucket(bucket)) throw noSuchBucket(bucket);
  if (req.headers['x-amz-copy-source']) return copyObject(store, bucket, key, req);
  if (req.headers['if-none-match'] === '*' && store.info(bucket, key))
    throw preconditionFailed('If-None-Match');
  const { data, trailers } = isAwsChunked(req.headers)
    ? decodeAwsChunked(req.body)
    : { data: req.body, trailers: {} };
  const declared = req.headers['x-amz-decoded-content-length'];
  if (declared !== undefined && Number(declared) !== data.length) {
    throw new S3Error(
      'IncompleteBody',
      400,
      'You did not provide the number of bytes specified by the Content-Length HTTP header',
    );
  }
  const checksums = checkedChecksums(data, req.headers, trailers);
  const info = await store.write(bucket, key, data, {
    ...describedBy(req.headers),
    headers: { ...keptHeaders(req.headers), ...checksums },
  });
  return {
    status: 200,
    headers: { etag: info.etag, 'x-amz-server-side-encryption': 'AES256', ...checksums },
  };
}

async function copyObject(
  store: DiskObjectStore,
  bucket: string,
  key: string,
  req: EdgeRequest,
): Promise<EdgeReply> {
  const source = copySourceOf(req.headers['x-amz-copy-source']);
  if (!store.hasBucket(source.bucket)) throw noSuchBucket(source.bucket);
  const found = await store.read(source.bucket, source.key);
  if (!found) throw noSuchKey(source.key);
  const replace = (req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
  if (!replace && source.bucket === bucket && source.key === key) {
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const checksums = pick(found.info.headers, (name) => name.startsWith('x-amz-checksum-'));
  const described = replace
    ? { ...describedBy(req.headers), headers: { ...keptHeaders(req.headers), ...checksums } }
    : { contentType: found.info.contentType, metadata: found.info.metadata, headers: found.info.headers };
  const info = await store.write(bucket, key, found.body, described);
  const body = document(
    'CopyObjectResult',
    elements([
      ['LastModified', isoTime(info.lastModified)],
      ['ETag', info.etag],
    ]),
  );
  return { status: 200, headers: XML, body };
}

export async function getObject(
  store: DiskObjectStore,
  bucket: string,
  key: string,
  req: EdgeRequest,
  head: boolean,
): Promise<EdgeReply> {
  if (!store.hasBucket(bucket)) throw noSuchBucket(bucket);
  const found = head
    ? { info: store.info(bucket, key), body: Buffer.alloc(0) }
    : await store.read(bucket, key);
  if (!found?.info) throw noSuchKey(key);
  const { info, body } = found as { info: ObjectInfo; body: Buffer };
  const ifMatch = req.headers['if-match'];
  if (ifMatch && !etagMatches(ifMatch, info.etag)) throw preconditionFailed('If-Match');
  const ifNoneMatch = req.headers['if-none-match'];
  const headers = objectHeaders(info, req);
  if (ifNoneMatch && etagMatches(ifNoneMatch, info.etag))
    return { status: 304, headers: { etag: info.etag, 'last-modified': headers['last-modified'] } };
  const range = rangeOf(req.headers['range'], info.size);
  if (range.kind === 'unsatisfiable') {
    throw new S3Error('InvalidRange', 416, 'The requested range is not satisfiable', {
      RangeRequested: req.headers['range'] ?? '',
      ActualObjectSize: info.size,
    });
  }
  if (range.kind === 'part') {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${info.size}`;
    headers['content-length'] = String(range.end - range.start + 1);
    for (const name of Object.keys(headers)) if (name.startsWith('x-amz-checksum-')) delete headers[name]; // whole-object sums
    return { status: 206, headers, body: head ? undefined : body.subarray(range.start, range.end + 1) };
  }
  headers['content-length'] = String(info.size);
  return { status: 200, headers, body: head ? undefined : body };
}

export async function deleteObject(store: DiskObjectStore, bucket: string, key: string): Promise<EdgeReply> {
  if (!store.hasBucket(bucket)) throw noSuchBucket(bucket);
  await store.delete(bucket, key); // S3 answers 204 whether or not the key existed
  return { status: 204 };
}

function objectHeaders(info: ObjectInfo, req: EdgeRequest): Record<string, string> {
  const checksumsWanted = (req.headers['x-amz-checksum-mode'] ?? '').toUpperCase() === 'ENABLED';
  const headers: Record<string, string> = {
    'content-type': info.contentType,
    etag: info.etag,
    'last-modified': new Date(info.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
    ...pick(info.headers, (name) => checksumsWanted || !name.startsWith('x-amz-checksum-')),
  };
  for (const [name, value] of Object.entries(info.metadata)) headers[`x-amz-meta-${name}`] = value;
  // presigned links may override what the reply says (`response-content-type=…`)
  for (const [param, value] of req.query) {
    if (
      /^response-(content-type|content-disposition|content-language|content-encoding|cache-control|expires)$/.test(
        param,
      )
    ) {
      headers[param.slice('response-'.length)] = value;
    }
  }
  return headers;
}

function describedBy(headers: Record<string, string>): Pick<ObjectInfo, 'contentType' | 'metadata'> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
  }
  return { contentType: headers['content-type'] || DEFAULT_CONTENT_TYPE, metadata };
}

function keptHeaders(headers: Record<string, string>): Record<string, string> {
  const kept = pick(headers, (name) => KEPT_HEADERS.includes(name));
  const encoding = (headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked')
    .join(', ');
  if (encoding) kept['content-encoding'] = encoding;
  return kept;
}

function copySourceOf(header: string): { bucket: string; key: string } {
  const [path] = header.split('?');
  const { bucket, key } = addressOf(path.startsWith('/') ? path : `/${path}`, undefined);
  if (!bucket || !key)
    throw invalidRequest(
      `Copy Source must mention the source bucket and key: sourcebucket/sourcekey (got '${header}')`,
    );
  return { bucket, key };
}

function etagMatches(condition: string, etag: string): boolean {
  return condition.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || `"${t}"` === etag;
  });
}

function preconditionFailed(condition: string): S3Error {
  return new S3Error(
    'PreconditionFailed',
    412,
    'At least one of the pre-conditions you specified did not hold',
    { Condition: condition },
  );
}

function pick(record: Record<string, string>, keep: (name: string) => boolean): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => keep(name)));
}
