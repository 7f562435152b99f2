// Holm's step-down adjustment (Holm 1979), as R's p.adjust(p, "holm"): the i-th smallest of
// m p-values is multiplied by m − i + 1, made non-decreasing in that order, and capped at 1.
// Rejecting where the adjusted p < alpha controls the family-wise error rate at alpha.

export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  // A stable order: equal p-values end up with equal adjusted values either way.
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
