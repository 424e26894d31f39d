// Follows one classroom photo through AMTENnet, one step per layer, with the worker's real maps.
// Arrow keys, Home and End step; presentation mode fills the screen with large type.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { NO_CHANGE } from '../crop/whatIf';
import { PixelCanvas } from '../ui/PixelCanvas';
import { ProbabilityBars } from '../ui/ProbabilityBars';
import { useClassroomT } from './useClassroomT';
import { runInspect, useLatestRun } from './run';
import { buildSteps } from './steps';
import { faceByKey, useClassroom } from './state';
import { useStore } from '../state/store';

export function Walkthrough() {
  const t = useClassroomT();
  const { faces, face, step, set } = useClassroom();
  const entry = faces[face];
  const run = useLatestRun(entry?.key ?? null, (key) => runInspect(faceByKey(key), { kind: 'inspect', whatIf: NO_CHANGE, withMaps: true }));
  const fmt = useStore((s) => s.engine.card?.fmt);
  const steps = useMemo(() => (run.value?.maps ? buildSteps(run.value.maps, fmt) : []), [run.value, fmt]);
  const [present, setPresent] = useState(false);
  const root = useRef<HTMLElement>(null);

  // Opened from the gallery's button or the tab: the arrows work at once.
  useEffect(() => root.current?.focus(), []);

  useEffect(() => {
    const onChange = () => {
      if (!document.fullscreenElement) setPresent(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const togglePresent = () => {
    const next = !present;
    setPresent(next);
    if (next) void root.current?.requestFullscreen?.().catch(() => undefined);
    else if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    root.current?.focus();
  };

  if (!entry) return null;
  const n = steps.length;
  const current = steps[Math.min(step, n - 1)];
  const go = (i: number) => set({ step: Math.max(0, Math.min(n - 1, i)) });
  const onKey = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLButtonElement && (e.key === 'Enter' || e.key === ' ')) return;
    if (e.key === 'Escape' && present) {
      togglePresent();
      return;
    }
    const to = { ArrowRight: step + 1, ArrowDown: step + 1, PageDown: step + 1, ArrowLeft: step - 1, ArrowUp: step - 1, PageUp: step - 1, Home: 0, End: n - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    go(to);
  };
  const faceN = face + 1;
  return (
    <section
      ref={root}
      className={`cr-walk${present ? ' cr-present' : ''}`}
      aria-labelledby="walk-title"
      aria-describedby="walk-help"
      tabIndex={0}
      onKeyDown={onKey}
      data-testid="walkthrough"
      data-step={current?.id ?? ''}
      data-step-index={step}
      data-steps={n}
      data-present={present}
    >
      <h3 id="walk-title">{t('walkTitle', { n: faceN })}</h3>
      <p id="walk-help" className="muted">
        {t('walkHelp')}
      </p>
      {run.error && <p role="alert">{t('runFailed', { message: run.error })}</p>}
      {!current ? (
        <p aria-live="polite">{t('running')}</p>
      ) : (
        <>
          <div className="cr-stepbar">
            <button type="button" onClick={() => go(step - 1)} disabled={step === 0}>
              ← {t('previous')}
            </button>
            <span aria-live="polite" data-testid="step-counter">
              {t('stepOf', { i: step + 1, n })}
            </span>
            <button type="button" onClick={() => go(step + 1)} disabled={step === n - 1}>
              {t('next')} →
            </button>
            <button type="button" onClick={togglePresent} aria-pressed={present} data-testid="present">
              {present ? t('leavePresent') : t('present')}
            </button>
          </div>
          <h4 data-testid="step-title">{t(...current.title)}</h4>
          <p className="cr-caption">{t(...current.caption)}</p>
          {current.probabilities && run.value ? (
            <div data-testid="step-probabilities">
              <ProbabilityBars probabilities={run.value.probabilities} classes={run.value.card.classes} />
            </div>
          ) : (
            <ul className={`cr-maps cr-maps-${current.maps.length > 5 ? 'many' : 'few'}`}>
              {current.maps.map((m, i) => (
                <li key={`${current.id}-${i}`}>
                  <PixelCanvas
                    pixels={m.pixels}
                    size={m.size}
                    testId="step-map"
                    className="cr-map"
                    label={t('mapAlt', { title: `${t(...current.title)} ${m.label}`, what: t(...m.what) })}
                  />
                  <span>{m.label}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
