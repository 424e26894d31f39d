import { describe, expect, it } from 'vitest';
import { parseModelCard } from './modelCard';
import { fixtureCard } from './fixtureModel';

describe('model card "uncertainBand"', () => {
  it('is optional, and carried when it gives a probability and a margin between 0 and 1', () => {
    expect(parseModelCard(fixtureCard()).uncertainBand).toBeUndefined();
    const band = { minProbability: 0.72, minMargin: 0, targetPrecision: 0.95, valCoverage: 0.8, valPrecision: 0.951 };
    expect(parseModelCard({ ...fixtureCard(), uncertainBand: band }).uncertainBand).toEqual(band);
  });

  it('rejects a band the verdict rule cannot use', () => {
    for (const bad of [{ minProbability: 1.2, minMargin: 0 }, { minProbability: 0.7 }, 'high', null])
      expect(() => parseModelCard({ ...fixtureCard(), uncertainBand: bad })).toThrow(/"uncertainBand"/);
  });
});
