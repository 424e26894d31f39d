// The what-if lab: sliders change the photo (JPEG re-compression, downscaling, blur, noise, a
// shifted crop), the worker runs the model again, and Fmt, the probabilities and the
// probability-against-JPEG-quality plot are redrawn from its answer.
import { useMemo, type ReactNode } from 'react';
import { NO_CHANGE, type WhatIf } from '../crop/whatIf';
import { PixelCanvas } from '../ui/PixelCanvas';
import { ProbabilityBars } from '../ui/ProbabilityBars';
import { useClassroomT } from './useClassroomT';
import { SWEEP_QUALITIES } from './chart';
import { JpegPlot } from './JpegPlot';
import { fineDetail, fmtEnergy } from './measure';
import { magnitudeToRgba, rgbMagnitude } from './render';
import { runInspect, runSweep, useLatestRun } from './run';
import { faceByKey, useClassroom } from './state';

function Slider(props: { id: keyof WhatIf; label: string; min: number; max: number; step: number; value: number; disabled?: boolean; format?: (v: number) => string; onChange: (v: number) => void }) {
  const id = `whatif-${props.id}`;
  return (
    <div className="cr-slider">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="range"
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        disabled={props.disabled}
        data-testid={id}
        onChange={(e) => props.onChange(Number(e.currentTarget.value))}
      />
      <output htmlFor={id}>{props.format ? props.format(props.value) : props.value}</output>
    </div>
  );
}

export function WhatIfLab() {
  const t = useClassroomT();
  const { faces, face, whatIf, set } = useClassroom();
  const entry = faces[face];
  const file = entry?.key ?? null;
  const key = file ? JSON.stringify({ file, whatIf }) : null;
  const run = useLatestRun(key, (k) => {
    const { file: f, whatIf: w } = JSON.parse(k) as { file: string; whatIf: WhatIf };
    return runInspect(faceByKey(f), { kind: 'inspect', whatIf: w, withMaps: true });
  });
  const sweepKey = file ? JSON.stringify({ file, whatIf: { ...whatIf, jpegQuality: null } }) : null;
  const sweep = useLatestRun(sweepKey, (k) => {
    const { file: f, whatIf: w } = JSON.parse(k) as { file: string; whatIf: WhatIf };
    return runSweep(faceByKey(f), { kind: 'jpeg-sweep', whatIf: w, qualities: SWEEP_QUALITIES });
  });
  const shownWhatIf = run.key ? (JSON.parse(run.key) as { whatIf: WhatIf }).whatIf : null;
  const fmtView = useMemo(() => {
    const maps = run.value?.maps;
    if (!maps) return null;
    const detail = fineDetail(maps.fmt, maps.size);
    return {
      pixels: magnitudeToRgba(rgbMagnitude(maps.fmt)).pixels,
      detailPixels: magnitudeToRgba(rgbMagnitude(detail)).pixels,
      energy: fmtEnergy(maps.fmt),
      detailEnergy: fmtEnergy(detail),
      size: maps.size,
    };
  }, [run.value]);
  if (!entry) return null;
  const change = (patch: Partial<WhatIf>) => set({ whatIf: { ...whatIf, ...patch } });
  const faceN = face + 1;
  const sliders: ReactNode = (
    <fieldset className="cr-sliders">
      <legend>{t('whatIfHelp')}</legend>
      <label className="cr-check">
        <input
          type="checkbox"
          checked={whatIf.jpegQuality !== null}
          data-testid="whatif-jpeg"
          onChange={(e) => change({ jpegQuality: e.currentTarget.checked ? 50 : null })}
        />{' '}
        {t('useJpeg')}
      </label>
      <Slider id="jpegQuality" label={t('jpegQuality')} min={5} max={100} step={5} value={whatIf.jpegQuality ?? 100} disabled={whatIf.jpegQuality === null} onChange={(v) => change({ jpegQuality: v })} />
      <Slider id="scale" label={t('downscale')} min={0.25} max={1} step={0.05} value={whatIf.scale} format={(v) => `${Math.round(v * 100)} %`} onChange={(v) => change({ scale: v })} />
      <Slider id="blur" label={t('blur')} min={0} max={4} step={0.25} value={whatIf.blur} onChange={(v) => change({ blur: v })} />
      <Slider id="noise" label={t('noise')} min={0} max={30} step={1} value={whatIf.noise} onChange={(v) => change({ noise: v })} />
      <Slider id="shiftX" label={t('shiftX')} min={-16} max={16} step={1} value={whatIf.shiftX} onChange={(v) => change({ shiftX: v })} />
      <Slider id="shiftY" label={t('shiftY')} min={-16} max={16} step={1} value={whatIf.shiftY} onChange={(v) => change({ shiftY: v })} />
      <button type="button" onClick={() => set({ whatIf: NO_CHANGE })}>
        {t('reset')}
      </button>
    </fieldset>
  );
  return (
    <section aria-labelledby="whatif-title" data-testid="whatif-lab" data-busy={run.busy || sweep.busy}>
      <h3 id="whatif-title">{t('whatIfTitle', { n: faceN })}</h3>
      <div className="cr-lab">
        {sliders}
        <div className="cr-lab-out">
          {run.error && <p role="alert">{t('runFailed', { message: run.error })}</p>}
          <p aria-live="polite" className="muted">{run.busy ? t('running') : ''}</p>
          {run.value && fmtView && shownWhatIf && (
            <>
              <div className="cr-maps cr-maps-few">
                <figure>
                  <PixelCanvas pixels={run.value.preview} size={fmtView.size} label={t('cropNow')} testId="whatif-crop" className="cr-map" />
                  <figcaption>{t('cropNow')}</figcaption>
                </figure>
                <figure
                  data-testid="whatif-fmt"
                  data-energy={fmtView.energy}
                  data-detail-energy={fmtView.detailEnergy}
                  data-settings={JSON.stringify(shownWhatIf)}
                  data-current={String(run.key === key)}
                >
                  <PixelCanvas pixels={fmtView.pixels} size={fmtView.size} label={t('fmtNow')} className="cr-map" />
                  <figcaption>{t('energy', { e: fmtView.energy.toFixed(2) })}</figcaption>
                </figure>
                <figure>
                  <PixelCanvas pixels={fmtView.detailPixels} size={fmtView.size} label={t('detailNow')} testId="whatif-detail" className="cr-map" />
                  <figcaption>{t('detailEnergy', { e: fmtView.detailEnergy.toFixed(2) })}</figcaption>
                </figure>
              </div>
              <div data-testid="whatif-probabilities">
                <ProbabilityBars probabilities={run.value.probabilities} classes={run.value.card.classes} />
              </div>
            </>
          )}
        </div>
      </div>
      {sweep.error && <p role="alert">{t('runFailed', { message: sweep.error })}</p>}
      {sweep.value && (
        <div data-current={String(sweep.key === sweepKey)} data-testid="sweep">
          <JpegPlot qualities={SWEEP_QUALITIES} rows={sweep.value.probabilities} classes={sweep.value.card.classes} faceN={faceN} />
        </div>
      )}
    </section>
  );
}
