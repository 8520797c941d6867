/// <reference lib="dom" />
import { h, mount } from '../shared/dom.js';
import { lang, onLangChange, t } from '../shared/i18n.js';

// Notifications on this device for this truck (Web Push): offered only where the browser can take them and the
// server has a key to sign them with; a server without the notifications service (404) shows no button.

export async function offerPush(slot: HTMLElement, code: string): Promise<void> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return;
  let publicKey: string;
  try {
    const res = await fetch('/api/notifications/push-key');
    if (!res.ok) return;
    publicKey = ((await res.json()) as { publicKey: string }).publicKey;
  } catch {
    return;
  }
  let state: 'offer' | 'on' | 'refused' = 'offer';
  const draw = () =>
    mount(
      slot,
      state === 'offer'
        ? h('button', { type: 'button', 'data-testid': 'push', onclick: () => void subscribe() }, t('trackPush'))
        : h('p', { role: 'status' }, t(state === 'on' ? 'trackPushOn' : 'trackPushRefused')),
    );
  const subscribe = async () => {
    try {
      if ((await Notification.requestPermission()) !== 'granted') throw new Error('denied');
      const reg = await navigator.serviceWorker.register('/t/sw.js', { scope: '/t/' });
      await navigator.serviceWorker.ready;
      const subscription = await reg.pushManager.subscribe({
        userVisibleOnly: true,
        // The VAPID key as the server gives it: base64url, which the Push API takes as it is.
        applicationServerKey: publicKey,
      });
      const res = await fetch('/api/notifications/push-subscriptions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, subscription, language: lang() }),
      });
      if (res.status === 404) return mount(slot);
      state = res.ok ? 'on' : 'refused';
    } catch {
      state = 'refused';
    }
    draw();
  };
  onLangChange(() => slot.firstChild && draw());
  draw();
}
