/// <reference lib="dom" />
import {
  WEBHOOK_EVENT_LABELS,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '../../../../libs/domain/src/webhooks/webhook-events.js';
import type {
  CreatedWebhookView,
  ReplayResult,
  WebhookDeliveryPage,
  WebhookDeliveryView,
  WebhookView,
} from '../../../declaration/src/webhooks/dto/webhook.dto.js';
import { type Api, ApiError } from '../shared/api.js';
import { asyncHandler, h, mount } from '../shared/dom.js';
import { fmtDateTime } from '../shared/format.js';
import { lang } from '../shared/i18n.js';

// The firm portal's "connect your systems" page (#/webhooks): subscriptions, the secret shown once, each
// subscription's delivery log and a replay from a cursor. Its words live here, Vietnamese first.

const TEXT = {
  title: ['Kết nối hệ thống (webhook)', 'System integration (webhooks)', '系统对接（webhook）'],
  intro: [
    'Hệ thống của doanh nghiệp nhận sự kiện của từng xe (được gọi, đến cổng, qua cửa khẩu…), ký theo chuẩn Standard Webhooks. Danh sách xe và trạng thái: GET /api/fleet.',
    'Your own systems receive each vehicle’s events (called, at the gate, crossed…), signed per Standard Webhooks. All vehicles and states: GET /api/fleet.',
    '企业系统接收每辆车的事件（叫号、到达闸口、过境…），按 Standard Webhooks 标准签名。车辆及状态列表：GET /api/fleet。',
  ],
  url: ['Địa chỉ nhận (https)', 'Receiver URL (https)', '接收地址（https）'],
  events: ['Sự kiện cần nhận', 'Events to receive', '需要接收的事件'],
  add: ['Đăng ký', 'Subscribe', '订阅'],
  secret: [
    'Khóa bí mật — chỉ hiện một lần, hãy lưu lại ngay:',
    'Signing secret — shown once, store it now:',
    '签名密钥 — 只显示一次，请立即保存：',
  ],
  none: ['Chưa có địa chỉ nhận nào.', 'No subscriptions yet.', '还没有接收地址。'],
  log: ['Nhật ký gửi', 'Delivery log', '发送记录'],
  replayFrom: ['Gửi lại từ cursor', 'Replay from cursor', '从 cursor 重新发送'],
  replay: ['Gửi lại', 'Replay', '重新发送'],
  replayed: ['Đã xếp {n} sự kiện để gửi lại', '{n} events queued again', '已重新排队 {n} 个事件'],
  remove: ['Hủy đăng ký', 'Delete', '取消订阅'],
  confirmRemove: [
    'Hủy địa chỉ nhận này? Các lượt gửi chưa xong sẽ bị hủy.',
    'Delete this subscription? Undelivered events are dropped.',
    '取消此接收地址？未完成的发送将被取消。',
  ],
  noDeliveries: ['Chưa có lượt gửi nào.', 'No deliveries yet.', '还没有发送记录。'],
  when: ['Thời điểm', 'When', '时间'],
  type: ['Sự kiện', 'Event', '事件'],
  plate: ['Biển số', 'Plate', '车牌'],
  status: ['Trạng thái', 'Status', '状态'],
  attempts: ['Số lần gửi', 'Attempts', '发送次数'],
  answer: ['Phản hồi', 'Answer', '响应'],
  back: ['‹ Quay lại', '‹ Back', '‹ 返回'],
  PENDING: ['Đang chờ gửi lại', 'Pending', '等待重发'],
  DELIVERED: ['Đã gửi', 'Delivered', '已送达'],
  FAILED: ['Thất bại (đã ngừng)', 'Failed (gave up)', '失败（已停止）'],
  CANCELLED: ['Đã hủy', 'Cancelled', '已取消'],
  replayMark: ['gửi lại', 'replay', '重发'],
} as const satisfies Record<string, readonly [string, string, string]>;

const tx = (key: keyof typeof TEXT, n?: number) =>
  TEXT[key][{ vi: 0, en: 1, zh: 2 }[lang()]].replace('{n}', String(n ?? ''));
const typeLabel = (t: WebhookEventType) => WEBHOOK_EVENT_LABELS[t][lang()];

/** The link to this page, for the portal's toolbar. */
export function webhooksLink(): HTMLElement {
  return h('a', { href: '#/webhooks', class: 'button', 'data-testid': 'webhooks-link' }, tx('title'));
}

function errorText(e: unknown): string {
  if (e instanceof ApiError) return [e.message, ...e.errors.map((x) => x.message)].filter(Boolean).join(' — ');
  return String(e);
}

function deliveryTable(items: WebhookDeliveryView[]): HTMLElement {
  if (items.length === 0) return h('p', { class: 'muted' }, tx('noDeliveries'));
  return h(
    'div',
    { class: 'hooks-scroll', tabindex: 0, role: 'region', 'aria-label': tx('log') },
    h(
      'table',
      { class: 'hooks-log' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['when', 'type', 'plate', 'status', 'attempts', 'answer'].map((k) =>
            h('th', { scope: 'col' }, tx(k as keyof typeof TEXT)),
          ),
          h('th', { scope: 'col' }, 'cursor'),
        ),
      ),
      h(
        'tbody',
        null,
        items.map((d) =>
          h(
            'tr',
            { 'data-status': d.status },
            h('td', null, fmtDateTime(d.occurredAt)),
            h(
              'td',
              null,
              typeLabel(d.type),
              d.replay ? h('small', { class: 'muted' }, ` (${tx('replayMark')})`) : null,
            ),
            h('td', null, d.plate),
            h('td', null, h('span', { class: `hooks-st hooks-st-${d.status}` }, tx(d.status))),
            h('td', null, d.attempts),
            h('td', null, d.lastStatus ?? d.lastError ?? '—'),
            h('td', null, d.cursor),
          ),
        ),
      ),
    ),
  );
}

function subscriptionCard(api: Api, s: WebhookView, refresh: () => Promise<void>): HTMLElement {
  const log = h('div', { class: 'hooks-log-box' });
  const cursor = h('input', { type: 'number', min: 0, step: 1, inputmode: 'numeric', 'aria-label': tx('replayFrom') });
  const showLog = async () => {
    const page = await api.get<WebhookDeliveryPage>(`/webhooks/${s.id}/deliveries?limit=50`);
    mount(log, deliveryTable(page.items));
  };
  return h(
    'section',
    { class: 'card hooks-sub', 'data-testid': 'webhook' },
    h('header', null, h('h3', null, h('code', null, s.url))),
    h('p', { class: 'muted' }, s.eventTypes.map(typeLabel).join(' · ')),
    h(
      'div',
      { class: 'hooks-actions' },
      h('button', { type: 'button', onclick: asyncHandler(showLog) }, tx('log')),
      h('label', { class: 'check' }, tx('replayFrom'), cursor),
      h(
        'button',
        {
          type: 'button',
          onclick: asyncHandler(async () => {
            try {
              const r = await api.post<ReplayResult>(`/webhooks/${s.id}/replay`, { from: Number(cursor.value || 0) });
              mount(log, h('p', { role: 'status' }, tx('replayed', r.queued)));
            } catch (e) {
              mount(log, h('p', { class: 'error', role: 'alert' }, errorText(e)));
            }
          }),
        },
        tx('replay'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: asyncHandler(async () => {
            if (!confirm(tx('confirmRemove'))) return;
            await api.request('DELETE', `/webhooks/${s.id}`);
            await refresh();
          }),
        },
        tx('remove'),
      ),
    ),
    log,
  );
}

/** Renders the page into `main`. */
export async function renderWebhooks(main: Element, api: Api): Promise<void> {
  const list = h('div', { class: 'hooks-list' });
  const shown = h('div', { 'aria-live': 'polite' });
  const refresh = async () => {
    const subs = await api.get<WebhookView[]>('/webhooks');
    mount(
      list,
      subs.length ? subs.map((s) => subscriptionCard(api, s, refresh)) : h('p', { class: 'muted' }, tx('none')),
    );
  };
  const url = h('input', { type: 'url', name: 'url', required: true, placeholder: 'https://', autocomplete: 'off' });
  const boxes = WEBHOOK_EVENT_TYPES.map((t) =>
    h('input', { type: 'checkbox', name: 'eventTypes', value: t, checked: true }),
  );
  const form = h(
    'form',
    {
      class: 'hooks-form',
      onsubmit: asyncHandler(async (e: SubmitEvent) => {
        e.preventDefault();
        try {
          const created = await api.post<CreatedWebhookView>('/webhooks', {
            url: url.value.trim(),
            eventTypes: boxes.filter((b) => b.checked).map((b) => b.value),
          });
          url.value = '';
          mount(
            shown,
            h('p', { class: 'hooks-secret', role: 'status' }, tx('secret'), ' ', h('code', null, created.secret)),
          );
          await refresh();
        } catch (err) {
          mount(shown, h('p', { class: 'error', role: 'alert' }, errorText(err)));
        }
      }),
    },
    h('label', null, tx('url'), url),
    h(
      'fieldset',
      { class: 'hooks-types' },
      h('legend', null, tx('events')),
      WEBHOOK_EVENT_TYPES.map((t, i) => h('label', { class: 'check' }, boxes[i], typeLabel(t))),
    ),
    h('button', { type: 'submit', class: 'primary' }, tx('add')),
  );
  mount(
    main,
    h(
      'div',
      { class: 'toolbar' },
      h('h2', null, tx('title')),
      h('span', { class: 'spacer' }),
      h('a', { href: '#/' }, tx('back')),
    ),
    h('p', { class: 'muted' }, tx('intro')),
    form,
    shown,
    list,
  );
  await refresh();
}
