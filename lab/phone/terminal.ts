/**
 * The terminal phone: dial a line, hear prompts, press keys, say things, hang up — and answer when the
 * system calls the owner's phone. One line of input per action.
 */
import { createInterface } from 'node:readline';
import type { Lab } from '../index';
import type { CallerHandle, Ringing } from '../pstn';
import { explainCall } from './explain';
import { describeEvent } from './run';

const HELP = `Commands:
  dial <line> [from]     call a line (its name or number); from defaults to +12065550123
  press <keys>           press keys, e.g. press 1234#
  say <words>            speak; typed before a recording starts, the words wait for it and are
                         spoken when it starts; while you type, the recording waits for you
  silence <seconds>      stay silent
  hangup                 hang up
  answer | decline       when the owner's phone rings
  time [<time>]          the lab's clock; with a time (2026-11-23T21:30:00-05:00), move it forward to it
  calls                  list calls
  help | quit`;

export interface TerminalPhoneOptions {
  onQuit: () => void;
  /** Default: the process's stdin and stdout (tests pass streams of their own). */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export function startTerminalPhone(lab: Lab, options: TerminalPhoneOptions): void {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const rl = createInterface({ input, output, prompt: 'phone> ', terminal: input === process.stdin });
  let phone: CallerHandle | undefined;
  let ringing: Ringing | undefined;
  const say = (line: string) => {
    output.write(`\r${line}\n`);
    rl.prompt(true);
  };
  const follow = (handle: CallerHandle, who: string) => {
    phone = handle;
    handle.on((e) => {
      const line = describeEvent(e);
      if (line) say(`  [${who}] ${line}`);
      // the PIN prompt is no dead end in the lab: the banner's PIN, again where it is needed
      if (e.type === 'prompt' && /enter your PIN/i.test(e.text ?? ''))
        say(`  (lab: the owner's PIN is ${lab.ownerPin} — type: press ${lab.ownerPin}#)`);
      if (e.type === 'hangup')
        void explainWhenSettled(lab, handle.transactionId, (why) => say(`  [${who}] why: ${why}`));
    });
  };
  watchTyping(rl, input, () => phone);
  lab.phone(lab.ownerNumber, 'manual').onRing((ring) => {
    ringing = ring;
    say(
      `  ☎  the owner's phone (${ring.to}) is ringing — a call from ${ring.from}. Type "answer" or "decline".`,
    );
  });

  output.write(`${HELP}\n`);
  rl.prompt();
  rl.on('line', (input) => {
    const [verb = '', ...args] = input.trim().split(/\s+/);
    const rest = args.join(' ');
    void (async () => {
      try {
        switch (verb) {
          case '':
            break;
          case 'dial':
            if (!args[0]) throw new Error('dial which line? e.g. dial business-line');
            follow(lab.dial(args[0], args[1] ?? '+12065550123'), 'caller');
            break;
          case 'press':
            await need(phone).press(rest);
            break;
          case 'say':
            if (!rest) throw new Error('say what? e.g. say I would like to book a service');
            await need(phone).say(rest, { hold: true });
            break;
          case 'silence':
            await need(phone).silence(Number(rest) * 1000);
            break;
          case 'hangup':
            await need(phone).hangup();
            break;
          case 'answer':
            if (!ringing) throw new Error('nothing is ringing');
            follow(ringing.answer(), 'owner');
            ringing = undefined;
            break;
          case 'decline':
            if (!ringing) throw new Error('nothing is ringing');
            ringing.decline();
            ringing = undefined;
            break;
          case 'time':
            if (args[0]) await setTime(lab, args[0]);
            say(`  lab time ${new Date(lab.clock.now()).toISOString()} (${lab.clock.speed}x)`);
            break;
          case 'calls':
            for (const c of lab.pstn.calls())
              say(`  ${c.transactionId}  ${c.direction}  ${c.state}  ${c.legs.length} leg(s)`);
            break;
          case 'help':
            say(HELP);
            break;
          case 'quit':
          case 'exit':
            rl.close();
            return;
          default:
            say(`  unknown command "${verb}" — type help`);
        }
      } catch (e) {
        say(`  ${(e as Error).message}`);
      }
      rl.prompt();
    })();
  });
  rl.on('close', () => options.onQuit());
}

/** Moves the lab clock forward to `at` (never back: timers and schedules already past would be lost). */
async function setTime(lab: Lab, at: string): Promise<void> {
  const target = Date.parse(at);
  if (!Number.isFinite(target)) throw new Error(`"${at}" is not a time like 2026-11-23T21:30:00-05:00`);
  if (target < lab.clock.now())
    throw new Error('the lab clock only moves forward (start with --at for an earlier time)');
  await lab.clock.jumpTo(target);
}

/**
 * While the person types after "say ", the phone tells the call they are speaking, so a recording's silence
 * timeout does not run out mid-sentence; clearing the line ends it.
 */
function watchTyping(
  rl: ReturnType<typeof createInterface>,
  input: NodeJS.ReadableStream,
  phone: () => CallerHandle | undefined,
): void {
  let typing = false;
  input.on('keypress', () => {
    setImmediate(() => {
      const now = /^\s*say\s+\S/.test(rl.line);
      if (now === typing) return;
      typing = now;
      // sending the words (Enter) ends the typing by itself (see rl.on('line')); this is starting, or giving up
      phone()?.typing(now);
    });
  });
  rl.on('line', () => {
    typing = false;
  });
}

/** After a call ends, what went wrong in it (once its workflow has ended, or after 3 s). */
async function explainWhenSettled(
  lab: Lab,
  transactionId: string,
  print: (line: string) => void,
): Promise<void> {
  const deadline = Date.now() + 3000;
  const running = () =>
    lab.stepFunctions.executions().some((e) => e.name === `call-${transactionId}` && e.status === 'RUNNING');
  while (running() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const why of explainCall(lab, transactionId)) print(why);
}

function need(phone: CallerHandle | undefined): CallerHandle {
  if (!phone) throw new Error('no call yet — dial a line first');
  if (phone.events().some((e) => e.type === 'hangup'))
    throw new Error('the call has ended, so nobody hears that — dial again');
  return phone;
}
