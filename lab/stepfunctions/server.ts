/** A standalone HTTP server for the Step Functions API, until the lab's shared edge mounts it. */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StepFunctionsService } from './api';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Serves `service` on 127.0.0.1:`port` (default 0: an ephemeral port). */
export async function serveStepFunctions(
  service: StepFunctionsService,
  port = 0,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      let text: string;
      try {
        text = await readBody(req);
      } catch {
        res.destroy(); // the client went away mid-request
        return;
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      let reply: { status: number; body: unknown };
      if (req.method !== 'POST' || !target.startsWith('AWSStepFunctions.')) {
        reply = {
          status: 400,
          body: {
            __type: 'UnknownOperationException',
            message: `Expected a POST with X-Amz-Target: AWSStepFunctions.<Operation>, got ${req.method} '${target}'`,
          },
        };
      } else {
        let body: unknown;
        try {
          body = text.trim() === '' ? {} : JSON.parse(text);
          reply = await service.handle(target, body);
        } catch (error) {
          reply = {
            status: 400,
            body: {
              __type: 'SerializationException',
              message: `The request body is not valid JSON: ${(error as Error).message}`,
            },
          };
        }
      }
      const payload = JSON.stringify(reply.body);
      const headers: Record<string, string> = {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': randomUUID(),
        'content-length': String(Buffer.byteLength(payload)),
      };
      const type = (reply.body as { __type?: string } | undefined)?.__type;
      if (reply.status >= 400 && type) headers['x-amzn-errortype'] = type;
      res.writeHead(reply.status, headers).end(payload);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
