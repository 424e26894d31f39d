// A compact verdict: text first, colour second, so colour never carries the meaning alone.
import type { UncertainBand } from '../model/modelCard';
import { verdictOf } from '../analysis/verdict';
import { useT } from './useT';
import { percent } from './classText';

export function VerdictChip({ probabilities, classes, band }: { probabilities: number[]; classes: string[]; band?: UncertainBand }) {
  const t = useT();
  const v = verdictOf(probabilities, classes, band);
  const tone = v.uncertain ? 'uncertain' : v.manipulated ? 'fake' : 'real';
  const text = v.uncertain ? t('uncertainChip', { label: v.label }) : v.label;
  return (
    <span className={`chip ${tone}`} data-verdict={v.uncertain ? 'uncertain' : v.label}>
      <span aria-hidden="true">{v.uncertain ? '? ' : v.manipulated ? '✕ ' : '✓ '}</span>
      {text} · {percent(v.probability)}
    </span>
  );
}
