// "Open a model folder…" (issue 27): a person picks a folder exported by training/ (or drops its files), the
// engine checks it (src/model/modelFolder.ts) and, accepted, runs it for new analyses; refused, it says why
// and the shipped model stays. Shown in the header's Details and in the classroom's comparison.
import { useState } from 'react';
import { useStore } from '../state/store';
import { backToShippedModel, openOwnModel } from '../state/pageEngine';
import { folderFiles } from '../model/modelFolderFiles';
import { localized, localizedError, type Localized } from '../i18n/localized';
import type { IncomingFile } from '../state/engine';
import { filesFromInput } from './dropFiles';
import { useFileDrop } from './useFileDrop';
import { FilePicker } from './FilePicker';
import { useT } from './useT';
import { keepOwnModel, removeKeptModel } from '../state/keptModel';

type Outcome = { kind: 'checking' } | { kind: 'loaded'; id: string; version: string } | { kind: 'refused'; message: Localized };

export function OwnModelPicker({ testId = 'own-model' }: { testId?: string }) {
  const t = useT();
  const own = useStore((s) => s.engine.own);
  const ready = useStore((s) => s.engine.status === 'ready');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [keep, setKeep] = useState(false);
  const problem = useStore((s) => s.engine.ownProblem);

  const open = async (files: IncomingFile[]) => {
    setOutcome({ kind: 'checking' });
    try {
      const folder = folderFiles(files);
      const card = await openOwnModel(folder);
      setOutcome({ kind: 'loaded', id: card.id, version: card.version });
      // Keeping it is a convenience: a browser that refuses storage still runs the model.
      if (keep) await keepOwnModel(folder, card).catch((e: unknown) => console.warn('The model could not be kept:', e));
    } catch (e) {
      setOutcome({ kind: 'refused', message: localized('ownModelRejected', { reason: localizedError(e) }) });
    }
  };

  const { over, dropProps } = useFileDrop(open);

  return (
    <div
      className={`own-model${over ? ' over' : ''}`}
      data-testid={testId}
      data-own={own ? `${own.id}@${own.version}` : ''}
      {...dropProps}
    >
      <p className="own-model-actions">
        <FilePicker
          label={t('openModelFolder')}
          folder
          secondary
          disabled={!ready || outcome?.kind === 'checking'}
          testId={`${testId}-input`}
          onFiles={(files) => void open(filesFromInput(files))}
        />
        {own && !own.kept && (
          <button type="button" className="secondary" data-testid={`${testId}-shipped`} onClick={() => (setOutcome(null), backToShippedModel())}>
            {t('ownModelUseShipped')}
          </button>
        )}
        {own?.kept && (
          <button type="button" className="secondary" data-testid={`${testId}-remove`} onClick={() => (setOutcome(null), void removeKeptModel())}>
            {t('ownModelRemove')}
          </button>
        )}
      </p>
      {own?.kept ? (
        <p data-testid={`${testId}-kept`}>{t('ownModelKept')}</p>
      ) : (
        <label className="own-model-keep">
          <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.currentTarget.checked)} data-testid={`${testId}-keep`} /> {t('ownModelKeep')}
        </label>
      )}
      {problem && !own && (
        <p role="alert" className="own-model-refused" data-testid={`${testId}-restore-failed`}>
          {t(problem)}
        </p>
      )}
      <p className="hint">{t('ownModelHint')}</p>
      <p aria-live="polite" data-testid={`${testId}-outcome`} data-outcome={outcome?.kind ?? ''}>
        {outcome?.kind === 'checking' && t('ownModelChecking')}
        {outcome?.kind === 'loaded' && own && t('ownModelLoaded', { name: outcome.id, version: outcome.version })}
      </p>
      {outcome?.kind === 'refused' && (
        <p role="alert" className="own-model-refused" data-testid={`${testId}-refused`} data-key={(outcome.message.params as { reason: Localized }).reason.key}>
          {t(outcome.message)}
        </p>
      )}
    </div>
  );
}
