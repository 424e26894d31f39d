// "Videos: frames checked a second … at most, per clip" in the header's Details (issue 25): the sampling
// of clips dropped from now on, the same setting as `?fps=` and `?frames=`. A value outside the limits is
// not taken; the field says so and the last good value stays in use.
import { useStore } from '../state/store';
import { setVideoSampling } from '../state/pageEngine';
import { SAMPLING_LIMITS } from '../video/sampling';
import { useT } from './useT';

export function VideoSamplingSetting() {
  const t = useT();
  const sampling = useStore((s) => s.videoSampling);
  const field = (key: keyof typeof SAMPLING_LIMITS, step: number | 'any') => {
    const [min, max] = SAMPLING_LIMITS[key];
    return (
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        defaultValue={sampling[key]}
        data-testid={`video-sampling-${key}`}
        onChange={(e) => {
          const v = e.currentTarget.valueAsNumber;
          const ok = Number.isFinite(v) && v >= min && v <= max && (key !== 'maxFrames' || Number.isInteger(v));
          e.currentTarget.setAttribute('aria-invalid', String(!ok));
          if (ok) setVideoSampling({ ...useStore.getState().videoSampling, [key]: v });
        }}
      />
    );
  };
  return (
    <p className="video-sampling" title={t('videoSamplingHint')}>
      <label>
        {t('videoSampling')} {field('perSecond', 'any')}
      </label>{' '}
      <label>
        {t('videoSamplingMax')} {field('maxFrames', 1)}
      </label>
    </p>
  );
}
