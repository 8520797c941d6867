/// <reference lib="dom" />
import { encode } from 'uqr';
import { trackingPath } from '../../../../libs/auth/src/tracking-path.js';
import type { Declaration, VehicleView } from '../shared/declarations.js';
import { h } from '../shared/dom.js';
import { feeText } from '../shared/fees.js';
import { etaTitle, fmtDateTime, fmtEta, fmtWindow } from '../shared/format.js';
import { label, t } from '../shared/i18n.js';

const SVG = 'http://www.w3.org/2000/svg';

/** The QR code of a text as one SVG path (crisp at any print size, a few hundred bytes). */
function qrSvg(text: string, size = 200): SVGSVGElement {
  const qr = encode(text, { ecc: 'M', border: 2 });
  let d = '';
  qr.data.forEach((row, y) => row.forEach((on, x) => on && (d += `M${x} ${y}h1v1h-1z`)));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${qr.size} ${qr.size}`);
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', text);
  const bg = document.createElementNS(SVG, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#fff');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(bg, path);
  return svg;
}

/** The printable slot slip of one vehicle: the QR the yard scans, plus what the driver needs to know. */
export function slip(
  d: Declaration,
  v: VehicleView,
  eta: { p10: string; p50: string; p90: string } | null,
  gateName: string,
  yardName: string,
): HTMLElement {
  const q = v.queue;
  return h(
    'article',
    { class: 'slip', 'data-testid': 'slip', 'data-plate': v.plate },
    h('h2', null, t('slipTitle')),
    h('p', { class: 'gate-line' }, `${gateName} · ${label('dirLong', d.direction)}`),
    v.slipCode ? h('div', { class: 'qr', 'data-slip-code': v.slipCode }, qrSvg(v.slipCode)) : null,
    h('p', { class: 'muted small' }, t('slipHint')),
    h('p', { class: 'plate big' }, v.plate, v.trailerPlate ? ` + ${v.trailerPlate}` : ''),
    h(
      'dl',
      null,
      h('dt', null, t('declaration')),
      h('dd', null, d.number),
      h('dt', null, t('firm')),
      h('dd', null, d.firm.name),
      h('dt', null, t('driver')),
      h('dd', null, `${v.driver.name} · ${label('doc', v.driver.document.type)} ${v.driver.document.number}`),
      h('dt', null, t('container')),
      h('dd', null, v.containerNumber ?? t('none'), v.sealNumber ? ` · ${t('seal')} ${v.sealNumber}` : ''),
      h('dt', null, t('feeDue')),
      h('dd', { class: 'fees-due', 'data-fee': v.fee?.amountVnd ?? '' }, feeText(v.feeClass, v.fee)),
      h('dt', null, t('arrival')),
      h('dd', null, fmtDateTime(d.expectedArrival)),
      h('dt', null, t('yardName')),
      h('dd', { 'data-testid': 'slip-yard' }, yardName),
      h('dt', null, t('status')),
      h('dd', null, label('st', v.status)),
      q
        ? [
            h('dt', null, t('window')),
            h('dd', { class: 'slot' }, fmtWindow(q.window)),
            h('dt', null, t('position')),
            h('dd', null, q.position ?? t('none')),
          ]
        : null,
      q && eta ? [h('dt', null, t('eta')), h('dd', { title: etaTitle(eta) }, fmtEta(eta))] : null,
    ),
    q ? null : h('p', { class: 'muted small' }, t('slipNoSlot')),
    h('p', { class: 'muted small' }, t('localTime')),
    h('p', { class: 'code small' }, v.slipCode ?? ''),
    // The driver follows the truck on a phone from this link (the QR above carries the same code).
    v.slipCode
      ? h(
          'p',
          { class: 'small' },
          `${t('trackLink')}: `,
          h(
            'a',
            { href: trackingPath(v.slipCode), 'data-testid': 'slip-track-link' },
            `${location.origin}${trackingPath(v.slipCode)}`,
          ),
        )
      : null,
  );
}

/**
 * The slip as a PNG, drawn on a canvas from the slip on screen (its words, in the page's language) and its QR:
 * a picture the firm can send the driver in any chat app.
 */
function slipPng(el: HTMLElement, code: string | null): Promise<Blob> {
  const W = 720;
  const lines: [string, string][] = [];
  const dts = el.querySelectorAll('dt');
  dts.forEach((dt) => lines.push([dt.textContent ?? '', dt.nextElementSibling?.textContent ?? '']));
  const qr = code ? encode(code, { ecc: 'M', border: 2 }) : null;
  const cell = qr ? Math.floor(320 / qr.size) : 0;
  const qrSize = qr ? cell * qr.size : 0;
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = 260 + qrSize + lines.length * 44 + 80;
  const g = canvas.getContext('2d')!;
  const font = (px: number, bold = false) =>
    (g.font = `${bold ? 'bold ' : ''}${px}px system-ui, "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif`);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#000';
  g.textAlign = 'center';
  font(30, true);
  g.fillText(el.querySelector('h2')?.textContent ?? '', W / 2, 50);
  font(24);
  g.fillText(el.querySelector('.gate-line')?.textContent ?? '', W / 2, 90);
  let y = 110;
  if (qr) {
    const x0 = (W - qrSize) / 2;
    qr.data.forEach((row, r) => row.forEach((on, c) => on && g.fillRect(x0 + c * cell, y + r * cell, cell, cell)));
    y += qrSize + 20;
  }
  font(44, true);
  g.fillText(el.querySelector('.plate')?.textContent ?? '', W / 2, y + 44);
  y += 90;
  g.textAlign = 'left';
  for (const [k, v] of lines) {
    font(20);
    g.fillText(k, 30, y);
    font(22, true);
    g.fillText(v, 250, y, W - 280);
    y += 44;
  }
  font(18);
  g.fillText(el.querySelector('[data-testid=slip-track-link]')?.textContent ?? '', 30, y + 20, W - 60);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas'))), 'image/png'),
  );
}

/** Shares the slip's picture where the phone can (Web Share with files), else downloads it. */
export async function shareSlip(el: HTMLElement, v: VehicleView): Promise<void> {
  const blob = await slipPng(el, v.slipCode);
  const file = new File([blob], `phieu-${v.plate.replace(/[^\p{L}\p{N}]+/gu, '')}.png`, { type: 'image/png' });
  if (navigator.canShare?.({ files: [file] })) {
    await navigator.share({ files: [file], title: v.plate }).catch(() => undefined);
    return;
  }
  const a = h('a', { href: URL.createObjectURL(file), download: file.name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
