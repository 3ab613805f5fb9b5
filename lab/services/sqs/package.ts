/**
 * `local-aws-sqs`, loaded so that a long poll wakes the moment a message is there.
 *
 * The package answers ReceiveMessage from a 10 ms `setInterval` that scans the queue: a message already
 * waiting is seen only at the first tick (10 ms later), and one sent during a long poll waits for the next
 * tick. AWS answers as soon as a message is available. The package is evaluated here with its own
 * `setInterval`, `clearInterval` and `setTimeout` (everything else untouched): each receive poll is tied to
 * its queue, scans once at once, and scans again as soon as the provider has handled a request that names
 * its queue (a send, a visibility change) or one of the package's own timers has fired for it (a visibility
 * timeout ending, a delay ending). Its 10 ms ticks stay as the fallback, so nothing waits longer than before.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { createRequestHandler as CreateRequestHandler } from 'local-aws-sqs';

type Callback = (...args: unknown[]) => void;

/** The interval the package scans a queue at during a receive; nothing else in it ticks this fast. */
const RECEIVE_TICK_MS = 10;

interface Poll {
  queue: string | undefined;
  scan: () => void;
}

/** Receive polls in progress, by their interval handle. */
const polls = new Map<NodeJS.Timeout, Poll>();
/** The queue whose code is running now (a receive starting, a poll scanning), for the timers it creates. */
let running: string | undefined;

function within<T>(queue: string | undefined, run: () => T): T {
  const outer = running;
  running = queue;
  try {
    return run();
  } finally {
    running = outer;
  }
}

/** Scans, soon, every receive poll of this queue (of every queue when the queue is not known). */
export function wakePolls(queue?: string): void {
  for (const poll of polls.values()) {
    if (queue === undefined || poll.queue === undefined || poll.queue === queue) queueMicrotask(poll.scan);
  }
}

const timers = {
  setInterval(callback: Callback, ms: number, ...args: unknown[]): NodeJS.Timeout {
    const queue = running;
    const scan = () => within(queue, () => callback(...args));
    const handle = setInterval(scan, ms);
    if (ms === RECEIVE_TICK_MS) {
      polls.set(handle, { queue, scan });
      queueMicrotask(() => polls.has(handle) && scan()); // the first scan at once, not a tick later
    }
    return handle;
  },
  clearInterval(handle: NodeJS.Timeout | undefined): void {
    if (handle === undefined) return;
    polls.delete(handle);
    clearInterval(handle);
  },
  setTimeout(callback: Callback, ms: number, ...args: unknown[]): NodeJS.Timeout {
    const queue = running;
    return setTimeout(() => {
      within(queue, () => callback(...args));
      wakePolls(queue); // a message may have become visible (visibility timeout, delay) or been moved
    }, ms);
  },
};

function load(): { createRequestHandler: typeof CreateRequestHandler } {
  const require = createRequire(import.meta.url);
  const file = require.resolve('local-aws-sqs');
  const source = readFileSync(file, 'utf8');
  if (!source.includes(`},${RECEIVE_TICK_MS}),`)) {
    throw new Error(
      `local-aws-sqs no longer polls every ${RECEIVE_TICK_MS} ms (${file}): review lab/services/sqs/package.ts`,
    );
  }
  const module = { exports: {} as Record<string, unknown> };
  const evaluate = new Function(
    'exports',
    'require',
    'module',
    '__filename',
    '__dirname',
    'setInterval',
    'clearInterval',
    'setTimeout',
    source,
  ) as (...args: unknown[]) => void;
  evaluate(
    module.exports,
    createRequire(file),
    module,
    file,
    file.replace(/[/\\][^/\\]*$/, ''),
    timers.setInterval,
    timers.clearInterval,
    timers.setTimeout,
  );
  const { createRequestHandler } = module.exports as { createRequestHandler: typeof CreateRequestHandler };
  return { createRequestHandler: patchedReceive(createRequestHandler) };
}

/** Every queue's `receive` runs with its queue named, so the poll it starts is tied to that queue. */
function patchedReceive(create: typeof CreateRequestHandler): typeof CreateRequestHandler {
  return (options) => {
    const made = create(options);
    const queues = made.service.Queues as unknown as Array<{ QueueName: string }>;
    const push = queues.push.bind(queues);
    queues.push = (...added) => {
      for (const queue of added) tieReceive(queue);
      return push(...added);
    };
    return made;
  };
}

const tied = new WeakSet<object>();

function tieReceive(queue: { QueueName: string }): void {
  const proto = Object.getPrototypeOf(queue) as { receive?: (...a: unknown[]) => unknown };
  if (tied.has(proto) || typeof proto.receive !== 'function') return;
  const receive = proto.receive;
  proto.receive = function (this: { QueueName: string }, ...args: unknown[]) {
    return within(this.QueueName, () => receive.apply(this, args));
  };
  tied.add(proto);
}

export const { createRequestHandler } = load();
