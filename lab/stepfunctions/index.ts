/**
 * The lab's Step Functions: the API over the engine, its HTTP server, and the service integrations.
 *
 *   const integrations = createIntegrations({ clientConfig: labClientConfig(edge.url), lambda: runFunction });
 *   const engine = createEngine({ clock, integrations });
 *   const states = createStepFunctionsService({ engine, clock, integrations, substitutions: { BucketName: … } });
 *   edge provider for SigV4 service `states`:  states.handle(headers['x-amz-target'], JSON.parse(body))
 *   or on its own port:                         await serveStepFunctions(states, 0)
 */
export {
  createStepFunctionsService,
  serveStepFunctions,
  testEngineOf,
  type StepFunctionsService,
  type StepFunctionsServiceOptions,
} from './api';
export type { StateMachine, TestEngine } from './store';
export {
  createIntegrations,
  type Integrations,
  type IntegrationsOptions,
  type LambdaRunner,
} from './integrations';
