/// <reference lib="webworker" />
// The tracking page's service worker (scope /t/): shows the notifications the server pushes, opens their link.
declare const self: ServiceWorkerGlobalScope;

self.addEventListener('push', (e) => {
  const p = (e.data?.json() ?? {}) as { title?: string; body?: string; url?: string };
  e.waitUntil(self.registration.showNotification(p.title ?? 'Cửa khẩu số', { body: p.body, data: { url: p.url } }));
});

self.addEventListener('notificationclick', (e) => {
  e.notification.close();
  const url = (e.notification.data as { url?: string } | null)?.url;
  if (url) e.waitUntil(self.clients.openWindow(url));
});
