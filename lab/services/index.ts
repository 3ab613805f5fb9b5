/**
 * The lab's local AWS: one edge, one provider per service. `startLab()` wires these together.
 * Keep this a plain list of `export * from` lines.
 */
export * from './edge';
export * from './sdk';
export * from './sqs';
export * from './dynamodb';
export * from './lambda';
export * from './s3';

// --- other providers (scheduler, chime voice, bedrock, transcribe, media): append `export * from` lines below ---
export * from './scheduler';
export * from './chime';
export * from './bedrock';
export * from './transcribe';
export * from './media';
