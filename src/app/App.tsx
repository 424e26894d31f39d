import { lazy, Suspense, useEffect } from 'react';
import { useStore } from '../state/store';
import { startEngine } from '../state/pageEngine';
import { useT } from '../ui/useT';
import { BatchBar } from '../ui/BatchBar';
import { DropZone } from '../ui/DropZone';
import { EngineStatus } from '../ui/EngineStatus';
import { FilterBar } from '../ui/FilterBar';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { PrintReport } from '../ui/PrintReport';
import { ResultDetail } from '../ui/ResultDetail';
import { ResultsTable } from '../ui/ResultsTable';

// Classroom mode (issue 8) is its own chunk, fetched on the first click.
const ClassroomView = lazy(() => import('../classroom/ClassroomView'));

export function App() {
  const t = useT();
  const hasItems = useStore((s) => s.items.length > 0);
  const offlineReady = useStore((s) => s.offlineReady);
  const view = useStore((s) => s.view);
  // The classroom runs again from scratch on another model (a person's own folder, issue 27).
  const modelKey = useStore((s) => (s.engine.own ? `${s.engine.own.id}@${s.engine.own.version}` : 'shipped'));
  useEffect(() => {
    startEngine();
  }, []);
  if (view === 'report' && hasItems)
    return (
      <main className="app">
        <PrintReport />
      </main>
    );
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <h1>TraceLens</h1>
          <p>{t('tagline')}</p>
        </div>
        <div className="topbar-side">
          {view !== 'classroom' && (
            <button type="button" className="secondary" data-testid="open-classroom" onClick={() => useStore.getState().setView('classroom')}>
              {t('openClassroom')}
            </button>
          )}
          <LanguageSwitch />
          <EngineStatus />
        </div>
      </header>
      <main>
        {view === 'classroom' ? (
          <Suspense fallback={<p aria-live="polite">{t('loadingClassroom')}</p>}>
            <ClassroomView key={modelKey} />
          </Suspense>
        ) : (
        <>
        <DropZone compact={hasItems} />
        {hasItems && (
          <>
            <BatchBar />
            <FilterBar />
            <div className="workspace">
              <ResultsTable />
              <ResultDetail />
            </div>
          </>
        )}
        </>
        )}
      </main>
      <footer>
        {t('footer')}
        {offlineReady && <span data-testid="offline-ready"> {t('offlineReady')}</span>}
      </footer>
    </div>
  );
}
