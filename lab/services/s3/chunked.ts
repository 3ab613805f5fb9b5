/**
 * `aws-chunked` upload bodies, as SDK v3 sends them (`x-amz-content-sha256: STREAMING-…`): chunks of
 * `<hex size>[;chunk-signature=…]\r\n<data>\r\n`, a zero-size chunk, then optional trailers such as
 * `x-amz-checksum-crc32:…` and a blank line. Signatures are not checked. Pure.
 */

export class MalformedChunkedBody extends Error {}

export function isAwsChunked(headers: Record<string, string>): boolean {
  return (
    (headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-') ||
    (headers['content-encoding'] ?? '').split(',').some((e) => e.trim() === 'aws-chunked')
  );
}

export function decodeAwsChunked(body: Buffer): { data: Buffer; trailers: Record<string, string> } {
  const chunks: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const end = body.indexOf('\r\n', pos);
    if (end === -1) throw new MalformedChunkedBody(`aws-chunked body: no chunk header at byte ${pos}`);
    const sizeText = body.subarray(pos, end).toString('latin1').split(';')[0].trim();
    const size = /^[0-9a-fA-F]+$/.test(sizeText) ? parseInt(sizeText, 16) : NaN;
    if (!Number.isFinite(size))
      throw new MalformedChunkedBody(`aws-chunked body: bad chunk size '${sizeText}' at byte ${pos}`);
    pos = end + 2;
    if (size === 0) break;
    if (pos + size > body.length)
      throw new MalformedChunkedBody(`aws-chunked body: a chunk of ${size} bytes runs past the end`);
    chunks.push(body.subarray(pos, pos + size));
    pos += size;
    if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') {
      throw new MalformedChunkedBody(`aws-chunked body: chunk data not followed by CRLF at byte ${pos}`);
    }
    pos += 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of body.subarray(pos).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(chunks), trailers };
}
