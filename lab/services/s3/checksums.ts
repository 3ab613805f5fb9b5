/** The checksums a client may send with an upload (Content-MD5, x-amz-checksum-*), checked as S3 checks them. Pure. */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { badDigest } from './errors';

const CHECKED: Record<string, { name: string; digest: (data: Buffer) => string }> = {
  'x-amz-checksum-crc32': { name: 'CRC32', digest: (data) => uint32(crc32(data)) },
  'x-amz-checksum-sha1': { name: 'SHA1', digest: (data) => createHash('sha1').update(data).digest('base64') },
  'x-amz-checksum-sha256': {
    name: 'SHA256',
    digest: (data) => createHash('sha256').update(data).digest('base64'),
  },
};

/**
 * Throws BadDigest when a checksum does not match the bytes received. Returns the `x-amz-checksum-*` values
 * to keep with the object. CRC32C and CRC64NVME are kept but not checked (Node has no built-in for them).
 */
export function checkedChecksums(
  data: Buffer,
  headers: Record<string, string>,
  trailers: Record<string, string>,
): Record<string, string> {
  const md5 = headers['content-md5'];
  if (md5 && createHash('md5').update(data).digest('base64') !== md5) {
    throw badDigest('The Content-MD5 you specified did not match what we received.');
  }
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...headers, ...trailers })) {
    if (
      !name.startsWith('x-amz-checksum-') ||
      name === 'x-amz-checksum-type' ||
      name === 'x-amz-checksum-algorithm'
    )
      continue;
    const check = CHECKED[name];
    if (check && check.digest(data) !== value) {
      throw badDigest(`The ${check.name} you specified did not match the calculated checksum.`);
    }
    kept[name] = value;
  }
  return kept;
}

function uint32(value: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes.toString('base64');
}
