/** Which bucket and key a request names: virtual-host style (`bucket.s3.<host>`, `bucket.localhost`) or path style. Pure. */

export interface S3Address {
  bucket?: string;
  key?: string;
}

export class MalformedUri extends Error {}

export function addressOf(path: string, host: string | undefined): S3Address {
  const bucketInHost = bucketFromHost(host ?? '');
  if (bucketInHost) {
    const key = decode(path.slice(1));
    return { bucket: bucketInHost, key: key === '' ? undefined : key };
  }
  const rest = path.slice(1);
  if (rest === '') return {};
  const slash = rest.indexOf('/');
  const bucket = decode(slash === -1 ? rest : rest.slice(0, slash));
  const key = slash === -1 ? '' : decode(rest.slice(slash + 1));
  return { bucket, key: key === '' ? undefined : key };
}

function bucketFromHost(host: string): string | undefined {
  const hostname = host.startsWith('[') ? '' : host.replace(/:\d+$/, '').toLowerCase();
  const s3 = /^(.+?)\.s3[.-]/.exec(hostname);
  if (s3) return s3[1];
  if (hostname.endsWith('.localhost')) return hostname.slice(0, -'.localhost'.length);
  return undefined;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new MalformedUri(`Couldn't parse the specified URI.`);
  }
}

/** S3's bucket naming rules (the ones a lab user can trip over). */
export function isValidBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !/\.\.|^\d+\.\d+\.\d+\.\d+$/.test(name);
}
