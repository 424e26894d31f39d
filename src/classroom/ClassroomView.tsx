// Classroom mode (issue 8): a gallery of labelled faces, a walkthrough of the network on one
// face, a what-if lab and a model comparison. Loaded on demand (React.lazy) from App.tsx.
import { useEffect } from 'react';
import { useStore } from '../state/store';
import { useClassroomT, type ClassroomKey } from '../i18n/classroom';
import { localize } from '../i18n/messages';
import { Compare } from './Compare';
import { Gallery } from './Gallery';
import { loadGallery } from './run';
import { useClassroom, type ClassroomTab } from './state';
import { Walkthrough } from './Walkthrough';
import { WhatIfLab } from './WhatIfLab';
import './classroom.css';

const TABS: [ClassroomTab, ClassroomKey][] = [
  ['gallery', 'tabGallery'],
  ['walkthrough', 'tabWalkthrough'],
  ['whatif', 'tabWhatIf'],
  ['compare', 'tabCompare'],
];

export default function ClassroomView() {
  const t = useClassroomT();
  const { tab, gallery, galleryError, face, set } = useClassroom();
  const engine = useStore((s) => s.engine);
  const lang = useStore((s) => s.lang);
  useEffect(() => {
    if (!useClassroom.getState().gallery)
      loadGallery().then(
        (g) => set({ gallery: g }),
        (e: unknown) => set({ galleryError: e instanceof Error ? e.message : String(e) }),
      );
  }, [set]);
  return (
    <div className="classroom" data-testid="classroom">
      <div className="cr-head">
        <div>
          <h2>{t('title')}</h2>
          <p>{t('intro')}</p>
        </div>
        <button type="button" onClick={() => useStore.getState().setView('results')}>
          {t('back')}
        </button>
      </div>
      <nav aria-label={t('sections')} className="cr-tabs">
        {TABS.map(([id, key]) => (
          <button key={id} type="button" aria-pressed={tab === id} data-testid={`tab-${id}`} onClick={() => set({ tab: id })}>
            {t(key)}
          </button>
        ))}
        {gallery && tab !== 'gallery' && (
          <label>
            {t('faceSelect')}{' '}
            <select value={face} data-testid="face-select" onChange={(e) => set({ face: Number(e.currentTarget.value), step: 0 })}>
              {gallery.entries.map((e, i) => (
                <option key={e.file} value={i}>
                  {i + 1} · {e.source}
                </option>
              ))}
            </select>
          </label>
        )}
      </nav>
      {engine.status !== 'ready' && <p aria-live="polite">{engine.status === 'failed' ? engine.message && localize(lang, engine.message) : t('waitingModel')}</p>}
      {galleryError && <p role="alert">{t('galleryFailed', { message: galleryError })}</p>}
      {gallery && (
        <div className="cr-body">
          {tab === 'gallery' && <Gallery />}
          {tab === 'walkthrough' && <Walkthrough />}
          {tab === 'whatif' && <WhatIfLab />}
          {tab === 'compare' && <Compare />}
        </div>
      )}
    </div>
  );
}
