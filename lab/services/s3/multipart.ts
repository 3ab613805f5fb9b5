/**
 * Multipart uploads (what `aws s3 cp` and `@aws-sdk/lib-storage` use for large files): parts are held in
 * memory until the upload completes or is aborted; the object's ETag is S3's `"<md5 of part md5s>-<n>"`.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EdgeReply, EdgeRequest } from '../edge';
import { decodeAwsChunked, isAwsChunked } from './chunked';
import { checkedChecksums } from './checksums';
import { malformedXml, noSuchBucket, S3Error } from './errors';
import { DEFAULT_CONTENT_TYPE, type DiskObjectStore, type ObjectInfo } from './store';
import { document, elements, unescapeXml } from './xml';

interface Upload {
  bucket: string;
  key: string;
  described: Pick<ObjectInfo, 'contentType' | 'metadata' | 'headers'>;
  parts: Map<number, { etag: string; data: Buffer }>;
}

const XML = { 'content-type': 'application/xml' };
const MIN_PART_SIZE = 5 * 1024 * 1024;

const noSuchUpload = (id: string) =>
  new S3Error(
    'NoSuchUpload',
    404,
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: id },
  );

export function createMultipartUploads(store: DiskObjectStore) {
  const uploads = new Map<string, Upload>();

  const upload = (id: string, bucket: string, key: string): Upload => {
    const found = uploads.get(id);
    if (!found || found.bucket !== bucket || found.key !== key) throw noSuchUpload(id);
    return found;
  };

  return {
    create(bucket: string, key: string, req: EdgeRequest): EdgeReply {
      if (!store.hasBucket(bucket)) throw noSuchBucket(bucket);
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
      }
      const id = randomUUID().replace(/-/g, '');
      uploads.set(id, {
        bucket,
        key,
        described: {
          contentType: req.headers['content-type'] || DEFAULT_CONTENT_TYPE,
          metadata,
          headers: {},
        },
        parts: new Map(),
      });
      const body = document(
        'InitiateMultipartUploadResult',
        elements([
          ['Bucket', bucket],
          ['Key', key],
          ['UploadId', id],
        ]),
      );
      return { status: 200, headers: XML, body };
    },

    uploadPart(bucket: string, key: string, req: EdgeRequest): EdgeReply {
      const id = req.query.get('uploadId') ?? '';
      const target = upload(id, bucket, key);
      const number = Number(req.query.get('partNumber'));
      if (!Number.isInteger(number) || number < 1 || number > 10_000) {
        throw new S3Error(
          'InvalidArgument',
          400,
          'Part number must be an integer between 1 and 10000, inclusive',
          {
            ArgumentName: 'partNumber',
            ArgumentValue: req.query.get('partNumber') ?? '',
          },
        );
      }
      const { data, trailers } = isAwsChunked(req.headers)
        ? decodeAwsChunked(req.body)
        : { data: req.body, trailers: {} };
      const checksums = checkedChecksums(data, req.headers, trailers);
      const etag = `"${createHash('md5').update(data).digest('hex')}"`;
      target.parts.set(number, { etag, data });
      return { status: 200, headers: { etag, ...checksums } };
    },

    async complete(bucket: string, key: string, req: EdgeRequest, body: Buffer): Promise<EdgeReply> {
      const id = req.query.get('uploadId') ?? '';
      const target = upload(id, bucket, key);
      const listed = [...body.toString('utf8').matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
        number: Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(m[1])?.[1]),
        etag: unescapeXml(/<ETag>([\s\S]*?)<\/ETag>/.exec(m[1])?.[1] ?? '').trim(),
      }));
      if (listed.length === 0) throw malformedXml();
      const chosen = listed.map((part, i) => {
        if (i > 0 && part.number <= listed[i - 1].number) {
          throw new S3Error(
            'InvalidPartOrder',
            400,
            'The list of parts was not in ascending order. Parts must be ordered by part number.',
          );
        }
        const stored = target.parts.get(part.number);
        if (!stored || (stored.etag !== part.etag && stored.etag !== `"${part.etag}"`)) {
          throw new S3Error(
            'InvalidPart',
            400,
            "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
            {
              PartNumber: part.number,
            },
          );
        }
        if (i < listed.length - 1 && stored.data.length < MIN_PART_SIZE) {
          throw new S3Error(
            'EntityTooSmall',
            400,
            'Your proposed upload is smaller than the minimum allowed object size.',
            { PartNumber: part.number },
          );
        }
        return stored;
      });
      const digest = createHash('md5');
      for (const part of chosen) digest.update(Buffer.from(part.etag.replace(/"/g, ''), 'hex'));
      const etag = `"${digest.digest('hex')}-${chosen.length}"`;
      const info = await store.write(bucket, key, Buffer.concat(chosen.map((p) => p.data)), {
        ...target.described,
        etag,
      });
      uploads.delete(id);
      const location = `/${bucket}/${key}`;
      return {
        status: 200,
        headers: XML,
        body: document(
          'CompleteMultipartUploadResult',
          elements([
            ['Location', location],
            ['Bucket', bucket],
            ['Key', key],
            ['ETag', info.etag],
          ]),
        ),
      };
    },

    abort(bucket: string, key: string, req: EdgeRequest): EdgeReply {
      const id = req.query.get('uploadId') ?? '';
      upload(id, bucket, key);
      uploads.delete(id);
      return { status: 204 };
    },
  };
}
