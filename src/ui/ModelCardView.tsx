// The model card in words: which model made the verdicts, what it knows and how well it measured.
import type { ModelCard } from '../model/modelCard';
import { neverStatesReal } from '../analysis/verdict';
import { ARCHITECTURE_NAMES } from '../model/spec';
import { useStore } from '../state/store';
import { useT } from './useT';
import { classDescription } from './classText';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function ModelCardView({ card }: { card: ModelCard }) {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const note = card.trainingData && typeof card.trainingData.note === 'string' ? card.trainingData.note : null;
  const dataset = card.trainingData && typeof card.trainingData.dataset === 'string' ? card.trainingData.dataset : null;
  return (
    <section className="model-card" aria-labelledby="model-card-title" data-testid="model-card">
      <h2 id="model-card-title">{t('modelCard')}</h2>
      <dl className="facts-list">
        <div>
          <dt>{t('mcId')}</dt>
          <dd>
            {card.id} v{card.version}
          </dd>
        </div>
        <div>
          <dt>{t('mcArchitecture')}</dt>
          <dd>{ARCHITECTURE_NAMES[card.architecture] ?? card.architecture}</dd>
        </div>
        <div>
          <dt>{t('mcInputSize')}</dt>
          <dd>
            {card.inputSize} × {card.inputSize} px
          </dd>
        </div>
        {(dataset || note) && (
          <div>
            <dt>{t('mcTraining')}</dt>
            <dd>{[dataset, note].filter(Boolean).join(': ')}</dd>
          </div>
        )}
        {card.licence && (
          <div>
            <dt>{t('mcLicence')}</dt>
            <dd>{card.licence}</dd>
          </div>
        )}
      </dl>
      <h3>{t('mcClasses')}</h3>
      <ul>
        {card.classes.map((c) => (
          <li key={c}>
            <strong>{c}</strong>: {classDescription(c, lang)}
          </li>
        ))}
      </ul>
      {card.metrics && (
        <p>
          {t('mcMetrics', {
            split: card.metrics.split,
            n: card.metrics.n,
            acc: pct(card.metrics.accuracy),
            bacc: pct(card.metrics.balancedAccuracy),
          })}
          {card.metrics.realFalseAlarmRate !== undefined &&
            card.metrics.ece !== undefined &&
            ` ${t('mcCalibration', { falseAlarms: pct(card.metrics.realFalseAlarmRate), ece: card.metrics.ece.toFixed(3) })}`}
        </p>
      )}
      {card.decision && (
        <p data-testid="model-card-decision">
          {t(neverStatesReal(card.decision) ? 'mcDecisionNoReal' : 'mcDecision', {
            low: pct(card.decision.uncertain[0]),
            high: pct(card.decision.uncertain[1]),
            threshold: pct(card.decision.threshold),
          })}
          {card.decision.chosenOn && ` ${t('mcDecisionChosenOn', { split: card.decision.chosenOn })}`}
        </p>
      )}
      {/* The band decides only for a card without a decision. */}
      {!card.decision && card.uncertainBand?.valPrecision !== undefined && card.uncertainBand.valCoverage !== undefined && (
        <p data-testid="model-card-band">
          {t('mcBand', {
            p: pct(card.uncertainBand.minProbability),
            precision: pct(card.uncertainBand.valPrecision),
            coverage: pct(card.uncertainBand.valCoverage),
          })}
        </p>
      )}
    </section>
  );
}
