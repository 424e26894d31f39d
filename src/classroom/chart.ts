// Geometry of the probability-against-JPEG-quality chart: pure, so it is tested without a DOM.

export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const CHART: ChartBox = { width: 520, height: 260, left: 48, right: 16, top: 12, bottom: 40 };

/** Maps quality (x, from the smallest to the largest given) and probability (0..1) to SVG points. */
export function linePoints(qualities: number[], probs: number[], box: ChartBox = CHART): [number, number][] {
  const lo = Math.min(...qualities);
  const hi = Math.max(...qualities);
  const w = box.width - box.left - box.right;
  const h = box.height - box.top - box.bottom;
  return qualities.map((q, i) => [box.left + (hi === lo ? w / 2 : ((q - lo) / (hi - lo)) * w), box.top + (1 - probs[i]) * h]);
}

/** Per class, its probability at each quality: transposes the worker's per-quality rows. */
export function seriesByClass(rows: number[][], classes: string[]): { name: string; values: number[] }[] {
  return classes.map((name, k) => ({ name, values: rows.map((r) => r[k]) }));
}

/** Qualities the lab sweeps: 10 to 100 in steps of 10. */
export const SWEEP_QUALITIES = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
