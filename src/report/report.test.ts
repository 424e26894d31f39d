import { describe, expect, it } from 'vitest';
import { fixtureCard } from '../model/__fixtures__/fixtureModel';
import { buildReport, reportFileName } from './report';
import type { ImageAnalysis } from '../analysis/types';
import { analysis as sampleAnalysis } from './__fixtures__/analysis';
import { localized } from '../i18n/localized';

const analysis: ImageAnalysis = {
  ...sampleAnalysis,
  facts: { fileSize: 12345, jpegQuality: 55, exif: { camera: 'Canon EOS 5D', software: null, taken: '2023-01-02 03:04:05', modified: null } },
};

describe('buildReport', () => {
  it('has one item per file, named probabilities and the model from the card', () => {
    const r = buildReport({
      version: '1.2.3',
      card: fixtureCard(),
      backend: 'webgl',
      now: new Date('2026-01-02T03:04:05Z'),
      sources: [
        { file: 'a.jpg', status: 'done', analysis },
        { file: 'b.pdf', status: 'error', error: localized('decodePdf', {}), size: 99 },
        { file: 'c.png', status: 'cancelled' },
        { file: 'd.png', status: 'queued' },
      ],
    });
    expect(r.tool).toBe('tracelens');
    expect(r.model).toEqual({ id: 'amtennet-fixture', version: '0.0.0-fixture', classes: ['real', 'identity', 'attribute', 'splice'], inputSize: 128 });
    expect(r.items.map((i) => [i.file, i.status])).toEqual([
      ['a.jpg', 'done'],
      ['b.pdf', 'error'],
      ['c.png', 'cancelled'],
      ['d.png', 'queued'],
    ]);
    expect(r.items[0].faces).toEqual([
      {
        box: [171, 150, 158, 158],
        crop: [100, 60, 300, 300],
        origin: 'detected',
        detectorScore: 0.93,
        reliability: [],
        probabilities: { real: 0.1, identity: 0.7, attribute: 0.15, splice: 0.05 },
        pManipulated: expect.closeTo(0.9, 12),
        label: 'identity',
        uncertain: false,
        verdict: 'manipulated:identity',
      },
      {
        box: [434, 219, 32, 32],
        crop: [420, 200, 60, 60],
        origin: 'detected',
        detectorScore: 0.61,
        reliability: [{ code: 'tiny-face', faceSize: 60, message: 'The face is only 60 px: too small for a reliable verdict.' }],
        probabilities: { real: 0.8, identity: 0.1, attribute: 0.05, splice: 0.05 },
        pManipulated: expect.closeTo(0.2, 12),
        label: 'real',
        uncertain: false,
        verdict: 'real',
      },
    ]);
    expect(r.items[0].warnings).toEqual(['Animated GIF: only the first frame was analysed.']);
    // Messages are exported in English whatever the interface language.
    expect(r.items[1]).toMatchObject({ error: 'This is a PDF document, not an image. Export the page as an image first.', width: null, faces: [], fileSize: 99, exif: null });
    expect(r.items[0]).toMatchObject({ fileSize: 12345, jpegQuality: 55, exif: { camera: 'Canon EOS 5D', taken: '2023-01-02 03:04:05' } });
    expect(r.items[0].reliability).toEqual([{ code: 'heavy-compression', quality: 55, message: expect.stringMatching(/quality about 55/) }]);
    expect(r).toMatchObject({ batchSize: 4, filter: null });
    expect(r.items[2].error).toBeNull();
    expect(r.items[3].error).toBeNull();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("states each face's verdict by the card's p-manipulated decision, and carries the decision", () => {
    // Both faces fall inside the uncertain range: the first leans manipulated (pm 0.9), the second real (pm 0.2).
    const decision = { rule: 'p-manipulated' as const, threshold: 0.5, uncertain: [0.15, 0.95] as [number, number], chosenOn: 'val' };
    const r = buildReport({ version: '1', card: { ...fixtureCard(), decision }, backend: 'wasm', sources: [{ file: 'a.jpg', status: 'done', analysis }] });
    expect(r.model.decision).toEqual(decision);
    expect(r.items[0].faces.map((f) => [f.label, f.uncertain, f.verdict])).toEqual([
      ['identity', true, 'uncertain:manipulated:identity'],
      ['real', true, 'uncertain:real'],
    ]);
    const stated = buildReport({ version: '1', card: { ...fixtureCard(), decision: { ...decision, uncertain: [0.5, 0.5] } }, backend: 'wasm', sources: [{ file: 'a.jpg', status: 'done', analysis }] });
    expect(stated.items[0].faces.map((f) => f.verdict)).toEqual(['manipulated:identity', 'real']);
    expect(buildReport({ version: '1', card: fixtureCard(), backend: 'wasm', sources: [] }).model).not.toHaveProperty('decision');
    // A model of the person's own says so (issue 27); the shipped one has no such field.
    expect(buildReport({ version: '1', card: fixtureCard(), backend: 'wasm', sources: [] }).model).not.toHaveProperty('ownFolder');
    expect(buildReport({ version: '1', card: fixtureCard(), backend: 'wasm', sources: [], ownModel: true }).model).toMatchObject({ id: 'amtennet-fixture', ownFolder: true });
  });

  it('names the file with the time', () => {
    expect(reportFileName(new Date('2026-01-02T03:04:05Z'))).toBe('tracelens-report-2026-01-02-03-04-05.json');
  });
});
