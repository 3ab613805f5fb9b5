/** The lab's Step Functions: the API over the engine, its HTTP server, and the service integrations. */
export { createStepFunctionsService, serveStepFunctions, testEngineOf, type StepFunctionsService, type StepFunctionsServiceOptions } from './api';
export type { StateMachine, TestEngine } from './store';
export { createIntegrations, type Integrations, type IntegrationsOptions, type LambdaRunner } from './integrations';
