/**
 * The lab's local AWS: one edge, one provider per service. `startLab()` wires these together.
 * Keep this a plain list of `export * from` lines.
 */
export * from './edge';
export * from './sdk';

// --- other providers (scheduler, chime voice, bedrock, transcribe, media): append `export * from` lines below ---
