/**
 * The S3 calls of a distributed Map (ItemReader `s3:getObject` / `s3:listObjectsV2`, ResultWriter
 * `s3:putObject`), made on the lab's S3 through the AWS SDK. They are not Task integrations on AWS either:
 * state machine validation only lets a Map's ItemReader and ResultWriter name them.
 */
import type { Integration } from '../../engine/types';
import type { Clients } from './clients';
import { awsSdkError } from './errors';
import { loadSdk } from './services';

type Params = Record<string, unknown>;

export function s3MapIntegration(clients: Clients, action: string): Integration | undefined {
  const sdk = loadSdk('s3');
  const command = {
    getObject: 'GetObjectCommand',
    listObjectsV2: 'ListObjectsV2Command',
    putObject: 'PutObjectCommand',
  }[action];
  const Command = command ? (sdk?.[command] as (new (input: unknown) => unknown) | undefined) : undefined;
  if (!Command) return undefined;
  return async (task) => {
    const p = task.parameters as Params;
    const input =
      action === 'getObject'
        ? { Bucket: p.Bucket, Key: p.Key, VersionId: p.VersionId }
        : action === 'putObject'
          ? { Bucket: p.Bucket, Key: p.Key, Body: p.Body, ContentType: 'application/json' }
          : { Bucket: p.Bucket, Prefix: p.Prefix, ContinuationToken: p.ContinuationToken };
    try {
      const output = (await clients
        .get('s3')!
        .send(new Command(input), { abortSignal: task.signal })) as Params;
      if (action !== 'getObject') return output;
      const body = output.Body as { transformToString(): Promise<string> };
      return { Body: await body.transformToString() };
    } catch (error) {
      throw awsSdkError('S3', error);
    }
  };
}
