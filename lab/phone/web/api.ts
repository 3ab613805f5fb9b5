/**
 * The web phone's JSON API: one function per route, over the lab and the browsers' phones. Each returns plain
 * data (or throws BadRequest / NotFound with a message that says what is wrong); server.ts does the HTTP.
 */
import type { Lab } from '../../index';
import type { CallerHandle, PhoneEvent } from '../../pstn';
import { renderSpeech } from '../../services/media';
import { holdPromptsOf } from '../answer-wait';
import { createLabData } from './data';
import { viewOf, type ExecutionView } from './execution';
import { layoutWorkflow, type Graph } from './graph';
import { NotFound, type BrowserPhones } from './phones';
import { masked, timelineRow, type TimelineRow } from './timeline';

export class BadRequest extends Error {
  override name = 'BadRequest';
}

export interface CallView {
  transactionId: string;
  call?: unknown;
  execution?: ExecutionView;
  timeline: TimelineRow[];
}

export type Reply = { json: unknown } | { body: Buffer; contentType: string } | { status: 204 };

export function createApi(lab: Lab, phones: BrowserPhones) {
  const data = createLabData(lab);
  const graphs = new Map<string, Graph>();

  const routes: Record<
    string,
    (args: {
      params: string[];
      query: URLSearchParams;
      body: Record<string, unknown>;
    }) => Promise<Reply> | Reply
  > = {
    'GET /api/lab': async () => ({
      json: {
        numbers: lab.numbers,
        ownerNumber: lab.ownerNumber,
        now: lab.clock.now(),
        speed: lab.clock.speed,
        edgeUrl: lab.edgeUrl,
        /** Not an answer: the page times the wait for an answer to the first Speak that is none of these. */
        holdPrompts: holdPromptsOf(lab.callFlows),
        // the business profile (prompts/business-profile.json) holds the business's zone; call flows may too
        timeZone: businessTimeZone([
          (await lab.store.get(lab.bucketName, 'prompts/business-profile.json'))?.body.toString('utf8') ?? '',
          ...lab.callFlows.map((f) => f.definition),
        ]),
      },
    }),
    'POST /api/dial': ({ body }) => {
      const line = text(body, 'line');
      const from = number(body, 'from');
      try {
        return { json: phones.dial(line, from) };
      } catch (e) {
        throw new BadRequest((e as Error).message);
      }
    },
    'POST /api/phones/:id/press': async ({ params, body }) => {
      const keys = text(body, 'keys');
      if (!/^[0-9*#A-D]{1,64}$/.test(keys))
        throw new BadRequest('keys: use 0-9, *, # or A-D (at most 64 keys)');
      await live(phones.get(params[0])).press(keys);
      return { json: { ok: true } };
    },
    'POST /api/phones/:id/say': async ({ params, body }) => {
      const words = text(body, 'text');
      const seconds = body.seconds === undefined ? undefined : positive(body.seconds, 'seconds');
      const phone = live(phones.get(params[0]));
      const from = phone.events().length;
      await phone.say(words, { hold: true, ...(seconds !== undefined && { seconds }) });
      const outcome = sayOutcome(phone.events().slice(from), words);
      // the end of the speech on the lab clock: the page measures the wait for the answer from here
      return {
        json: { ok: true, outcome, ...(outcome === 'spoken' && { spokeUntil: lab.clock.now() }) },
      };
    },
    'POST /api/phones/:id/typing': ({ params, body }) => {
      if (typeof body.typing !== 'boolean') throw new BadRequest('typing: true or false');
      phones.get(params[0]).typing(body.typing);
      return { json: { ok: true } };
    },
    'POST /api/phones/:id/silence': async ({ params, body }) => {
      await phones.get(params[0]).silence(positive(body.seconds, 'seconds') * 1000);
      return { json: { ok: true } };
    },
    'POST /api/phones/:id/hangup': async ({ params }) => {
      await phones.get(params[0]).hangup();
      return { json: { ok: true } };
    },
    'POST /api/rings/:id/answer': ({ params }) => ({ json: phones.answer(params[0]) }),
    'POST /api/rings/:id/decline': ({ params }) => {
      phones.decline(params[0]);
      return { json: { ok: true } };
    },
    'GET /api/calls': () => ({ json: lab.pstn.calls().map((c) => masked(c)) }),
    'GET /api/calls/:id': ({ params }) => ({ json: callView(params[0]) }),
    'GET /api/graph/:name': ({ params }) => ({ json: graphOf(params[0]) }),
    // the lab's own data, in full: its numbers are test numbers (the PSTN log and call views stay masked, as logs)
    'GET /api/voicemails': async () => ({ json: await data.voicemails() }),
    // what the owner was sent (the lab's SES and SMS outbox)
    'GET /api/outbox': () => ({ json: lab.outbox.entries() }),
    'GET /api/schedules': () => ({ json: data.schedules() }),
    'GET /api/executions': () => ({ json: data.executions() }),
    'GET /api/audio': async ({ query }) => {
      const key = query.get('key') ?? '';
      if (!key) throw new BadRequest('audio: give ?key=<S3 key in the lab bucket>');
      const object = await lab.store.get(lab.bucketName, key);
      if (!object) throw new NotFound(`s3://${lab.bucketName}/${key} does not exist`);
      return { body: object.body, contentType: 'audio/wav' };
    },
    'GET /api/speech': async ({ query }) => {
      const wav = await renderSpeech(query.get('text') ?? '');
      return wav ? { body: wav, contentType: 'audio/wav' } : { status: 204 };
    },
    'POST /api/clock': async ({ body }) => {
      const at = Date.parse(text(body, 'at'));
      if (Number.isNaN(at)) throw new BadRequest(`at: "${String(body.at)}" is not a date and time`);
      if (at < lab.clock.now()) throw new BadRequest('at: the lab clock only moves forward');
      await lab.clock.jumpTo(at);
      return { json: { now: lab.clock.now() } };
    },
  };

  function callView(transactionId: string): CallView {
    const call = lab.pstn.calls().find((c) => c.transactionId === transactionId);
    const execution = lab.stepFunctions.executions().find((e) => e.name === `call-${transactionId}`);
    if (!call && !execution) throw new NotFound(`no call ${transactionId} in this lab`);
    return {
      transactionId,
      ...(call ? { call: masked(call) } : {}),
      ...(execution ? { execution: masked(viewOf(execution)) as ExecutionView } : {}),
      timeline: call ? lab.pstn.log(transactionId).map((entry) => timelineRow(transactionId, entry)) : [],
    };
  }

  function graphOf(name: string): Graph {
    const cached = graphs.get(name);
    if (cached) return cached;
    const machine = lab.stepFunctions.stateMachines().find((m) => m.name === name);
    if (!machine)
      throw new NotFound(
        `no state machine "${name}" (the lab has: ${lab.stepFunctions
          .stateMachines()
          .map((m) => m.name)
          .join(', ')})`,
      );
    const graph = layoutWorkflow(machine.definition);
    graphs.set(name, graph);
    return graph;
  }

  return { routes, close: () => data.close() };
}

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || !value.trim())
    throw new BadRequest(`${field}: expected a non-empty string`);
  return value.trim();
}

function number(body: Record<string, unknown>, field: string): string {
  const value = text(body, field).replace(/[\s().-]/g, '');
  if (!/^\+[1-9]\d{1,14}$/.test(value))
    throw new BadRequest(`${field}: "${value}" is not an E.164 number (e.g. +12065550123)`);
  return value;
}

function positive(value: unknown, field: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600)
    throw new BadRequest(`${field}: expected a number of seconds between 0 and 3600`);
  return n;
}

/** A call the person can still act on; pressing or speaking into an ended call is said to be pointless. */
function live(phone: CallerHandle): CallerHandle {
  if (phone.events().some((e) => e.type === 'hangup'))
    throw new BadRequest('the call has ended, so nobody hears that — dial again');
  return phone;
}

/** What became of words said: heard (recorded or by the other party), held until a recording starts, or lost. */
export function sayOutcome(events: PhoneEvent[], words: string): 'spoken' | 'held' | 'not-heard' {
  if (events.some((e) => e.type === 'words-held' && e.text === words)) return 'held';
  if (events.some((e) => e.type === 'not-heard' && e.text === words)) return 'not-heard';
  return 'spoken';
}

/**
 * The business's time zone, as its call flows set it (`"TimeZone": "America/New_York"`): the page shows lab times
 * in it, labelled. UTC when no flow names one.
 */
export function businessTimeZone(definitions: string[]): string {
  for (const definition of definitions) {
    const zone = /"TimeZone"\s*:\s*"([A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)"/.exec(definition)?.[1];
    if (zone && isZone(zone)) return zone;
  }
  return 'UTC';
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
