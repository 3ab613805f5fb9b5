/**
 * Call flows written for the AWS samples' router (test/lab/sample-style/flows.ts) run unmodified through
 * the lab's router and PSTN audio simulator: they load, answer, survive a hang-up at every prompt (the
 * caller's hang-up reaches them as the HANGUP failure, never as a success without digits), and fail where
 * AWS fails (a Speak over 1,000 characters is ACTION_FAILED, whose cause the flow speaks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../../lab';
import type { CallerHandle } from '../../../lab/pstn';
import { callOver, leftovers, statesEntered, taskErrors } from '../faults/aftermath';
import { flowsDir } from '../faults/flows';
import { ANSWER, assistantFlow, GOODBYE, HOURS_AUDIO, MENU_PROMPT, menuFlow, tooLongFlow } from './flows';

const CALLER = '+12065550142';
const WAIT = { timeoutMs: 300_000 };
const FLOWS = { menu: menuFlow, assistant: assistantFlow, 'too-long': tooLongFlow };

let lab: Lab;
beforeAll(async () => {
  const texts = Object.fromEntries(Object.entries(FLOWS).map(([name, flow]) => [name, JSON.stringify(flow)]));
  lab = await startLab({ port: 0, speed: 50, workflowsDir: flowsDir(texts) });
});
afterAll(() => lab?.close());

/** The call is over, its execution ended, and (within the router's clean-up, a few seconds) nothing is left. */
async function ended(phone: CallerHandle) {
  const { execution } = await callOver(lab, lab.pstn, phone.transactionId);
  const deadline = Date.now() + 8_000;
  let left = await leftovers(lab);
  while ((left.queues.length || left.running.length) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = await leftovers(lab);
  }
  expect(left).toEqual({ queues: [], running: [] });
  return execution;
}

describe('flows written for the AWS samples', () => {
  it('load: ValidateStateMachineDefinition finds nothing wrong ($.[1] paths, Repeat "0", string numbers)', async () => {
    for (const flow of Object.values(FLOWS)) {
      const { status, body } = await lab.stepFunctions.handle('ValidateStateMachineDefinition', {
        definition: JSON.stringify(flow),
      });
      expect(status).toBe(200);
      expect(body).toMatchObject({ result: 'OK', diagnostics: [] });
    }
  });

  it('answer: a menu, an answer played once with "Repeat": "0", a goodbye', async () => {
    const phone = lab.dial('menu', CALLER);
    await phone.waitFor(MENU_PROMPT, WAIT);
    await phone.press('1');
    await phone.waitFor(GOODBYE, WAIT);
    expect(await phone.ended).toMatchObject({ by: 'system' });
    const execution = await ended(phone);
    expect(execution.status).toBe('SUCCEEDED');
    expect(statesEntered(execution)).toEqual(['Menu', 'Which key?', 'Hours', 'Goodbye', 'Caller gone']);
    const played = phone.heard().filter((p) => p.key === HOURS_AUDIO);
    expect(played).toHaveLength(1);
  });

  it('answer: a model reply read as $.[1].Body.output.message.content[0].text is spoken', async () => {
    const phone = lab.dial('assistant', CALLER);
    await phone.waitFor(ANSWER, WAIT);
    expect(await phone.ended).toMatchObject({ by: 'system' });
    expect((await ended(phone)).status).toBe('SUCCEEDED');
  });

  it('fail where AWS fails: a Speak over 1,000 characters is ACTION_FAILED, and the flow speaks its cause', async () => {
    const phone = lab.dial('too-long', CALLER);
    const cause = await phone.waitFor(/Text is limited to 1,000 characters/, WAIT);
    expect(cause).toMatchObject({
      text: 'MissingRequiredActionParameter: Text is limited to 1,000 characters. Text has 1050.',
    });
    expect(await phone.ended).toMatchObject({ by: 'system' });
    const execution = await ended(phone);
    expect(execution.status).toBe('SUCCEEDED');
    expect(taskErrors(execution)).toEqual(['ACTION_FAILED', 'HANGUP']);
  });
});

const PROMPTS = [
  { flow: 'menu', prompt: 'the menu', reach: (p: CallerHandle) => p.waitFor(MENU_PROMPT, WAIT), at: 'Menu' },
  {
    flow: 'menu',
    prompt: 'the answer (PlayAudio)',
    reach: async (p: CallerHandle) => {
      await p.waitFor(MENU_PROMPT, WAIT);
      await p.press('1');
      await p.waitFor(HOURS_AUDIO, WAIT);
    },
    at: 'Hours',
  },
  {
    flow: 'menu',
    prompt: 'the goodbye',
    reach: async (p: CallerHandle) => {
      await p.waitFor(MENU_PROMPT, WAIT);
      await p.press('2');
      await p.waitFor(GOODBYE, WAIT);
    },
    at: 'Goodbye',
  },
  {
    flow: 'assistant',
    prompt: 'the model reply',
    reach: (p: CallerHandle) => p.waitFor(ANSWER, WAIT),
    at: 'Reply',
  },
  {
    flow: 'too-long',
    prompt: 'the spoken cause',
    reach: (p: CallerHandle) => p.waitFor(/Text is limited/, WAIT),
    at: 'Say what failed',
  },
];

describe('a caller who hangs up during each prompt of a sample-style flow', () => {
  it.each(PROMPTS)(
    '$flow: hanging up during $prompt reaches the flow as HANGUP',
    async ({ flow, reach, at }) => {
      const phone = lab.dial(flow, CALLER);
      await reach(phone);
      await phone.hangup();
      const execution = await ended(phone);
      // a prompt "succeeding" with the caller gone would have sent the menu on to read digits it never got
      expect(execution.status).toBe('SUCCEEDED');
      const states = statesEntered(execution);
      expect(states.slice(-2)).toEqual([at, 'Caller gone']);
      expect(taskErrors(execution).at(-1)).toBe('HANGUP');
    },
  );
});
