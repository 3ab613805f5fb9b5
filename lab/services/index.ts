/**
 * The lab's local AWS: one edge, one provider per service. `startLab()` wires these together:
 *
 *   const lambda = createLambdaProvider();            // lambda.register({ name, handler, timeoutMs })
 *   const s3 = createS3Provider({ root });            // s3.store: put/get/list/onObjectCreated in-process
 *   const edge = await startEdge({ port, providers: [await createSqsProvider(), await createDynamoDbProvider(),
 *     s3, lambda, jsonApiProvider('states', 'AWSStepFunctions.', stepFunctions), …] });
 *   new SQSClient(labClientConfig(edge.url));          // any SDK v3 client, aimed at the edge
 *
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
export * from './account';
