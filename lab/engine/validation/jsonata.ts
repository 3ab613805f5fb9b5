/**
 * Definition-time checks of `{% %}` expressions: they parse, and obey Step Functions'
 * restrictions (docs/aws/step-functions.md §3.4).
 */
import { compile } from '../query/jsonata';

interface Node {
  type: string;
  value?: unknown;
  steps?: Node[];
  lhs?: Node | [Node, Node][];
  rhs?: Node;
  expressions?: Node[];
  arguments?: Node[];
  procedure?: Node;
  condition?: Node;
  then?: Node;
  else?: Node;
  expression?: Node;
  body?: Node;
}

export interface JsonataProblem {
  code: 'INVALID_JSONATA_EXPRESSION' | 'UNSUPPORTED_JSONATA_EXPRESSION';
  message: string;
}

/** Top-level references to the (non-existent) input document, and `$$` anywhere, are refused. */
function restriction(node: Node | undefined, top: boolean): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  if (node.type === 'variable' && node.value === '$') return "Reference to '$$' is not supported.";
  if (top && node.type === 'name')
    return `Reference to '${String(node.value)}' at the top level is not supported.`;
  if (top && node.type === 'variable' && node.value === '')
    return "Reference to '$' at the top level is not supported.";
  const children: [Node | undefined, boolean][] = [];
  if (node.type === 'path' && node.steps) node.steps.forEach((s, i) => children.push([s, top && i === 0]));
  if (node.type === 'lambda') children.push([node.body, false]);
  if (node.type === 'binary' || node.type === 'bind' || node.type === 'apply')
    children.push([node.lhs as Node, top], [node.rhs, top]);
  if (node.type === 'unary' && Array.isArray(node.lhs))
    for (const [k, v] of node.lhs) children.push([k, top], [v, top]);
  if (node.expressions) node.expressions.forEach((e) => children.push([e, top]));
  if (node.type === 'function' || node.type === 'partial')
    (node.arguments ?? []).forEach((a) => children.push([a, top]));
  if (node.type === 'condition') children.push([node.condition, top], [node.then, top], [node.else, top]);
  if (node.expression) children.push([node.expression, top]);
  for (const [child, childTop] of children) {
    const problem = restriction(child, childTop);
    if (problem) return problem;
  }
  return undefined;
}

export function checkJsonata(expr: string): JsonataProblem | undefined {
  let ast: Node;
  try {
    ast = compile(expr).ast() as unknown as Node;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return {
      code: 'INVALID_JSONATA_EXPRESSION',
      message: `${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`,
    };
  }
  const problem = restriction(ast, true);
  return problem ? { code: 'UNSUPPORTED_JSONATA_EXPRESSION', message: problem } : undefined;
}
