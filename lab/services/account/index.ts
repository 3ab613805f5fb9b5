export { labAccount, type LabAccount, type LabVoice } from './state';
export { accountProviders, chimeInventory } from './providers';
