/**
 * A request rate limit over a sliding lab-clock second (the Chime SDK Voice API quotas,
 * docs/aws/pstn-audio.md §5).
 */
import type { Clock } from '../clock';

export class RateWindow {
  private times: number[] = [];

  constructor(
    private clock: Clock,
    private perSecond: number,
  ) {}

  /** Records a request; false when it exceeds the rate (and is not counted). */
  take(): boolean {
    if (this.perSecond === Infinity) return true;
    const now = this.clock.now();
    this.times = this.times.filter((t) => now - t < 1000);
    if (this.times.length >= this.perSecond) return false;
    this.times.push(now);
    return true;
  }
}
