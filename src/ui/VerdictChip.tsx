// A compact verdict: text first, colour second, so colour never carries the meaning alone.
import { verdictOf, type VerdictRule } from '../analysis/verdict';
import { useT } from './useT';
import { percent } from './classText';
import { verdictChipText } from './verdictText';

/** `rule` is the model card's (verdictRule(card)). */
export function VerdictChip({ probabilities, classes, rule }: { probabilities: number[]; classes: string[]; rule?: VerdictRule }) {
  const t = useT();
  const v = verdictOf(probabilities, classes, rule);
  const tone = v.uncertain ? 'uncertain' : v.manipulated ? 'fake' : 'real';
  return (
    <span className={`chip ${tone}`} data-verdict={v.uncertain ? 'uncertain' : v.label} data-manipulated={String(v.manipulated)}>
      <span aria-hidden="true">{v.uncertain ? '? ' : v.manipulated ? '✕ ' : '✓ '}</span>
      {verdictChipText(v, t)} · {percent(v.probability)}
    </span>
  );
}
