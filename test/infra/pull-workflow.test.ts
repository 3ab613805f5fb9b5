import { readFileSync } from 'node:fs';
import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { placeholdersIn, restorePlaceholders } from '../../infra/placeholders';
import { pullWorkflow } from '../../infra/pull-workflow';

const FILE = 'test/infra/fixtures/workflows/business-line.asl.json';
const known: Record<string, string> = {
  BucketName: 'switchboard-storagebucket-1abc',
  SipMediaApplicationId: '8f2c5f8e-1111-2222-3333-444455556666',
  SchedulerRoleArn: 'arn:aws:iam::111122223333:role/Switchboard-CallbacksRole-1',
  LineNumber: '+12065550122',
  OwnerNumber: '+12065550100',
};
// Every placeholder of the fixture gets a deployed-looking value (function ARNs by name).
const values: Record<string, string> = Object.fromEntries(
  placeholdersIn(readFileSync(FILE, 'utf8')).map((name) => [
    name,
    known[name] ??
      `arn:aws:lambda:us-east-1:111122223333:function:Switchboard-${name.replace(/FunctionArn$/, '')}-1`,
  ]),
);
const substitute = (text: string) =>
  Object.entries(values).reduce((t, [name, value]) => t.split(`\${${name}}`).join(value), text);

describe('bringing a workflow edited in Workflow Studio back into the repo', () => {
  it('restores every placeholder in a deployed definition', () => {
    const original = readFileSync(FILE, 'utf8');
    const deployed = substitute(original);
    expect(placeholdersIn(deployed)).toEqual([]);
    expect(JSON.parse(restorePlaceholders(deployed, values))).toEqual(JSON.parse(original));
  });

  it('restores a value inside a longer string, longest value first', () => {
    expect(
      restorePlaceholders('"s3://b-1/x" "b-1-archive"', { BucketName: 'b-1', ArchiveName: 'b-1-archive' }),
    ).toBe('"s3://${BucketName}/x" "${ArchiveName}"');
  });

  it('refuses two placeholders with the same value rather than guess', () => {
    expect(() => restorePlaceholders('x', { LineNumber: '+1206', OwnerNumber: '+1206' })).toThrow(
      /\$\{LineNumber\} and \$\{OwnerNumber\} have the same value/,
    );
  });

  it('reads the deployed definition and its placeholder tags, and writes the repo form', async () => {
    const sfn = mockClient(SFNClient);
    const arn = 'arn:aws:states:us-east-1:111122223333:stateMachine:Switchboard-business-line';
    const edited = JSON.parse(substitute(readFileSync(FILE, 'utf8')));
    edited.Comment = 'edited in Workflow Studio';
    sfn.on(ListStateMachinesCommand).resolves({
      stateMachines: [
        {
          name: 'Switchboard-business-line',
          stateMachineArn: arn,
          type: 'STANDARD',
          creationDate: new Date(),
        },
      ],
    });
    sfn.on(DescribeStateMachineCommand).resolves({ definition: JSON.stringify(edited) });
    const { LineNumber, OwnerNumber, ...tagged } = values;
    sfn.on(ListTagsForResourceCommand).resolves({
      tags: [
        ...Object.entries(tagged).map(([name, value]) => ({ key: `switchboard:placeholder:${name}`, value })),
        { key: 'owner', value: 'ops' },
      ],
    });
    // phone numbers are not tagged: without them the pull is refused rather than commit a number
    await expect(pullWorkflow({ workflow: 'business-line', sfn: new SFNClient({}) })).rejects.toThrow(
      /still holds phone numbers .*--line-number and --owner-number/,
    );
    const text = await pullWorkflow({
      workflow: 'business-line',
      sfn: new SFNClient({}),
      personal: { LineNumber, OwnerNumber },
    });
    const pulled = JSON.parse(text);
    expect(pulled.Comment).toBe('edited in Workflow Studio');
    expect(pulled.States.Init.Assign.Bucket).toBe('${BucketName}');
    expect(pulled.States.Hours.Arguments.FunctionName).toBe('${BusinessHoursFunctionArn}');
    expect(text.endsWith('}\n')).toBe(true);
    sfn.restore();
  });
});
