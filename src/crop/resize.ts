// Antialiased bilinear resampling, the same arithmetic as PyTorch's
// interpolate(mode="bilinear", align_corners=False, antialias=True) (itself modelled on PIL),
// so the browser feeds the network exactly the pixels training did.
import type { Box } from './box';

interface Taps {
  start: Int32Array;
  size: Int32Array;
  weights: Float32Array; // size maxTaps per output index
  maxTaps: number;
}

function triangle(x: number): number {
  const a = Math.abs(x);
  return a < 1 ? 1 - a : 0;
}

/** Source index ranges and normalised weights for each output index along one axis. */
function computeTaps(inSize: number, outSize: number, srcOffset: number, srcExtent: number): Taps {
  const scale = srcExtent / outSize;
  const support = scale >= 1 ? scale : 1;
  const invScale = scale >= 1 ? 1 / scale : 1;
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const size = new Int32Array(outSize);
  const weights = new Float32Array(outSize * maxTaps);
  for (let i = 0; i < outSize; i++) {
    const center = scale * (i + 0.5);
    // Truncation toward zero, as the reference implementation's int64 cast.
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), srcExtent);
    const n = Math.min(xmax - xmin, maxTaps);
    let total = 0;
    for (let j = 0; j < n; j++) {
      const w = triangle((j + xmin - center + 0.5) * invScale);
      weights[i * maxTaps + j] = w;
      total += w;
    }
    if (total !== 0) for (let j = 0; j < n; j++) weights[i * maxTaps + j] /= total;
    start[i] = xmin + srcOffset;
    size[i] = n;
  }
  if (srcOffset + srcExtent > inSize) throw new Error('resize window exceeds the image');
  return { start, size, weights, maxTaps };
}

/**
 * Resamples a window (a Box; the whole image by default) of an interleaved image (`channels` values per pixel, any numeric array)
 * to outW x outH, returning float HWC values (no rounding).
 */
export function resizeAntialiased(
  src: ArrayLike<number>,
  srcW: number,
  srcH: number,
  channels: number,
  outW: number,
  outH: number,
  [rx, ry, rw, rh]: Box = [0, 0, srcW, srcH],
  keepChannels = channels,
): Float32Array {
  const tx = computeTaps(srcW, outW, rx, rw);
  const ty = computeTaps(srcH, outH, ry, rh);
  const c = keepChannels;
  // Horizontal pass over only the rows the vertical pass reads.
  const rowStart = ty.start[0];
  const rowEnd = ty.start[outH - 1] + ty.size[outH - 1];
  const rows = rowEnd - rowStart;
  const tmp = new Float32Array(rows * outW * c);
  for (let r = 0; r < rows; r++) {
    const srcRow = (r + rowStart) * srcW;
    for (let i = 0; i < outW; i++) {
      const s = tx.start[i];
      const n = tx.size[i];
      const wo = i * tx.maxTaps;
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += src[(srcRow + s + j) * channels + ch] * tx.weights[wo + j];
        tmp[(r * outW + i) * c + ch] = acc;
      }
    }
  }
  const out = new Float32Array(outW * outH * c);
  for (let o = 0; o < outH; o++) {
    const s = ty.start[o] - rowStart;
    const n = ty.size[o];
    const wo = o * ty.maxTaps;
    for (let i = 0; i < outW; i++) {
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += tmp[((s + j) * outW + i) * c + ch] * ty.weights[wo + j];
        out[(o * outW + i) * c + ch] = acc;
      }
    }
  }
  return out;
}
