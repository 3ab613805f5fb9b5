/**
 * An API rate quota: at most `perSecond` requests in any one-second window, per region (AWS defaults:
 * CreateSipMediaApplicationCall 1/s, UpdateSipMediaApplicationCall 5/s). Measured on real time by default —
 * a quota is a property of the service, not of the lab's media clock.
 */
export interface RateQuota {
  /** True when the request may go ahead (and counts it); false when it is over the quota. */
  admit(region: string): boolean;
}

export function createRateQuota(perSecond: number, now: () => number): RateQuota {
  const recent = new Map<string, number[]>();
  return {
    admit(region) {
      const t = now();
      const times = (recent.get(region) ?? []).filter((at) => t - at < 1000);
      const allowed = times.length < perSecond;
      if (allowed) times.push(t);
      recent.set(region, times);
      return allowed;
    },
  };
}
