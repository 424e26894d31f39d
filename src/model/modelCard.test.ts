import { describe, expect, it } from 'vitest';
import { parseModelCard } from './modelCard';
import { fixtureCard } from './__fixtures__/fixtureModel';
import { ARCHITECTURES } from './spec';

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

describe('model card "architecture"', () => {
  const card = (architecture?: unknown) => {
    const c: Record<string, unknown> = { ...fixtureCard() };
    delete c.architecture;
    return architecture === undefined ? c : { ...c, architecture };
  };
  it('defaults to amtennet and reads the old "AMTENnet" spelling', () => {
    expect(parseModelCard(card()).architecture).toBe('amtennet');
    expect(parseModelCard(card('AMTENnet')).architecture).toBe('amtennet');
  });
  it.each(ARCHITECTURES)('reads %s', (a) => {
    expect(parseModelCard(card(a)).architecture).toBe(a);
  });
  it('rejects an architecture the app cannot run, listing those it can', () => {
    expect(() => parseModelCard(card('meso4'))).toThrow(
      /"architecture" must be one of amtennet, model-base, constrained-hybrid, srm-hybrid, mo-hybrid \(got "meso4"\)/,
    );
    expect(() => parseModelCard(card(3))).toThrow(/architecture/);
  });
});
