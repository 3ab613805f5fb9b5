/**
 * The lab's command line (`npm start`, `npm run call`); every flag is in lab/cli/options.ts, and
 * `--help` on either prints them.
 */
import { startLab, type Lab } from './index';
import { banner } from './cli/banner';
import { numberFlag, parseCommandLine, timeFlag, UsageError } from './cli/options';
import { runScenarioFiles } from './cli/call';
import { latencyProfile } from './latency';
import { startTerminalPhone } from './phone/terminal';

quietByDefault();
const parsed = parseCommandLine(process.argv.slice(2));

try {
  if (parsed.kind === 'help') console.log(parsed.text);
  else if (parsed.kind === 'error') fail(parsed.message, 2);
  else if (parsed.command === 'start') await start(parsed.values);
  else process.exitCode = await runScenarioFiles(parsed.files, parsed.values);
} catch (e) {
  fail((e as Error).message, e instanceof UsageError ? 2 : 1);
}

function fail(message: string, code: number): void {
  console.error(`lab: ${message}`);
  process.exitCode = code;
}

async function start(values: Record<string, unknown>): Promise<void> {
  const at = timeFlag(values.at, 'at');
  const webPort = numberFlag(values['web-port'], 'web-port');
  const lab = await startLab({
    port: numberFlag(values.port, 'port') ?? 4566,
    speed: numberFlag(values.speed, 'speed', true) ?? 1,
    workflowsDir: values.workflows as string | undefined,
    dataDir: values.data as string | undefined,
    ...(at !== undefined && { start: at }),
    receptionist: values.receptionist === true,
    latency: latencyProfile(values.latency as string | undefined),
    ...(values.language ? { settings: { 'voice-assistant': { Language: values.language as string } } } : {}),
    log: (line) => console.log(`  ${line}`),
  });
  const { startWebPhone } = await import('./phone/web');
  const page = await (webPort !== undefined
    ? startWebPhone(lab, { port: webPort })
    : startWebPhone(lab, { port: 4567 }).catch(() => startWebPhone(lab, { port: 0 })));
  const lines = banner({
    edgeUrl: lab.edgeUrl,
    pageUrl: page.url,
    numbers: lab.numbers,
    ownerNumber: lab.ownerNumber,
    ownerPin: lab.ownerPin,
    now: lab.clock.now(),
    speed: lab.clock.speed,
    dataDir: lab.dataDir,
    pipelines: Object.keys(lab.pipelines),
  });
  console.log(lines.join('\n'));
  const stopping = once(lab);
  if (process.stdin.isTTY) startTerminalPhone(lab, { onQuit: stopping });
  else console.log('  Ctrl-C stops the lab.');
}

function once(lab: Lab): () => Promise<void> {
  let closing: Promise<void> | undefined;
  const stop = () => {
    closing ??= lab.close().then(() => process.exit(0));
    return closing;
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return stop;
}

/**
 * The AWS SDK warns about Node 20 on every start (its own switch turns that off; the lab runs fine on it), and
 * the functions' INFO logs would interleave with the call's transcript: WARN and up by default, and
 * `POWERTOOLS_LOG_LEVEL=INFO npm start` shows them all.
 */
function quietByDefault(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
}
