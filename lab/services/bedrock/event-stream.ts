/**
 * AWS's event-stream framing (`application/vnd.amazon.eventstream`), as ConverseStream answers with it: each
 * message is a prelude (total length, headers length, CRC32 of those 8 bytes), string headers, the payload,
 * and a CRC32 of everything before it — all big-endian. The real SDK's decoder reads what this writes, so the
 * lab's ConverseStream is parsed by `@aws-sdk/client-bedrock-runtime` as AWS's is. Pure.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/RESTSelectObjectAppendix.html describes the same framing.
 */
import { crc32 } from 'node:zlib';

const STRING_HEADER = 7;

export function eventMessage(headers: Record<string, string>, payload: unknown): Buffer {
  const headerBytes = Buffer.concat(
    Object.entries(headers).map(([name, value]) => {
      const n = Buffer.from(name, 'utf8');
      const v = Buffer.from(value, 'utf8');
      const head = Buffer.alloc(1 + n.length + 1 + 2);
      head.writeUInt8(n.length, 0);
      n.copy(head, 1);
      head.writeUInt8(STRING_HEADER, 1 + n.length);
      head.writeUInt16BE(v.length, 2 + n.length);
      return Buffer.concat([head, v]);
    }),
  );
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  const total = 12 + headerBytes.length + body.length + 4;
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headerBytes.length, 4);
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  const message = Buffer.concat([prelude, headerBytes, body]);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(crc32(message), 0);
  return Buffer.concat([message, trailer]);
}

/** An event of the stream (`messageStart`, `contentBlockDelta`, …). */
export function streamEvent(type: string, payload: unknown): Buffer {
  return eventMessage(
    { ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' },
    payload,
  );
}

/** An error inside the stream (`modelStreamErrorException`, `throttlingException`, …). */
export function streamException(type: string, message: string): Buffer {
  return eventMessage(
    { ':exception-type': type, ':content-type': 'application/json', ':message-type': 'exception' },
    { message },
  );
}
