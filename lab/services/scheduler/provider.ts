/**
 * The lab's EventBridge Scheduler over REST-JSON: schedules and schedule groups, run on the lab clock.
 * Each schedule invokes its target through `invoke(Target.Arn, Target.Input)`.
 */
import type { Clock } from '../../clock';
import type { EdgeReply, EdgeRequest, Provider } from '../edge';
import { schedulerError } from './errors';
import {
  createScheduleBook,
  type Invoke,
  type Outcome,
  type Schedule,
  type ScheduleGroup,
  type ScheduleView,
} from './schedules';
import { NAME_PATTERN, parseSchedule } from './validate';

export interface SchedulerProviderOptions {
  clock: Clock;
  /** Runs a schedule's target (the lab's Lambda, a state machine, …). A rejection counts as a failed invocation. */
  invoke: Invoke;
  accountId?: string;
  region?: string;
  log?: (message: string, fields: Record<string, unknown>) => void;
}

export interface SchedulerProvider extends Provider {
  /** Every schedule, for the lab UI. */
  schedules(): ScheduleView[];
}

const SCHEDULE = /^\/schedules\/([^/]+)$/;
const GROUP = /^\/schedule-groups\/([^/]+)$/;

export function createSchedulerProvider(options: SchedulerProviderOptions): SchedulerProvider {
  const account = options.accountId ?? '000000000000';
  const defaultRegion = options.region ?? 'us-east-1';
  const groupArn = (region: string, name: string) =>
    `arn:aws:scheduler:${region}:${account}:schedule-group/${name}`;
  const scheduleArn = (region: string, group: string, name: string) =>
    `arn:aws:scheduler:${region}:${account}:schedule/${group}/${name}`;
  const book = createScheduleBook({
    clock: options.clock,
    invoke: options.invoke,
    defaultGroupArn: groupArn(defaultRegion, 'default'),
    log: options.log,
  });

  async function handle(req: EdgeRequest): Promise<EdgeReply> {
    const schedule = SCHEDULE.exec(req.path);
    const group = GROUP.exec(req.path);
    const name = decodeURIComponent((schedule ?? group)?.[1] ?? '');
    const route = `${req.method} ${schedule ? '/schedules/{Name}' : group ? '/schedule-groups/{Name}' : req.path}`;
    const groupParam = req.query.get('groupName') ?? 'default';
    switch (route) {
      case 'POST /schedules/{Name}':
      case 'PUT /schedules/{Name}': {
        const body = parseJson(req.body);
        const def = parseSchedule(name, body);
        if ('error' in def) return schedulerError('ValidationException', def.error);
        const out =
          req.method === 'POST'
            ? book.create(name, scheduleArn(req.region, def.groupName, name), def)
            : book.update(name, def);
        return reply(out, (s) => ({ ScheduleArn: s.arn }));
      }
      case 'GET /schedules/{Name}':
        return reply(book.get(name, groupParam), describeSchedule);
      case 'DELETE /schedules/{Name}':
        return reply(book.delete(name, groupParam), () => ({}));
      case 'GET /schedules': {
        const prefix = req.query.get('NamePrefix') ?? '';
        const inGroup = req.query.get('ScheduleGroup');
        const state = req.query.get('State');
        const all = book
          .list()
          .filter(
            (s) =>
              s.name.startsWith(prefix) &&
              (!inGroup || s.def.groupName === inGroup) &&
              (!state || s.def.wire.State === state),
          )
          .map(summariseSchedule);
        return page(req, all, 'Schedules');
      }
      case 'POST /schedule-groups/{Name}': {
        if (!NAME_PATTERN.test(name) || name.length > 64) {
          return schedulerError(
            'ValidationException',
            `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME_PATTERN.source}`,
          );
        }
        return reply(book.createGroup(name, groupArn(req.region, name)), (g) => ({
          ScheduleGroupArn: g.arn,
        }));
      }
      case 'GET /schedule-groups/{Name}':
        return reply(book.group(name), describeGroup);
      case 'DELETE /schedule-groups/{Name}':
        return reply(book.deleteGroup(name), () => ({}));
      case 'GET /schedule-groups': {
        const prefix = req.query.get('NamePrefix') ?? '';
        return page(
          req,
          book
            .groups()
            .filter((g) => g.name.startsWith(prefix))
            .map(describeGroup),
          'ScheduleGroups',
        );
      }
      default:
        return schedulerError(
          'ValidationException',
          `The lab's EventBridge Scheduler does not serve ${req.method} ${req.path}.`,
        );
    }
  }

  return {
    service: 'scheduler',
    handle,
    schedules: () => book.views(),
    async close() {
      book.close();
    },
  };
}

function reply<T>(out: Outcome<T>, shape: (value: T) => object): EdgeReply {
  return 'ok' in out ? { status: 200, body: shape(out.ok) } : schedulerError(out.error, out.message);
}

/** Timestamps travel as epoch seconds in REST-JSON. */
const seconds = (ms: number) => ms / 1000;

function describeSchedule(s: Schedule): object {
  return {
    Arn: s.arn,
    GroupName: s.def.groupName,
    Name: s.name,
    ...s.def.wire,
    CreationDate: seconds(s.created),
    LastModificationDate: seconds(s.modified),
  };
}

function summariseSchedule(s: Schedule): object {
  return {
    Arn: s.arn,
    Name: s.name,
    GroupName: s.def.groupName,
    State: s.def.wire.State,
    CreationDate: seconds(s.created),
    LastModificationDate: seconds(s.modified),
    Target: { Arn: s.def.wire.Target.Arn },
  };
}

function describeGroup(g: ScheduleGroup): object {
  return {
    Arn: g.arn,
    Name: g.name,
    State: 'ACTIVE',
    CreationDate: seconds(g.created),
    LastModificationDate: seconds(g.modified),
  };
}

function page(req: EdgeRequest, items: object[], field: string): EdgeReply {
  const max = Number(req.query.get('MaxResults') ?? 100);
  if (!Number.isInteger(max) || max < 1 || max > 100) {
    return schedulerError(
      'ValidationException',
      `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must be between 1 and 100`,
    );
  }
  const token = req.query.get('NextToken');
  const start = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0)
    return schedulerError('ValidationException', 'The NextToken is not valid.');
  const next =
    start + max < items.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
  return {
    status: 200,
    body: { [field]: items.slice(start, start + max), ...(next ? { NextToken: next } : {}) },
  };
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
