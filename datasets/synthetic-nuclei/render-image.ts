// Turns a label map into a microscope-looking picture, one renderer per imaging condition.
// The nuclei are drawn from the labels (not from the ideal shapes), so every labelled pixel
// really is nucleus in the image and no unlabelled pixel gets nuclear stain.
import type { Prng } from "../prng";
import type { Condition } from "./conditions";
import { fractalNoise, gaussianBlur, illuminationField, normalSource, uniformUnitNoise, valueNoise } from "./image-filters";
import type { Nucleus, Shape } from "./layout-nuclei";
import { normalisedRadius, shapeReach } from "./layout-nuclei";

export interface Scene {
  width: number;
  height: number;
  labels: Uint16Array;
  nuclei: readonly Nucleus[];
}

export interface RenderedImage {
  /** 1 (grey) or 3 (interleaved RGB) bytes per pixel. */
  channels: 1 | 3;
  pixels: Uint8Array;
}

const toByte = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));
const smoothstep = (edge0: number, edge1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
};

interface NucleusStyle {
  /** Dye or stain amount of one nucleus (called once per nucleus, in label order). */
  level: (nucleus: Nucleus) => number;
  /** Relative amount at normalised radius r (0 at the centre, 1 on the boundary). */
  profile: (r: number) => number;
  /** Chromatin texture in [0, 1) and how strongly it modulates the amount. */
  chromatin: Float32Array;
  chromatinContrast: number;
  /** Nucleoli per interphase nucleus (inclusive range) and the amount factor inside one. */
  nucleoli: readonly [number, number];
  nucleolusFactor: number;
}

/**
 * Where a later nucleus overlaps an earlier one, the overlap belongs to the earlier label,
 * but it gets this share of the later one's stain too: clusters look overlapping while
 * labels stay disjoint.
 */
const OVERLAP_SHARE = 0.5;

/** Per-pixel dye or stain amount of all nuclei (0 outside labels). */
function nucleusAmount(prng: Prng, scene: Scene, style: NucleusStyle): Float32Array {
  const { width, height, labels } = scene;
  const amount = new Float32Array(width * height);
  for (const nucleus of scene.nuclei) {
    const level = style.level(nucleus);
    // Mitotic chromatin is condensed: brighter, smoother, no nucleoli.
    const contrast = nucleus.kind === "dividing" ? style.chromatinContrast / 3 : style.chromatinContrast;
    const nucleoli: Array<{ x: number; y: number; r2: number }> = [];
    const nucleolusCount = nucleus.kind === "dividing" ? 0 : prng.int(style.nucleoli[0], style.nucleoli[1]);
    for (let i = 0; i < nucleolusCount; i++) {
      const angle = prng.uniform(0, 2 * Math.PI);
      const distance = prng.uniform(0, 0.5);
      const u = nucleus.rMajor * distance * Math.cos(angle);
      const v = nucleus.rMinor * distance * Math.sin(angle);
      const radius = Math.max(1, nucleus.rMinor * prng.uniform(0.15, 0.25));
      nucleoli.push({
        x: nucleus.cx + u * nucleus.cos - v * nucleus.sin,
        y: nucleus.cy + u * nucleus.sin + v * nucleus.cos,
        r2: radius * radius,
      });
    }
    const reach = shapeReach(nucleus) + 1;
    const x0 = Math.max(0, Math.floor(nucleus.cx - reach));
    const x1 = Math.min(width - 1, Math.ceil(nucleus.cx + reach));
    const y0 = Math.max(0, Math.floor(nucleus.cy - reach));
    const y1 = Math.min(height - 1, Math.ceil(nucleus.cy + reach));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const p = y * width + x;
        const owner = labels[p] ?? 0;
        if (owner === 0) continue;
        const r = normalisedRadius(nucleus, x, y);
        if (r > 1) continue;
        let value = level * style.profile(r) * (1 + contrast * (2 * (style.chromatin[p] ?? 0.5) - 1));
        if (owner !== nucleus.label) {
          amount[p] = (amount[p] ?? 0) + OVERLAP_SHARE * value;
          continue;
        }
        for (const n of nucleoli) {
          const d2 = (x - n.x) ** 2 + (y - n.y) ** 2;
          if (d2 < n.r2) value *= 1 + (style.nucleolusFactor - 1) * (1 - d2 / n.r2);
        }
        amount[p] = (amount[p] ?? 0) + value;
      }
    }
  }
  return amount;
}

/** Small unlabelled specks (debris, dust) that a good method learns to ignore. */
function addDebris(prng: Prng, signal: Float32Array, scene: Scene, level: number, maxCount: number): void {
  const { width, height } = scene;
  const count = prng.int(0, maxCount);
  for (let i = 0; i < count; i++) {
    const cx = prng.uniform(0, width);
    const cy = prng.uniform(0, height);
    const radius = prng.uniform(0.8, 1.6);
    for (let y = Math.max(0, Math.floor(cy - 2)); y <= Math.min(height - 1, Math.ceil(cy + 2)); y++) {
      for (let x = Math.max(0, Math.floor(cx - 2)); x <= Math.min(width - 1, Math.ceil(cx + 2)); x++) {
        const p = y * width + x;
        if (scene.labels[p] === 0 && (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius) signal[p] = level;
      }
    }
  }
}

/** A faint cell body around each nucleus (`scale` × its outline), as seen in brightfield. */
function cytoplasm(scene: Scene, scale: number, level: number): Float32Array {
  const { width, height } = scene;
  const out = new Float32Array(width * height);
  for (const nucleus of scene.nuclei) {
    const reach = shapeReach(nucleus) * scale + 1;
    const x0 = Math.max(0, Math.floor(nucleus.cx - reach));
    const x1 = Math.min(width - 1, Math.ceil(nucleus.cx + reach));
    const y0 = Math.max(0, Math.floor(nucleus.cy - reach));
    const y1 = Math.min(height - 1, Math.ceil(nucleus.cy + reach));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const r = normalisedRadius(nucleus, x, y);
        if (r >= scale) continue;
        const p = y * width + x;
        // max, not sum: neighbouring cell bodies do not pile up into dark patches.
        out[p] = Math.max(out[p] ?? 0, level * (1 - smoothstep(scale * 0.6, scale, r)));
      }
    }
  }
  return out;
}

/** Fluorescence (Hoechst/DAPI-like): bright nuclei on a dark, unevenly lit background. Grey. */
function renderFluorescence(prng: Prng, scene: Scene): Uint8Array {
  const { width, height } = scene;
  const brightness = prng.uniform(70, 200);
  const dye = nucleusAmount(prng, scene, {
    level: (n) => brightness * prng.uniform(0.6, 1.2) * (n.kind === "dividing" ? 1.4 : 1),
    profile: (r) => 0.7 + 0.3 * (1 - r * r),
    chromatin: fractalNoise(prng, width, height, { cellX: prng.uniform(2, 3.5) }),
    chromatinContrast: prng.uniform(0.1, 0.3),
    // Nucleoli hold little DNA: darker spots.
    nucleoli: [0, 2],
    nucleolusFactor: 0.6,
  });
  addDebris(prng, dye, scene, brightness * 0.6, 4);
  const blurred = gaussianBlur(dye, width, height, prng.uniform(0.6, 1.8));

  const background = prng.uniform(4, 28);
  const haze = valueNoise(prng, width, height, { cellX: prng.uniform(40, 90) });
  const hazeLevel = prng.uniform(0, 10);
  const illumination = illuminationField(prng, width, height, prng.uniform(0.05, 0.35), 0.15);
  const gain = prng.uniform(0.1, 0.8);
  const readNoise = prng.uniform(1.5, 5);
  const normal = normalSource(prng);
  const out = new Uint8Array(width * height);
  for (let p = 0; p < out.length; p++) {
    const v = (illumination[p] ?? 1) * ((blurred[p] ?? 0) + background + hazeLevel * (haze[p] ?? 0));
    // Shot noise (variance ∝ signal, Gaussian approximation of Poisson) plus camera read noise.
    out[p] = toByte(v + normal() * Math.sqrt(readNoise * readNoise + gain * Math.max(0, v)));
  }
  return out;
}

/** Brightfield (unstained or lightly stained cells): dark nuclei on light grey, little colour. RGB. */
function renderBrightfield(prng: Prng, scene: Scene): Uint8Array {
  const { width, height } = scene;
  const absorbance = prng.uniform(0.45, 0.9);
  const nuclei = nucleusAmount(prng, scene, {
    level: (n) => absorbance * prng.uniform(0.75, 1.15) * (n.kind === "dividing" ? 1.3 : 1),
    profile: (r) => 0.85 + 0.15 * (1 - r * r),
    chromatin: fractalNoise(prng, width, height, { cellX: prng.uniform(2, 3.5) }),
    chromatinContrast: prng.uniform(0.08, 0.2),
    nucleoli: [0, 2],
    nucleolusFactor: 1.4,
  });
  const cells = cytoplasm(scene, prng.uniform(1.6, 2.2), prng.uniform(0.03, 0.08));
  for (let p = 0; p < nuclei.length; p++) nuclei[p] = (nuclei[p] ?? 0) + (cells[p] ?? 0);
  addDebris(prng, nuclei, scene, absorbance * 0.8, 5);
  const density = gaussianBlur(nuclei, width, height, prng.uniform(0.8, 2));

  // Nuclei absorb a little more green and red than blue: a faint purple-grey cast.
  const tint = prng.uniform(0, 0.12);
  const colour = [1 + 0.5 * tint, 1 + tint, 1 - tint] as const;
  const light = prng.uniform(200, 240);
  const lamp = [0, 1, 2].map(() => light * prng.uniform(0.98, 1.02));
  const illumination = illuminationField(prng, width, height, prng.uniform(0.03, 0.15), 0.06);
  const lumaNoise = prng.uniform(2, 5);
  const normal = normalSource(prng);
  const [lampR = light, lampG = light, lampB = light] = lamp;
  const out = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const a = density[p] ?? 0;
    const lit = illumination[p] ?? 1;
    const shared = normal() * lumaNoise;
    out[p * 3] = toByte(lit * lampR * Math.exp(-a * colour[0]) + shared + uniformUnitNoise(prng));
    out[p * 3 + 1] = toByte(lit * lampG * Math.exp(-a * colour[1]) + shared + uniformUnitNoise(prng));
    out[p * 3 + 2] = toByte(lit * lampB * Math.exp(-a * colour[2]) + shared + uniformUnitNoise(prng));
  }
  return out;
}

// Optical density per RGB channel of one unit of stain (Beer–Lambert): the H&E reference
// vectors of Macenko et al., ISBI 2009, which give a pinker eosin than Ruifrok & Johnston's.
const HEMATOXYLIN = [0.5626, 0.7201, 0.4062] as const;
const EOSIN = [0.2159, 0.8012, 0.5581] as const;

/**
 * White gaps in the tissue (vessel lumen, fat, tears) for half the images: 1–3 rough
 * ellipses, each put where it covers the fewest nuclei. 1 inside a gap, 0 in tissue.
 */
function tissueGaps(prng: Prng, scene: Scene): Float32Array {
  const { width, height } = scene;
  const mask = new Float32Array(width * height);
  const count = prng.next() < 0.5 ? prng.int(1, 3) : 0;
  for (let i = 0; i < count; i++) {
    const rMajor = prng.uniform(12, 45);
    const angle = prng.uniform(0, Math.PI);
    const base: Shape = {
      cx: 0,
      cy: 0,
      rMajor,
      rMinor: rMajor * prng.uniform(0.5, 1),
      cos: Math.cos(angle),
      sin: Math.sin(angle),
      harmonics: [2, 3, 4].map((k) => ({ k, cosAmp: prng.uniform(-0.08, 0.08), sinAmp: prng.uniform(-0.08, 0.08) })),
    };
    let best = base;
    let bestCovered = Infinity;
    for (let candidate = 0; candidate < 8; candidate++) {
      const shape = { ...base, cx: prng.uniform(0, width), cy: prng.uniform(0, height) };
      const covered = scene.nuclei.filter((n) => normalisedRadius(shape, n.cx, n.cy) < 1.1).length;
      if (covered < bestCovered) {
        best = shape;
        bestCovered = covered;
      }
    }
    const reach = shapeReach(best) * 1.1 + 1;
    for (let y = Math.max(0, Math.floor(best.cy - reach)); y <= Math.min(height - 1, Math.ceil(best.cy + reach)); y++) {
      for (let x = Math.max(0, Math.floor(best.cx - reach)); x <= Math.min(width - 1, Math.ceil(best.cx + reach)); x++) {
        const p = y * width + x;
        mask[p] = Math.max(mask[p] ?? 0, 1 - smoothstep(0.85, 1.05, normalisedRadius(best, x, y)));
      }
    }
  }
  return mask;
}

/** H&E histology: purple hematoxylin nuclei in pink, fibrous eosin stroma. RGB. */
function renderHistology(prng: Prng, scene: Scene): Uint8Array {
  const { width, height, labels } = scene;
  // Stain strength varies from slide to slide: the colour shift stain normalisation fights.
  const hStrength = prng.uniform(0.8, 1.2);
  const eStrength = prng.uniform(0.7, 1.3);
  const hNuclei = nucleusAmount(prng, scene, {
    level: (n) => 1.5 * hStrength * prng.uniform(0.75, 1.15) * (n.kind === "dividing" ? 1.3 : 1),
    // Chromatin gathers at the nuclear membrane: a darker rim.
    profile: (r) => 0.85 + 0.3 * smoothstep(0.65, 1, r),
    chromatin: fractalNoise(prng, width, height, { cellX: prng.uniform(1.8, 3) }),
    chromatinContrast: prng.uniform(0.2, 0.4),
    nucleoli: [0, 2],
    nucleolusFactor: 1.5,
  });

  const fibres = fractalNoise(prng, width, height, {
    cellX: prng.uniform(10, 20),
    cellY: prng.uniform(2, 4),
    angle: prng.uniform(0, Math.PI),
  });
  const patches = valueNoise(prng, width, height, { cellX: prng.uniform(30, 60) });
  const gaps = tissueGaps(prng, scene);
  const eosin = prng.uniform(0.35, 0.6) * eStrength;
  // A quarter are "purple on purple": much hematoxylin in the tissue around the nuclei too.
  const hBackground = (prng.next() < 0.25 ? prng.uniform(0.2, 0.3) : prng.uniform(0.04, 0.12)) * hStrength;

  const h = new Float32Array(width * height);
  const e = new Float32Array(width * height);
  for (let p = 0; p < h.length; p++) {
    const tissue = 1 - 0.9 * (gaps[p] ?? 0);
    const fibre = fibres[p] ?? 0.5;
    const stroma = eosin * (0.55 + 0.9 * fibre) * (0.75 + 0.5 * (patches[p] ?? 0.5)) * tissue;
    e[p] = labels[p] === 0 ? stroma : 0.5 * stroma;
    h[p] = (hNuclei[p] ?? 0) + hBackground * (0.5 + fibre) * tissue;
  }
  // Red blood cells: small, dense eosin discs with a paler centre; never labelled.
  const redCells = prng.int(0, 6);
  for (let i = 0; i < redCells; i++) {
    const cx = prng.uniform(0, width);
    const cy = prng.uniform(0, height);
    const radius = prng.uniform(2.5, 3.5);
    for (let y = Math.max(0, Math.floor(cy - radius)); y <= Math.min(height - 1, Math.ceil(cy + radius)); y++) {
      for (let x = Math.max(0, Math.floor(cx - radius)); x <= Math.min(width - 1, Math.ceil(cx + radius)); x++) {
        const d = Math.hypot(x - cx, y - cy) / radius;
        const p = y * width + x;
        if (d < 1 && labels[p] === 0) e[p] = (e[p] ?? 0) + 1.1 * (0.75 + 0.25 * d);
      }
    }
  }
  const sigma = prng.uniform(0.5, 1.2);
  const hBlurred = gaussianBlur(h, width, height, sigma);
  const eBlurred = gaussianBlur(e, width, height, sigma);

  const lamp = [0, 1, 2].map(() => prng.uniform(238, 252));
  const illumination = illuminationField(prng, width, height, prng.uniform(0, 0.06), 0.03);
  const lumaNoise = prng.uniform(1.5, 4);
  const normal = normalSource(prng);
  const [lampR = 245, lampG = 245, lampB = 245] = lamp;
  const out = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const hp = hBlurred[p] ?? 0;
    const ep = eBlurred[p] ?? 0;
    const lit = illumination[p] ?? 1;
    const shared = normal() * lumaNoise;
    const odR = hp * HEMATOXYLIN[0] + ep * EOSIN[0];
    const odG = hp * HEMATOXYLIN[1] + ep * EOSIN[1];
    const odB = hp * HEMATOXYLIN[2] + ep * EOSIN[2];
    out[p * 3] = toByte(lit * lampR * Math.exp(-odR) + shared + uniformUnitNoise(prng));
    out[p * 3 + 1] = toByte(lit * lampG * Math.exp(-odG) + shared + uniformUnitNoise(prng));
    out[p * 3 + 2] = toByte(lit * lampB * Math.exp(-odB) + shared + uniformUnitNoise(prng));
  }
  return out;
}

export function renderImage(prng: Prng, scene: Scene, condition: Condition): RenderedImage {
  switch (condition) {
    case "fluorescence":
      return { channels: 1, pixels: renderFluorescence(prng, scene) };
    case "brightfield":
      return { channels: 3, pixels: renderBrightfield(prng, scene) };
    case "histology":
      return { channels: 3, pixels: renderHistology(prng, scene) };
  }
}
