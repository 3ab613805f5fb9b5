/**
 * The functions the workflows name, each built through its factory (lab/functions.ts) and registered with
 * the lab's Lambda, its ARN added to the substitutions; those with an S3 trigger run on each new object.
 */
import { FUNCTION_BUILDERS, type FunctionContext } from '../functions';
import type { createLambdaProvider } from '../services/lambda';
import { functionOfPlaceholder, type CallFlowFile } from '../workflows';
import { LAB_BUCKET } from './names';

/** Registers the functions; returns how to stop their S3 triggers. Throws when a workflow names a function
 *  the lab cannot run. `context.substitutions` gains `<Name>FunctionArn` for each. */
export async function registerFunctions(
  context: FunctionContext,
  lambdas: ReturnType<typeof createLambdaProvider>,
  callFlows: CallFlowFile[],
  log: (line: string) => void,
  /** counts S3-triggered invocations still running (the lab's follow-up work) */
  inFlight: { triggers: number } = { triggers: 0 },
): Promise<(() => void)[]> {
  const needed = new Set(
    callFlows.flatMap((f) => f.placeholders.map(functionOfPlaceholder).filter((n): n is string => !!n)),
  );
  const built = await Promise.all(
    Object.entries(FUNCTION_BUILDERS).map(async ([name, build]) => [name, await build(context)] as const),
  );
  const triggered = built.filter(([, fn]) => fn.s3Trigger);
  for (const [name] of triggered) needed.add(name);
  for (const name of [...needed].sort()) {
    const fn = built.find(([n]) => n === name)?.[1];
    if (fn === undefined) {
      const users = callFlows
        .filter((f) => f.placeholders.some((p) => functionOfPlaceholder(p) === name))
        .map((f) => f.file);
      throw new Error(
        `${users.join(', ')} uses the function "${name}", but the lab has no functions/${name} to run (lab/functions.ts)`,
      );
    }
    const arn = lambdas.register({ name, ...fn });
    context.substitutions[`${pascal(name)}FunctionArn`] = arn;
  }
  return triggered.map(([name, fn]) =>
    context.store.onObjectCreated(({ bucket, key, size }) => {
      if (bucket !== LAB_BUCKET || !key.startsWith(fn.s3Trigger!.prefix)) return;
      const record = {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: bucket }, object: { key, size } },
      };
      inFlight.triggers++;
      lambdas
        .invoke(name, { Records: [record] })
        .then(
          (r) =>
            r.functionError && log(`${name} failed on s3://${bucket}/${key}: ${JSON.stringify(r.payload)}`),
          (e: Error) => log(`${name} failed on s3://${bucket}/${key}: ${e.message}`),
        )
        .finally(() => inFlight.triggers--);
    }),
  );
}

function pascal(kebab: string): string {
  return kebab.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
