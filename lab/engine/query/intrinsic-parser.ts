/** Parser for intrinsic function calls: `States.Format('Hi {}', $.name)`. */

export type IntrinsicArg =
  | { kind: 'literal'; value: unknown; raw?: string }
  | { kind: 'path'; path: string }
  | { kind: 'call'; name: string; args: IntrinsicArg[] };

export type IntrinsicCall = Extract<IntrinsicArg, { kind: 'call' }>;

export const looksLikeIntrinsic = (text: string) => /^\s*States\.[A-Za-z0-9_.]*\s*\(/.test(text);

/** Parses a whole intrinsic call; throws an Error describing what is wrong. */
export function parseIntrinsic(text: string): IntrinsicCall {
  let pos = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at position ${pos} of ${text}`);
  };
  const skip = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };

  const call = (depth: number): IntrinsicCall => {
    if (depth > 10) fail('intrinsic functions nest deeper than 10 levels');
    const m = /^States\.[A-Za-z0-9_.]+/.exec(text.slice(pos));
    if (!m) fail('expected an intrinsic function name');
    pos += m![0].length;
    skip();
    if (text[pos] !== '(') fail("expected '('");
    pos++;
    const args: IntrinsicArg[] = [];
    skip();
    if (text[pos] === ')') {
      pos++;
      return { kind: 'call', name: m![0], args };
    }
    for (;;) {
      skip();
      args.push(arg(depth));
      skip();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === ')') {
        pos++;
        return { kind: 'call', name: m![0], args };
      }
      fail("expected ',' or ')'");
    }
  };

  const arg = (depth: number): IntrinsicArg => {
    const ch = text[pos];
    if (ch === "'") return str();
    if (ch === '$') return path();
    const rest = text.slice(pos);
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      pos += num[0].length;
      return { kind: 'literal', value: Number(num[0]) };
    }
    for (const [word, value] of [
      ['null', null],
      ['true', true],
      ['false', false],
    ] as const) {
      if (rest.startsWith(word)) {
        pos += word.length;
        return { kind: 'literal', value };
      }
    }
    if (rest.startsWith('States.')) return call(depth + 1);
    return fail('expected an argument');
  };

  const str = (): IntrinsicArg => {
    pos++;
    let value = '';
    let raw = '';
    while (pos < text.length && text[pos] !== "'") {
      if (text[pos] === '\\') {
        const next = text[pos + 1];
        if (next === undefined || !"'{}\\".includes(next)) fail('invalid escape sequence');
        value += next;
        raw += next === '{' || next === '}' ? '\\' + next : next;
        pos += 2;
        continue;
      }
      value += text[pos];
      raw += text[pos];
      pos++;
    }
    if (text[pos] !== "'") fail('unterminated string');
    pos++;
    return { kind: 'literal', value, raw };
  };

  const path = (): IntrinsicArg => {
    const start = pos;
    let depth = 0;
    let quote: string | undefined;
    while (pos < text.length) {
      const c = text[pos]!;
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth++;
      else if (c === ']' || c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) break;
      pos++;
    }
    return { kind: 'path', path: text.slice(start, pos).trim() };
  };

  skip();
  const result = call(1);
  skip();
  if (pos !== text.length) fail('unexpected text after the call');
  return result;
}
