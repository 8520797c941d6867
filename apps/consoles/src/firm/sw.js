// The firm portal's service worker (scope /firm/), copied into the build by scripts/build-consoles.mjs with
// the build's version and app shell filled in. Plain JavaScript: it runs as written, outside the bundles.
// - The app shell of this build is cached at install; a new build's worker replaces the cache whole.
// - Pages under /firm/: the network first, the cached shell when there is none.
// - The declarations and gates the portal reads: the network first, the last answer when offline, so a slip
//   already seen opens with no network.
/* global self, caches, location */
const VERSION = '__VERSION__';
const SHELL = ['__SHELL__'];
const CACHE = `cks-firm-${VERSION}`;
const DATA = 'cks-firm-data';

self.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('cks-firm-') && k !== CACHE && k !== DATA).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** The network's answer, kept in `cache`; the kept one when the network fails. */
async function networkFirst(request, cache, fallback) {
  try {
    const res = await fetch(request);
    if (res.ok) await (await caches.open(cache)).put(fallback ?? request, res.clone());
    return res;
  } catch (err) {
    const kept = await caches.match(fallback ?? request);
    if (kept) return kept;
    throw err;
  }
}

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (req.mode === 'navigate' && url.pathname.startsWith('/firm/')) {
    e.respondWith(networkFirst(req, CACHE, '/firm/'));
  } else if (SHELL.includes(url.pathname)) {
    e.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(req)));
  } else if (/^\/api\/(declarations(\/[\w-]+)?|gates)$/.test(url.pathname)) {
    e.respondWith(networkFirst(req, DATA));
  }
});

// The portal clears what it kept when its user signs out.
self.addEventListener('message', (e) => {
  if (e.data === 'signed-out') e.waitUntil(caches.delete(DATA));
});
