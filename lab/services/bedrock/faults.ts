/**
 * Faults a test or scenario asks for through the model id, so a workflow needs no change to meet them:
 *
 * | model id              | what happens                                                              |
 * |-----------------------|---------------------------------------------------------------------------|
 * | `lab.slow-5s`         | answers after 5 s of lab time (also `lab.slow-1500ms`)                    |
 * | `lab.throttle`        | every request: ThrottlingException (429)                                  |
 * | `lab.throttle-2`      | the first 2 requests to this model id are throttled, then it answers      |
 * | `lab.error`           | ModelErrorException (424)                                                 |
 * | `lab.timeout`         | ModelTimeoutException (408)                                               |
 * | `lab.unavailable`     | ServiceUnavailableException (503)                                         |
 * | `lab.fast`            | answers at once (the plain offline responder under a lab id)              |
 * | `lab.break-stream`    | ConverseStream: the first sentence, then a modelStreamErrorException      |
 *
 * Faults combine with dots: `lab.slow-8s.error` waits 8 s, then fails. Lab ids speak the Nova format.
 * Pure: `planFaults` reads the id; the provider acts on the plan.
 */

export type BedrockErrorName =
  | 'ThrottlingException'
  | 'ModelErrorException'
  | 'ModelTimeoutException'
  | 'ServiceUnavailableException'
  | 'ValidationException'
  | 'ResourceNotFoundException'
  | 'AccessDeniedException'
  | 'InternalServerException';

export interface FaultPlan {
  latencyMs: number;
  /** Throttle the first n requests (Infinity = always). */
  throttleFirst: number;
  fail?: { name: BedrockErrorName; message: string };
  /** ConverseStream fails after the first sentence (Converse and InvokeModel are unaffected). */
  breakStream?: boolean;
}

export function planFaults(faults: string | undefined): FaultPlan | { error: string } {
  const plan: FaultPlan = { latencyMs: 0, throttleFirst: 0 };
  for (const fault of (faults ?? '').split('.').filter(Boolean)) {
    const slow = /^slow-(\d+(?:\.\d+)?)(ms|s)$/.exec(fault);
    const throttle = /^throttle(?:-(\d+))?$/.exec(fault);
    if (slow) plan.latencyMs += Number(slow[1]) * (slow[2] === 's' ? 1000 : 1);
    else if (throttle) plan.throttleFirst = throttle[1] === undefined ? Infinity : Number(throttle[1]);
    else if (fault === 'error')
      plan.fail = {
        name: 'ModelErrorException',
        message: 'The model returned an error (lab fault: lab.error).',
      };
    else if (fault === 'timeout')
      plan.fail = {
        name: 'ModelTimeoutException',
        message: 'Model has timed out in processing the request. Try your request again.',
      };
    else if (fault === 'unavailable')
      plan.fail = {
        name: 'ServiceUnavailableException',
        message: 'Bedrock is unable to process your request.',
      };
    else if (fault === 'denied')
      plan.fail = {
        name: 'AccessDeniedException',
        message: "You don't have access to the model with the specified model ID.",
      };
    else if (fault === 'break-stream') plan.breakStream = true;
    else if (fault !== 'fast') {
      return {
        error: `Unknown lab fault '${fault}' in the model id. Lab faults: slow-<n>s, slow-<n>ms, throttle, throttle-<n>, error, timeout, unavailable, denied, break-stream, fast.`,
      };
    }
  }
  return plan;
}

export const THROTTLED_MESSAGE = 'Too many requests, please wait before trying again.';
