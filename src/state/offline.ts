// Registers the service worker (production builds only) and records when the app and model are
// cached for offline use, so the page can say so.
import { useStore } from './store';

export function registerOfflineCache(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register(`${import.meta.env.BASE_URL}sw.js`)
    .then(async () => {
      await navigator.serviceWorker.ready;
      useStore.getState().setOfflineReady(true);
    })
    .catch((e: unknown) => console.warn('Offline cache unavailable:', e));
}
