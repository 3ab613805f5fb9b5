/**
 * The lab's buckets, as files on disk under one root: `<root>/<bucket>/<sha256 of key>.data` holds an
 * object's bytes and `….json` its key and metadata (so any key S3 allows is a safe file name). An index in
 * memory, loaded at start, answers listings. The same store serves the S3 API and the lab in-process.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sortKeys } from './listing';

export interface ObjectCreated {
  bucket: string;
  key: string;
  size: number;
}

export interface ObjectStore {
  put(
    bucket: string,
    key: string,
    body: Buffer,
    meta?: { contentType?: string; metadata?: Record<string, string> },
  ): Promise<void>;
  get(
    bucket: string,
    key: string,
  ): Promise<{ body: Buffer; contentType?: string; metadata: Record<string, string> } | undefined>;
  delete(bucket: string, key: string): Promise<void>;
  /** Keys in the bucket, in S3's order. */
  list(bucket: string, prefix?: string): Promise<string[]>;
  /** Called after each object is written (PutObject, CopyObject, `put`). Returns a function that stops it. */
  onObjectCreated(listener: (e: ObjectCreated) => void): () => void;
  /** Creates the bucket if it does not exist yet. */
  createBucket(bucket: string): Promise<void>;
}

/** What S3 keeps about an object besides its bytes. */
export interface ObjectInfo {
  key: string;
  size: number;
  /** With its quotes, as S3 sends it: `"<md5 hex>"`. */
  etag: string;
  lastModified: number;
  contentType: string;
  /** User metadata, names in lower case (`x-amz-meta-<name>`). */
  metadata: Record<string, string>;
  /** Stored headers sent back on GET/HEAD: cache-control, content-disposition, x-amz-checksum-*, … */
  headers: Record<string, string>;
}

export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

interface Bucket {
  created: number;
  objects: Map<string, ObjectInfo>;
}

export class NoSuchBucketError extends Error {
  constructor(readonly bucket: string) {
    super(`the lab's S3 has no bucket '${bucket}' (create it first)`);
  }
}

export class DiskObjectStore implements ObjectStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly listeners = new Set<(e: ObjectCreated) => void>();
  /** Writes to one key happen one after another, so bytes and metadata always match. */
  private readonly writing = new Map<string, Promise<unknown>>();

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
    for (const name of readdirSync(root)) this.load(name);
  }

  private load(name: string): void {
    const dir = join(this.root, name);
    const marker = join(dir, '.bucket.json');
    if (!existsSync(marker)) return;
    const { created } = JSON.parse(readFileSync(marker, 'utf8')) as { created: number };
    const objects = new Map<string, ObjectInfo>();
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.json') || file.startsWith('.')) continue;
      const info = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ObjectInfo;
      objects.set(info.key, info);
    }
    this.buckets.set(name, { created, objects });
  }

  bucketNames(): Array<{ name: string; created: number }> {
    return [...this.buckets]
      .map(([name, b]) => ({ name, created: b.created }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  hasBucket(bucket: string): boolean {
    return this.buckets.has(bucket);
  }

  async createBucket(bucket: string): Promise<void> {
    if (this.buckets.has(bucket)) return;
    const created = Date.now();
    this.buckets.set(bucket, { created, objects: new Map() });
    await mkdir(join(this.root, bucket), { recursive: true });
    await writeFile(join(this.root, bucket, '.bucket.json'), JSON.stringify({ created }));
  }

  /** Deletes an empty bucket; returns false if it still holds objects. */
  async deleteBucket(bucket: string): Promise<boolean> {
    const b = this.bucket(bucket);
    if (b.objects.size > 0) return false;
    this.buckets.delete(bucket);
    await rm(join(this.root, bucket), { recursive: true, force: true });
    return true;
  }

  info(bucket: string, key: string): ObjectInfo | undefined {
    return this.bucket(bucket).objects.get(key);
  }

  /** Keys of a bucket in S3's order (UTF-8 binary). */
  sortedKeys(bucket: string): string[] {
    return sortKeys(this.bucket(bucket).objects.keys());
  }

  async read(bucket: string, key: string): Promise<{ info: ObjectInfo; body: Buffer } | undefined> {
    const info = this.info(bucket, key);
    if (!info) return undefined;
    try {
      return { info, body: await readFile(this.file(bucket, key, 'data')) };
    } catch {
      return undefined; // deleted while we read
    }
  }

  async write(
    bucket: string,
    key: string,
    body: Buffer,
    described: Pick<ObjectInfo, 'contentType' | 'metadata' | 'headers'> & { etag?: string },
  ): Promise<ObjectInfo> {
    const b = this.bucket(bucket);
    const info: ObjectInfo = {
      key,
      size: body.length,
      etag: described.etag ?? `"${createHash('md5').update(body).digest('hex')}"`,
      lastModified: Date.now(),
      contentType: described.contentType,
      metadata: lowerCaseNames(described.metadata),
      headers: described.headers,
    };
    await this.serially(bucket, key, async () => {
      const data = this.file(bucket, key, 'data');
      const meta = this.file(bucket, key, 'json');
      const unique = `${process.pid}.${Math.random().toString(36).slice(2)}`;
      await writeFile(`${data}.${unique}.tmp`, body);
      await rename(`${data}.${unique}.tmp`, data);
      await writeFile(`${meta}.${unique}.tmp`, JSON.stringify(info));
      await rename(`${meta}.${unique}.tmp`, meta);
      b.objects.set(key, info);
    });
    for (const listener of this.listeners) {
      try {
        listener({ bucket, key, size: info.size });
      } catch (err) {
        console.error(
          JSON.stringify({
            level: 'ERROR',
            service: 'lab-s3',
            message: 'an object-created listener failed',
            error: String(err),
          }),
        );
      }
    }
    return info;
  }

  async put(
    bucket: string,
    key: string,
    body: Buffer,
    meta: { contentType?: string; metadata?: Record<string, string> } = {},
  ): Promise<void> {
    await this.write(bucket, key, body, {
      contentType: meta.contentType ?? DEFAULT_CONTENT_TYPE,
      metadata: meta.metadata ?? {},
      headers: {},
    });
  }

  async get(
    bucket: string,
    key: string,
  ): Promise<{ body: Buffer; contentType?: string; metadata: Record<string, string> } | undefined> {
    const found = await this.read(bucket, key);
    return (
      found && { body: found.body, contentType: found.info.contentType, metadata: { ...found.info.metadata } }
    );
  }

  async delete(bucket: string, key: string): Promise<void> {
    const b = this.bucket(bucket);
    await this.serially(bucket, key, async () => {
      b.objects.delete(key);
      await rm(this.file(bucket, key, 'json'), { force: true });
      await rm(this.file(bucket, key, 'data'), { force: true });
    });
  }

  async list(bucket: string, prefix = ''): Promise<string[]> {
    return this.sortedKeys(bucket).filter((key) => key.startsWith(prefix));
  }

  onObjectCreated(listener: (e: ObjectCreated) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private bucket(name: string): Bucket {
    const b = this.buckets.get(name);
    if (!b) throw new NoSuchBucketError(name);
    return b;
  }

  private file(bucket: string, key: string, kind: 'data' | 'json'): string {
    return join(this.root, bucket, `${createHash('sha256').update(key).digest('hex')}.${kind}`);
  }

  private serially(bucket: string, key: string, work: () => Promise<void>): Promise<void> {
    const id = `${bucket}/${key}`;
    const next = (this.writing.get(id) ?? Promise.resolve()).catch(() => undefined).then(work);
    this.writing.set(id, next);
    const forget = () => {
      if (this.writing.get(id) === next) this.writing.delete(id);
    };
    next.then(forget, forget);
    return next;
  }
}

function lowerCaseNames(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([name, value]) => [name.toLowerCase(), value]));
}
