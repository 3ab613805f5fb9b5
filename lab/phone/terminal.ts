/**
 * The terminal phone: dial a line, hear prompts, press keys, say things, hang up — and answer when the
 * system calls the owner's phone. One line of input per action.
 */
import { createInterface } from 'node:readline';
import type { Lab } from '../index';
import type { CallerHandle, Ringing } from '../pstn';
import { describeEvent } from './run';

const HELP = `Commands:
  dial <line> [from]     call a line (its name or number); from defaults to +12065550123
  press <keys>           press keys, e.g. press 1234#
  say <words>            speak (recorded when the system is recording)
  silence <seconds>      stay silent
  hangup                 hang up
  answer | decline       when the owner's phone rings
  calls                  list calls
  help | quit`;

export function startTerminalPhone(lab: Lab, options: { onQuit: () => void }): void {
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'phone> ' });
  let phone: CallerHandle | undefined;
  let ringing: Ringing | undefined;
  const say = (line: string) => {
    process.stdout.write(`\r${line}\n`);
    rl.prompt(true);
  };
  const follow = (handle: CallerHandle, who: string) => {
    phone = handle;
    handle.on((e) => {
      const line = describeEvent(e);
      if (line) say(`  [${who}] ${line}`);
    });
  };
  lab.phone(lab.ownerNumber, 'manual').onRing((ring) => {
    ringing = ring;
    say(
      `  ☎  the owner's phone (${ring.to}) is ringing — a call from ${ring.from}. Type "answer" or "decline".`,
    );
  });

  console.log(HELP);
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
            await need(phone).say(rest);
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

function need(phone: CallerHandle | undefined): CallerHandle {
  if (!phone) throw new Error('no call yet — dial a line first');
  return phone;
}
