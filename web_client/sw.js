// Service worker: when a reload cannot reach the server, show our own Korean page (offline.html)
// instead of the browser's error page. Everything else goes to the network untouched.
const CACHE = 'silver-avatar-offline-v1';
const OFFLINE_FILES = ['offline.html', 'offline.js', 'styles.css', 'favicon.svg'];
const scoped = (name) => new URL(name, self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(OFFLINE_FILES.map((name) => new Request(scoped(name), { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('silver-avatar-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    // Only a network failure falls back; the server's own answers (even errors) pass through.
    event.respondWith(fetch(request).catch(() => caches.match(scoped('offline.html'))));
    return;
  }
  const url = request.url.split(/[?#]/)[0];
  if (OFFLINE_FILES.some((name) => scoped(name) === url)) {
    event.respondWith(fetch(request).catch(() => caches.match(url)));
  }
});
