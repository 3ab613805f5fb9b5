/**
 * Which channels notify-owner uses, from its environment. Pure; a bad value is an error that names the
 * variable and says what it should be.
 */

export interface Channels {
  email?: { to: string; from: string };
  sms?: { to: string; originationIdentity?: string };
  linkExpiresSeconds: number;
  maxAttempts: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{1,14}$/;
/** SigV4 presigned URLs last at most seven days (and never longer than the credentials that signed them). */
const MAX_LINK_SECONDS = 604_800;

export function channelsFrom(env: Record<string, string | undefined>): Channels {
  const ownerEmail = env.OWNER_EMAIL || undefined;
  const sender = env.SENDER_EMAIL || ownerEmail;
  if (ownerEmail && !EMAIL.test(ownerEmail))
    throw new Error(`OWNER_EMAIL "${ownerEmail}" is not an email address`);
  if (sender && !EMAIL.test(sender)) throw new Error(`SENDER_EMAIL "${sender}" is not an email address`);
  const ownerSms = env.OWNER_SMS || undefined;
  if (ownerSms && !E164.test(ownerSms))
    throw new Error('OWNER_SMS is not an E.164 phone number like +12065550100');
  const linkExpiresSeconds = whole(env, 'LINK_EXPIRES_SECONDS', 86_400, 1, MAX_LINK_SECONDS);
  const maxAttempts = whole(env, 'MAX_ATTEMPTS', 4, 1, 10);
  return {
    ...(ownerEmail && sender && { email: { to: ownerEmail, from: sender } }),
    ...(ownerSms && {
      sms: {
        to: ownerSms,
        ...(env.SMS_ORIGINATION_IDENTITY && { originationIdentity: env.SMS_ORIGINATION_IDENTITY }),
      },
    }),
    linkExpiresSeconds,
    maxAttempts,
  };
}

function whole(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} "${raw}" must be a whole number from ${min} to ${max}`);
  return value;
}
