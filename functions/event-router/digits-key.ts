/**
 * The key for sensitive digits: DIGITS_KEY (lab, plain environment), or the secret DIGITS_KEY_SECRET_ARN
 * fetched once at cold start. If it cannot be had, sensitive digits reach the workflow as `redacted`
 * (a PIN check then fails closed) and the reason is logged.
 */
import type { RouterLogger } from './router';

export async function readDigitsKey(
  env: Record<string, string | undefined>,
  logger: RouterLogger,
): Promise<string | undefined> {
  if (env.DIGITS_KEY) return env.DIGITS_KEY;
  const secretId = env.DIGITS_KEY_SECRET_ARN;
  if (!secretId) return undefined;
  try {
    // Loaded only when configured: keeps the Secrets Manager client out of every other cold start.
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
    if (out.SecretString) return out.SecretString;
    logger.error('DIGITS_KEY_SECRET_ARN has no SecretString: sensitive digits will be redacted', {
      secretId,
    });
  } catch (error) {
    logger.error('could not read DIGITS_KEY_SECRET_ARN: sensitive digits will be redacted', {
      secretId,
      error: (error as Error).name,
    });
  }
  return undefined;
}
