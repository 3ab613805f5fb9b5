/**
 * A lab whose start fails part-way (after its edge is listening) says what went wrong and closes what it
 * started, so the port is free for the next try.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../../lab';

const labs: Lab[] = [];
afterAll(async () => {
  await Promise.all(labs.map((l) => l.close()));
});

const hello = readFileSync(join(REPO_ROOT, 'examples/hello.asl.json'), 'utf8');

function folder(files: Record<string, string>, folders: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-start-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  for (const name of folders) mkdirSync(join(dir, name));
  return dir;
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a lab whose start fails', () => {
  it.each([
    ['uploading its audio fails', { audioDir: folder({}, ['not-a-file.wav']) }, /EISDIR/],
    [
      'a call flow is refused',
      {
        workflowsDir: folder({ 'broken.asl.json': hello.replace('"Next": "Hang up"', '"Next": "Nowhere"') }),
      },
      /broken\.asl\.json: .*Nowhere/,
    ],
  ])('says so and frees its port when %s', async (_, options, error) => {
    const port = await freePort();
    const workflowsDir = folder({ 'hello.asl.json': hello });
    await expect(startLab({ port, workflowsDir, ...options })).rejects.toThrow(error);
    const next = await startLab({ port, workflowsDir });
    labs.push(next);
    expect(next.edgeUrl).toContain(`:${port}`);
  });
});
