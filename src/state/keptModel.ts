// A person's own model folder kept in this browser until they remove it (issue 27): its files, as they were
// picked, in the browser's IndexedDB on this device (idb-keyval); nothing is uploaded. On the next visit the
// folder is checked again like a newly opened one before it runs.
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { ModelFolderFiles } from '../model/modelFolderFiles';
import { localized, localizedError } from '../i18n/localized';
import { backToShippedModel, openOwnModel } from './pageEngine';
import { useStore } from './store';

interface KeptModel {
  files: ModelFolderFiles;
  id: string;
  version: string;
  keptAt: string;
}

const KEY = 'folder';
let db: UseStore | null = null;
const store = () => (db ??= createStore('tracelens-own-model', 'kept'));

/** Keeps the folder of the own model now in use; says so in the store. */
export async function keepOwnModel(files: ModelFolderFiles, card: { id: string; version: string }): Promise<void> {
  await set(KEY, { files, id: card.id, version: card.version, keptAt: new Date().toISOString() } satisfies KeptModel, store());
  const own = useStore.getState().engine.own;
  if (own?.id === card.id && own.version === card.version) useStore.getState().setEngine({ own: { ...own, kept: true } });
}

/** Removes the kept folder from this browser, and runs the shipped model again. */
export async function removeKeptModel(): Promise<void> {
  await del(KEY, store());
  backToShippedModel();
}

/** At start: the kept folder, if any, checked and run again; one that no longer passes is removed, with the reason. */
export async function restoreKeptModel(): Promise<void> {
  let kept: KeptModel | undefined;
  try {
    kept = await get<KeptModel>(KEY, store());
  } catch {
    return; // no IndexedDB here (a private window may refuse it): nothing was kept
  }
  if (!kept) return;
  try {
    const card = await openOwnModel(kept.files);
    useStore.getState().setEngine({ own: { id: card.id, version: card.version, kept: true } });
  } catch (e) {
    await del(KEY, store());
    useStore.getState().setEngine({ ownProblem: localized('ownModelRestoreFailed', { reason: localizedError(e) }) });
  }
}
