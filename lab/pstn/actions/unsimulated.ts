/**
 * Actions that need something the lab does not have — an Amazon Chime SDK meeting, an Amazon Lex bot, the
 * service's own call recorder. They are checked like any other action (so a bad one fails the same way), then
 * reported as ACTION_FAILED SystemException saying so, instead of pretending to succeed.
 */
import type { Outcome, Stage } from './stage';

export async function notSimulated(stage: Stage): Promise<Outcome> {
  return {
    kind: 'failed',
    errorType: 'SystemException',
    errorMessage: `System error while running action. (${stage.action.Type} is not simulated in the Phone Lab.)`,
  };
}
