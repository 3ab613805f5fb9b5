/** A local endpoint (the Phone Lab's edge) checks no signature: without credentials in the environment, sign with placeholders. */
export function localCredentials(): { credentials?: { accessKeyId: string; secretAccessKey: string } } {
  return process.env.AWS_ACCESS_KEY_ID
    ? {}
    : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}
