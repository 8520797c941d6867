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
