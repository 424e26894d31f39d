// The CSV export: one row per face (a file with no analysed face gets one row with its status and
// error, so nothing in the selection silently disappears). Built from the JSON report, so both
// exports always agree. RFC 4180 quoting, CRLF line ends.
import type { Report } from './report';

type Cell = string | number | boolean | null;

/** Quotes a cell when needed, and defuses text a spreadsheet would run as a formula. */
export function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function buildCsv(report: Report): string {
  const classes = report.model.classes;
  const header = [
    'file',
    'status',
    'error',
    'face',
    'box_x',
    'box_y',
    'box_width',
    'box_height',
    'crop_x',
    'crop_y',
    'crop_width',
    'crop_height',
    'origin',
    'detector_score',
    'label',
    'uncertain',
    'verdict',
    ...classes.map((c) => `p_${c}`),
    'p_manipulated',
    'width',
    'height',
    'format',
    'file_size',
    'jpeg_quality',
    'camera',
    'software',
    'date_taken',
    'date_modified',
    'reliability',
    'warnings',
    // The model that produced the row (the same in every row: changing the model clears the results).
    'model_id',
    'model_version',
    // A clip's (issue 25): each face row is a person followed through it.
    'duration',
    'track_start',
    'track_end',
    'track_frames',
    'track_manipulated_share',
  ];
  const model: Cell[] = [report.model.id, report.model.version];
  const message = (ws: { message: string }[]) => ws.map((w) => w.message).join(' | ');
  const rows: Cell[][] = [];
  for (const item of report.items) {
    const fileCells = (faceWarnings: { message: string }[] = []): Cell[] => [
      item.width,
      item.height,
      item.format,
      item.fileSize,
      item.jpegQuality,
      item.exif?.camera ?? null,
      item.exif?.software ?? null,
      item.exif?.taken ?? null,
      item.exif?.modified ?? null,
      message([...item.reliability, ...faceWarnings]),
      item.warnings.join(' | '),
      ...model,
      item.video?.duration ?? null,
    ];
    const trackCells = (t: Report['items'][number]['faces'][number]['track']): Cell[] => [t?.start ?? null, t?.end ?? null, t?.frames ?? null, t?.manipulatedShare ?? null];
    if (item.faces.length === 0)
      rows.push([item.file, item.status, item.error ?? (item.status === 'done' ? 'No face found' : null), null, null, null, null, null, null, null, null, null, null, null, null, null, null, ...classes.map(() => null), null, ...fileCells(), ...trackCells(undefined)]);
    item.faces.forEach((f, i) =>
      rows.push([
        item.file,
        item.status,
        item.error,
        i + 1,
        ...f.box,
        ...f.crop,
        f.origin,
        f.detectorScore,
        f.label,
        f.uncertain,
        f.verdict,
        ...classes.map((c) => f.probabilities[c]),
        f.pManipulated,
        ...fileCells(f.reliability),
        ...trackCells(f.track),
      ]),
    );
  }
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
