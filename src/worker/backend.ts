// Starts a TensorFlow.js backend in the worker: WebGL first, then wasm, then cpu, each accepted
// only if it passes a numeric self-test (16-bit textures would corrupt the small Fmt residual).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice, BackendName } from '../shared/analysisProtocol';
import { localized, LocalizedError, type Localized } from '../i18n/localized';

// Vite would otherwise answer the .wasm requests with index.html and tfjs would silently fall back.
// The threaded build breaks under a minified build and gains nothing on small machines.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
// Headless and GPU-less machines only offer software WebGL; accept it, the self-test decides.
tf.env().set('SOFTWARE_WEBGL_ENABLED', true);

/**
 * Fmt-like self-test: a 3x3 convolution of large pixel values minus the input leaves a small
 * residual; compare with plain JavaScript. Returns the worst absolute error.
 */
export function selfTestError(): number {
  const h = 6;
  const w = 6;
  const input = Float32Array.from({ length: h * w * 3 }, (_, i) => 100 + ((i * 53) % 150) + 0.37 * (i % 7));
  const kernel = Float32Array.from({ length: 81 }, (_, i) => ((i * 29) % 17) / 170 - 0.04);
  const expected = new Float32Array(h * w * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let o = 0; o < 3; o++) {
        let acc = 0;
        for (let ky = 0; ky < 3; ky++)
          for (let kx = 0; kx < 3; kx++) {
            const yy = y + ky - 1;
            const xx = x + kx - 1;
            if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
            for (let c = 0; c < 3; c++) acc += input[(yy * w + xx) * 3 + c] * kernel[((ky * 3 + kx) * 3 + c) * 3 + o];
          }
        expected[(y * w + x) * 3 + o] = acc - input[(y * w + x) * 3 + o];
      }
  const got = tf.tidy(() => {
    const x = tf.tensor4d(input, [1, h, w, 3]);
    return tf.sub(tf.conv2d(x, tf.tensor4d(kernel, [3, 3, 3, 3]), 1, 'same'), x).dataSync();
  });
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - got[i]));
  return Number.isFinite(worst) ? worst : Infinity;
}

const SELF_TEST_TOLERANCE = 1e-2;

export interface BackendChoiceResult {
  backend: BackendName;
  /** Why this backend runs, for the person (e.g. "WebGL failed its precision test: …"). */
  note: Localized;
}

/** Null when the backend started and passed the self-test; else what went wrong, as a phrase. */
async function tryBackend(backend: BackendName): Promise<Localized | null> {
  try {
    if (!(await tf.setBackend(backend))) return localized('backendNotStarted', { backend });
    await tf.ready();
    const err = selfTestError();
    if (!(err <= SELF_TEST_TOLERANCE)) return localized('backendImprecise', { backend, error: err.toExponential(1) });
    return null;
  } catch (e) {
    return localized('backendCrashed', { backend, detail: e instanceof Error ? e.message : String(e) });
  }
}

/** The WebGL renderer's name from a throwaway context, or null without WebGL2. */
export function webglRenderer(): string | null {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return null;
  }
}

/** Software rasterisers: WebGL through them measured no faster than plain JavaScript. */
export const isSoftwareRenderer = (renderer: string): boolean =>
  /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i.test(renderer);

/**
 * The order to try backends in. With a hardware GPU WebGL is fastest; where WebGL is rendered in
 * software (headless browsers, machines without a GPU driver) WebAssembly SIMD measured 15-20x
 * faster than it (docs/PERFORMANCE.md), so it goes first.
 */
export function backendPreference(renderer: string | null): { order: BackendName[]; why: Localized } {
  if (renderer && isSoftwareRenderer(renderer)) return { order: ['wasm', 'webgl', 'cpu'], why: localized('backendWhySoftware', { renderer }) };
  if (!renderer) return { order: ['wasm', 'cpu'], why: localized('backendWhyNoWebgl2', {}) };
  return { order: ['webgl', 'wasm', 'cpu'], why: localized('backendWhyGpu', { renderer }) };
}

export async function startBackend(choice: BackendChoice): Promise<BackendChoiceResult> {
  if (choice !== 'auto') {
    const problem = await tryBackend(choice);
    if (problem) throw new LocalizedError(localized('backendRequestedFailed', { backend: choice, problem }));
    return { backend: choice, note: localized('backendRequested', { backend: choice }) };
  }
  const { order, why } = backendPreference(webglRenderer());
  const problems: Localized[] = [];
  for (const backend of order) {
    const problem = await tryBackend(backend);
    if (!problem) return { backend, note: problems.length ? localized('backendFellBack', { why, problems, backend }) : why };
    problems.push(problem);
  }
  throw new LocalizedError(localized('backendNoneWorks', { problems }));
}

/** The WebGL canvas, to watch for context loss; null on other backends. */
export function webglContext(): WebGL2RenderingContext | WebGLRenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
  return backend.gpgpu?.gl ?? null;
}
