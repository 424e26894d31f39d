import { describe, expect, it } from 'vitest';
import type { ImageAnalysis } from '../analysis/types';
import { judgeFor } from '../analysis/verdict';
import { describeFilter, NO_FILTER, triageRows, type TriageItem } from './triage';

const classes = ['real', 'identity', 'attribute', 'splice'];

function done(name: string, order: number, probabilities: number[], unreliable = false): TriageItem {
  const analysis: ImageAnalysis = {
    width: 200,
    height: 200,
    format: 'PNG',
    warnings: [],
    facts: { fileSize: 1, jpegQuality: null, exif: null },
    reliability: unreliable ? [{ code: 'tiny-face', faceSize: 30 }] : [],
    faces: [{ box: [0, 0, 200, 200], cropBox: [0, 0, 200, 200], origin: 'whole-image', probabilities, cropSize: 0, reliability: [] }],
    detector: null,
  };
  return { name, order, status: 'done', analysis };
}

const items: TriageItem[] = [
  done('b.png', 0, [0.9, 0.05, 0.03, 0.02]), // real
  done('a10.png', 1, [0.1, 0.8, 0.05, 0.05]), // identity
  { name: 'c.pdf', order: 2, status: 'error' },
  done('a2.png', 3, [0.4, 0.35, 0.15, 0.1], true), // uncertain
  done('d.png', 4, [0.05, 0.05, 0.1, 0.8]), // splice
  { name: 'e.png', order: 5, status: 'queued' },
];
const names = (rows: TriageItem[]) => rows.map((r) => r.name);

describe('triageRows', () => {
  it('keeps the order added by default', () => {
    expect(names(triageRows(items, NO_FILTER, { key: 'added', dir: 'asc' }, judgeFor({ classes })))).toEqual(['b.png', 'a10.png', 'c.pdf', 'a2.png', 'd.png', 'e.png']);
  });
  it('sorts by the order added, both ways, whatever order the items come in', () => {
    const shuffled = [items[3], items[0], items[5], items[1], items[4], items[2]];
    expect(names(triageRows(shuffled, NO_FILTER, { key: 'added', dir: 'asc' }, judgeFor({ classes })))).toEqual(names(items));
    expect(names(triageRows(items, NO_FILTER, { key: 'added', dir: 'desc' }, judgeFor({ classes })))).toEqual(names(items).reverse());
    expect(names(triageRows(shuffled, NO_FILTER, { key: 'added', dir: 'desc' }, judgeFor({ classes })))).toEqual(names(items).reverse());
  });
  it('sorts names naturally, both ways', () => {
    expect(names(triageRows(items, NO_FILTER, { key: 'name', dir: 'asc' }, judgeFor({ classes })))).toEqual(['a2.png', 'a10.png', 'b.png', 'c.pdf', 'd.png', 'e.png']);
    expect(names(triageRows(items, NO_FILTER, { key: 'name', dir: 'desc' }, judgeFor({ classes })))[0]).toBe('e.png');
  });
  it('sorts by a class probability, files without a result last in both directions', () => {
    expect(names(triageRows(items, NO_FILTER, { key: 'p:real', dir: 'desc' }, judgeFor({ classes })))).toEqual(['b.png', 'a2.png', 'a10.png', 'd.png', 'c.pdf', 'e.png']);
    expect(names(triageRows(items, NO_FILTER, { key: 'p:real', dir: 'asc' }, judgeFor({ classes })))).toEqual(['d.png', 'a10.png', 'a2.png', 'b.png', 'c.pdf', 'e.png']);
  });
  it('groups by verdict in class order, uncertain last', () => {
    expect(names(triageRows(items, NO_FILTER, { key: 'verdict', dir: 'asc' }, judgeFor({ classes }))).slice(0, 4)).toEqual(['b.png', 'a10.png', 'd.png', 'a2.png']);
  });
  it('sorts by status with errors first', () => {
    expect(names(triageRows(items, NO_FILTER, { key: 'status', dir: 'asc' }, judgeFor({ classes })))[0]).toBe('c.pdf');
  });
  it('filters by verdict, status, class probability and reliability', () => {
    const f = (patch: Partial<typeof NO_FILTER>) => names(triageRows(items, { ...NO_FILTER, ...patch }, { key: 'added', dir: 'asc' }, judgeFor({ classes })));
    expect(f({ verdict: 'manipulated' })).toEqual(['a10.png', 'd.png']);
    expect(f({ verdict: 'real' })).toEqual(['b.png']);
    expect(f({ verdict: 'uncertain' })).toEqual(['a2.png']);
    expect(f({ verdict: 'label:splice' })).toEqual(['d.png']);
    expect(f({ status: 'error' })).toEqual(['c.pdf']);
    expect(f({ status: 'pending' })).toEqual(['e.png']);
    expect(f({ status: 'done' })).toHaveLength(4);
    expect(f({ probClass: 'identity', minProbability: 0.3 })).toEqual(['a10.png', 'a2.png']);
    expect(f({ unreliableOnly: true })).toEqual(['a2.png']);
  });
  it("filters by the model card's uncertain band", () => {
    const uncertain = { ...NO_FILTER, verdict: 'uncertain' as const };
    const strict = { minProbability: 0.85, minMargin: 0 };
    expect(names(triageRows(items, uncertain, { key: 'added', dir: 'asc' }, judgeFor({ classes, uncertainBand: strict })))).toEqual(['a10.png', 'a2.png', 'd.png']);
  });
  it("filters and groups by the model card's p-manipulated decision", () => {
    // pm: b 0.1 real, a10 0.9 manipulated (identity), a2 0.6 uncertain leaning real, d 0.95 manipulated (splice).
    const decision = { rule: 'p-manipulated' as const, threshold: 0.62, uncertain: [0.35, 0.85] as [number, number] };
    const f = (verdict: (typeof NO_FILTER)['verdict']) => names(triageRows(items, { ...NO_FILTER, verdict }, { key: 'added', dir: 'asc' }, judgeFor({ classes, decision })));
    expect(f('manipulated')).toEqual(['a10.png', 'd.png']);
    expect(f('uncertain')).toEqual(['a2.png']);
    expect(f('real')).toEqual(['b.png']);
    const leaning = [...items, done('f.png', 6, [0.62, 0.03, 0.3, 0.05])]; // pm 0.38: the top-class rule says real, this one is unsure
    expect(names(triageRows(leaning, { ...NO_FILTER, verdict: 'real' }, { key: 'added', dir: 'asc' }, judgeFor({ classes })))).toContain('f.png');
    expect(names(triageRows(leaning, { ...NO_FILTER, verdict: 'uncertain' }, { key: 'added', dir: 'asc' }, judgeFor({ classes, decision })))).toEqual(['a2.png', 'f.png']);
    // Grouped real, then the kinds in card order, most confident first; uncertain last.
    expect(names(triageRows(items, NO_FILTER, { key: 'verdict', dir: 'asc' }, judgeFor({ classes, decision }))).slice(0, 4)).toEqual(['b.png', 'a10.png', 'd.png', 'a2.png']);
  });
  it('describes the filter in words', () => {
    expect(describeFilter(NO_FILTER)).toBeNull();
    expect(describeFilter({ ...NO_FILTER, verdict: 'label:splice', probClass: 'real', minProbability: 0.25 })).toBe('verdict splice, P(real) ≥ 25 %');
  });
});
