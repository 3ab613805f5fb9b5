import { describe, expect, it } from 'vitest';
import { crc32 } from 'node:zlib';
import { addressOf } from '../../../../lab/services/s3/address';
import { checkedChecksums } from '../../../../lab/services/s3/checksums';
import { decodeAwsChunked } from '../../../../lab/services/s3/chunked';
import { listPage } from '../../../../lab/services/s3/listing';
import { rangeOf } from '../../../../lab/services/s3/range';

describe('which bucket and key a request names', () => {
  it.each([
    ['/recordings/voicemail/a.wav', '127.0.0.1:4566', { bucket: 'recordings', key: 'voicemail/a.wav' }],
    ['/recordings', 'localhost:4566', { bucket: 'recordings', key: undefined }],
    ['/recordings/', 'localhost:4566', { bucket: 'recordings', key: undefined }],
    ['/', 'localhost:4566', {}],
    ['/a%20b%2Bc/%C3%BC', 'localhost', { bucket: 'a b+c', key: 'ü' }],
    [
      '/voicemail/a.wav',
      'recordings.s3.localhost.localstack.cloud:4566',
      { bucket: 'recordings', key: 'voicemail/a.wav' },
    ],
    ['/voicemail/a.wav', 'recordings.localhost:4566', { bucket: 'recordings', key: 'voicemail/a.wav' }],
    ['/', 'recordings.s3.us-east-1.amazonaws.com', { bucket: 'recordings', key: undefined }],
  ])('%s on host %s', (path, host, expected) => {
    expect(addressOf(path, host)).toEqual(expected);
  });
});

describe('aws-chunked upload bodies', () => {
  it('signed chunks are joined and their signatures dropped', () => {
    const body = Buffer.from(
      '5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0\r\n\r\n',
    );
    expect(decodeAwsChunked(body)).toEqual({ data: Buffer.from('hello world'), trailers: {} });
  });

  it('trailing checksums are read as trailers', () => {
    const body = Buffer.from(
      '3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\nx-amz-trailer-signature:xyz\r\n\r\n',
    );
    expect(decodeAwsChunked(body).trailers).toEqual({
      'x-amz-checksum-crc32': 'NSRBwg==',
      'x-amz-trailer-signature': 'xyz',
    });
  });

  it('a body cut short says where', () => {
    expect(() => decodeAwsChunked(Buffer.from('a\r\nabc'))).toThrow(/chunk of 10 bytes runs past the end/);
    expect(() => decodeAwsChunked(Buffer.from('zz\r\n'))).toThrow(/bad chunk size 'zz'/);
  });
});

describe('upload checksums', () => {
  const data = Buffer.from('abc');
  const good = (() => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(crc32(data) >>> 0);
    return b.toString('base64');
  })();

  it('a matching CRC32 is kept with the object', () => {
    expect(checkedChecksums(data, {}, { 'x-amz-checksum-crc32': good })).toEqual({
      'x-amz-checksum-crc32': good,
    });
  });

  it.each([
    [
      { 'x-amz-checksum-crc32': 'AAAAAA==' },
      'The CRC32 you specified did not match the calculated checksum.',
    ],
    [
      { 'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' },
      'The Content-MD5 you specified did not match what we received.',
    ],
  ])('a wrong checksum %j is BadDigest', (headers, message) => {
    expect(() => checkedChecksums(data, headers, {})).toThrow(
      expect.objectContaining({ code: 'BadDigest', message }),
    );
  });
});

describe('a page of a listing', () => {
  const keys = ['a.wav', 'dir/1', 'dir/2', 'dir/sub/3', 'e.wav', 'f/x'];
  it.each([
    ['everything', { prefix: '', maxKeys: 1000 }, { keys, commonPrefixes: [], truncated: false }],
    [
      'by prefix',
      { prefix: 'dir/', maxKeys: 1000 },
      { keys: ['dir/1', 'dir/2', 'dir/sub/3'], commonPrefixes: [], truncated: false },
    ],
    [
      'folded by delimiter',
      { prefix: '', delimiter: '/', maxKeys: 1000 },
      { keys: ['a.wav', 'e.wav'], commonPrefixes: ['dir/', 'f/'], truncated: false },
    ],
    [
      'folded under a prefix',
      { prefix: 'dir/', delimiter: '/', maxKeys: 1000 },
      { keys: ['dir/1', 'dir/2'], commonPrefixes: ['dir/sub/'], truncated: false },
    ],
    [
      'cut at max keys, common prefixes counting',
      { prefix: '', delimiter: '/', maxKeys: 2 },
      { keys: ['a.wav'], commonPrefixes: ['dir/'], truncated: true, last: 'dir/' },
    ],
    [
      'resumed after a common prefix',
      { prefix: '', delimiter: '/', maxKeys: 2, after: 'dir/' },
      { keys: ['e.wav'], commonPrefixes: ['f/'], truncated: false },
    ],
    [
      'resumed after a key',
      { prefix: '', maxKeys: 2, after: 'dir/2' },
      { keys: ['dir/sub/3', 'e.wav'], commonPrefixes: [], truncated: true, last: 'e.wav' },
    ],
    ['zero keys wanted', { prefix: '', maxKeys: 0 }, { keys: [], commonPrefixes: [], truncated: true }],
  ])('%s', (_, request, expected) => {
    expect(listPage(keys, request)).toMatchObject(expected);
  });
});

describe('a Range header', () => {
  it.each([
    ['bytes=0-4', { kind: 'part', start: 0, end: 4 }],
    ['bytes=5-', { kind: 'part', start: 5, end: 9 }],
    ['bytes=-3', { kind: 'part', start: 7, end: 9 }],
    ['bytes=8-100', { kind: 'part', start: 8, end: 9 }],
    ['bytes=10-12', { kind: 'unsatisfiable' }],
    ['bytes=5-2', { kind: 'whole' }],
    ['items=1-2', { kind: 'whole' }],
    [undefined, { kind: 'whole' }],
  ])('%s of a 10-byte object', (header, expected) => {
    expect(rangeOf(header, 10)).toEqual(expected);
  });
});
