/**
 * What `npm start` prints once the lab runs: each line's number once, the owner's phone and PIN, the web
 * phone, and the environment lines that aim the AWS CLI and SDKs at the edge on a machine with no AWS
 * configuration at all. Pure: the lab's facts in, lines out.
 */
import { LAB_REGION } from '../services/sdk';

export interface BannerFacts {
  edgeUrl: string;
  pageUrl?: string;
  /** workflow name → number */
  numbers: Record<string, string>;
  ownerNumber: string;
  ownerPin: string;
  /** lab wall time, epoch ms */
  now: number;
  speed: number;
  /** the folder the lab keeps its state in, if any */
  dataDir?: string;
  /** pipeline names (workflows/pipelines/<name>.asl.json) */
  pipelines?: string[];
}

/**
 * The exact lines to paste into a shell: the AWS CLI (v2, and v1 from botocore 1.31) and the SDKs read
 * `AWS_ENDPOINT_URL`; the CLI v1 reads the region from `AWS_DEFAULT_REGION`, the SDKs and the CLI v2 from
 * `AWS_REGION`. The edge checks no signatures, so any key works, but the tools refuse to sign without one.
 */
export function awsEnvironment(edgeUrl: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: edgeUrl,
    AWS_REGION: LAB_REGION,
    AWS_DEFAULT_REGION: LAB_REGION,
    AWS_ACCESS_KEY_ID: 'lab',
    AWS_SECRET_ACCESS_KEY: 'lab',
  };
}

export function banner(facts: BannerFacts): string[] {
  const lines = Object.entries(facts.numbers);
  const width = Math.max(...lines.map(([name]) => name.length), 5);
  return [
    '',
    'Switchboard Phone Lab is running.',
    '',
    ...lines.map(([name, number]) => `  line     ${number}  ${name.padEnd(width)}  (dial it: dial ${name})`),
    `  owner    ${facts.ownerNumber}  the business owner's phone — owner PIN ${facts.ownerPin}`,
    ...(facts.pipelines ?? []).map(
      (name) => `  pipeline ${name}-pipeline  (workflows/pipelines/${name}.asl.json), no number`,
    ),
    `  outbox   what the owner is emailed or texted stays in the lab: the page's "Sent to the owner"`,
    ...(facts.pageUrl
      ? [`  page     ${facts.pageUrl}   the web phone: dial, listen, press keys, watch the workflow`]
      : []),
    `  edge     ${facts.edgeUrl}   every AWS service of the lab, for any AWS CLI or SDK`,
    `  time     ${new Date(facts.now).toISOString()} (lab time, ${facts.speed}x; "time" at the phone> prompt sets it)`,
    `  data     ${facts.dataDir ? `${facts.dataDir} (kept across restarts)` : 'in memory (gone when the lab stops; --data <dir> keeps it)'}`,
    '',
    '  The AWS CLI and SDKs talk to the lab after these lines (no AWS account or config needed):',
    '',
    ...Object.entries(awsEnvironment(facts.edgeUrl)).map(([name, value]) => `    export ${name}=${value}`),
    '',
    '    aws dynamodb scan --table-name switchboard-lab',
    '',
    '  Run a scenario:  npm run call -- scenarios/business-line      (a file or a folder)',
    '',
  ];
}
