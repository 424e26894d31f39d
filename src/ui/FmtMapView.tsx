// The Fmt residual map with its colour scale, a legend that says what it shows, and an overlay
// on the crop with an opacity control. FmtLegend is the caption alone, which the printable
// report puts under a map it draws itself.
import { useMemo, useState } from 'react';
import type { FmtMap } from '../model/fmt';
import { fmtReading } from '../model/fmtReading';
import { useStore } from '../state/store';
import { colouriseMagnitude, INFERNO_CSS_GRADIENT } from './colormap';
import { PixelCanvas } from './PixelCanvas';
import { useT } from './useT';

export function FmtMapView({ fmt, crop }: { fmt: FmtMap; crop: Uint8ClampedArray }) {
  const t = useT();
  const [overlay, setOverlay] = useState(false);
  const [opacity, setOpacity] = useState(0.6);
  const pixels = useMemo(
    () => colouriseMagnitude(fmt.magnitude, overlay ? crop : undefined, overlay ? opacity : 1),
    [fmt, crop, overlay, opacity],
  );
  return (
    <figure className="fmt">
      <PixelCanvas pixels={pixels} size={fmt.size} testId="fmt-map" label={t('fmtLabel', { mean: fmt.mean.toFixed(2) })} />
      <figcaption>
        <FmtLegend scale={fmt.scale} mean={fmt.mean} />
        <div className="overlay-controls">
          <label>
            <input type="checkbox" checked={overlay} onChange={(e) => setOverlay(e.currentTarget.checked)} /> {t('overlay')}
          </label>
          <label>
            {t('opacity')}{' '}
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={opacity}
              disabled={!overlay}
              onChange={(e) => setOpacity(Number(e.currentTarget.value))}
            />
          </label>
        </div>
      </figcaption>
    </figure>
  );
}

/** The colour scale from 0 to `scale`, what this model's Fmt shows in words, and the map's numbers. */
export function FmtLegend({ scale, mean }: { scale: number; mean: number }) {
  const t = useT();
  const cardFmt = useStore((s) => s.engine.card?.fmt);
  const reading = fmtReading(cardFmt);
  return (
    <>
      <div className="legend" aria-hidden="true">
        <span className="legend-bar" style={{ background: INFERNO_CSS_GRADIENT }} />
        <span className="legend-ticks">
          <span>0</span>
          <span>{(scale / 2).toFixed(1)}</span>
          <span>≥ {scale.toFixed(1)}</span>
        </span>
      </div>
      <p className="legend-text" data-testid="fmt-legend" data-reading={reading}>
        <strong>Fmt = Conv1(I) − I</strong>:{' '}
        {reading === 'picture'
          ? t('fmtLegendPicture', { share: `${Math.round((cardFmt?.pictureShare ?? 0) * 100)} %` })
          : reading === 'residual'
            ? t('fmtLegendResidual')
            : t('fmtLegendUnknown')}
      </p>
      <details className="fmt-details">
        <summary>{t('fmtDetails')}</summary>
        <p className="muted">{t('fmtNumbers', { mean: mean.toFixed(1), scale: scale.toFixed(1) })}</p>
      </details>
    </>
  );
}
