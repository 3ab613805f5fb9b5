/**
 * S3 for the lab: our own small provider over files on disk (`DiskObjectStore`), path-style and
 * virtual-host-style. The same store is open to the lab in-process (`provider.store`), so the lab can
 * index voicemail recordings as they land.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdgeReply, EdgeRequest, Provider } from '../edge';
import { addressOf, MalformedUri } from './address';
import {
  bucketLocation,
  createBucket,
  deleteBucket,
  deleteObjects,
  headBucket,
  listBuckets,
  listObjects,
} from './buckets';
import { decodeAwsChunked, isAwsChunked, MalformedChunkedBody } from './chunked';
import { errorReply, notImplemented, S3Error } from './errors';
import { createMultipartUploads } from './multipart';
import { deleteObject, getObject, putObject } from './objects';
import { DiskObjectStore, NoSuchBucketError, type ObjectStore } from './store';

export type { ObjectStore, ObjectCreated, ObjectInfo } from './store';
export { DiskObjectStore } from './store';

export interface S3ProviderOptions {
  /** Where the buckets live. Default: a new temporary directory, removed on close. */
  root?: string;
}

/** Query parameters that say nothing about the operation (presigned URLs, SDK hints, listing options). */
const PLAIN_PARAMS =
  /^(x-id|X-Amz-.*|x-amz-.*|list-type|prefix|delimiter|max-keys|continuation-token|start-after|encoding-type|fetch-owner|marker|versionId|response-.*)$/;

export function createS3Provider(
  options: S3ProviderOptions = {},
): Provider & { store: ObjectStore & DiskObjectStore } {
  const temporary = options.root === undefined;
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'switchboard-s3-'));
  const store = new DiskObjectStore(root);
  const multipart = createMultipartUploads(store);

  async function route(req: EdgeRequest): Promise<EdgeReply> {
    const { bucket, key } = addressOf(req.path, req.headers.host);
    const sub = [...req.query.keys()].find((name) => !PLAIN_PARAMS.test(name));
    const m = req.method;
    if (!bucket) {
      if (m === 'GET') return listBuckets(store);
      throw new S3Error(
        'MethodNotAllowed',
        405,
        'The specified method is not allowed against this resource.',
      );
    }
    if (key === undefined) {
      if (sub === 'location' && m === 'GET') return bucketLocation(store, bucket);
      if (sub === 'delete' && m === 'POST') {
        return deleteObjects(
          store,
          bucket,
          isAwsChunked(req.headers) ? decodeAwsChunked(req.body).data : req.body,
        );
      }
      if (sub !== undefined) throw notImplemented(`bucket ${sub} configuration`);
      if (m === 'PUT') return createBucket(store, bucket, req.region);
      if (m === 'HEAD') return headBucket(store, bucket);
      if (m === 'GET') return listObjects(store, bucket, req.query);
      if (m === 'DELETE') return deleteBucket(store, bucket);
    } else {
      if (key.length > 1024)
        throw new S3Error('KeyTooLongError', 400, 'Your key is too long', { Key: key.slice(0, 64) });
      if (sub === 'uploads' && m === 'POST') return multipart.create(bucket, key, req);
      if (sub === 'uploadId' || sub === 'partNumber') {
        if (m === 'PUT' && req.headers['x-amz-copy-source']) throw notImplemented('UploadPartCopy');
        if (m === 'PUT' && req.query.has('partNumber')) return multipart.uploadPart(bucket, key, req);
        if (m === 'POST')
          return multipart.complete(
            bucket,
            key,
            req,
            isAwsChunked(req.headers) ? decodeAwsChunked(req.body).data : req.body,
          );
        if (m === 'DELETE') return multipart.abort(bucket, key, req);
      }
      if (sub !== undefined) throw notImplemented(`object ${sub}`);
      if (m === 'PUT') return putObject(store, bucket, key, req);
      if (m === 'GET' || m === 'HEAD') return getObject(store, bucket, key, req, m === 'HEAD');
      if (m === 'DELETE') return deleteObject(store, bucket, key);
    }
    throw new S3Error('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.');
  }

  return {
    service: 's3',
    store,
    async handle(req: EdgeRequest): Promise<EdgeReply> {
      try {
        return await route(req);
      } catch (err) {
        return errorReply(asS3Error(err), req.method === 'HEAD');
      }
    },
    async close() {
      if (temporary) rmSync(root, { recursive: true, force: true });
    },
  };
}

function asS3Error(err: unknown): S3Error {
  if (err instanceof S3Error) return err;
  if (err instanceof NoSuchBucketError)
    return new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist', {
      BucketName: err.bucket,
    });
  if (err instanceof MalformedUri) return new S3Error('InvalidURI', 400, err.message);
  if (err instanceof MalformedChunkedBody) return new S3Error('IncompleteBody', 400, err.message);
  throw err; // a bug: the edge answers InternalFailure and logs it
}
