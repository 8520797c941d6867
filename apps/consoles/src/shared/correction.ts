/// <reference lib="dom" />
import type { Declaration } from './declarations.js';
import { h } from './dom.js';
import { fieldLabel } from './field-labels.js';
import { t } from './i18n.js';

// A correction request names the fields to correct by picking them from the declaration's own fields, never by
// typing paths; the firm's amend form then marks those fields (`highlightAsked`).

const VEHICLE_FIELDS = [
  'plate',
  'trailerPlate',
  'containerNumber',
  'sealNumber',
  'feeClass',
  'driver.name',
  'driver.document.number',
  'driver.phone',
] as const;
const GOODS_FIELDS = ['customsDeclarationNumber', 'category'] as const;
const ITEM_FIELDS = ['description', 'hsCode', 'grossWeightKg', 'valueVnd'] as const;

/** The fields of a declaration a correction may ask for, grouped as the firm's form shows them. */
function fieldGroups(d: Declaration): { title: string; fields: string[] }[] {
  return [
    { title: t('declaration'), fields: ['expectedArrival', 'yard'] },
    ...d.vehicles.map((v, i) => ({
      title: `${fieldLabel(`vehicles[${i}]`)} — ${v.plate}`,
      fields: VEHICLE_FIELDS.map((f) => `vehicles[${i}].${f}`),
    })),
    ...d.goods.flatMap((g, gi) => [
      { title: fieldLabel(`goods[${gi}]`), fields: GOODS_FIELDS.map((f) => `goods[${gi}].${f}`) },
      ...g.items.map((_, ii) => ({
        title: fieldLabel(`goods[${gi}].items[${ii}]`),
        fields: ITEM_FIELDS.map((f) => `goods[${gi}].items[${ii}].${f}`),
      })),
    ]),
  ];
}

/** The request-correction dialog: what to correct in words, and a checklist of the declaration's fields. */
export function askCorrection(d: Declaration, title: string): Promise<{ message: string; fields: string[] } | null> {
  return new Promise((resolve) => {
    const message = h('textarea', { name: 'message', required: true, minlength: 3, rows: 3, id: 'correction-message' });
    const form = h(
      'form',
      { method: 'dialog', class: 'ask', 'data-testid': 'correction' },
      h('h2', null, title),
      h('label', null, t('correctionMessage'), message),
      h(
        'div',
        { class: 'correction-fields' },
        h('p', null, t('correctionPick')),
        fieldGroups(d).map((g) =>
          h(
            'fieldset',
            null,
            h('legend', null, g.title),
            g.fields.map((f) =>
              h(
                'label',
                { class: 'check' },
                h('input', { type: 'checkbox', name: 'fields', value: f }),
                ` ${fieldLabel(f).split(' — ').at(-1)}`,
              ),
            ),
          ),
        ),
      ),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'submit', class: 'primary' }, t('confirm')),
        h('button', { type: 'button', onclick: () => done(null) }, t('cancel')),
      ),
    );
    const dlg = h('dialog', { 'aria-label': title }, form);
    const done = (v: { message: string; fields: string[] } | null) => {
      dlg.close();
      dlg.remove();
      resolve(v);
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const fields = [...form.querySelectorAll<HTMLInputElement>('input[name=fields]:checked')].map((i) => i.value);
      done({ message: message.value.trim(), fields });
    });
    dlg.addEventListener('cancel', () => done(null));
    document.body.appendChild(dlg);
    dlg.showModal();
    message.focus();
  });
}

/** Marks the form's fields a correction asked for (and lists them in words); returns how many were found. */
export function highlightAsked(form: ParentNode, fields: readonly string[]): number {
  let found = 0;
  for (const f of fields) {
    const input = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(f)}"]`);
    if (!input) continue;
    found++;
    (input.closest('label') ?? input).setAttribute('data-asked', '');
    input.setAttribute('aria-describedby', 'asked-fields');
  }
  return found;
}

/** The fields asked for, in words: "Xe 1 — Số container, Xe 1 — Số niêm phong hải quan". */
export const askedInWords = (fields: readonly string[]): string => fields.map(fieldLabel).join(', ');
