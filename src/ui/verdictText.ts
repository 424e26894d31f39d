// A verdict in words, the same in the table's chip, the details, the printable report and the
// classroom. With a card's p-manipulated decision the verdict is real vs manipulated first and its
// probability is P(manipulated) (P(real) for real), so the words say so instead of naming a class
// beside a number that is not that class's.
import type { Lang } from '../i18n/messages';
import { neverStatesReal, type Verdict, type VerdictRule } from '../analysis/verdict';
import { classDescription, kindDescription, percent } from './classText';
import type { T } from './useT';

/** "Likely manipulated", "Likely real" or "Uncertain". */
export function verdictHeadline(v: Verdict, t: T): string {
  return v.uncertain ? t('uncertain') : v.manipulated ? t('likelyManipulated') : t('likelyReal');
}

/**
 * The chip's short text (before its probability): a class name, "Manipulated (splice)", or "Uncertain (real?)" /
 * "Uncertain (splice?)" for the side it leans to (a kind of manipulation means it leans manipulated; the details
 * say so in words). It has to fit the table's verdict column at phone width (e2e/layout.spec.ts).
 */
export function verdictChipText(v: Verdict, t: T): string {
  if (v.uncertain) return t('uncertainChip', { label: v.label });
  if (v.rule === 'p-manipulated' && v.manipulated) return t('manipulatedChip', { label: v.label });
  return v.label;
}

/** The label and the verdict's probability, said as what they are: "splice 90.0 %" or "splice · probability of manipulation 88.0 %". */
export function verdictFigure(v: Verdict, t: T): string {
  if (v.rule === 'p-manipulated' && v.manipulated) return `${v.label} · ${t('pManipulatedShort', { p: percent(v.probability) })}`;
  return `${v.label} ${percent(v.probability)}`;
}

/** The sentence under the headline in the details. */
export function verdictExplanation(v: Verdict, rule: VerdictRule | undefined, t: T, lang: Lang): string {
  if (v.rule === 'p-manipulated' && rule && 'rule' in rule) {
    const pm = v.manipulated ? v.probability : 1 - v.probability;
    const kind = kindDescription(v.label, lang);
    if (!v.uncertain)
      return v.manipulated ? t('looksLike', { kind, p: percent(pm) }) : `${classDescription(v.label, lang)} (${percent(v.probability)}).`;
    const range = { p: percent(pm), low: percent(rule.uncertain[0]), high: percent(rule.uncertain[1]) };
    if (v.heldBy) // a face's warning held a verdict the band would have stated (reliability.ts, HOLDS_VERDICT)
      return v.manipulated ? t('uncertainHeldLeansManipulated', { p: range.p, kind }) : t('uncertainHeldLeansReal', { p: range.p });
    if (neverStatesReal(rule)) // its band is everything below `high`
      return v.manipulated ? t('uncertainBelowLeansManipulated', { ...range, kind }) : t('uncertainBelowLeansReal', range);
    return v.manipulated ? t('uncertainLeansManipulated', { ...range, kind }) : t('uncertainLeansReal', range);
  }
  return v.uncertain
    ? t('uncertainExplain', { label: v.label, p: percent(v.probability) })
    : `${classDescription(v.label, lang)} (${percent(v.probability)}).`;
}
