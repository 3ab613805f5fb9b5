import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { startEdge, type Edge } from '../../../../lab/services/edge';
import { labClientConfig } from '../../../../lab/services/sdk';
import { createS3Provider } from '../../../../lab/services/s3';

const Bucket = 'recordings';
const root = mkdtempSync(join(tmpdir(), 's3-test-'));
const provider = createS3Provider({ root });
let edge: Edge;
let s3: S3Client;

beforeAll(async () => {
  edge = await startEdge({ port: 0, providers: [provider] });
  s3 = new S3Client(labClientConfig(edge.url));
  await s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(async () => {
  s3.destroy();
  await edge.close();
  rmSync(root, { recursive: true, force: true });
});

const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(2000, 7)]);

describe('S3 through the edge', () => {
  it('a recording’s metadata survives a round trip: content type, user metadata, ETag = MD5', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'voicemail/call-1.wav',
        Body: wav,
        ContentType: 'audio/wav',
        Metadata: { from: 'masked', transcript: 'hi%20there' },
      }),
    );
    expect(put.ETag).toBe(`"${createHash('md5').update(wav).digest('hex')}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'voicemail/call-1.wav' }));
    expect(got.ContentType).toBe('audio/wav');
    expect(got.Metadata).toEqual({ from: 'masked', transcript: 'hi%20there' });
    expect(got.ETag).toBe(put.ETag);
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(wav);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'voicemail/call-1.wav' }));
    expect(head.ContentLength).toBe(wav.length);
    expect(head.Metadata).toEqual({ from: 'masked', transcript: 'hi%20there' });
  });

  it('a streamed upload (aws-chunked with a trailing checksum) is stored as the bytes sent', async () => {
    const chunks = [Buffer.alloc(70_000, 1), Buffer.alloc(70_000, 2)];
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'streamed.bin',
        Body: Readable.from(chunks),
        ContentLength: 140_000,
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'streamed.bin' }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(bytes.length).toBe(140_000);
    expect(bytes.equals(Buffer.concat(chunks))).toBe(true); // not toEqual: a deep equality over 140 kB is slow
  });

  it('a large recording (3 MB, sent with Expect: 100-continue) arrives whole', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 9);
    big.write('end', big.length - 3);
    await s3.send(
      new PutObjectCommand({ Bucket, Key: 'big.wav', Body: Readable.from([big]), ContentLength: big.length }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'big.wav' }));
    expect(head.ContentLength).toBe(big.length);
    expect(head.ETag).toBe(`"${createHash('md5').update(big).digest('hex')}"`);
  });

  it('a range request returns just those bytes', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'digits.txt', Body: '0123456789' }));
    const part = await s3.send(new GetObjectCommand({ Bucket, Key: 'digits.txt', Range: 'bytes=2-5' }));
    expect(await part.Body!.transformToString()).toBe('2345');
    expect(part.ContentRange).toBe('bytes 2-5/10');
    const tail = await s3.send(new GetObjectCommand({ Bucket, Key: 'digits.txt', Range: 'bytes=-3' }));
    expect(await tail.Body!.transformToString()).toBe('789');
  });

  it('a missing key is NoSuchKey and a missing bucket NoSuchBucket, as S3 words them', async () => {
    const missingKey = s3.send(new GetObjectCommand({ Bucket, Key: 'nope.wav' }));
    await expect(missingKey).rejects.toBeInstanceOf(NoSuchKey);
    await expect(missingKey).rejects.toMatchObject({ message: 'The specified key does not exist.' });
    const missingBucket = s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'x' }));
    await expect(missingBucket).rejects.toBeInstanceOf(NoSuchBucket);
    await expect(missingBucket).rejects.toMatchObject({ message: 'The specified bucket does not exist' });
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({
      name: 'NotFound',
    });
    await expect(s3.send(new HeadObjectCommand({ Bucket, Key: 'nope.wav' }))).rejects.toMatchObject({
      name: 'NotFound',
    });
  });

  it('the raw error body is S3’s XML with Code, Message and Key', async () => {
    const res = await fetch(`${edge.url}/${Bucket}/absent.wav`);
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).toContain('<Code>NoSuchKey</Code>');
    expect(text).toContain('<Message>The specified key does not exist.</Message>');
    expect(text).toContain('<Key>absent.wav</Key>');
  });

  it('listing pages through keys with a prefix, folds folders with a delimiter, and continues where it stopped', async () => {
    const keys = ['list/a.wav', 'list/b.wav', 'list/c/1.wav', 'list/c/2.wav', 'list/d.wav', 'other.wav'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x' }));
    const folded = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'list/', Delimiter: '/' }));
    expect(folded.Contents?.map((c) => c.Key)).toEqual(['list/a.wav', 'list/b.wav', 'list/d.wav']);
    expect(folded.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['list/c/']);
    expect(folded.KeyCount).toBe(4);

    const seen: string[] = [];
    let ContinuationToken: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket, Prefix: 'list/', MaxKeys: 2, ContinuationToken }),
      );
      seen.push(...(page.Contents ?? []).map((c) => c.Key!));
      ContinuationToken = page.NextContinuationToken;
      pages++;
      expect(page.IsTruncated).toBe(ContinuationToken !== undefined);
    } while (ContinuationToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(keys.filter((k) => k.startsWith('list/')));
  });

  it('the older ListObjects pages by marker', async () => {
    const first = await s3.send(new ListObjectsCommand({ Bucket, Prefix: 'list/', MaxKeys: 3 }));
    expect(first.Contents?.map((c) => c.Key)).toEqual(['list/a.wav', 'list/b.wav', 'list/c/1.wav']);
    expect(first.IsTruncated).toBe(true);
    const rest = await s3.send(new ListObjectsCommand({ Bucket, Prefix: 'list/', Marker: 'list/c/1.wav' }));
    expect(rest.Contents?.map((c) => c.Key)).toEqual(['list/c/2.wav', 'list/d.wav']);
    expect(rest.IsTruncated).toBe(false);
  });

  it('a copy carries the bytes and metadata; REPLACE takes new metadata', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'orig.wav',
        Body: wav,
        ContentType: 'audio/wav',
        Metadata: { caller: 'a' },
      }),
    );
    await s3.send(new CopyObjectCommand({ Bucket, Key: 'copy.wav', CopySource: `${Bucket}/orig.wav` }));
    const copy = await s3.send(new HeadObjectCommand({ Bucket, Key: 'copy.wav' }));
    expect(copy).toMatchObject({
      ContentType: 'audio/wav',
      Metadata: { caller: 'a' },
      ContentLength: wav.length,
    });
    await s3.send(
      new CopyObjectCommand({
        Bucket,
        Key: 'orig.wav',
        CopySource: `${Bucket}/orig.wav`,
        MetadataDirective: 'REPLACE',
        ContentType: 'audio/x-wav',
        Metadata: { heard: 'yes' },
      }),
    );
    const replaced = await s3.send(new HeadObjectCommand({ Bucket, Key: 'orig.wav' }));
    expect(replaced).toMatchObject({ ContentType: 'audio/x-wav', Metadata: { heard: 'yes' } });
  });

  it('deleting one key and several keys removes them', async () => {
    for (const Key of ['del/1', 'del/2', 'del/3'])
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x' }));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'del/1' }));
    const batch = await s3.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'del/2' }, { Key: 'del/3' }] } }),
    );
    expect(batch.Deleted?.map((d) => d.Key)).toEqual(['del/2', 'del/3']);
    const left = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'del/' }));
    expect(left.KeyCount).toBe(0);
  });

  it('keys with spaces, plus signs, unicode and dots keep their exact names', async () => {
    const Key = 'odd/a b+c/ü/../x?.wav';
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'odd' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'odd/' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual([Key]);
    expect(await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString()).toBe(
      'odd',
    );
  });

  it('virtual-host-style addressing reaches the same object', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'vhost.txt', Body: 'by host' }));
    const text = await new Promise<string>((resolve, reject) => {
      request(
        {
          host: '127.0.0.1',
          port: edge.port,
          path: '/vhost.txt',
          headers: { host: `${Bucket}.s3.localhost:${edge.port}` },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve(body));
        },
      )
        .on('error', reject)
        .end();
    });
    expect(text).toBe('by host');
  });
});

describe('the in-process object store', () => {
  it('objects put in-process are served over the API, and the API’s uploads announce themselves', async () => {
    const created: Array<{ bucket: string; key: string; size: number }> = [];
    const stop = provider.store.onObjectCreated((e) => created.push(e));
    await provider.store.put(Bucket, 'prompts/beep.wav', wav, {
      contentType: 'audio/wav',
      metadata: { Source: 'lab' },
    });
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'prompts/beep.wav' }));
    expect(got.Metadata).toEqual({ source: 'lab' });
    await s3.send(new PutObjectCommand({ Bucket, Key: 'voicemail/call-9.wav', Body: wav }));
    stop();
    await s3.send(new PutObjectCommand({ Bucket, Key: 'voicemail/after-stop.wav', Body: wav }));
    expect(created).toEqual([
      { bucket: Bucket, key: 'prompts/beep.wav', size: wav.length },
      { bucket: Bucket, key: 'voicemail/call-9.wav', size: wav.length },
    ]);
    expect(await provider.store.list(Bucket, 'voicemail/')).toEqual([
      'voicemail/after-stop.wav',
      'voicemail/call-1.wav',
      'voicemail/call-9.wav',
    ]);
    const object = await provider.store.get(Bucket, 'voicemail/call-1.wav');
    expect(object?.contentType).toBe('audio/wav');
    await provider.store.delete(Bucket, 'voicemail/call-9.wav');
    expect(await provider.store.get(Bucket, 'voicemail/call-9.wav')).toBeUndefined();
  });

  it('a store opened again on the same directory finds the buckets and objects left there', async () => {
    const again = createS3Provider({ root });
    expect(await again.store.get(Bucket, 'voicemail/call-1.wav')).toMatchObject({
      contentType: 'audio/wav',
      metadata: { from: 'masked' },
    });
  });
});
