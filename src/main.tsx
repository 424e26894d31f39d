import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/styles.css';
import { registerOfflineCache } from './state/offline';
import { consumeLaunchedFiles, type LaunchQueue } from './state/launchQueue';
import { analyseFiles } from './state/pageEngine';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

registerOfflineCache();
// Files opened with the installed app (its manifest's file_handlers) join the drop queue.
consumeLaunchedFiles((window as { launchQueue?: LaunchQueue }).launchQueue, (files) => void analyseFiles(files));

// A small hook for end-to-end tests of failure recovery (and for curious people in the console).
import { benchmarkEngine, engineStats, simulateEngineFailure } from './state/pageEngine';
(window as unknown as { tracelens: object }).tracelens = { simulateEngineFailure, benchmarkEngine, engineStats };
