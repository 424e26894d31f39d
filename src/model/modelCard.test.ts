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

describe('model card "decision"', () => {
  const decision = { rule: 'p-manipulated', threshold: 0.62, uncertain: [0.35, 0.85], chosenOn: 'val', note: 'chosen on val' };

  it('is optional, and carried whole when it is a p-manipulated rule whose range holds its threshold', () => {
    expect(parseModelCard(fixtureCard()).decision).toBeUndefined();
    expect(parseModelCard({ ...fixtureCard(), decision }).decision).toEqual(decision);
    // The edges may touch the threshold.
    for (const uncertain of [[0.62, 0.85], [0.35, 0.62], [0.62, 0.62], [0, 1]])
      expect(parseModelCard({ ...fixtureCard(), decision: { ...decision, uncertain } }).decision?.uncertain).toEqual(uncertain);
  });

  it('rejects a range that does not hold the threshold, saying so', () => {
    expect(() => parseModelCard({ ...fixtureCard(), decision: { ...decision, uncertain: [0.7, 0.85] } })).toThrow(
      /"decision\.uncertain" must hold the threshold: low <= threshold <= high \(got \[0\.7, 0\.85\] with threshold 0\.62\)/,
    );
    expect(() => parseModelCard({ ...fixtureCard(), decision: { ...decision, uncertain: [0.35, 0.6] } })).toThrow(/must hold the threshold/);
    expect(() => parseModelCard({ ...fixtureCard(), decision: { ...decision, uncertain: [0.85, 0.35] } })).toThrow(/must hold the threshold/);
  });

  it('rejects a decision the verdict rule cannot use', () => {
    const bad: [unknown, RegExp][] = [
      ['p-manipulated', /"decision" must be an object/],
      [null, /"decision" must be an object/],
      [{ ...decision, rule: 'top-class' }, /"decision\.rule" must be "p-manipulated" \(got "top-class"\)/],
      [{ ...decision, rule: undefined }, /"decision\.rule"/],
      [{ ...decision, threshold: 1.2 }, /"decision\.threshold" must be a number between 0 and 1/],
      [{ ...decision, threshold: '0.62' }, /"decision\.threshold"/],
      [{ ...decision, uncertain: [0.35] }, /"decision\.uncertain" must be \[low, high\]/],
      [{ ...decision, uncertain: [-0.1, 0.85] }, /"decision\.uncertain" must be \[low, high\]/],
      [{ ...decision, uncertain: { low: 0.35, high: 0.85 } }, /"decision\.uncertain"/],
    ];
    for (const [d, message] of bad) expect(() => parseModelCard({ ...fixtureCard(), decision: d }), JSON.stringify(d)).toThrow(message);
  });

  it('needs a class named real', () => {
    expect(() => parseModelCard({ ...fixtureCard(['pristine', 'fake']), decision })).toThrow(/needs a class named "real"/);
  });
});
