import { describe, expect, it } from 'vitest';
import { CHART, linePoints, seriesByClass, SWEEP_QUALITIES } from './chart';

describe('the JPEG quality chart', () => {
  it('places the lowest quality left, the highest right, probability 1 at the top', () => {
    const pts = linePoints([10, 55, 100], [0, 0.5, 1]);
    expect(pts[0]).toEqual([CHART.left, CHART.height - CHART.bottom]);
    expect(pts[2]).toEqual([CHART.width - CHART.right, CHART.top]);
    expect(pts[1][0]).toBeCloseTo((pts[0][0] + pts[2][0]) / 2, 6);
  });

  it('turns per-quality rows into one series per class, one point per quality', () => {
    const rows = SWEEP_QUALITIES.map((q) => [q / 100, 1 - q / 100]);
    const s = seriesByClass(rows, ['real', 'fake']);
    expect(s.map((x) => x.name)).toEqual(['real', 'fake']);
    expect(s[0].values).toHaveLength(SWEEP_QUALITIES.length);
    expect(s[1].values[0]).toBeCloseTo(0.9, 6);
  });
});
