import { describe, expect, it } from 'vitest';
import { fixtureCard } from '../model/__fixtures__/fixtureModel';
import { analysis } from './__fixtures__/analysis';
import { buildCsv, csvCell } from './csv';
import { buildReport } from './report';
import { parseCsv } from './parseCsv';
import { localized } from '../i18n/localized';


describe('buildCsv', () => {
  const report = buildReport({
    version: '1',
    card: fixtureCard(),
    backend: 'wasm',
    sources: [
      { file: 'a, "quoted".jpg', status: 'done', analysis },
      { file: 'b.pdf', status: 'error', error: localized('unexpectedError', { detail: 'a PDF,\nnot an image' }), size: 7 },
      { file: 'c.png', status: 'queued', size: 8 },
      { file: 'd.png', status: 'cancelled' },
    ],
  });
  const rows = parseCsv(buildCsv(report));

  it('has a header with one probability column per model class', () => {
    expect(rows[0]).toEqual([
      'file', 'status', 'error', 'face', 'box_x', 'box_y', 'box_width', 'box_height', 'crop_x', 'crop_y', 'crop_width', 'crop_height', 'origin', 'detector_score', 'label', 'uncertain', 'verdict',
      'p_real', 'p_identity', 'p_attribute', 'p_splice', 'p_manipulated',
      'width', 'height', 'format', 'file_size', 'jpeg_quality', 'camera', 'software', 'date_taken', 'date_modified', 'reliability', 'warnings', 'model_id', 'model_version',
      'duration', 'track_start', 'track_end', 'track_frames', 'track_manipulated_share',
    ]);
  });

  it('writes one row per face and one per unanalysed file, quoting commas, quotes and newlines', () => {
    expect(rows).toHaveLength(6);
    const byCol = (r: string[]) => Object.fromEntries(rows[0].map((h, i) => [h, r[i]]));
    expect(byCol(rows[1])).toMatchObject({
      file: 'a, "quoted".jpg', status: 'done', error: '', face: '1', box_x: '171', box_width: '158', crop_x: '100', crop_y: '60', crop_width: '300', crop_height: '300', origin: 'detected', detector_score: '0.93', label: 'identity', uncertain: 'false', verdict: 'manipulated:identity',
      p_real: '0.1', p_identity: '0.7', jpeg_quality: '55', camera: 'Canon "Pro", 5D', date_taken: '2023-01-02 03:04:05', file_size: '2048',
    });
    expect(byCol(rows[1]).reliability).toMatch(/quality about 55/);
    expect(byCol(rows[1]).reliability).not.toMatch(/only 60 px/);
    // The second face: its own box, verdict and size warning, after the photo's.
    expect(byCol(rows[2])).toMatchObject({ face: '2', box_x: '434', box_width: '32', crop_x: '420', crop_width: '60', label: 'real', verdict: 'real', p_real: '0.8' });
    expect(Number(byCol(rows[1]).p_manipulated)).toBeCloseTo(0.9, 12);
    expect(Number(byCol(rows[2]).p_manipulated)).toBeCloseTo(0.2, 12);
    expect(byCol(rows[2]).reliability).toMatch(/quality about 55.*\|.*only 60 px/);
    expect(byCol(rows[3])).toMatchObject({ file: 'b.pdf', status: 'error', error: 'Something unexpected went wrong: a PDF,\nnot an image', face: '', verdict: '', p_real: '', p_manipulated: '', file_size: '7' });
    // A photo waiting in the queue, or cancelled, is not called an error.
    expect(byCol(rows[4])).toMatchObject({ file: 'c.png', status: 'queued', error: '', face: '', file_size: '8' });
    expect(byCol(rows[5])).toMatchObject({ file: 'd.png', status: 'cancelled', error: '' });
    expect(rows.every((r) => r.length === rows[0].length)).toBe(true);
    // Every row says which model produced it.
    expect(rows.slice(1).map((r) => [byCol(r).model_id, byCol(r).model_version])).toEqual(rows.slice(1).map(() => [report.model.id, report.model.version]));
  });

  it('defuses spreadsheet formulas and quotes edge whitespace', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(null)).toBe('');
  });
});
