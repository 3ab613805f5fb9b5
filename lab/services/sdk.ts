/** Settings that aim any AWS SDK v3 client at a lab edge: `new SQSClient(labClientConfig(edge.url))`. */
import type { EdgeDispatch } from './edge';
import { InProcessHandler } from './in-process';

export const LAB_REGION = 'us-east-1';
export const LAB_ACCOUNT_ID = '000000000000';

export interface LabClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: true;
  /** The SDK resolves each command class's middleware stack once instead of on every request. */
  cacheMiddleware: true;
  /** Present for the lab's own clients: requests reach the edge in process, without a socket. */
  requestHandler?: InProcessHandler;
}

/**
 * `inProcess`, when given, returns the edge's dispatcher: the client then skips the socket (the SDK still
 * serialises and signs exactly as over HTTP). Without it the client talks HTTP to `edgeUrl`.
 */
export function labClientConfig(edgeUrl: string, inProcess?: () => EdgeDispatch): LabClientConfig {
  return {
    endpoint: edgeUrl,
    region: LAB_REGION,
    // The edge checks no signatures; these only let the SDK sign (the credential scope names the service).
    credentials: { accessKeyId: 'lab', secretAccessKey: 'lab' },
    forcePathStyle: true,
    cacheMiddleware: true,
    ...(inProcess ? { requestHandler: new InProcessHandler(inProcess) } : {}),
  };
}
