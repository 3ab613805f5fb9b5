/** `npx cdk synth|deploy -c areaCode=206 -c ownerNumber=+12065550100` runs this file (see cdk.json and docs/deploy.md). */
import { buildSwitchboard } from './index';

try {
  buildSwitchboard().app.synth();
} catch (error) {
  // A bad setting or workflow is a message, not a stack trace.
  console.error(`\n${(error as Error).message}\n`);
  process.exit(1);
}
