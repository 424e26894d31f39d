// The photo with a box on every face the model analysed, and, drawn faintly around it, the square
// the model was shown (the face framed as the training faces were). The selected face's box can be
// moved (drag, or arrow keys) and resized (drag its corner, or + and −), and a new box can be drawn
// on the photo; the parent re-runs the model on a changed box. A box the person sets is square,
// like the crop framed around it.
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Box, FaceAnalysis } from '../analysis/types';
import { cropForRegion } from '../crop/framing';
import { useT } from './useT';
import { useObjectUrl } from './useObjectUrl';

/** Smallest box the person can make, in photo pixels. */
const MIN_SIDE = 16;

/** Keeps a square box inside the photo, at least MIN_SIDE and at most the photo's shorter side. */
export function clampBox(box: Box, width: number, height: number): Box {
  const side = Math.round(Math.max(Math.min(MIN_SIDE, width, height), Math.min(box[2], width, height)));
  const x = Math.round(Math.min(Math.max(box[0], 0), width - side));
  const y = Math.round(Math.min(Math.max(box[1], 0), height - side));
  return [x, y, side, side];
}

type Drag = { mode: 'move' | 'resize' | 'draw'; startX: number; startY: number; box: Box };

export function FaceBoxes(props: {
  file: File;
  alt: string;
  width: number;
  height: number;
  faces: FaceAnalysis[];
  selected: number;
  onSelect: (index: number) => void;
  /** The selected face's box as the person has moved it; null when unchanged. */
  draft: Box | null;
  onDraft: (box: Box | null) => void;
  /** When set, a drag on the photo draws a new box and hands it here. */
  onDrawn: ((box: Box) => void) | null;
}) {
  const t = useT();
  const url = useObjectUrl(props.file);
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [drawn, setDrawn] = useState<Box | null>(null);
  const { width: W, height: H } = props;

  useEffect(() => setDrawn(null), [props.onDrawn]);

  /** Pointer position in the photo's pixels. */
  const toPhoto = (e: PointerEvent): [number, number] => {
    const r = svg.current!.getBoundingClientRect();
    return [((e.clientX - r.left) * W) / r.width, ((e.clientY - r.top) * H) / r.height];
  };

  const start = (e: PointerEvent<SVGElement>, mode: Drag['mode'], box: Box) => {
    e.stopPropagation();
    e.preventDefault();
    svg.current?.setPointerCapture(e.pointerId);
    const [x, y] = toPhoto(e);
    setDrag({ mode, startX: x, startY: y, box });
  };

  const move = (e: PointerEvent<SVGSVGElement>) => {
    if (!drag) return;
    const [x, y] = toPhoto(e);
    const dx = x - drag.startX;
    const dy = y - drag.startY;
    const b = drag.box;
    if (drag.mode === 'move') props.onDraft(clampBox([b[0] + dx, b[1] + dy, b[2], b[3]], W, H));
    else if (drag.mode === 'resize') props.onDraft(clampBox([b[0], b[1], b[2] + Math.max(dx, dy), 0], W, H));
    else {
      const side = Math.max(Math.abs(dx), Math.abs(dy));
      setDrawn(clampBox([dx < 0 ? drag.startX - side : drag.startX, dy < 0 ? drag.startY - side : drag.startY, side, side], W, H));
    }
  };

  const end = () => {
    if (drag?.mode === 'draw' && drawn && props.onDrawn) props.onDrawn(drawn);
    setDrag(null);
  };

  const selectedBox = props.draft ?? props.faces[props.selected]?.box;
  const onKey = (e: KeyboardEvent<SVGRectElement>, index: number) => {
    if (index !== props.selected || !selectedBox) return;
    const step = Math.max(1, Math.round(selectedBox[2] * (e.shiftKey ? 0.1 : 0.02)));
    const [x, y, s] = selectedBox;
    const next: Record<string, Box> = {
      ArrowLeft: [x - step, y, s, s],
      ArrowRight: [x + step, y, s, s],
      ArrowUp: [x, y - step, s, s],
      ArrowDown: [x, y + step, s, s],
      '+': [x - step / 2, y - step / 2, s + step, s + step],
      '=': [x - step / 2, y - step / 2, s + step, s + step],
      '-': [x + step / 2, y + step / 2, s - step, s - step],
    };
    if (!(e.key in next)) return;
    e.preventDefault();
    props.onDraft(clampBox(next[e.key], W, H));
  };

  // Strokes and labels scale with the photo so they read the same on any size.
  const unit = Math.max(W, H) / 300;
  return (
    <div className="face-boxes" data-drawing={props.onDrawn ? 'true' : 'false'}>
      {url && <img src={url} alt={props.alt} className="face-boxes-photo" />}
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        data-testid="face-boxes"
        aria-label={t('facesOnPhoto')}
        role="group"
        onPointerDown={(e) => props.onDrawn && start(e, 'draw', [0, 0, 0, 0])}
        onPointerMove={move}
        onPointerUp={end}
        onPointerCancel={() => setDrag(null)}
      >
        {props.faces.map((f, i) => {
          const editing = i === props.selected && props.draft;
          const box = editing ? props.draft! : f.box;
          const crop = editing ? cropForRegion(box, 'adjusted', W, H) : f.cropBox;
          const selected = i === props.selected;
          return (
            <g key={i} className={`face-box${selected ? ' selected' : ''}`}>
              <rect
                x={box[0]}
                y={box[1]}
                width={box[2]}
                height={box[3]}
                strokeWidth={unit * (selected ? 1.6 : 1)}
                tabIndex={0}
                role="button"
                aria-pressed={selected}
                aria-label={t('boxLabel', { n: i + 1, box: box.join(', ') })}
                data-testid="face-box"
                data-box={box.join(',')}
                onPointerDown={(e) => {
                  if (props.onDrawn) return;
                  if (!selected) {
                    e.stopPropagation();
                    props.onSelect(i);
                  } else start(e, 'move', box);
                }}
                onFocus={() => !selected && props.onSelect(i)}
                onKeyDown={(e) => onKey(e, i)}
              />
              <text x={box[0] + unit * 2} y={box[1] + unit * 9} fontSize={unit * 9} aria-hidden="true">
                {i + 1}
              </text>
              <rect className="face-crop" x={crop[0]} y={crop[1]} width={crop[2]} height={crop[3]} strokeWidth={unit * 0.8} data-testid="face-crop" data-box={crop.join(',')} aria-hidden="true" />
              {selected && !props.onDrawn && (
                <rect
                  className="resize-handle"
                  x={box[0] + box[2] - unit * 4}
                  y={box[1] + box[3] - unit * 4}
                  width={unit * 8}
                  height={unit * 8}
                  data-testid="resize-handle"
                  onPointerDown={(e) => start(e, 'resize', box)}
                />
              )}
            </g>
          );
        })}
        {drawn && <rect className="drawn-box" x={drawn[0]} y={drawn[1]} width={drawn[2]} height={drawn[3]} strokeWidth={unit} />}
        {drawn && (() => {
          const crop = cropForRegion(drawn, 'drawn', W, H);
          return <rect className="face-crop" x={crop[0]} y={crop[1]} width={crop[2]} height={crop[3]} strokeWidth={unit * 0.8} aria-hidden="true" />;
        })()}
      </svg>
    </div>
  );
}
