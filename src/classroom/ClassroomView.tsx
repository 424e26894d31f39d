// Classroom mode (issue 8): a gallery of labelled faces, a walkthrough of the network on one
// face, a what-if lab and a model comparison, on the build's gallery, a labelled folder the person
// opens, or any photo the person adds. Loaded on demand (React.lazy) from App.tsx.
import { useEffect } from 'react';
import { useStore } from '../state/store';
import { type ClassroomKey } from './messages';
import { useClassroomT } from './useClassroomT';
import { localize } from '../i18n/messages';
import { Compare } from './Compare';
import { Gallery } from './Gallery';
import { galleryFaces, shownSource } from './faces';
import { addOwnPhotos, PhotoSources } from './PhotoSources';
import { DamagedGallery, galleryUrl, loadGallery } from './run';
import { setLabelled, useClassroom, type ClassroomTab } from './state';
import { filesFromDataTransfer } from '../ui/dropFiles';
import { useBlockStrayDrops } from '../ui/useBlockStrayDrops';
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
  const { tab, faces, galleryError, face, reveal, set } = useClassroom();
  const engine = useStore((s) => s.engine);
  const lang = useStore((s) => s.lang);
  useBlockStrayDrops();
  useEffect(() => {
    if (useClassroom.getState().gallery !== 'loading') return;
    loadGallery().then(
      (g) => {
        if (!g) set({ gallery: 'absent' });
        else {
          set({ gallery: 'ready' });
          // Unless the person opened a folder while the gallery was on its way.
          if (!useClassroom.getState().labelled) setLabelled({ kind: 'gallery' }, galleryFaces(g, galleryUrl));
        }
      },
      (e: unknown) =>
        set({
          gallery: 'absent',
          galleryError: e instanceof DamagedGallery ? { key: 'galleryDamaged' } : { key: 'galleryFailed', params: { message: e instanceof Error ? e.message : String(e) } },
        }),
    );
  }, [set]);
  return (
    <div
      className="classroom"
      data-testid="classroom"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={(e) => {
        e.preventDefault();
        void filesFromDataTransfer(e.dataTransfer).then((list) => addOwnPhotos(list.map((f) => f.file)));
      }}
    >
      <div className="cr-head">
        <div>
          <h2>{t('title')}</h2>
          <p>{t('intro')}</p>
        </div>
        <button type="button" onClick={() => useStore.getState().setView('results')}>
          {t('back')}
        </button>
      </div>
      <PhotoSources />
      <nav aria-label={t('sections')} className="cr-tabs">
        {TABS.map(([id, key]) => (
          <button key={id} type="button" aria-pressed={tab === id} data-testid={`tab-${id}`} onClick={() => set({ tab: id })}>
            {t(key)}
          </button>
        ))}
        {faces.length > 0 && tab !== 'gallery' && (
          <label>
            {t('faceSelect')}{' '}
            <select value={face} data-testid="face-select" onChange={(e) => set({ face: Number(e.currentTarget.value), step: 0 })}>
              {faces.map((f, i) => {
                const source = shownSource(f, reveal);
                return (
                  <option key={f.key} value={i}>
                    {source === null ? i + 1 : `${i + 1} · ${source}`}
                  </option>
                );
              })}
            </select>
          </label>
        )}
      </nav>
      {engine.status !== 'ready' && <p aria-live="polite">{engine.status === 'failed' ? engine.message && localize(lang, engine.message) : t('waitingModel')}</p>}
      {galleryError && (
        <p role="alert" data-testid="gallery-error">
          {t(galleryError.key, galleryError.params)}
        </p>
      )}
      <div className="cr-body">
        {tab === 'gallery' && <Gallery />}
        {tab !== 'gallery' && faces.length === 0 && <p data-testid="no-photo">{t('noPhoto')}</p>}
        {tab === 'walkthrough' && <Walkthrough />}
        {tab === 'whatif' && <WhatIfLab />}
        {tab === 'compare' && <Compare />}
      </div>
    </div>
  );
}
