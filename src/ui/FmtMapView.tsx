// The Fmt residual map with its colour scale, a legend that says what it shows, and an overlay
// on the crop with an opacity control.
import { useMemo, useState } from 'react';
import type { FaceAnalysis } from '../worker/protocol';
import { colouriseMagnitude, INFERNO_CSS_GRADIENT } from './colormap';
import { PixelCanvas } from './PixelCanvas';

export function FmtMapView({ face }: { face: FaceAnalysis }) {
  const [overlay, setOverlay] = useState(false);
  const [opacity, setOpacity] = useState(0.6);
  const pixels = useMemo(
    () => colouriseMagnitude(face.fmt.magnitude, overlay ? face.crop : undefined, overlay ? opacity : 1),
    [face, overlay, opacity],
  );
  return (
    <figure className="fmt">
      <PixelCanvas
        pixels={pixels}
        size={face.fmt.size}
        testId="fmt-map"
        label={`Manipulation-trace residual map Fmt, mean magnitude ${face.fmt.mean.toFixed(2)}`}
      />
      <figcaption>
        <div className="legend" aria-hidden="true">
          <span className="legend-bar" style={{ background: INFERNO_CSS_GRADIENT }} />
          <span className="legend-ticks">
            <span>0</span>
            <span>{(face.fmt.scale / 2).toFixed(1)}</span>
            <span>≥ {face.fmt.scale.toFixed(1)}</span>
          </span>
        </div>
        <p className="legend-text">
          <strong>Fmt = Conv1(I) − I</strong>: the residual the network's learned high-pass filter keeps after removing the image
          content, per pixel, RGB magnitude in 0–255 pixel units (scale capped at the 99th percentile). Bright means strong
          traces; it follows edges and texture and is not a mask of edited areas. Mean {face.fmt.mean.toFixed(2)}.
        </p>
        <div className="overlay-controls">
          <label>
            <input type="checkbox" checked={overlay} onChange={(e) => setOverlay(e.currentTarget.checked)} /> Overlay on the crop
          </label>
          <label>
            Opacity{' '}
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
