/** `maxResults` / `nextToken` paging over a list, as the Step Functions list operations do it. */
import { apiErrors } from './errors';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/**
 * @param scope ties a token to the list it came from (e.g. the execution ARN); a token from elsewhere,
 *   or one that is not ours, is `InvalidToken`.
 */
export function page<T>(
  all: T[],
  request: { maxResults?: unknown; nextToken?: unknown },
  scope: string,
  defaultMax = 100,
): Page<T> {
  const max = request.maxResults === undefined || request.maxResults === 0 ? defaultMax : request.maxResults;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0 || max > 1000) {
    throw apiErrors.validation(
      'maxResults',
      'Member must have value less than or equal to 1000',
      request.maxResults as number,
    );
  }
  const offset = request.nextToken === undefined ? 0 : readToken(request.nextToken, scope);
  const items = all.slice(offset, offset + max);
  const next = offset + items.length;
  return next < all.length
    ? { items, nextToken: Buffer.from(JSON.stringify({ o: next, s: scope })).toString('base64url') }
    : { items };
}

function readToken(token: unknown, scope: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as {
      o?: unknown;
      s?: unknown;
    };
    if (parsed.s === scope && typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0)
      return parsed.o;
  } catch {
    // fall through
  }
  throw apiErrors.invalidPageToken();
}
