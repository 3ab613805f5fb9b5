/**
 * The web phone's HTTP shell (node:http): the static page from `static/`, the JSON API of api.ts, and one
 * Server-Sent Events stream per page (`/api/events?as=<number>`) that carries phone events, rings and the PSTN log.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lab } from '../../index';
import { BadRequest, createApi, type Reply } from './api';
import { createBrowserPhones, NotFound } from './phones';
import { timelineRow } from './timeline';

export interface WebPhoneOptions {
  /** Default 4567; 0 = any free port. */
  port?: number;
  host?: string;
}

export interface WebPhone {
  url: string;
  close(): Promise<void>;
}

const STATIC = join(dirname(fileURLToPath(import.meta.url)), 'static');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
const MAX_BODY = 64 * 1024;

interface Page {
  res: ServerResponse;
  as: string;
}

export async function startWebPhone(lab: Lab, options: WebPhoneOptions = {}): Promise<WebPhone> {
  const pages = new Set<Page>();
  const push = (event: string, data: unknown, to?: (page: Page) => boolean) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const page of pages) if (!to || to(page)) page.res.write(frame);
  };
  const phones = createBrowserPhones(lab, {
    phone: (update) => push('phone', update),
    ring: (update) => push('ring', update, (p) => p.as === update.to),
    ringOver: (ringId) => push('ring-over', { ringId }),
  });
  const stopLog = lab.pstn.onLog((transactionId, entry) => {
    push('log', timelineRow(transactionId, entry));
    if (entry.kind === 'event') phones.settle(entry.event);
  });
  const api = createApi(lab, phones);
  const routes = Object.entries(api.routes).map(([route, handle]) => {
    const [method, path] = route.split(' ');
    const pattern = new RegExp(`^${path.replace(/:[a-z]+/g, '([^/]+)')}$`);
    return { method, pattern, handle };
  });

  const server = createServer((req, res) => {
    void serve(req, res).catch((e: Error) => reply(res, errorStatus(e), { message: e.message }));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://page');
    if (req.method === 'GET' && url.pathname === '/api/events')
      return events(req, res, url.searchParams.get('as') ?? '');
    if (url.pathname.startsWith('/api/')) {
      const route = routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
      if (!route) return reply(res, 404, { message: `no such API route: ${req.method} ${url.pathname}` });
      const params = route.pattern.exec(url.pathname)!.slice(1).map(decodeURIComponent);
      const body = req.method === 'POST' ? await readJson(req) : {};
      return send(res, await route.handle({ params, query: url.searchParams, body }));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return reply(res, 405, { message: 'the page only serves GET' });
    const file =
      url.pathname === '/'
        ? 'index.html'
        : normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    if (file.split(/[/\\]/).includes('..') || !TYPES[extname(file)])
      return reply(res, 404, { message: `no such file: ${url.pathname}` });
    try {
      const content = await readFile(join(STATIC, file));
      res.writeHead(200, { 'content-type': TYPES[extname(file)], 'cache-control': 'no-cache' });
      res.end(content);
    } catch {
      reply(res, 404, { message: `no such file: ${url.pathname}` });
    }
  }

  function events(req: IncomingMessage, res: ServerResponse, as: string): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write(': the Phone Lab\n\n');
    const page: Page = { res, as };
    pages.add(page);
    const leave = /^\+[1-9]\d{1,14}$/.test(as) ? phones.connect(as) : () => {};
    for (const ring of phones.rings(as)) res.write(`event: ring\ndata: ${JSON.stringify(ring)}\n\n`);
    res.write(`event: ready\ndata: ${JSON.stringify({ as })}\n\n`);
    req.on('close', () => {
      pages.delete(page);
      leave();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new Error(`the web phone cannot start: port ${options.port ?? 4567} is already in use`)
          : e,
      ),
    );
    server.listen(options.port ?? 4567, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';

  return {
    url: `http://${host}:${port}/`,
    async close() {
      stopLog();
      for (const page of pages) page.res.end();
      pages.clear();
      api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, result: Reply): void {
  if ('json' in result) return reply(res, 200, result.json);
  if ('body' in result) {
    res.writeHead(200, { 'content-type': result.contentType, 'content-length': result.body.length });
    res.end(result.body);
    return;
  }
  res.writeHead(204);
  res.end();
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(JSON.stringify(body));
}

function errorStatus(e: Error): number {
  return e instanceof BadRequest ? 400 : e instanceof NotFound ? 404 : 500;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BadRequest(`the request body is over ${MAX_BODY / 1024} KiB`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new BadRequest(`the request body is not JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new BadRequest('the request body must be a JSON object');
  return body as Record<string, unknown>;
}
