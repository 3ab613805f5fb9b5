/**
 * A tiny HTTP stand-in for the REST services whose lab providers live elsewhere (Bedrock Runtime
 * InvokeModel, S3 GetObject, Lambda Invoke), speaking just enough of each wire protocol for the
 * integrations' result shapes and error names to be checked.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startFakeRest(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = decodeURIComponent(req.url ?? '');
      let m: RegExpExecArray | null;
      if ((m = /^\/model\/([^/]+)\/invoke$/.exec(url))) {
        if (m[1] === 'missing-model') {
          res
            .writeHead(404, {
              'content-type': 'application/json',
              'x-amzn-errortype': 'ResourceNotFoundException',
            })
            .end(JSON.stringify({ message: 'Model not found' }));
          return;
        }
        const prompt = (JSON.parse(body) as { prompt: string }).prompt;
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ completion: `You asked: ${prompt}`, model: m[1] }));
      } else if ((m = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url))) {
        const payload = JSON.parse(body) as { fail?: boolean };
        if (m[1]!.replace(/^.*function:/, '') === 'nope') {
          res
            .writeHead(404, {
              'content-type': 'application/json',
              'x-amzn-errortype': 'ResourceNotFoundException',
            })
            .end(JSON.stringify({ Type: 'User', Message: 'Function not found: nope' }));
        } else if (payload.fail) {
          res
            .writeHead(200, {
              'content-type': 'application/json',
              'x-amz-function-error': 'Unhandled',
              'x-amz-executed-version': '$LATEST',
            })
            .end(JSON.stringify({ errorType: 'TypeError', errorMessage: 'boom', trace: ['at x'] }));
        } else {
          res
            .writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' })
            .end(JSON.stringify({ ok: true, got: payload }));
        }
      } else if ((m = /^\/media\/(.+?)(\?.*)?$/.exec(url)) && req.method === 'GET') {
        if (m[1] === 'prompts/hello.txt')
          res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5' }).end('hello');
        else
          res
            .writeHead(404, { 'content-type': 'application/xml' })
            .end(
              '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><RequestId>r1</RequestId></Error>',
            );
      } else {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
