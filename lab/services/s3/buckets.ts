/** Bucket operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, ListObjects(V2), DeleteObjects, GetBucketLocation. */
import type { EdgeReply } from '../edge';
import { LAB_REGION } from '../sdk';
import { isValidBucketName } from './address';
import { bucketNotEmpty, invalidBucketName, malformedXml, noSuchBucket, S3Error } from './errors';
import { listPage } from './listing';
import type { DiskObjectStore } from './store';
import { contentsXml, document, elements, isoTime, ownerXml, parseDeleteRequest } from './xml';

const XML = { 'content-type': 'application/xml' };

export function listBuckets(store: DiskObjectStore): EdgeReply {
  const buckets = store
    .bucketNames()
    .map(
      (b) =>
        `<Bucket>${elements([
          ['Name', b.name],
          ['CreationDate', isoTime(b.created)],
        ])}</Bucket>`,
    )
    .join('');
  return {
    status: 200,
    headers: XML,
    body: document('ListAllMyBucketsResult', `${ownerXml()}<Buckets>${buckets}</Buckets>`),
  };
}

export async function createBucket(
  store: DiskObjectStore,
  bucket: string,
  region: string,
): Promise<EdgeReply> {
  if (!isValidBucketName(bucket)) throw invalidBucketName(bucket);
  if (store.hasBucket(bucket) && region !== 'us-east-1') {
    // us-east-1 answers 200 to its owner re-creating a bucket; every other region refuses
    throw new S3Error(
      'BucketAlreadyOwnedByYou',
      409,
      'Your previous request to create the named bucket succeeded and you already own it.',
      {
        BucketName: bucket,
      },
    );
  }
  await store.createBucket(bucket);
  return { status: 200, headers: { location: `/${bucket}` } };
}

export function headBucket(store: DiskObjectStore, bucket: string): EdgeReply {
  if (!store.hasBucket(bucket)) throw noSuchBucket(bucket);
  return { status: 200, headers: { 'x-amz-bucket-region': LAB_REGION } };
}

export async function deleteBucket(store: DiskObjectStore, bucket: string): Promise<EdgeReply> {
  if (!store.hasBucket(bucket)) throw noSuchBucket(bucket);
  if (!(await store.deleteBucket(bucket))) throw bucketNotEmpty(bucket);
  return { status: 204 };
}

export function bucketLocation(store: DiskObjectStore, bucket: string): EdgeReply {
  if (!store.hasBucket(bucket)) throw noSuchBucket(bucket);
  // us-east-1 is the empty LocationConstraint
  return { status: 200, headers: XML, body: document('LocationConstraint', '') };
}

export function listObjects(store: DiskObjectStore, bucket: string, query: URLSearchParams): EdgeReply {
  if (!store.hasBucket(bucket)) throw noSuchBucket(bucket);
  const v2 = query.get('list-type') === '2';
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') || undefined;
  const maxKeys = maxKeysOf(query.get('max-keys'));
  const urlEncoded = query.get('encoding-type') === 'url';
  const encode = (text: string) => (urlEncoded ? encodeURIComponent(text).replace(/%2F/g, '/') : text);
  const token = query.get('continuation-token');
  const startAfter = query.get('start-after') ?? undefined;
  const after = v2 ? (token !== null ? tokenKey(token) : startAfter) : (query.get('marker') ?? undefined);

  const page = listPage(store.sortedKeys(bucket), { prefix, delimiter, maxKeys, after });
  const contents = page.keys.map((key) => contentsXml(store.info(bucket, key)!, encode)).join('');
  const common = page.commonPrefixes
    .map((p) => `<CommonPrefixes>${elements([['Prefix', encode(p)]])}</CommonPrefixes>`)
    .join('');
  const next = page.truncated && page.last !== undefined ? page.last : undefined;

  const head = v2
    ? elements([
        ['Name', bucket],
        ['Prefix', encode(prefix)],
        ['Delimiter', delimiter && encode(delimiter)],
        ['MaxKeys', maxKeys],
        ['EncodingType', urlEncoded ? 'url' : undefined],
        ['KeyCount', page.keys.length + page.commonPrefixes.length],
        ['IsTruncated', page.truncated],
        ['ContinuationToken', token ?? undefined],
        [
          'NextContinuationToken',
          next !== undefined ? Buffer.from(next, 'utf8').toString('base64') : undefined,
        ],
        ['StartAfter', startAfter && encode(startAfter)],
      ])
    : elements([
        ['Name', bucket],
        ['Prefix', encode(prefix)],
        ['Marker', encode(query.get('marker') ?? '')],
        ['MaxKeys', maxKeys],
        ['Delimiter', delimiter && encode(delimiter)],
        ['EncodingType', urlEncoded ? 'url' : undefined],
        ['IsTruncated', page.truncated],
        // S3 sends NextMarker only with a delimiter; without one the client resumes after the last key
        ['NextMarker', delimiter && next !== undefined ? encode(next) : undefined],
      ]);
  return { status: 200, headers: XML, body: document('ListBucketResult', head + contents + common) };
}

export async function deleteObjects(
  store: DiskObjectStore,
  bucket: string,
  body: Buffer,
): Promise<EdgeReply> {
  if (!store.hasBucket(bucket)) throw noSuchBucket(bucket);
  const request = parseDeleteRequest(body.toString('utf8'));
  if (!request || request.keys.length === 0 || request.keys.length > 1000) throw malformedXml();
  for (const key of request.keys) await store.delete(bucket, key);
  const deleted = request.quiet
    ? ''
    : request.keys.map((key) => `<Deleted>${elements([['Key', key]])}</Deleted>`).join('');
  return { status: 200, headers: XML, body: document('DeleteResult', deleted) };
}

function maxKeysOf(text: string | null): number {
  if (text === null) return 1000;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new S3Error('InvalidArgument', 400, 'Provided max-keys not an integer or within integer range', {
      ArgumentName: 'max-keys',
      ArgumentValue: text,
    });
  return Math.min(n, 1000);
}

function tokenKey(token: string): string {
  const key = Buffer.from(token, 'base64').toString('utf8');
  if (token === '' || Buffer.from(key, 'utf8').toString('base64') !== token) {
    throw new S3Error('InvalidArgument', 400, 'The continuation token provided is incorrect', {
      ArgumentName: 'continuation-token',
    });
  }
  return key;
}
