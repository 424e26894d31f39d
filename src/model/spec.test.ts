// The layer table of every architecture (spec.ts) against what PyTorch counts for the same network
// (training/tracelens_train/model.py: count_parameters, count_multiply_adds; training/tests/test_baselines.py).
import { describe, expect, it } from 'vitest';
import { ARCHITECTURES, countParams, FRONT_KERNEL, modelParams, multiplyAdds, type Architecture } from './spec';

/** Batch norm's moving mean and variance: stored by the export, buffers (not parameters) in PyTorch. */
const MOVING_STATS = 2 * (24 + 48 + 64);

interface Row {
  architecture: Architecture;
  /** PyTorch's count_parameters (the fixed SRM and Mo filters are buffers there, not parameters). */
  pytorchParameters: number;
  /** Whether the front end is fixed: a buffer in PyTorch, a stored tensor here. */
  fixedFront: boolean;
  /** PyTorch's count_multiply_adds on a 128 px face. */
  multiplyAdds: number;
}

const ROWS: Row[] = [
  { architecture: 'amtennet', pytorchParameters: 2_023_649, fixedFront: false, multiplyAdds: 123_750_464 },
  { architecture: 'model-base', pytorchParameters: 2_020_796, fixedFront: false, multiplyAdds: 77_301_824 },
  { architecture: 'constrained-hybrid', pytorchParameters: 2_021_021, fixedFront: false, multiplyAdds: 80_988_224 },
  { architecture: 'srm-hybrid', pytorchParameters: 2_020_796, fixedFront: true, multiplyAdds: 80_988_224 },
  { architecture: 'mo-hybrid', pytorchParameters: 2_020_796, fixedFront: true, multiplyAdds: 78_628_928 },
];

describe('layer table', () => {
  it('has a row for every architecture', () => {
    expect(ROWS.map((r) => r.architecture).sort()).toEqual([...ARCHITECTURES].sort());
  });

  it.each(ROWS.map((r) => [r.architecture, r] as const))('%s: parameters and multiply-adds as PyTorch counts them', (_, row) => {
    const specs = modelParams(row.architecture, 4);
    const k = FRONT_KERNEL[row.architecture] ?? 0;
    expect(countParams(specs)).toBe(row.pytorchParameters + MOVING_STATS + (row.fixedFront ? k * k * 9 : 0));
    expect(multiplyAdds(4, row.architecture)).toBe(row.multiplyAdds);
  });

  it.each(ARCHITECTURES.filter((a) => a !== 'amtennet'))(
    '%s: AMTENnet without conv1..conv3_2, conv4 on 3 channels, and a front end first where it has one',
    (architecture) => {
      const names = modelParams(architecture, 4).map((s) => s.name);
      const backbone = modelParams('amtennet', 4).map((s) => s.name).filter((n) => !/^conv[123]/.test(n));
      const k = FRONT_KERNEL[architecture];
      expect(names).toEqual(k ? ['front/kernel', ...backbone] : backbone);
      const shape = (name: string) => modelParams(architecture, 4).find((s) => s.name === name)?.shape;
      expect(shape('conv4/kernel')).toEqual([3, 3, 3, 24]);
      if (k) expect(shape('front/kernel')).toEqual([k, k, 3, 3]);
    },
  );

  it('AMTENnet: about 2.02 M parameters, 1.97 M of them in the fully connected layers, 0.12 G multiply-adds (the paper)', () => {
    const specs = modelParams('amtennet', 2);
    const fc = countParams(specs.filter((s) => s.name.startsWith('fc')));
    expect(countParams(specs)).toBeGreaterThan(2.0e6);
    expect(countParams(specs)).toBeLessThan(2.04e6);
    expect(fc).toBeGreaterThan(1.96e6);
    expect(fc).toBeLessThan(1.98e6);
    expect(specs.find((s) => s.name === 'conv1/bias')).toBeUndefined();
    expect(multiplyAdds(4) / 1e9).toBeCloseTo(0.12, 2);
    expect(multiplyAdds(4)).toBe(multiplyAdds(4, 'amtennet'));
  });
});
