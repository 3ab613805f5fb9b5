/** The lab's Chime SDK Voice provider (Create/UpdateSipMediaApplicationCall). */
export {
  createChimeVoiceProvider,
  type ChimeVoiceProviderOptions,
  type SipMediaApplicationCalls,
} from './provider';
export { ChimeVoiceError, TransactionNotFoundError, type ChimeVoiceErrorName } from './errors';
export type { CreateCallInput, UpdateCallInput } from './validate';
