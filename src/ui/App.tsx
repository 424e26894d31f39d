import { useEffect } from 'react';
import { useStore } from '../state/store';
import { startEngine } from '../state/engine';
import { BatchBar } from './BatchBar';
import { DropZone } from './DropZone';
import { EngineStatus } from './EngineStatus';
import { ResultDetail } from './ResultDetail';
import { ResultsList } from './ResultsList';

export function App() {
  const hasItems = useStore((s) => s.items.length > 0);
  const offlineReady = useStore((s) => s.offlineReady);
  useEffect(() => {
    startEngine();
  }, []);
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <h1>TraceLens</h1>
          <p>Checks face photos for manipulation with AMTENnet, entirely on this device.</p>
        </div>
        <EngineStatus />
      </header>
      <main>
        <DropZone compact={hasItems} />
        {hasItems && (
          <>
            <BatchBar />
            <div className="workspace">
              <ResultsList />
              <ResultDetail />
            </div>
          </>
        )}
      </main>
      <footer>
        Photos are decoded and analysed in this browser tab; no image leaves your device. Results are statistical estimates
        from a research model and can be wrong, especially on re-compressed, resized or tiny faces.
        {offlineReady && <span data-testid="offline-ready"> The app and its model are saved in this browser and work offline.</span>}
      </footer>
    </div>
  );
}
