// One bar per class of the model card, with its probability as text (the bar is decoration only).
import { useStore } from '../state/store';
import { useT } from './useT';
import { classDescription, percent } from './classText';

export function ProbabilityBars({ probabilities, classes }: { probabilities: number[]; classes: string[] }) {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const top = Math.max(...probabilities);
  return (
    <ul className="bars" aria-label={t('probabilities')}>
      {classes.map((c, i) => (
        <li key={c} className={probabilities[i] === top ? 'top' : ''} data-testid={`prob-${c}`} data-value={probabilities[i]}>
          <span className="bar-label" title={classDescription(c, lang)}>
            {c}
          </span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${(probabilities[i] * 100).toFixed(2)}%` }} />
          </span>
          <span className="bar-value">{percent(probabilities[i])}</span>
        </li>
      ))}
    </ul>
  );
}
