/**
 * One AWS SDK v3 client per service for one set of integrations, all aimed at the same endpoint (the
 * lab's edge, or a single local service in tests).
 */
import { createRequire } from 'node:module';
import { clientClass, loadSdk, type SdkClient } from './services';

/** Clients that default to HTTP/2 (for their streaming operations); the lab's endpoints speak HTTP/1.1. */
const HTTP2_BY_DEFAULT = new Set(['bedrock-runtime', 'transcribe-streaming']);

/** The HTTP/1.1 handler the client package itself depends on (not a dependency of ours). */
function http1Handler(pkg: string): object | undefined {
  try {
    const require = createRequire(createRequire(import.meta.url).resolve(`@aws-sdk/client-${pkg}`));
    const { NodeHttpHandler } = require('@smithy/node-http-handler') as { NodeHttpHandler: new () => object };
    return new NodeHttpHandler();
  } catch {
    return undefined;
  }
}

export interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** A handler of the caller's (the lab's in-process transport); otherwise the client's own. */
  requestHandler?: object;
}

export interface Clients {
  /** The client for `@aws-sdk/client-<pkg>`; undefined when that package is not installed. */
  get(pkg: string): SdkClient | undefined;
  destroy(): void;
}

export function createClients(config: ClientConfig): Clients {
  const clients = new Map<string, SdkClient>();
  return {
    get(pkg) {
      const existing = clients.get(pkg);
      if (existing) return existing;
      const sdk = loadSdk(pkg);
      const Client = sdk && clientClass(sdk);
      if (!Client) return undefined;
      const requestHandler =
        config.requestHandler ?? (HTTP2_BY_DEFAULT.has(pkg) ? http1Handler(pkg) : undefined);
      // local endpoints have no per-operation host prefixes (Step Functions' `sync-`, …)
      const client = new Client({
        ...config,
        forcePathStyle: true,
        disableHostPrefix: true,
        maxAttempts: 2,
        ...(requestHandler ? { requestHandler } : {}),
      });
      clients.set(pkg, client);
      return client;
    },
    destroy() {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
}

/**
 * The `SdkHttpMetadata` / `SdkResponseMetadata` pair optimized integrations add to a
 * result (docs/aws/step-functions.md §9.1-§9.3).
 */
export function sdkMetadata(output: {
  $metadata?: { httpStatusCode?: number; requestId?: string };
}): Record<string, unknown> {
  const requestId = output.$metadata?.requestId ?? 'local';
  const status = output.$metadata?.httpStatusCode ?? 200;
  const headers = { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': requestId };
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: status,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}
