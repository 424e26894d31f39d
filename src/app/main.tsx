import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import '../ui/styles.css';
import { registerOfflineCache } from '../state/offline';
import { consumeLaunchedFiles, type LaunchQueue } from '../state/launchQueue';
import { analyseFiles } from '../state/pageEngine';
import { restoreKeptModel } from '../state/keptModel';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

registerOfflineCache();
// A model folder of the person's own, kept in this browser, runs again (issue 27); then files opened with the
// installed app (its manifest's file_handlers; the browser holds them until a consumer is set) join the drop
// queue, so that the switch of model, which starts a new batch, does not clear them.
void restoreKeptModel().finally(() =>
  consumeLaunchedFiles((window as { launchQueue?: LaunchQueue }).launchQueue, (files) => void analyseFiles(files)),
);

// A small hook for end-to-end tests of failure recovery (and for curious people in the console).
import { benchmarkEngine, engineStats, simulateEngineFailure } from '../state/pageEngine';
import { videoStrip } from '../state/videoImages';
(window as unknown as { tracelens: object }).tracelens = { simulateEngineFailure, benchmarkEngine, engineStats, videoStrip };
