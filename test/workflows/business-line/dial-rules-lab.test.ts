/**
 * "Call this caller back" and scheduled callbacks obey the same dialling rules as "call a customer", through
 * the whole lab: a voicemail from a forged Caribbean caller ID cannot be called back, and a callback schedule
 * to a Caribbean number (made before the rules changed, or by hand) is refused when it is placed.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, DEFAULT_OWNER_PIN, type Lab } from '../../../lab';
import { runScenario } from '../../../lab/phone/run';
import { parseScenario } from '../../../lab/phone/scenario';
import { labClientConfig } from '../../../lab/services/sdk';
import type { CallerHandle } from '../../../lab/pstn';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, speed: 50 });
});
afterAll(() => lab?.close());

const run = async (yaml: string) => {
  const result = await runScenario(lab, parseScenario(yaml, 'inline.yaml'));
  expect(result.failure, result.transcript.join('\n')).toBeUndefined();
};

it('a message from a forged Jamaican caller ID cannot be called back', async () => {
  await run(`
name: a Jamaican number leaves a message after hours
line: business-line
from: '+18765550199'
at: '2026-11-24T21:00:00-05:00'
steps:
  - hear: beep.wav
  - say: 'Please call me back urgently.'
  - hangup
expect:
  voicemails: 1
`);
  await run(`
name: the owner tries to call it back
line: business-line
from: '+12065550100'
at: '2026-11-25T08:00:00-05:00'
steps:
  - hear: /please enter your PIN/i
  - press: '${DEFAULT_OWNER_PIN}#'
  - hear: /press 1 to hear your messages/i
  - press: '1'
  - hear: /from 8 7 6, 5 5 5, 0 1 9 9/i
  - hear: /press 1 to hear (it again|the recording)/i
  - press: '4'
  - hear: /calls to Jamaica are not allowed from this line/i
  - press: '9'
  - expect-hangup
expect:
  bridged: []
`);
}, 60_000);

it('a scheduled callback to the Dominican Republic is refused when it is placed, and the owner is told', async () => {
  const answered = new Promise<CallerHandle>((resolve) =>
    lab.phone(lab.ownerNumber, 'manual').onRing((ringing) => resolve(ringing.answer())),
  );
  const lambda = new LambdaClient(labClientConfig(lab.edgeUrl));
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: 'place-call',
      Payload: JSON.stringify({
        Line: lab.numbers['business-line'],
        Owner: lab.ownerNumber,
        Customer: '+18095550199',
      }),
    }),
  );
  lambda.destroy();
  expect(out.FunctionError).toBeUndefined();
  const owner = await answered;
  await owner.waitFor(/cannot be placed: calls to the Dominican Republic are not allowed/i);
  await owner.ended;
  const dialled = lab.pstn.calls().flatMap((c) => lab.pstn.log(c.transactionId));
  expect(JSON.stringify(dialled)).not.toMatch(/"To":"\+18095550199"/);
}, 60_000);
