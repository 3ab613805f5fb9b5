/**
 * Least privilege for keys and calls (issue: one key, four roles with unconditioned kms grants, log delivery
 * without a source condition, the voice assistant allowed to place calls, the owner's number in tags).
 */
import { describe, expect, it } from 'vitest';
import { callControlIn } from '../../infra/placeholders';
import { iamStatements, list, ofType, PLACEHOLDER_CONTEXT, synth } from './synth';

const WITH_ASSISTANT = { ...PLACEHOLDER_CONTEXT, assistantAreaCode: '425' };
const SYNTH_TIMEOUT = 180_000;
const REAL = { workflowsDir: 'workflows', functionsDir: 'functions' };

describe.each([
  ['the fixture workflows', {}],
  ['the shipped workflows', REAL],
])('deploying %s', (_, dirs) => {
  it(
    'conditions every KMS grant in our roles: through one service (kms:ViaService) or one encryption context',
    () => {
      const s = synth(WITH_ASSISTANT, dirs);
      const kmsStatements = iamStatements(s).filter(({ statement }) =>
        list(statement.Action as string | string[]).some((a) => a.startsWith('kms:')),
      );
      expect(kmsStatements.length).toBeGreaterThan(0);
      for (const { policy, statement } of kmsStatements) {
        const conditions = JSON.stringify(statement.Condition ?? {});
        expect(conditions, `${policy}: ${JSON.stringify(statement)}`).toMatch(
          /kms:ViaService|kms:EncryptionContext:/,
        );
      }
    },
    SYNTH_TIMEOUT,
  );

  it(
    "lets CloudWatch Logs delivery use the key only for this account's log deliveries",
    () => {
      const s = synth(WITH_ASSISTANT, dirs);
      const statements = ofType(s, 'AWS::KMS::Key').flatMap(
        ([, key]) => (key.Properties?.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement,
      );
      const delivery = statements.filter((st) => JSON.stringify(st.Principal).includes('delivery.logs'));
      expect(delivery.length).toBeGreaterThan(0);
      for (const st of delivery) {
        expect(st.Condition).toMatchObject({
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': expect.anything() },
        });
        expect(JSON.stringify(st.Condition)).toContain(':logs:');
      }
    },
    SYNTH_TIMEOUT,
  );

  it(
    'writes no phone number into any tag',
    () => {
      const s = synth(WITH_ASSISTANT, dirs);
      for (const [id, r] of Object.entries(s.resources)) {
        const tags = JSON.stringify(r.Properties?.Tags ?? []);
        expect(tags, id).not.toMatch(/\+\d{7,15}|LineNumber|OwnerNumber|PhoneNumber/);
      }
    },
    SYNTH_TIMEOUT,
  );
});

describe('call control', () => {
  it('finds which call actions a definition uses', () => {
    expect(
      callControlIn('"Resource": "arn:aws:states:::aws-sdk:chimesdkvoice:updateSipMediaApplicationCall"'),
    ).toEqual(['update']);
    expect(callControlIn('${SipMediaApplicationId}')).toEqual([]);
  });

  it(
    'lets the voice assistant update calls but never place them',
    () => {
      const s = synth(WITH_ASSISTANT, REAL);
      const assistant = iamStatements(s).filter(({ policy }) => policy.startsWith('VoiceAssistantFlow'));
      const actions = assistant.flatMap(({ statement }) => list(statement.Action as string | string[]));
      expect(actions).toContain('chime:UpdateSipMediaApplicationCall');
      expect(actions).not.toContain('chime:CreateSipMediaApplicationCall');
      const placing = iamStatements(s)
        .filter(({ statement }) =>
          list(statement.Action as string | string[]).includes('chime:CreateSipMediaApplicationCall'),
        )
        .map(({ policy }) => policy);
      expect(placing).toEqual([expect.stringMatching(/^PlaceCallFunction/)]);
    },
    SYNTH_TIMEOUT,
  );
});
