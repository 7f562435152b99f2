// Turns a label map into a microscope-looking picture. The picture is drawn from the labels
// (not from the ideal shapes), so every labelled pixel really is nucleus in the image.
import type { Prng } from "../prng";
import type { Nucleus } from "./layout-nuclei";
import { normalisedRadius } from "./layout-nuclei";

interface Scene {
  width: number;
  height: number;
  labels: Uint16Array;
  nuclei: readonly Nucleus[];
}

/**
 * Per-nucleus amount of signal (dye or stain) at each pixel: brighter towards the centre,
 * with a little chromatin-like texture. `strength` gives each nucleus its own level.
 */
function nucleusSignal(prng: Prng, scene: Scene, strength: () => number): Float32Array {
  const { width, labels } = scene;
  const signal = new Float32Array(width * scene.height);
  for (const nucleus of scene.nuclei) {
    const level = strength();
    const waves = [0, 1, 2].map(() => {
      const direction = prng.uniform(0, 2 * Math.PI);
      const frequency = (2 * Math.PI) / prng.uniform(3, 7);
      return {
        fx: frequency * Math.cos(direction),
        fy: frequency * Math.sin(direction),
        phase: prng.uniform(0, 2 * Math.PI),
        amp: prng.uniform(0.03, 0.08),
      };
    });
    for (let y = nucleus.y0; y <= nucleus.y1; y++) {
      for (let x = nucleus.x0; x <= nucleus.x1; x++) {
        const p = y * width + x;
        if (labels[p] !== nucleus.label) continue;
        const r = Math.min(1, normalisedRadius(nucleus, x, y));
        let texture = 1;
        for (const w of waves) texture += w.amp * Math.sin(w.fx * x + w.fy * y + w.phase);
        signal[p] = level * (0.8 + 0.2 * (1 - r * r)) * texture;
      }
    }
  }
  return signal;
}

/** Small unlabelled specks (debris, out-of-focus dots) that a good method learns to ignore. */
function addDebris(prng: Prng, signal: Float32Array, scene: Scene, level: number): void {
  const { width, height } = scene;
  const count = prng.int(0, 4);
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

/** Separable Gaussian blur with edge clamping (the optics' point-spread function). */
export function gaussianBlur(values: Float32Array, width: number, height: number, sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const weight = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel[i + radius] = weight;
    sum += weight;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] ?? 0) / sum;

  const clamp = (v: number, max: number): number => (v < 0 ? 0 : v > max ? max : v);
  const horizontal = new Float32Array(values.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let i = -radius; i <= radius; i++) {
        acc += (kernel[i + radius] ?? 0) * (values[y * width + clamp(x + i, width - 1)] ?? 0);
      }
      horizontal[y * width + x] = acc;
    }
  }
  const out = new Float32Array(values.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let i = -radius; i <= radius; i++) {
        acc += (kernel[i + radius] ?? 0) * (horizontal[clamp(y + i, height - 1) * width + x] ?? 0);
      }
      out[y * width + x] = acc;
    }
  }
  return out;
}

const toByte = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));

/** Fluorescence (DAPI-like): bright nuclei on a dark, unevenly lit background. Greyscale. */
export function renderFluorescence(prng: Prng, scene: Scene): Uint8Array {
  const { width, height } = scene;
  const brightness = prng.uniform(110, 190);
  const signal = nucleusSignal(prng, scene, () => brightness * prng.uniform(0.55, 1.15));
  addDebris(prng, signal, scene, brightness * 0.6);

  const background = prng.uniform(8, 30);
  const gradX = prng.uniform(-10, 10);
  const gradY = prng.uniform(-10, 10);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      signal[p] = (signal[p] ?? 0) + background + gradX * (x / width - 0.5) + gradY * (y / height - 0.5);
    }
  }
  const blurred = gaussianBlur(signal, width, height, prng.uniform(0.7, 1.4));
  const readNoise = prng.uniform(2, 6);
  const out = new Uint8Array(width * height);
  for (let p = 0; p < out.length; p++) {
    const v = blurred[p] ?? 0;
    // Shot noise grows with the signal; read noise does not.
    out[p] = toByte(v + prng.normal() * Math.sqrt(readNoise * readNoise + 0.3 * v));
  }
  return out;
}

// Beer–Lambert optical densities per RGB channel (Ruifrok & Johnston 2001 stain vectors).
const HEMATOXYLIN = [0.65, 0.704, 0.286] as const;
const EOSIN = [0.072, 0.99, 0.105] as const;
const CHANNELS = [0, 1, 2] as const;

/** Brightfield (hematoxylin-like): dark purple nuclei on a light pink background. RGB. */
export function renderBrightfield(prng: Prng, scene: Scene): Uint8Array {
  const { width, height } = scene;
  const stain = prng.uniform(1.2, 2.0);
  const hematoxylin = nucleusSignal(prng, scene, () => stain * prng.uniform(0.6, 1.1));
  addDebris(prng, hematoxylin, scene, stain * 0.5);
  const blurredH = gaussianBlur(hematoxylin, width, height, prng.uniform(0.6, 1.2));

  // Cytoplasm: a weak, smoothly varying eosin wash.
  const eosin = new Float32Array(width * height);
  for (let p = 0; p < eosin.length; p++) eosin[p] = prng.uniform(0, 0.5);
  const blurredE = gaussianBlur(eosin, width, height, 4);

  const light = [prng.uniform(230, 250), prng.uniform(222, 240), prng.uniform(230, 250)] as const;
  const noise = prng.uniform(2, 5);
  const out = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const h = blurredH[p] ?? 0;
    const e = blurredE[p] ?? 0;
    for (const c of CHANNELS) {
      const density = h * HEMATOXYLIN[c] + e * EOSIN[c];
      out[p * 3 + c] = toByte(light[c] * Math.exp(-density) + prng.normal() * noise);
    }
  }
  return out;
}
