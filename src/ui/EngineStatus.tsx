// Header status: model loading progress, which backend runs and why, and the backend setting.
import { useStore } from '../state/store';
import { setBackendChoice, setFindFaces } from '../state/engine';
import { BACKENDS, type BackendChoice } from '../worker/protocol';
import type { MessageKey } from '../i18n/messages';
import { useT } from '../i18n/useT';

const BACKEND_LABEL: Record<BackendChoice, MessageKey> = { auto: 'backendAuto', webgl: 'backendWebgl', wasm: 'backendWasm', cpu: 'backendCpu' };

export function EngineStatus() {
  const t = useT();
  const engine = useStore((s) => s.engine);
  const findFaces = useStore((s) => s.findFaces);
  const pct = engine.totalBytes ? Math.round((100 * engine.loadedBytes) / engine.totalBytes) : 0;
  return (
    <div className="engine" aria-live="polite" data-testid="engine" data-status={engine.status} data-restarts={engine.restarts}>
      <div className="engine-line">
        {engine.status === 'ready' && engine.backend ? (
          <>
            <span className="badge ok">{t('ready')}</span> {t('runsOnDevice')}{' '}
            <strong data-testid="backend" data-backend={engine.backend}>
              {engine.backend}
            </strong>
            <span className="engine-note" data-testid="backend-note">
              {engine.backendNote && t(engine.backendNote)}
            </span>
          </>
        ) : engine.status === 'failed' ? (
          <span className="badge bad" role="alert">
            {t('engineStopped', { message: engine.message ?? '' })}
          </span>
        ) : (
          <span className="badge busy">
            {engine.status === 'restarting' ? t('restartingEngine') : t('loadingModel', { pct: pct ? `${pct} %` : '' })}
          </span>
        )}
      </div>
      <div className="engine-line small">
        {engine.card && (
          <span title={`Classes: ${engine.card.classes.join(', ')}`}>
            {t('model')} <strong>{engine.card.id}</strong> v{engine.card.version}
          </span>
        )}
        <label>
          {t('backend')}{' '}
          <select value={engine.choice} onChange={(e) => setBackendChoice(e.currentTarget.value as BackendChoice)}>
            {(['auto', ...BACKENDS] as BackendChoice[]).map((b) => (
              <option key={b} value={b}>
                {t(BACKEND_LABEL[b])}
              </option>
            ))}
          </select>
        </label>
        <label title={t('findFacesHint')}>
          <input type="checkbox" checked={findFaces} onChange={(e) => setFindFaces(e.currentTarget.checked)} data-testid="find-faces" />{' '}
          {t('findFaces')}
        </label>
        {engine.memory && (
          <span
            className="muted"
            data-testid="num-tensors"
            data-value={engine.memory.numTensors}
            data-wasm-heap={engine.memory.wasmHeapBytes ?? ''}
            title={`${(engine.memory.tensorBytes / 2 ** 20).toFixed(1)} MB in tensors`}
          >
            {t('tensorsInMemory', { n: engine.memory.numTensors, mb: (engine.memory.tensorBytes / 2 ** 20).toFixed(1) })}
          </span>
        )}
      </div>
    </div>
  );
}
