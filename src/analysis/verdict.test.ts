import { describe, expect, it } from 'vitest';
import { verdictOf } from './verdict';

const classes = ['real', 'identity', 'attribute', 'splice'];

describe('verdictOf', () => {
  it('names the leading class when it is confidently ahead', () => {
    expect(verdictOf([0.05, 0.85, 0.05, 0.05], classes)).toEqual({
      label: 'identity',
      probability: 0.85,
      uncertain: false,
      manipulated: true,
    });
    expect(verdictOf([0.9, 0.05, 0.03, 0.02], classes)).toMatchObject({ label: 'real', manipulated: false, uncertain: false });
  });

  it('is uncertain when the leader is weak or the runner-up is close', () => {
    expect(verdictOf([0.4, 0.3, 0.2, 0.1], classes).uncertain).toBe(true);
    expect(verdictOf([0.62, 0.38, 0, 0], classes).uncertain).toBe(false);
    expect(verdictOf([0.61, 0.0, 0.0, 0.39], classes).uncertain).toBe(false);
    expect(verdictOf([0.55, 0.45, 0, 0], classes).uncertain).toBe(true);
  });

  it("uses the model card's band when it has one", () => {
    const band = { minProbability: 0.8, minMargin: 0 };
    expect(verdictOf([0.7, 0.1, 0.1, 0.1], classes).uncertain).toBe(false); // default band: 0.6
    expect(verdictOf([0.7, 0.1, 0.1, 0.1], classes, band).uncertain).toBe(true);
    expect(verdictOf([0.8, 0.1, 0.05, 0.05], classes, band).uncertain).toBe(false);
    expect(verdictOf([0.45, 0.2, 0.2, 0.15], classes, { minProbability: 0.4, minMargin: 0.3 }).uncertain).toBe(true);
  });

  it('rejects a length mismatch', () => {
    expect(() => verdictOf([1], classes)).toThrow(/1 probabilities for 4 classes/);
  });
});
