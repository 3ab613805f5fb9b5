/**
 * CreateSchedule / UpdateSchedule input, checked as EventBridge Scheduler checks it. Pure: returns the
 * schedule's definition or the ValidationException message (AWS's "N validation errors detected: …" form).
 */
import { isTimeZone, parseScheduleExpression, type ScheduleExpression } from './expression';

export const NAME_PATTERN = /^[0-9a-zA-Z-_.]+$/;

export interface RetryPolicy {
  maximumRetryAttempts: number;
  maximumEventAgeInSeconds: number;
}

/** A schedule as stored: the wire fields as sent (for GetSchedule) plus what the lab derived from them. */
export interface ScheduleDefinition {
  /** The request's fields, returned as-is by GetSchedule. */
  wire: {
    ScheduleExpression: string;
    ScheduleExpressionTimezone?: string;
    StartDate?: number;
    EndDate?: number;
    Description?: string;
    State: 'ENABLED' | 'DISABLED';
    KmsKeyArn?: string;
    Target: Record<string, unknown> & { Arn: string; RoleArn: string; Input?: string };
    FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
    ActionAfterCompletion: 'NONE' | 'DELETE';
  };
  groupName: string;
  expression: ScheduleExpression;
  retry: RetryPolicy;
}

/** AWS defaults: 185 retries within 24 hours. */
const DEFAULT_RETRY: RetryPolicy = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 };

export function parseSchedule(name: string, body: unknown): ScheduleDefinition | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { error: 'The request body must be a JSON object.' };
  const b = body as Record<string, unknown>;
  const errors: string[] = [];
  const need = (field: string, value: unknown) => {
    if (value === undefined || value === null)
      errors.push(`Value null at '${field}' failed to satisfy constraint: Member must not be null`);
    return value !== undefined && value !== null;
  };
  const pattern = (field: string, value: unknown, re: RegExp, max: number) => {
    if (typeof value !== 'string' || value.length < 1 || value.length > max) {
      errors.push(
        `Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have length between 1 and ${max}`,
      );
    } else if (!re.test(value)) {
      errors.push(
        `Value '${value}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${re.source}`,
      );
    }
  };
  const oneOf = (field: string, value: unknown, allowed: string[]) => {
    if (value !== undefined && !allowed.includes(value as string)) {
      errors.push(
        `Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
      );
    }
  };
  const range = (field: string, value: unknown, min: number, max: number) => {
    if (
      value !== undefined &&
      !(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)
    ) {
      errors.push(
        `Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must be between ${min} and ${max}`,
      );
    }
  };

  pattern('name', name, NAME_PATTERN, 64);
  if (b.GroupName !== undefined) pattern('groupName', b.GroupName, NAME_PATTERN, 64);
  need('scheduleExpression', b.ScheduleExpression);
  const target = (b.Target ?? undefined) as Record<string, unknown> | undefined;
  if (need('target', target)) {
    need('target.arn', target!.Arn);
    need('target.roleArn', target!.RoleArn);
    const retry = target!.RetryPolicy as Record<string, unknown> | undefined;
    range('target.retryPolicy.maximumRetryAttempts', retry?.MaximumRetryAttempts, 0, 185);
    range('target.retryPolicy.maximumEventAgeInSeconds', retry?.MaximumEventAgeInSeconds, 60, 86_400);
  }
  const window = (b.FlexibleTimeWindow ?? undefined) as Record<string, unknown> | undefined;
  if (need('flexibleTimeWindow', window)) {
    if (need('flexibleTimeWindow.mode', window!.Mode))
      oneOf('flexibleTimeWindow.mode', window!.Mode, ['OFF', 'FLEXIBLE']);
    range('flexibleTimeWindow.maximumWindowInMinutes', window!.MaximumWindowInMinutes, 1, 1440);
  }
  oneOf('state', b.State, ['ENABLED', 'DISABLED']);
  oneOf('actionAfterCompletion', b.ActionAfterCompletion, ['NONE', 'DELETE']);
  if (typeof b.Description === 'string' && b.Description.length > 512) {
    errors.push(
      `Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 512`,
    );
  }
  if (errors.length > 0)
    return {
      error: `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: ${errors.join('; ')}`,
    };

  // Semantic checks, after the shape is right (AWS reports these one at a time).
  if (window!.Mode === 'FLEXIBLE' && window!.MaximumWindowInMinutes === undefined) {
    return { error: 'MaximumWindowInMinutes is required when FlexibleTimeWindow Mode is FLEXIBLE.' };
  }
  if (window!.Mode === 'OFF' && window!.MaximumWindowInMinutes !== undefined) {
    return { error: 'MaximumWindowInMinutes must not be set when FlexibleTimeWindow Mode is OFF.' };
  }
  const timezone = b.ScheduleExpressionTimezone as string | undefined;
  if (timezone !== undefined && !isTimeZone(timezone)) return { error: `Invalid time zone: ${timezone}.` };
  const expression = parseScheduleExpression(String(b.ScheduleExpression), timezone);
  if ('error' in expression) return expression;
  if (typeof b.StartDate === 'number' && typeof b.EndDate === 'number' && b.EndDate <= b.StartDate) {
    return { error: 'The EndDate must be after the StartDate.' };
  }
  const retry = target!.RetryPolicy as Record<string, number> | undefined;
  return {
    wire: {
      ScheduleExpression: String(b.ScheduleExpression),
      ...optional(b, ['ScheduleExpressionTimezone', 'StartDate', 'EndDate', 'Description', 'KmsKeyArn']),
      State: (b.State as 'ENABLED' | 'DISABLED' | undefined) ?? 'ENABLED',
      Target: target as ScheduleDefinition['wire']['Target'],
      FlexibleTimeWindow: window as ScheduleDefinition['wire']['FlexibleTimeWindow'],
      ActionAfterCompletion: (b.ActionAfterCompletion as 'NONE' | 'DELETE' | undefined) ?? 'NONE',
    },
    groupName: (b.GroupName as string | undefined) ?? 'default',
    expression,
    retry: {
      maximumRetryAttempts: retry?.MaximumRetryAttempts ?? DEFAULT_RETRY.maximumRetryAttempts,
      maximumEventAgeInSeconds: retry?.MaximumEventAgeInSeconds ?? DEFAULT_RETRY.maximumEventAgeInSeconds,
    },
  };
}

function optional(b: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => b[n] !== undefined && b[n] !== null).map((n) => [n, b[n]]));
}
