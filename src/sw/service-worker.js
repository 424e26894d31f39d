// @ts-check
/// <reference lib="webworker" />
// TraceLens's service worker: makes the app and its model work offline after the first visit.
// The build (config/serviceWorker.ts) replaces the placeholder below with every built file and a
// content hash; a new hash means a new cache, and the old one is deleted once the new one is in
// charge. Photos never pass through here: they are read from disk inside the page.

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const MANIFEST = /** @type {{ version: string, files: string[] }} */ (__PRECACHE_MANIFEST__);
const CACHE = `tracelens-${MANIFEST.version}`;

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(MANIFEST.files)));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('tracelens-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate') {
    // The page shell: cached copy first (fast, offline), whatever the query string (?backend=…).
    event.respondWith(
      caches.open(CACHE).then(async (cache) => (await cache.match('index.html', { ignoreVary: true })) ?? fetch(request)),
    );
    return;
  }
  // Everything else: cached copy first. ignoreVary because the server varies on Origin, which
  // module-script requests carry and the install-time requests do not.
  event.respondWith(
    caches.open(CACHE).then(async (cache) => (await cache.match(request, { ignoreSearch: true, ignoreVary: true })) ?? fetch(request)),
  );
});
