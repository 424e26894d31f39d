// A compact verdict: text first, colour second, so colour never carries the meaning alone.
import { verdictTone, type Judge } from '../analysis/verdict';
import type { ReliabilityWarning } from '../analysis/reliability';
import { useT } from './useT';
import { percent } from './classText';
import { verdictChipText } from './verdictText';

/** `judge` is the model card's (judgeFor(card)); `reliability`, the face's warnings (one may hold the verdict). */
export function VerdictChip({ probabilities, judge, reliability }: { probabilities: number[]; judge: Judge; reliability?: readonly ReliabilityWarning[] }) {
  const t = useT();
  const v = judge.verdict(probabilities, reliability);
  return (
    <span className={`chip ${verdictTone(v)}`} data-verdict={v.uncertain ? 'uncertain' : v.label} data-manipulated={String(v.manipulated)}>
      <span aria-hidden="true">{v.uncertain ? '? ' : v.manipulated ? '✕ ' : '✓ '}</span>
      {verdictChipText(v, t)} · {percent(v.probability)}
    </span>
  );
}
