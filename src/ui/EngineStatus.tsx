// Header status: one line a person can read at a glance (ready, where it runs), the "Find faces"
// setting, and behind "Details" what a developer wants: why this backend, the model and its card,
// the Backend menu and the worker's memory.
import { useStore } from '../state/store';
import { modelFolderUrl, setBackendChoice, setFindFaces } from '../state/pageEngine';
import { VideoSamplingSetting } from './VideoSamplingSetting';
import { BACKENDS, type BackendChoice } from '../shared/analysisProtocol';
import type { MessageKey } from '../i18n/messages';
import { useT } from './useT';
import { OwnModelPicker } from './OwnModelPicker';

const BACKEND_LABEL: Record<BackendChoice, MessageKey> = { auto: 'backendAuto', webgl: 'backendWebgl', wasm: 'backendWasm', cpu: 'backendCpu' };

export function EngineStatus() {
  const t = useT();
  const engine = useStore((s) => s.engine);
  const findFaces = useStore((s) => s.findFaces);
  const pct = engine.totalBytes ? Math.round((100 * engine.loadedBytes) / engine.totalBytes) : 0;
  return (
    <div className="engine" data-testid="engine" data-status={engine.status} data-restarts={engine.restarts}>
      <p className="engine-line" aria-live="polite">
        {engine.status === 'ready' && engine.backend ? (
          <>
            <span className="badge ok">{t('ready')}</span>{' '}
            {/* One piece of text, so a narrow header wraps it between words, not after the dot. */}
            <span>
              {t('runsOnDevice')} ·{' '}
              <strong data-testid="backend" data-backend={engine.backend}>
                {t(BACKEND_LABEL[engine.backend])}
              </strong>
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
      </p>
      {/* Said plainly, outside Details: the analyses come from a model of the person's own (issue 27). */}
      {engine.own && (
        <p className="engine-line">
          <span className="badge own" data-testid="own-model-badge">
            {t('ownModelInUse', { name: engine.own.id, version: engine.own.version })}
          </span>
        </p>
      )}
      <label className="engine-line" title={t('findFacesHint')}>
        <input type="checkbox" checked={findFaces} onChange={(e) => setFindFaces(e.currentTarget.checked)} data-testid="find-faces" />
        {t('findFaces')}
      </label>
      <details className="engine-details" data-testid="engine-details">
        <summary>{t('engineDetails')}</summary>
        {engine.status === 'restarting' && engine.message && <p>{t(engine.message)}</p>}
        {engine.backendNote && <p data-testid="backend-note">{t(engine.backendNote)}</p>}
        {engine.card && (
          <p data-testid="engine-model" data-model={`${engine.card.id}@${engine.card.version}`}>
            {t('model')} <strong>{engine.card.id}</strong> v{engine.card.version}
            {!engine.own && (
              <>
                {' · '}
                <a href={`${modelFolderUrl()}model-card.json`} target="_blank" rel="noopener">
                  {t('modelCard')}
                </a>
              </>
            )}
          </p>
        )}
        <OwnModelPicker />
        <VideoSamplingSetting />
        <p>
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
        </p>
        {engine.memory && (
          <p data-testid="num-tensors" data-value={engine.memory.numTensors} data-wasm-heap={engine.memory.wasmHeapBytes ?? ''}>
            {t('tensorsInMemory', { n: engine.memory.numTensors, mb: (engine.memory.tensorBytes / 2 ** 20).toFixed(1) })}
          </p>
        )}
      </details>
    </div>
  );
}
