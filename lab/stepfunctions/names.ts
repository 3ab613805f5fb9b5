/** Names and ARNs of state machines and executions (docs/aws/step-functions.md §8.3). */
import { apiErrors } from './errors';

/** 1-80 chars; no whitespace, `< > { } [ ] ? * " # % \ ^ | ~ \` $ & , ; : /`, or control characters. */
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/u;

function hasControl(name: string): boolean {
  return [...name].some((c) => {
    const code = c.codePointAt(0)!;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

export function isValidName(name: string): boolean {
  return name.length >= 1 && [...name].length <= 80 && !FORBIDDEN.test(name) && !hasControl(name);
}

export function checkName(name: string): void {
  if (!isValidName(name)) throw apiErrors.invalidName(name);
}

export function stateMachineArn(region: string, accountId: string, name: string): string {
  return `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;
}

export function checkStateMachineArn(arn: string): void {
  if (!/^arn:aws[\w-]*:states:[^:]*:\d*:stateMachine:[^:]+$/.test(arn)) throw apiErrors.invalidArn(arn);
}

export function checkExecutionArn(arn: string): void {
  if (!/^arn:aws[\w-]*:states:[^:]*:\d*:(execution|express):[^:]+:[^:]+(:[^:]+)?$/.test(arn))
    throw apiErrors.invalidArn(arn);
}
