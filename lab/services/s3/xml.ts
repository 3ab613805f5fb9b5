/** S3's XML replies. Pure. */
import { escapeXml } from '../edge';
import type { ObjectInfo } from './store';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
export const LAB_OWNER = {
  id: '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a',
  name: 'lab',
};

/** `<Name>value</Name>` for each defined field, in order. */
export function elements(fields: Array<[string, string | number | boolean | undefined]>): string {
  return fields
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
}

export function document(root: string, inner: string): string {
  return `${DECLARATION}<${root} xmlns="${S3_NAMESPACE}">${inner}</${root}>`;
}

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function contentsXml(info: ObjectInfo, encodeKey: (key: string) => string): string {
  return `<Contents>${elements([
    ['Key', encodeKey(info.key)],
    ['LastModified', isoTime(info.lastModified)],
    ['ETag', info.etag],
    ['Size', info.size],
    ['StorageClass', 'STANDARD'],
  ])}</Contents>`;
}

export function ownerXml(): string {
  return `<Owner>${elements([
    ['ID', LAB_OWNER.id],
    ['DisplayName', LAB_OWNER.name],
  ])}</Owner>`;
}

/** The `<Key>`s of a DeleteObjects request, and whether it is quiet. Throws on anything else. */
export function parseDeleteRequest(xml: string): { keys: string[]; quiet: boolean } | undefined {
  if (!/<Delete[\s>]/.test(xml)) return undefined;
  const keys = [...xml.matchAll(/<Object>\s*<Key>([\s\S]*?)<\/Key>/g)].map((m) => unescapeXml(m[1]));
  const quiet = /<Quiet>\s*true\s*<\/Quiet>/i.test(xml);
  return { keys, quiet };
}

export function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    if (entity[0] === '#') {
      return String.fromCodePoint(
        entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10),
      );
    }
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[entity];
  });
}
