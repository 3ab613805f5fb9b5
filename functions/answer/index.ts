/**
 * functions/answer — the model's answer streamed (Bedrock ConverseStream), its first sentence sent to the
 * call while the rest is generated (answer.ts). Invoked by the voice-assistant workflow with the system
 * prompt, the conversation and the call's TransactionId; returns `AnswerResult`.
 *
 * Environment (read once, at cold start): MODEL_ID (a model or inference profile id),
 * SIP_MEDIA_APPLICATION_ID. The Phone Lab builds it through `createAnswer` (lab/functions.ts).
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';
import { createAnswer } from './answer';

export {
  createAnswer,
  InvalidAnswerRequest,
  type AnswerDeps,
  type AnswerRequest,
  type AnswerResult,
} from './answer';
export { completeFirstSentence, spoken, MAX_SPOKEN } from './sentences';

export const handler = createAnswer({
  bedrock: new BedrockRuntimeClient({}),
  chime: new ChimeSDKVoiceClient({}),
  modelId: process.env.MODEL_ID ?? '',
  sipMediaApplicationId: process.env.SIP_MEDIA_APPLICATION_ID ?? '',
});
