// Wobbly outlines shared by the generators: radius factor 1 + Σ (a·cos kθ − b·sin kθ).

export interface Harmonic {
  k: number;
  cosAmp: number;
  sinAmp: number;
}

/**
 * The outline factor in the direction (c1, s1) = (cos θ, sin θ), for harmonics sorted by k.
 * cos kθ and sin kθ come from repeated complex multiplication: this runs for every pixel,
 * and atan2/cos per pixel used to be the slowest step of generation.
 */
export function harmonicOutline(harmonics: readonly Harmonic[], c1: number, s1: number): number {
  let ck = 1;
  let sk = 0;
  let k = 0;
  let outline = 1;
  for (const h of harmonics) {
    while (k < h.k) {
      const c = ck * c1 - sk * s1;
      sk = sk * c1 + ck * s1;
      ck = c;
      k++;
    }
    outline += h.cosAmp * ck - h.sinAmp * sk;
  }
  return outline;
}
