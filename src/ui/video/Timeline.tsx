// One person's P(manipulated) over the clip (issue 25): a point per frame they were seen in, the
// card's uncertain band shaded and its threshold drawn, as an SVG that prints as it shows.
import type { VerdictRule } from '../../analysis/verdict';

export interface TimelinePoint {
  time: number;
  pm: number;
  frame: number;
}

const W = 320;
const H = 96;
const PAD = 4;
/** Room under the plot for the time axis' labels. */
const AXIS = 12;

export function Timeline({ points, duration, rule, label, selectedFrame, onSelect }: {
  points: TimelinePoint[];
  duration: number;
  rule?: VerdictRule;
  label: string;
  selectedFrame?: number;
  onSelect?: (frame: number) => void;
}) {
  const x = (t: number) => PAD + (duration > 0 ? t / duration : 0) * (W - 2 * PAD);
  const y = (p: number) => PAD + (1 - p) * (H - AXIS - 2 * PAD);
  const band = rule && 'rule' in rule ? rule : null;
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.time).toFixed(1)},${y(p.pm).toFixed(1)}`).join(' ');
  return (
    <svg className="video-timeline" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="video-timeline">
      <rect x={PAD} y={PAD} width={W - 2 * PAD} height={H - AXIS - 2 * PAD} className="tl-frame" />
      <text x={PAD} y={H - 2} className="tl-axis">0 s</text>
      <text x={W - PAD} y={H - 2} className="tl-axis" textAnchor="end">
        {duration.toFixed(1)} s
      </text>
      <text x={PAD + 2} y={PAD + 9} className="tl-axis">1</text>
      <text x={PAD + 2} y={y(0) - 2} className="tl-axis">0</text>
      {band && (
        <>
          <rect x={PAD} y={y(band.uncertain[1])} width={W - 2 * PAD} height={y(band.uncertain[0]) - y(band.uncertain[1])} className="tl-band" data-testid="timeline-band" />
          <line x1={PAD} x2={W - PAD} y1={y(band.threshold)} y2={y(band.threshold)} className="tl-threshold" />
        </>
      )}
      <path d={path} className="tl-line" />
      {points.map((p) => (
        <circle
          key={p.frame}
          cx={x(p.time)}
          cy={y(p.pm)}
          r={p.frame === selectedFrame ? 4.5 : 3}
          className={p.frame === selectedFrame ? 'tl-point selected' : 'tl-point'}
          data-testid="timeline-point"
          data-time={p.time.toFixed(3)}
          data-pm={p.pm.toFixed(4)}
          onClick={onSelect && (() => onSelect(p.frame))}
        />
      ))}
    </svg>
  );
}
