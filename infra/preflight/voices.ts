/** The Polly voices the call flows speak with: every literal VoiceId, with the Engine and LanguageCode beside it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface VoiceUse {
  readonly voiceId: string;
  readonly engine: string;
  readonly languageCode?: string;
}

export function voicesIn(definition: unknown): VoiceUse[] {
  const found = new Map<string, VoiceUse>();
  const literal = (v: unknown): v is string =>
    typeof v === 'string' && !v.startsWith('{%') && !v.includes('$');
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (literal(o.VoiceId)) {
      const use = {
        voiceId: o.VoiceId,
        engine: literal(o.Engine) ? o.Engine : 'standard',
        ...(literal(o.LanguageCode) ? { languageCode: o.LanguageCode } : {}),
      };
      found.set(JSON.stringify(use), use);
    }
    Object.values(o).forEach(walk);
  };
  walk(definition);
  return [...found.values()];
}

export function voicesOfWorkflows(workflowsDir: string, workflows: readonly string[]): VoiceUse[] {
  const all = new Map<string, VoiceUse>();
  for (const name of workflows) {
    const definition = JSON.parse(readFileSync(join(workflowsDir, `${name}.asl.json`), 'utf8')) as unknown;
    for (const use of voicesIn(definition)) all.set(JSON.stringify(use), use);
  }
  return [...all.values()];
}

export function workflowNames(workflowsDir: string): string[] {
  return readdirSync(workflowsDir)
    .filter((f) => f.endsWith('.asl.json'))
    .map((f) => f.slice(0, -'.asl.json'.length));
}
