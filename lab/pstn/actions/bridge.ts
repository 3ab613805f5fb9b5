/**
 * CallAndBridge (docs/aws/pstn-audio.md §4.10): rings the endpoint for CallTimeoutSeconds while the caller
 * hears the RingbackTone; an answer makes it LEG-B, bridged (ACTION_SUCCESSFUL with both participants); a
 * decline or no answer is ACTION_FAILED CallNotAnswered (the ErrorType for a decline is UNCONFIRMED; the lab
 * uses the same). Only registered phones answer; a Voice Connector endpoint rings the phone registered under
 * its Uri.
 */
import type { ActionOf } from '../../../functions/pstn';
import { load } from './prompt';
import { stopped, type Outcome, type Stage } from './stage';

export async function callAndBridge(stage: Stage): Promise<Outcome> {
  const { Parameters: p } = stage.action as ActionOf<'CallAndBridge'>;
  if (p.RingbackTone) {
    const tone = await load(stage, p.RingbackTone);
    if (!tone.ok) return { kind: 'failed', errorType: tone.errorType, errorMessage: tone.errorMessage };
    stage.emit({ type: 'prompt', kind: 'audio', bucket: p.RingbackTone.BucketName, key: p.RingbackTone.Key });
  }
  const endpoint = p.Endpoints[0]!;
  const outcome = await stage.bridge(
    {
      to: endpoint.Uri,
      from: p.CallerIdNumber,
      timeoutMs: (p.CallTimeoutSeconds ?? 30) * 1000,
      ...(p.SipHeaders ? { sipHeaders: p.SipHeaders } : {}),
    },
    stage.signal,
  );
  if (stage.signal.aborted) return stopped(stage);
  if (outcome === 'answered') return { kind: 'ok' };
  return { kind: 'failed', errorType: 'CallNotAnswered', errorMessage: 'Call not answered' };
}
