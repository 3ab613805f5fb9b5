/** One page of a bucket listing (ListObjectsV2 and ListObjects), with prefix, delimiter and a resume point. Pure. */

export interface ListingRequest {
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  /** List only keys (and common prefixes) after this one. */
  after?: string;
}

export interface ListingPage {
  keys: string[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix on this page: where the next page starts after. */
  last?: string;
}

/** `sortedKeys` must be in UTF-8 binary order (as S3 lists them). */
export function listPage(sortedKeys: readonly string[], request: ListingRequest): ListingPage {
  const { prefix, delimiter, maxKeys, after } = request;
  const keys: string[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  for (const key of sortedKeys) {
    if (!key.startsWith(prefix)) continue;
    if (after !== undefined && compareKeys(key, after) <= 0) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const entry = cut === -1 ? key : key.slice(0, cut + delimiter!.length);
    if (cut !== -1 && entry === last) continue; // still inside the common prefix just listed
    if (cut !== -1 && after !== undefined && after.startsWith(entry)) continue; // the page before ended inside it
    if (keys.length + commonPrefixes.length >= maxKeys)
      return { keys, commonPrefixes, truncated: true, last };
    if (cut === -1) keys.push(key);
    else commonPrefixes.push(entry);
    last = entry;
  }
  return { keys, commonPrefixes, truncated: false, last };
}

export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function sortKeys(keys: Iterable<string>): string[] {
  return [...keys].sort(compareKeys);
}
