// Deterministic logistic regression by Newton's method (IRLS) with an L2 penalty: the one
// trainer of the baselines (the protein classifier's CSV baseline, both ONNX baselines).
// No randomness, no learning rate to tune.

export interface LogisticFit {
  weights: number[];
  bias: number;
}

export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias), in units of the summed log-likelihood. */
  l2?: number;
  iterations?: number;
  /** Per-sample weights (e.g. to balance classes); 1 each by default. */
  sampleWeights?: ArrayLike<number>;
}

/** Solves A x = b in place (Gaussian elimination with partial pivoting); A is n × n row-major. */
export function solveLinear(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col] ?? 0) > Math.abs(a[pivot * n + col] ?? 0)) pivot = r;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        const t = a[col * n + k] ?? 0;
        a[col * n + k] = a[pivot * n + k] ?? 0;
        a[pivot * n + k] = t;
      }
      const t = b[col] ?? 0;
      b[col] = b[pivot] ?? 0;
      b[pivot] = t;
    }
    const d = a[col * n + col] ?? 0;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = col + 1; r < n; r++) {
      const f = (a[r * n + col] ?? 0) / d;
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[r * n + k] = (a[r * n + k] ?? 0) - f * (a[col * n + k] ?? 0);
      b[r] = (b[r] ?? 0) - f * (b[col] ?? 0);
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let sum = b[r] ?? 0;
    for (let k = r + 1; k < n; k++) sum -= (a[r * n + k] ?? 0) * (x[k] ?? 0);
    const d = a[r * n + r] ?? 0;
    x[r] = Math.abs(d) < 1e-12 ? 0 : sum / d;
  }
  return x;
}

/**
 * Fits p(y = 1 | x) = σ(w·x + b). `rows` holds `features` values per sample, row-major.
 * Newton steps are clipped, so separable or one-class data end with large, finite weights.
 */
export function fitLogistic(rows: Float64Array, targets: ArrayLike<number>, features: number, options: LogisticOptions = {}): LogisticFit {
  const n = targets.length;
  const l2 = options.l2 ?? 1e-3;
  const iterations = options.iterations ?? 25;
  const dim = features + 1;
  const theta = new Float64Array(dim);
  const x = new Float64Array(dim);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const hessian = new Float64Array(dim * dim);
    const gradient = new Float64Array(dim);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < features; k++) x[k] = rows[i * features + k] ?? 0;
      x[features] = 1;
      let z = 0;
      for (let k = 0; k < dim; k++) z += (theta[k] ?? 0) * (x[k] ?? 0);
      const p = 1 / (1 + Math.exp(-z));
      const sw = options.sampleWeights?.[i] ?? 1;
      const residual = sw * ((targets[i] ?? 0) - p);
      const curvature = sw * Math.max(p * (1 - p), 1e-6);
      for (let r = 0; r < dim; r++) {
        const xr = x[r] ?? 0;
        gradient[r] = (gradient[r] ?? 0) + residual * xr;
        for (let c = r; c < dim; c++) hessian[r * dim + c] = (hessian[r * dim + c] ?? 0) + curvature * xr * (x[c] ?? 0);
      }
    }
    for (let r = 0; r < dim; r++) {
      for (let c = 0; c < r; c++) hessian[r * dim + c] = hessian[c * dim + r] ?? 0;
      const penalty = r < features ? l2 : 1e-6;
      hessian[r * dim + r] = (hessian[r * dim + r] ?? 0) + penalty;
      gradient[r] = (gradient[r] ?? 0) - penalty * (theta[r] ?? 0);
    }
    const step = solveLinear(hessian, gradient, dim);
    let size = 0;
    for (const s of step) size = Math.max(size, Math.abs(s));
    const scale = size > 5 ? 5 / size : 1;
    for (let k = 0; k < dim; k++) theta[k] = (theta[k] ?? 0) + scale * (step[k] ?? 0);
    if (size < 1e-6) break;
  }
  return { weights: Array.from(theta.subarray(0, features)), bias: theta[features] ?? 0 };
}
