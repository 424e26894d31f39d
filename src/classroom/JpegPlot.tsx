// An SVG line chart of each class's probability against JPEG quality, with the numbers also in
// a table for screen readers. Lines are told apart by dash pattern and marker as well as colour.
import { useClassroomT } from './useClassroomT';
import { percent } from '../ui/classText';
import { CHART, linePoints, seriesByClass } from './chart';

const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2'];

export function JpegPlot({ qualities, rows, classes, faceN }: { qualities: number[]; rows: number[][]; classes: string[]; faceN: number }) {
  const t = useClassroomT();
  const series = seriesByClass(rows, classes);
  const { width, height, left, right, top, bottom } = CHART;
  const yTicks = [0, 0.25, 0.5, 0.75, 1];
  const xs = linePoints(qualities, qualities.map(() => 0));
  return (
    <figure className="cr-plot" data-testid="jpeg-plot" data-points={qualities.length}>
      <h4 id="plot-title">{t('plotTitle')}</h4>
      <p className="muted" id="plot-desc">
        {t('plotDesc', { n: faceN })}
      </p>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="plot-title" aria-describedby="plot-desc">
        {yTicks.map((y) => {
          const py = top + (1 - y) * (height - top - bottom);
          return (
            <g key={y} className="cr-grid">
              <line x1={left} x2={width - right} y1={py} y2={py} />
              <text x={left - 6} y={py + 4} textAnchor="end">
                {y * 100}%
              </text>
            </g>
          );
        })}
        {qualities.map((q, i) => (
          <text key={q} className="cr-axis" x={xs[i][0]} y={height - bottom + 16} textAnchor="middle">
            {q}
          </text>
        ))}
        <text className="cr-axis" x={(left + width - right) / 2} y={height - 4} textAnchor="middle">
          {t('plotX')}
        </text>
        {series.map((s, k) => {
          const pts = linePoints(qualities, s.values);
          return (
            <g key={s.name} className={`cr-series cr-series-${k % 5}`} data-testid="plot-series" data-class={s.name}>
              <polyline points={pts.map((p) => p.join(',')).join(' ')} strokeDasharray={DASHES[k % 5]} fill="none" />
              {pts.map(([x, y], i) => (
                <circle key={qualities[i]} cx={x} cy={y} r={3.5} data-testid="plot-point" data-quality={qualities[i]} data-value={s.values[i]}>
                  <title>{`${s.name}, ${t('quality')} ${qualities[i]}: ${percent(s.values[i])}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="cr-legend">
          {series.map((s, k) => (
            <li key={s.name}>
              <svg width="28" height="10" aria-hidden="true" className={`cr-series cr-series-${k % 5}`}>
                <line x1="0" x2="28" y1="5" y2="5" strokeDasharray={DASHES[k % 5]} />
              </svg>{' '}
              {s.name}
            </li>
          ))}
        </ul>
        <details>
          <summary>{t('plotTable')}</summary>
          <table className="cr-table">
            <thead>
              <tr>
                <th scope="col">{t('quality')}</th>
                {classes.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {qualities.map((q, i) => (
                <tr key={q}>
                  <th scope="row">{q}</th>
                  {rows[i].map((p, k) => (
                    <td key={k}>{percent(p)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}
