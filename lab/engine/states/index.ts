/** State type → the function that runs one visit of it. */
import type { StateCall, Step } from '../execution/runtime';
import { choice } from './choice';
import { map } from './map';
import { parallel } from './parallel';
import { fail, pass, succeed } from './pass';
import { task } from './task';
import { wait } from './wait';

export const STATE_RUNNERS: Record<string, (c: StateCall) => Promise<Step>> = {
  Pass: pass,
  Task: task,
  Choice: choice,
  Wait: wait,
  Succeed: succeed,
  Fail: fail,
  Parallel: parallel,
  Map: map,
};
