import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import '../ui/styles.css';
import { registerOfflineCache } from '../state/offline';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

registerOfflineCache();

// A small hook for end-to-end tests of failure recovery (and for curious people in the console).
import { benchmarkEngine, engineStats, simulateEngineFailure } from '../state/pageEngine';
import { videoStrip } from '../state/videoImages';
(window as unknown as { tracelens: object }).tracelens = { simulateEngineFailure, benchmarkEngine, engineStats, videoStrip };
