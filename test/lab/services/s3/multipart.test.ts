import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startEdge, type Edge } from '../../../../lab/services/edge';
import { labClientConfig } from '../../../../lab/services/sdk';
import { createS3Provider } from '../../../../lab/services/s3';

const Bucket = 'uploads';
let edge: Edge;
let s3: S3Client;

beforeAll(async () => {
  edge = await startEdge({ port: 0, providers: [createS3Provider()] });
  s3 = new S3Client({ ...labClientConfig(edge.url), maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(async () => {
  s3.destroy();
  await edge.close();
});

const md5 = (data: Buffer) => createHash('md5').update(data).digest();

describe('multipart uploads through the edge', () => {
  it('parts put together make the object, with S3’s multipart ETag', async () => {
    const Key = 'hold-music.wav';
    const first = Buffer.alloc(5 * 1024 * 1024, 1);
    const second = Buffer.from('the end');
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'audio/wav', Metadata: { loop: 'yes' } }),
    );
    const p1 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: first }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: second }));
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    const expectedEtag = `"${createHash('md5')
      .update(Buffer.concat([md5(first), md5(second)]))
      .digest('hex')}-2"`;
    expect(done.ETag).toBe(expectedEtag);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
    expect(got).toMatchObject({ ContentType: 'audio/wav', Metadata: { loop: 'yes' }, ETag: expectedEtag });
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    // compared as digests: a deep equality over 5 MB is slow
    expect(md5(bytes).toString('hex')).toBe(md5(Buffer.concat([first, second])).toString('hex'));
  });

  it('a part under 5 MB that is not the last is EntityTooSmall', async () => {
    const Key = 'small-parts.wav';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const p1 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'a' }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: 'b' }));
    await expect(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: p1.ETag },
              { PartNumber: 2, ETag: p2.ETag },
            ],
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'EntityTooSmall' });
  });

  it('an aborted upload is gone: its parts are refused with NoSuchUpload', async () => {
    const Key = 'aborted.wav';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
    await expect(
      s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'x' })),
    ).rejects.toMatchObject({
      name: 'NoSuchUpload',
    });
  });
});
