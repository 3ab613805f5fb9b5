/** Settings that aim any AWS SDK v3 client at a lab edge: `new SQSClient(labClientConfig(edge.url))`. */
export const LAB_REGION = 'us-east-1';
export const LAB_ACCOUNT_ID = '000000000000';

export function labClientConfig(edgeUrl: string): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: true;
} {
  return {
    endpoint: edgeUrl,
    region: LAB_REGION,
    // The edge checks no signatures; these only let the SDK sign (the credential scope names the service).
    credentials: { accessKeyId: 'lab', secretAccessKey: 'lab' },
    forcePathStyle: true,
  };
}
