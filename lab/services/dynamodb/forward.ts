/** Hands a request on to dynalite's own HTTP server and brings its reply back. */
import { request as httpRequest, type Agent } from 'node:http';
import type { EdgeReply, EdgeRequest } from '../edge';

/** Headers that belong to one hop, not to the request or reply they travel with. */
const HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'expect',
  'upgrade',
]);

export function forward(
  target: { host: string; port: number; agent: Agent },
  req: EdgeRequest,
): Promise<EdgeReply> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (!HOP_HEADERS.has(name)) headers[name] = value;
  headers['content-length'] = String(req.body.length);
  const search = req.query.toString();
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: target.host,
        port: target.port,
        agent: target.agent,
        method: req.method,
        path: req.path + (search ? `?${search}` : ''),
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const replyHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined && !HOP_HEADERS.has(name))
              replyHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 502, headers: replyHeaders, body: Buffer.concat(chunks) });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}
