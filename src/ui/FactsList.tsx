// Per-file facts beside the verdict: dimensions, format, size, estimated JPEG quality and EXIF.
import type { ImageAnalysis } from '../analysis/types';
import { useT } from './useT';

export const fileSizeText = (n: number) => (n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

export function FactsList({ analysis, size }: { analysis: ImageAnalysis | undefined; size: number }) {
  const t = useT();
  const a = analysis;
  const exif = a?.facts.exif;
  const rows: [string, string, string][] = [];
  if (a) {
    rows.push(['dimensions', t('factDimensions'), `${a.width} × ${a.height} px`]);
    rows.push(['format', t('factFormat'), a.format]);
  }
  rows.push(['size', t('factSize'), fileSizeText(a?.facts.fileSize ?? size)]);
  if (a) {
    rows.push(['quality', t('factQuality'), a.facts.jpegQuality === null ? t('notJpeg') : String(a.facts.jpegQuality)]);
    if (exif) {
      if (exif.camera) rows.push(['camera', t('factCamera'), exif.camera]);
      if (exif.software) rows.push(['software', t('factSoftware'), exif.software]);
      if (exif.taken) rows.push(['taken', t('factTaken'), exif.taken]);
      if (exif.modified) rows.push(['modified', t('factModified'), exif.modified]);
    }
  }
  return (
    <dl className="facts-list" aria-label={t('facts')} data-testid="facts">
      {rows.map(([id, label, value]) => (
        <div key={id} data-testid={`fact-${id}`}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {a && !exif && (
        <div data-testid="fact-exif">
          <dt>EXIF</dt>
          <dd>{t('noExif')}</dd>
        </div>
      )}
    </dl>
  );
}
