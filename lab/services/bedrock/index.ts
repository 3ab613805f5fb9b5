/** The lab's Bedrock Runtime provider and its offline responder. */
export {
  OFFLINE_RESPONDER_LABEL,
  SYSTEM_PROMPT_FILE,
  createBedrockProvider,
  type BedrockProviderOptions,
} from './provider';
export {
  estimateTokens,
  fitTokens,
  isGoodbye,
  respond,
  type Responder,
  type ResponderInput,
  type ResponderOutput,
  type Turn,
} from './responder';
export { mergeFacts, parseFacts, type Fact, type FactSheet } from './facts';
export { lookupModel, type Family } from './models';
export { planFaults, type FaultPlan } from './faults';
export type { ForwardOptions } from './forward';
