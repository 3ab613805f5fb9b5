/**
 * The `${Name}` placeholders a workflow may use, and what each one asks the stack for.
 * Pure: text in, plain data out. The stack fills them through DefinitionSubstitutions; the lab fills the same names.
 */

/** Deploy-time values every stack provides (docs/architecture.md §4). */
export const STACK_PLACEHOLDERS = [
  'BucketName',
  'TableName',
  'ModelId',
  'SipMediaApplicationId',
  'ScheduleGroupName',
  'SchedulerRoleArn',
  'LineNumber',
  'OwnerNumber',
  'CallDataKeyArn',
  /** The business line's number (its own LineNumber when there is no business line): where messages are filed. */
  'BusinessLineNumber',
] as const;

export type StackPlaceholder = (typeof STACK_PLACEHOLDERS)[number];

/** `${<Pascal>FunctionArn}` names the function in `functions/<kebab>/index.ts`. */
const FUNCTION_PLACEHOLDER = /^([A-Z][A-Za-z0-9]*)FunctionArn$/;

export interface WorkflowNeeds {
  /** Stack values the workflow uses, e.g. `BucketName`. */
  readonly stackValues: readonly StackPlaceholder[];
  /** Function placeholders it uses, each with the folder under `functions/` that holds the code. */
  readonly functions: readonly { readonly placeholder: string; readonly folder: string }[];
  /** The Chime SDK Voice call actions its states call: only these are granted (a flow that updates calls cannot place them). */
  readonly callControl: readonly ('create' | 'update')[];
}

/** Which of CreateSipMediaApplicationCall / UpdateSipMediaApplicationCall a definition's Task states call. */
export function callControlIn(definition: string): ('create' | 'update')[] {
  const found = new Set<'create' | 'update'>();
  for (const m of definition.matchAll(/aws-sdk:chimesdkvoice:(create|update)SipMediaApplicationCall\b/g)) {
    found.add(m[1] as 'create' | 'update');
  }
  return [...found].sort();
}

/** Placeholders whose values are phone numbers: never written into tags (personal data). */
export const PERSONAL_PLACEHOLDERS: readonly StackPlaceholder[] = [
  'LineNumber',
  'OwnerNumber',
  'BusinessLineNumber',
];

/** Every distinct `${…}` name in a definition, in order of first appearance. */
export function placeholdersIn(definition: string): string[] {
  const names = new Set<string>();
  for (const match of definition.matchAll(/\$\{([^}]*)\}/g)) names.add(match[1]);
  return [...names];
}

/** `OwnerPin` → `owner-pin`, `BusinessHours` → `business-hours`. */
export function kebabCase(pascal: string): string {
  return pascal.replace(/(?<=[a-z0-9])([A-Z])/g, '-$1').toLowerCase();
}

/** `owner-pin` → `OwnerPin`. */
export function pascalCase(kebab: string): string {
  return kebab
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** The placeholder that names a function folder: `place-call` → `PlaceCallFunctionArn`. */
export function functionPlaceholder(folder: string): string {
  return `${pascalCase(folder)}FunctionArn`;
}

/**
 * What a workflow needs from the stack. Throws, naming the file and the placeholder, when a placeholder is not a
 * known stack value and names no existing function folder.
 */
export function workflowNeeds(
  file: string,
  definition: string,
  functionFolders: readonly string[],
): WorkflowNeeds {
  const stackValues: StackPlaceholder[] = [];
  const functions: { placeholder: string; folder: string }[] = [];
  const problems: string[] = [];
  for (const name of placeholdersIn(definition)) {
    if ((STACK_PLACEHOLDERS as readonly string[]).includes(name)) {
      stackValues.push(name as StackPlaceholder);
      continue;
    }
    const fn = FUNCTION_PLACEHOLDER.exec(name);
    if (!fn) {
      problems.push(
        `\${${name}} is not a deploy-time value this stack knows (${STACK_PLACEHOLDERS.join(', ')}, or <Name>FunctionArn)`,
      );
      continue;
    }
    const folder = kebabCase(fn[1]);
    if (!functionFolders.includes(folder)) {
      problems.push(`\${${name}} names functions/${folder}/index.ts, which does not exist`);
      continue;
    }
    functions.push({ placeholder: name, folder });
  }
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
  return { stackValues, functions, callControl: callControlIn(definition) };
}

/**
 * Each deployed state machine carries its substitutions as tags (`switchboard:placeholder:<Name>` = value), except
 * the phone numbers (PERSONAL_PLACEHOLDERS): pull-workflow takes those as options.
 */
export const PLACEHOLDER_TAG_PREFIX = 'switchboard:placeholder:';

/**
 * The reverse of DefinitionSubstitutions: put `${Name}` back wherever a deployed value appears, so a definition
 * edited in Workflow Studio can be saved into the repo. Longer values are restored first (an ARN before a name it
 * contains). A value shared by two names is ambiguous and refused.
 */
export function restorePlaceholders(definition: string, values: Readonly<Record<string, string>>): string {
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) {
    if (value === '') continue;
    const other = byValue.get(value);
    if (other)
      throw new Error(`\${${other}} and \${${name}} have the same value; cannot tell which to restore`);
    byValue.set(value, name);
  }
  let restored = definition;
  for (const [value, name] of [...byValue].sort(([a], [b]) => b.length - a.length)) {
    restored = restored.split(value).join(`\${${name}}`);
  }
  return restored;
}
