/**
 * `npm run preflight` against the Phone Lab's edge: a ready account passes, and each thing a real account may lack
 * is injected through the lab's account (or a lab fault model id) and named, with what to do.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseArgs, preflight } from '../../infra/preflight/cli';
import { renderTable } from '../../infra/preflight/report';
import { startLab, type Lab } from '../../lab';
import { labAccount } from '../../lab/services/account';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0 });
});
afterAll(() => lab?.close());
beforeEach(() => Object.assign(lab.account, labAccount()));

const BOTH = ['-c', 'areaCode=206', '-c', 'ownerNumber=+12065550100', '-c', 'assistantAreaCode=425'];
const run = (argv: string[], region = 'us-east-1') =>
  preflight(parseArgs([...argv, '--endpoint', lab.edgeUrl]), {
    region,
    clientConfig: { credentials: { accessKeyId: 'lab', secretAccessKey: 'lab' } },
  });
const row = (results: { check: string; status: string }[], check: RegExp) =>
  results.find((r) => check.test(r.check));

describe('npm run preflight against the lab', () => {
  it('a ready account passes every check, in one table, with the availability note', async () => {
    const { text, code, results } = await run(BOTH);
    expect(code).toBe(0);
    expect(results.map((r) => [r.check, r.status])).toEqual([
      ['Region offers PSTN audio', 'ok'],
      ['SIP media applications', 'ok'],
      ['Numbers in 206 (business-line)', 'ok'],
      ['Numbers in 425 (voice-assistant)', 'ok'],
      ['Bedrock model answers', 'ok'],
      ['Polly voice Joanna (neural)', 'ok'],
      ['Transcribe reachable', 'ok'],
      ['CDK bootstrap', 'ok'],
    ]);
    expect(text).toMatch(/^Check +Result +Found/);
    expect(text).toMatch(/us\.amazon\.nova-micro-v1:0 answered a one-token Converse/);
    expect(text).toMatch(/closed to new customers from October 29, 2026; existing customers continue/);
  });

  it('a region without PSTN audio fails and names the regions that have it', async () => {
    const { code, text } = await run(BOTH, 'us-east-2');
    expect(code).toBe(1);
    expect(text).toMatch(/Region offers PSTN audio +FAIL +us-east-2 has no Amazon Chime SDK PSTN audio/);
    expect(text).toMatch(/→ Deploy to one of us-east-1, us-west-2/);
  });

  it('an account refused SIP media applications fails; one with none is warned', async () => {
    lab.account.sipMediaApplications = 'forbidden';
    const refused = await run(BOTH);
    expect(refused.code).toBe(1);
    expect(refused.text).toMatch(/SIP media applications +FAIL +refused/);
    expect(refused.text).toMatch(/Phone Lab \(npm start\)/);
    lab.account.sipMediaApplications = [];
    const none = await run(BOTH);
    expect(row(none.results, /SIP media/)?.status).toBe('warn');
    expect(none.code).toBe(0);
  });

  it('an area code with no numbers fails; a Canadian one is searched as CA', async () => {
    const { code, text } = await run(['-c', 'areaCode=212', '-c', 'ownerNumber=+12065550100']);
    expect(code).toBe(1);
    expect(text).toMatch(/Numbers in 212 \(business-line\) +FAIL +no local US numbers available/);
    expect(text).toMatch(
      /→ Choose another area code for business-line, or use a number you own \(-c phoneNumber=/,
    );
    const canada = await run(['-c', 'areaCode=416', '-c', 'ownerNumber=+12065550100']);
    expect(canada.text).toMatch(/Numbers in 416 \(business-line\) +ok +1\+ local CA numbers available/);
  });

  it.each([
    ['lab.denied', 'fail', /AccessDeniedException.*\n.*use-case form/],
    ['acme.unknown-model-v1:0', 'fail', /→ The model or profile is not offered in us-east-1/],
    ['lab.unavailable', 'warn', /ServiceUnavailableException.*\n.*run the preflight again in a minute/],
  ])('a model that does not answer (%s) is named with what to do', async (modelId, status, message) => {
    const { results, text } = await run([...BOTH, '-c', `modelId=${modelId}`]);
    expect(row(results, /Bedrock/)?.status).toBe(status);
    expect(text).toMatch(message);
  });

  it('a missing Polly voice, an unreachable Transcribe and a missing bootstrap each fail by name', async () => {
    lab.account.voices = lab.account.voices.filter((v) => v.Id !== 'Joanna');
    lab.account.transcribe = 'denied';
    lab.account.bootstrapVersions = {};
    lab.account.cdkToolkitStack = false;
    const { code, results, text } = await run(BOTH);
    expect(code).toBe(1);
    expect(results.filter((r) => r.status === 'fail').map((r) => r.check)).toEqual([
      'Polly voice Joanna (neural)',
      'Transcribe reachable',
      'CDK bootstrap',
    ]);
    expect(text).toMatch(/Transcribe reachable +FAIL +AccessDeniedException/);
    expect(text).toMatch(
      /CDK bootstrap +FAIL +not bootstrapped in this account and region\n +→ Run npx cdk bootstrap once/,
    );
    lab.account.cdkToolkitStack = true;
    expect(row((await run(BOTH)).results, /CDK bootstrap/)?.status).toBe('warn');
  });

  it('the business line alone skips the model and Transcribe; a bad setting is one clear row', async () => {
    const { results } = await run(['-c', 'areaCode=206', '-c', 'ownerNumber=+12065550100']);
    expect(row(results, /Bedrock/)?.status).toBe('skip');
    expect(row(results, /Transcribe/)?.status).toBe('skip');
    const bad = await run(['-c', 'areaCode=876', '-c', 'ownerNumber=+12065550100']);
    expect(bad.code).toBe(1);
    expect(bad.text).toMatch(
      /Deploy settings +FAIL +.*-c areaCode=876: Area code 876 is outside the US and Canada/,
    );
  });

  it('the table puts each fix under its row', () => {
    expect(
      renderTable([{ check: 'A', status: 'fail', detail: 'broken', fix: 'mend it' }])
        .split('\n')
        .slice(2),
    ).toEqual(['A      FAIL    broken', '               → mend it']);
  });
});
