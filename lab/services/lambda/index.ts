/**
 * Lambda for the lab: the registry of in-process functions, and the Invoke REST API over it
 * (`POST /2015-03-31/functions/{name}/invocations`, plus GetFunction and GetFunctionConfiguration).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import type { EdgeReply, EdgeRequest, Provider } from '../edge';
import {
  createLambdaRegistry,
  FunctionNotFound,
  functionArn,
  functionNameOf,
  PAYLOAD_LIMIT,
  type LambdaRegistry,
} from './registry';

export { functionArn, functionNameOf, FunctionNotFound } from './registry';
export type { InvokeResult, LambdaContext, LambdaFunction, LambdaRegistry } from './registry';

const JSON_TYPE = 'application/json';

/**
 * `clock` times the timeouts and the asynchronous retries. Default: real time. Handlers wait in real time
 * (the router's turn budget, its SQS long polls), so a lab clock running faster than real time would cut
 * them short: pass the lab clock only when it runs at speed 1, or for tests on a manual clock.
 */
export function createLambdaProvider(options: { clock?: Clock } = {}): Provider & LambdaRegistry {
  const registry = createLambdaRegistry(options);

  async function invocation(name: string, req: EdgeRequest): Promise<EdgeReply> {
    const fn = registry.get(name);
    if (!fn) return notFound(name);
    const type = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
    const limit = type === 'Event' ? 1024 * 1024 : PAYLOAD_LIMIT; // asynchronous invocations: 1 MB
    if (req.body.length > limit) {
      return lambdaError(
        413,
        'RequestEntityTooLargeException',
        `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
      );
    }
    let payload: unknown = {};
    if (req.body.length > 0) {
      try {
        payload = JSON.parse(req.body.toString('utf8'));
      } catch (err) {
        return lambdaError(
          400,
          'InvalidRequestContentException',
          `Could not parse request body into json: ${(err as Error).message}`,
        );
      }
    }
    const executed = { 'x-amz-executed-version': '$LATEST' };
    switch (type) {
      case 'DryRun':
        return { status: 204, headers: executed };
      case 'Event':
        registry.invokeAsync(fn.arn, payload);
        return { status: 202, headers: {} };
      case 'RequestResponse': {
        const result = await registry.invoke(fn.arn, payload);
        let body = JSON.stringify(result.payload);
        const headers: Record<string, string> = { ...executed, 'content-type': JSON_TYPE };
        if (Buffer.byteLength(body) > PAYLOAD_LIMIT) {
          body = JSON.stringify({
            errorType: 'Function.ResponseSizeTooLarge',
            errorMessage: `Response payload size exceeded maximum allowed payload size (${PAYLOAD_LIMIT} bytes).`,
          });
          headers['x-amz-function-error'] = 'Unhandled';
        } else if (result.functionError) {
          headers['x-amz-function-error'] = result.functionError;
        }
        return { status: 200, headers, body };
      }
      default:
        return lambdaError(
          400,
          'InvalidParameterValueException',
          `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
        );
    }
  }

  function configuration(name: string): EdgeReply {
    const fn = registry.get(name);
    if (!fn) return notFound(name);
    return {
      status: 200,
      headers: { 'content-type': JSON_TYPE },
      body: {
        FunctionName: fn.name,
        FunctionArn: fn.arn,
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Timeout: Math.ceil(fn.timeoutMs / 1000),
        MemorySize: 128,
        Version: '$LATEST',
        State: 'Active',
        LastUpdateStatus: 'Successful',
        PackageType: 'Zip',
        Environment: { Variables: fn.environment ?? {} },
      },
    };
  }

  return {
    ...registry,
    service: 'lambda',
    async handle(req: EdgeRequest): Promise<EdgeReply> {
      if (/^\/2015-03-31\/functions\/?$/.test(req.path) && req.method === 'GET') {
        const Functions = registry.names().map((name) => configuration(name).body);
        return { status: 200, headers: { 'content-type': JSON_TYPE }, body: { Functions } };
      }
      const match = /^\/2015-03-31\/functions\/([^/]+)(\/invocations|\/configuration)?\/?$/.exec(req.path);
      if (!match)
        return lambdaError(
          404,
          'UnknownOperationException',
          `The lab's Lambda does not serve ${req.method} ${req.path}`,
        );
      const name = decodeURIComponent(match[1]);
      const qualifier = req.query.get('Qualifier');
      if (qualifier && qualifier !== '$LATEST') return notFound(`${name}:${qualifier}`);
      if (match[2] === '/invocations' && req.method === 'POST') return invocation(name, req);
      if (match[2] === '/configuration' && req.method === 'GET') return configuration(name);
      if (!match[2] && req.method === 'GET') {
        const config = configuration(name);
        if (config.status !== 200) return config;
        return {
          ...config,
          body: { Configuration: config.body, Code: { RepositoryType: 'S3', Location: '' } },
        };
      }
      return lambdaError(
        404,
        'UnknownOperationException',
        `The lab's Lambda does not serve ${req.method} ${req.path}`,
      );
    },
  };
}

function notFound(nameOrArn: string): EdgeReply {
  const arn = nameOrArn.startsWith('arn:')
    ? nameOrArn
    : functionArn(functionNameOf(nameOrArn)) + qualifierOf(nameOrArn);
  return lambdaError(404, 'ResourceNotFoundException', new FunctionNotFound(arn).message);
}

function qualifierOf(nameOrArn: string): string {
  const name = functionNameOf(nameOrArn);
  const rest = nameOrArn.slice(nameOrArn.lastIndexOf(name) + name.length);
  return rest.startsWith(':') ? rest : '';
}

function lambdaError(status: number, type: string, message: string): EdgeReply {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID() },
    body: { Type: status >= 500 ? 'Service' : 'User', message, Message: message },
  };
}
