/// <reference lib="dom" />
import { normalisePlateKey, parsePlate, plateAsTyped } from '../../../../libs/domain/src/identifiers/plates.js';
import { documentAsTyped, DRIVER_DOCUMENT_TYPES } from '../../../../libs/domain/src/identifiers/driver-document.js';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../../../../libs/domain/src/language/language.js';
import { DIRECTIONS, FEE_CLASSES, GOODS_CATEGORIES } from '../../../../libs/domain/src/identifiers/reference-data.js';
import { OPEN_DECLARATION_STATUSES } from '../../../../libs/domain/src/lifecycle/declaration-status.js';
import { findWaitingYard, type WaitingYard } from '../../../../libs/domain/src/slots/waiting-yards.js';
import { type Api, ApiError } from '../shared/api.js';
import type { Declaration } from '../shared/declarations.js';
import { asyncHandler, h, mount } from '../shared/dom.js';
import { askedInWords, highlightAsked } from '../shared/correction.js';
import { clearFieldErrors, showFieldError, showServerErrors } from '../shared/field-errors.js';
import { fieldLabel } from '../shared/field-labels.js';
import { isoToLocalInput, localInputToIso } from '../shared/format.js';
import { label, lang, onLangChange, t, type MessageKey } from '../shared/i18n.js';
import type { FleetBookView } from '../../../declaration/src/vehicles/fleet-book.dto.js';
import { arrivalChooser, syncArrival } from './arrival.js';
import { type BookDriver, bookDriver, bookLists, bookVehicle, DRIVER_LIST, loadBook, PLATE_LIST } from './book.js';
import { newIdempotencyKey } from './draft.js';
import { CSV_COLUMNS, CSV_YARD_COLUMN, csvColumnName, importVehicles } from './vehicle-csv.js';
import { checkField, type DeclarationInput } from './rules.js';

// The new-declaration and amendment form. The DOM is the model: every input carries its API field path in
// `data-field`, the form is read back into the API's shape, and structural edits (adding a vehicle)
// re-render from what was read so nothing typed is lost.

const emptyItem = () => ({ description: '', hsCode: '', grossWeightKg: '', valueVnd: '' });
const emptyGoods = () => ({ customsDeclarationNumber: '', category: 'GENERAL', items: [emptyItem()] });
const emptyVehicle = (): DeclarationInput['vehicles'][number] => ({
  plate: '',
  trailerPlate: '',
  nationality: 'VN',
  feeClass: 'CONTAINER_40FT',
  containerNumber: '',
  sealNumber: '',
  driver: { name: '', document: { type: 'CCCD', number: '' }, phone: '' },
  driverLanguage: DEFAULT_LANGUAGE,
});

/** Another truck like this one: same driver, trailer and class; what is the truck's own left to type. */
const copyOf = (v: DeclarationInput['vehicles'][number]): DeclarationInput['vehicles'][number] => ({
  ...v,
  id: undefined,
  plate: '',
  containerNumber: '',
  sealNumber: '',
  driver: { ...v.driver, document: { ...v.driver.document } },
});

export function emptyDeclaration(gate = 'HUU_NGHI'): DeclarationInput {
  return {
    gate,
    direction: 'EXPORT',
    expectedArrival: '',
    yard: '',
    goods: [emptyGoods()],
    vehicles: [emptyVehicle()],
  };
}

export function fromDeclaration(d: Declaration): DeclarationInput {
  return {
    gate: d.gate,
    direction: d.direction,
    expectedArrival: isoToLocalInput(d.expectedArrival),
    yard: d.yard,
    goods: d.goods.map((g) => ({
      customsDeclarationNumber: g.customsDeclarationNumber,
      category: g.category,
      items: g.items.map((i) => ({
        description: i.description,
        hsCode: i.hsCode,
        grossWeightKg: String(i.grossWeightKg),
        valueVnd: String(i.valueVnd),
      })),
    })),
    vehicles: d.vehicles
      .filter((v) => !['CANCELLED', 'REJECTED'].includes(v.status))
      .map((v) => ({
        id: v.id,
        plate: v.plate,
        trailerPlate: v.trailerPlate ?? '',
        nationality: v.nationality,
        feeClass: v.feeClass,
        containerNumber: v.containerNumber ?? '',
        sealNumber: v.sealNumber ?? '',
        driver: { name: v.driver.name, document: { ...v.driver.document }, phone: v.driver.phone },
        driverLanguage: v.driverLanguage,
      })),
  };
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let o: Record<string, unknown> = obj;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) {
      o[k] = value;
      return;
    }
    o[k] ??= /^\d+$/.test(keys[i + 1]) ? [] : {};
    o = o[k] as Record<string, unknown>;
  });
}

function readForm(form: HTMLElement): DeclarationInput {
  const out = {} as Record<string, unknown>;
  form
    .querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-field]')
    .forEach((el) => setPath(out, el.dataset.field!, el.value));
  return out as unknown as DeclarationInput;
}

/** The API body: numbers as numbers, empty optional fields left out, the arrival with its +07:00 offset. */
function toBody(m: DeclarationInput, { amend }: { amend: boolean }): Record<string, unknown> {
  const opt = (v: string) => (v.trim() === '' ? undefined : v.trim());
  return {
    ...(amend ? {} : { gate: m.gate, direction: m.direction }),
    expectedArrival: m.expectedArrival ? localInputToIso(m.expectedArrival) : '',
    yard: m.yard.trim(),
    goods: m.goods.map((g) => ({
      customsDeclarationNumber: g.customsDeclarationNumber.trim(),
      category: g.category,
      items: g.items.map((i) => ({
        description: i.description.trim(),
        hsCode: i.hsCode.trim(),
        grossWeightKg: Number(i.grossWeightKg),
        valueVnd: Number(i.valueVnd),
      })),
    })),
    vehicles: m.vehicles.map((v) => ({
      ...(v.id ? { id: v.id } : {}),
      plate: v.plate.trim(),
      trailerPlate: opt(v.trailerPlate),
      nationality: v.nationality,
      feeClass: v.feeClass,
      containerNumber: opt(v.containerNumber),
      sealNumber: opt(v.sealNumber),
      driver: {
        name: v.driver.name.trim(),
        document: { type: v.driver.document.type, number: v.driver.document.number.trim() },
        phone: v.driver.phone.trim(),
      },
      driverLanguage: v.driverLanguage,
    })),
  };
}

const field = (key: MessageKey, path: string, value: string, attrs: Record<string, unknown> = {}) =>
  h('label', null, t(key), h('input', { 'data-field': path, value, name: path, ...attrs }));

const select = (
  key: MessageKey,
  path: string,
  value: string,
  options: readonly string[],
  prefix: string,
  attrs: Record<string, unknown> = {},
) =>
  h(
    'label',
    null,
    t(key),
    h(
      'select',
      { 'data-field': path, name: path, ...attrs },
      options.map((o) => h('option', { value: o, selected: o === value }, label(prefix, o))),
    ),
  );

/** A gate as the form offers it: its name and the waiting yards a declaration for it picks from. */
export interface GateChoice {
  code: string;
  name: string;
  yards: readonly WaitingYard[];
}

/** The yard's code a value names (a code, or a name from a draft or a file); '' when it names none. */
export const yardCodeOf = (gate: GateChoice | undefined, value: string): string =>
  findWaitingYard(gate?.yards ?? [], value)?.code ?? '';

/**
 * The gate's waiting yards to pick from, named in the page's language. A yard the declaration already names
 * that is not on the list (typed before there were lists, or taken off since) stays offered as it was written.
 */
function yardSelect(gate: GateChoice | undefined, value: string): HTMLElement {
  const yards = gate?.yards ?? [];
  const code = yardCodeOf(gate, value);
  const kept = value.trim() !== '' && code === '' ? value : null;
  return h(
    'label',
    null,
    t('yardName'),
    h(
      'select',
      { 'data-field': 'yard', name: 'yard', required: true, 'data-testid': 'yard-select' },
      h('option', { value: '', selected: code === '' && !kept }, t('yardPick')),
      yards.map((y) => h('option', { value: y.code, selected: y.code === code }, y.names[lang()])),
      kept ? h('option', { value: kept, selected: true }, kept) : null,
    ),
  );
}

// The yard lists of the form on screen follow the page's language (the form itself is not redrawn: nothing typed
// is lost); one listener for every form drawn.
let relabelYards: (() => void) | null = null;
onLangChange(() => relabelYards?.());

export interface FormOptions {
  api: Api;
  gates: GateChoice[];
  model: DeclarationInput;
  /** Amending: the declaration, and the correction request this amendment answers. */
  amend?: { declaration: Declaration; correctionRequestId?: string };
  /** A new declaration kept on the device: saved on every input with the key its filing is sent under. */
  draft?: { key: string; save: (m: DeclarationInput, key: string) => void; clear: () => void };
  /** A plate already held by another open declaration of the firm: the portal opens that one. */
  onOpenExisting?: (id: string) => void;
  onDone: (d: Declaration) => void;
  onCancel: () => void;
}

const OPEN_STATUSES: readonly string[] = OPEN_DECLARATION_STATUSES;
const DECLARATION_NUMBER = /TK\d{4}-\d{8}/;

/** Renders the form into `root`; validates each field as the firm types and again on submit. */
export function renderDeclarationForm(root: HTMLElement, o: FormOptions): void {
  let model = o.model;
  const summary = h('p', { class: 'error', role: 'alert', hidden: true, 'data-testid': 'form-summary' });
  let idempotencyKey = o.draft?.key ?? newIdempotencyKey();
  const form = h('form', { class: 'declaration-form', novalidate: true, 'data-testid': 'declaration-form' });
  // Another open declaration of the firm holding a plate typed here: named, with a way to open it.
  const existing = h('div', { class: 'notice', hidden: true, 'data-testid': 'open-plate', 'aria-live': 'polite' });
  const persist = () => o.draft?.save(readForm(form), idempotencyKey);
  const csvResult = h('div', { 'data-testid': 'csv-result', 'aria-live': 'polite' });
  // An amendment's gate is fixed (the form has no gate field then).
  const gateOf = (m: DeclarationInput) => o.gates.find((g) => g.code === (o.amend?.declaration.gate ?? m.gate));

  const restructure = (change: (m: DeclarationInput) => void) => {
    model = readForm(form);
    change(model);
    draw();
    persist();
  };

  /** Offers the declaration that already holds a plate (by its number, as the server's refusal names it). */
  const offerExisting = async (message: string, number: string) => {
    const found = await o.api
      .get<{ items: Declaration[] }>(`/declarations?number=${encodeURIComponent(number)}&pageSize=1`)
      .catch(() => null);
    const d = found?.items[0];
    mount(
      existing,
      h('p', null, message),
      d && o.onOpenExisting
        ? h(
            'button',
            { type: 'button', 'data-testid': 'open-existing', onclick: () => o.onOpenExisting!(d.id) },
            t('openDeclaration', { n: d.number }),
          )
        : null,
    );
    existing.hidden = false;
  };
  /** Before filing: a plate the firm already has in an open declaration (a draft included) is pointed out. */
  const warnOpenPlate = async (plate: string) => {
    const own = o.amend?.declaration.id;
    const found = await o.api
      .get<{ items: Declaration[] }>(`/declarations?plate=${encodeURIComponent(plate)}&pageSize=5`)
      .catch(() => null);
    const d = found?.items.find((x) => x.id !== own && OPEN_STATUSES.includes(x.status));
    if (!d) return;
    const v = d.vehicles.find((x) => x.plateKey === normalisePlateKey(plate));
    await offerExisting(t('plateHasOpen', { plate: v?.plate ?? plate.toUpperCase(), n: d.number }), d.number);
  };

  /** The rows of a CSV file that pass the form's rules become vehicles; the others are listed by line. */
  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    const current = readForm(form);
    const gate = gateOf(current);
    const r = importVehicles(await file.text(), current, lang(), gate && { code: gate.code, yards: gate.yards });
    input.value = '';
    if (r.vehicles.length || r.yard)
      restructure((x) => {
        const kept = x.vehicles.filter((v) => v.id || v.plate.trim() !== '');
        x.vehicles = [...kept, ...r.vehicles];
        if (r.yard) x.yard = r.yard;
      });
    mount(
      csvResult,
      h(
        'p',
        { class: r.errors.length ? 'notice' : 'ok' },
        t('csvAdded', { n: r.vehicles.length, bad: r.errors.length }),
      ),
      r.errors.length
        ? h(
            'ul',
            { class: 'error', 'data-testid': 'csv-errors' },
            r.errors.map((e) => h('li', { 'data-line': e.line }, t('csvLine', { line: e.line, message: e.message }))),
          )
        : null,
    );
  };

  relabelYards = () => {
    const gate = gateOf(readForm(form));
    form.querySelectorAll<HTMLOptionElement>('[data-field="yard"] option').forEach((opt) => {
      const y = gate?.yards.find((x) => x.code === opt.value);
      if (y) opt.textContent = y.names[lang()];
      else if (opt.value === '') opt.textContent = t('yardPick');
    });
  };

  const draw = () => {
    const m = model;
    const amend = !!o.amend;
    mount(
      form,
      h(
        'h2',
        null,
        amend ? t('amendTitle', { n: o.amend!.declaration.number }) : t('newDeclaration').replace(/^\+\s*/, ''),
      ),
      h(
        'fieldset',
        null,
        h(
          'div',
          { class: 'grid' },
          amend
            ? h(
                'p',
                null,
                `${t('gate')}: ${gateOf(m)?.name ?? o.amend!.declaration.gate} · ${label('dirLong', m.direction)}`,
              )
            : [
                h(
                  'label',
                  null,
                  t('gate'),
                  h(
                    'select',
                    { 'data-field': 'gate', name: 'gate' },
                    o.gates.map((g) => h('option', { value: g.code, selected: g.code === m.gate }, g.name)),
                  ),
                ),
                select('direction', 'direction', m.direction, DIRECTIONS, 'dirLong'),
              ],
          arrivalChooser(m.expectedArrival),
          yardSelect(gateOf(m), m.yard),
        ),
        h('p', { class: 'muted small' }, t('localTime')),
      ),
      h('h3', null, t('goods')),
      m.goods.map((g, gi) =>
        h(
          'fieldset',
          { class: 'group' },
          h(
            'legend',
            null,
            t('goodsGroup', { n: gi + 1 }),
            m.goods.length > 1
              ? h(
                  'button',
                  { type: 'button', class: 'link', onclick: () => restructure((x) => x.goods.splice(gi, 1)) },
                  t('remove'),
                )
              : null,
          ),
          h(
            'div',
            { class: 'grid' },
            field('customsNumber', `goods[${gi}].customsDeclarationNumber`, g.customsDeclarationNumber, {
              inputmode: 'numeric',
              required: true,
            }),
            select('category', `goods[${gi}].category`, g.category, GOODS_CATEGORIES, 'cat'),
          ),
          g.items.map((it, ii) =>
            h(
              'div',
              { class: 'grid item' },
              field('description', `goods[${gi}].items[${ii}].description`, it.description, { required: true }),
              field('hsCode', `goods[${gi}].items[${ii}].hsCode`, it.hsCode, {
                inputmode: 'decimal',
                required: true,
                placeholder: '0810.90',
              }),
              field('weight', `goods[${gi}].items[${ii}].grossWeightKg`, it.grossWeightKg, {
                type: 'number',
                min: 0,
                step: 'any',
                required: true,
              }),
              field('value', `goods[${gi}].items[${ii}].valueVnd`, it.valueVnd, {
                type: 'number',
                min: 0,
                step: 1,
                required: true,
              }),
              g.items.length > 1
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'link',
                      onclick: () => restructure((x) => x.goods[gi].items.splice(ii, 1)),
                    },
                    t('remove'),
                  )
                : null,
            ),
          ),
          h(
            'button',
            { type: 'button', class: 'link', onclick: () => restructure((x) => x.goods[gi].items.push(emptyItem())) },
            t('addItem'),
          ),
        ),
      ),
      h('button', { type: 'button', onclick: () => restructure((x) => x.goods.push(emptyGoods())) }, t('addGoods')),
      h('h3', null, t('vehicles')),
      m.vehicles.map((v, vi) =>
        h(
          'fieldset',
          { class: 'group', 'data-vehicle': vi },
          h(
            'legend',
            null,
            t('vehicle', { n: vi + 1 }),
            h(
              'button',
              {
                type: 'button',
                class: 'link',
                'data-testid': 'copy-vehicle',
                onclick: () => restructure((x) => x.vehicles.splice(vi + 1, 0, copyOf(x.vehicles[vi]))),
              },
              t('copyVehicle'),
            ),
            m.vehicles.length > 1
              ? h(
                  'button',
                  { type: 'button', class: 'link', onclick: () => restructure((x) => x.vehicles.splice(vi, 1)) },
                  t('remove'),
                )
              : null,
          ),
          v.id ? h('input', { type: 'hidden', 'data-field': `vehicles[${vi}].id`, value: v.id }) : null,
          h(
            'div',
            { class: 'grid' },
            field('plate', `vehicles[${vi}].plate`, v.plate, {
              required: true,
              list: PLATE_LIST,
              autocomplete: 'off',
              autocapitalize: 'characters',
              placeholder: '12C-123.45',
            }),
            field('trailerPlate', `vehicles[${vi}].trailerPlate`, v.trailerPlate, {
              autocapitalize: 'characters',
              placeholder: '12R-012.34',
            }),
            select('nationality', `vehicles[${vi}].nationality`, v.nationality, ['VN', 'CN'], 'nat'),
            select('feeClass', `vehicles[${vi}].feeClass`, v.feeClass, FEE_CLASSES, 'fee'),
            field('containerNumber', `vehicles[${vi}].containerNumber`, v.containerNumber, {
              autocapitalize: 'characters',
              placeholder: 'MSCU1234565',
            }),
            field('sealNumber', `vehicles[${vi}].sealNumber`, v.sealNumber, { autocapitalize: 'characters' }),
            field('driverName', `vehicles[${vi}].driver.name`, v.driver.name, {
              required: true,
              autocomplete: 'off',
              list: DRIVER_LIST,
            }),
            select(
              'docType',
              `vehicles[${vi}].driver.document.type`,
              v.driver.document.type,
              DRIVER_DOCUMENT_TYPES,
              'doc',
            ),
            field('docNumber', `vehicles[${vi}].driver.document.number`, v.driver.document.number, {
              required: true,
              inputmode: v.driver.document.type === 'CCCD' ? 'numeric' : 'text',
              autocapitalize: 'characters',
            }),
            field('driverPhone', `vehicles[${vi}].driver.phone`, v.driver.phone, {
              type: 'tel',
              inputmode: 'tel',
              required: true,
              placeholder: '0912 345 678',
            }),
            select('driverLanguage', `vehicles[${vi}].driverLanguage`, v.driverLanguage, LANGUAGES, 'dlang'),
          ),
        ),
      ),
      h(
        'button',
        { type: 'button', onclick: () => restructure((x) => x.vehicles.push(emptyVehicle())) },
        t('addVehicle'),
      ),
      h(
        'details',
        { class: 'csv-import' },
        h('summary', null, t('csvImport')),
        h('p', { class: 'muted small' }, t('csvHelp')),
        h(
          'code',
          { class: 'small csv-header' },
          [...CSV_COLUMNS, CSV_YARD_COLUMN].map((c) => csvColumnName(c, lang() === 'zh' ? 'zh' : 'vi')).join(';'),
        ),
        h(
          'label',
          null,
          t('csvFile'),
          h('input', {
            type: 'file',
            accept: '.csv,text/csv',
            'data-testid': 'csv-file',
            onchange: asyncHandler((e: Event) => importFile(e.currentTarget as HTMLInputElement)),
          }),
        ),
      ),
      csvResult,
      summary,
      existing,
      h(
        'div',
        { class: 'row sticky' },
        amend
          ? h('button', { type: 'submit', class: 'primary', value: 'save' }, t('save'))
          : [
              h('button', { type: 'submit', class: 'primary', value: 'submit' }, t('saveAndSubmit')),
              h('button', { type: 'submit', value: 'draft' }, t('saveDraft')),
            ],
        h('button', { type: 'button', class: 'link', onclick: o.onCancel }, t('cancel')),
      ),
    );
  };

  // The firm's book: a truck or a driver picked (or typed in full) brings the rest of what was last filed with it.
  let book: FleetBookView = { vehicles: [], drivers: [] };
  const lists = h('div');
  void loadBook(o.api).then((b) => {
    book = b;
    mount(lists, bookLists(b));
  });
  const filled = new Map<string, string>();
  const fill = (prefix: string, values: Record<string, string | null | undefined>) => {
    for (const [k, value] of Object.entries(values)) {
      const el = form.querySelector<HTMLInputElement>(`[data-field="${CSS.escape(`${prefix}.${k}`)}"]`);
      if (!el || value === undefined) continue;
      el.value = value ?? '';
      finished(el);
      if (el.value) check(el);
    }
  };
  const driverFields = (d: BookDriver) => ({
    'driver.name': d.name,
    'driver.document.type': d.document.type,
    'driver.document.number': d.document.number,
    'driver.phone': d.phone,
    driverLanguage: d.language,
  });
  const fromBook = (el: HTMLInputElement) => {
    const path = el.dataset.field!;
    if (path.endsWith('].plate')) {
      const v = bookVehicle(book, el.value);
      if (!v || filled.get(path) === v.plateKey) return;
      filled.set(path, v.plateKey);
      fill(path.replace(/\.plate$/, ''), {
        trailerPlate: v.trailerPlate,
        nationality: v.nationality,
        feeClass: v.feeClass,
        ...(v.driver ? driverFields(v.driver) : {}),
      });
    } else if (path.endsWith('.driver.name')) {
      const d = bookDriver(book, el.value);
      if (!d || filled.get(path) === `${d.document.type} ${d.document.number}`) return;
      filled.set(path, `${d.document.type} ${d.document.number}`);
      fill(path.replace(/\.driver\.name$/, ''), driverFields(d));
    }
  };

  /** Plates and document numbers take the server's spelling as they are typed, the cursor staying in place. */
  const asTyped = (el: HTMLInputElement) => {
    const path = el.dataset.field!;
    const type = () => form.querySelector<HTMLSelectElement>(`[data-field="${path.replace(/number$/, 'type')}"]`);
    const fix = /\.(plate|trailerPlate)$/.test(path)
      ? plateAsTyped
      : path.endsWith('.document.number')
        ? (x: string) => documentAsTyped(type()?.value ?? '', x)
        : null;
    if (!fix || fix(el.value) === el.value) return;
    const at = fix(el.value.slice(0, el.selectionStart ?? el.value.length)).length;
    el.value = fix(el.value);
    el.setSelectionRange(at, at);
  };
  /** A plate left is shown as the server will store it; a document type chosen sets the keyboard of its number. */
  const finished = (el: HTMLInputElement) => {
    const path = el.dataset.field ?? '';
    if (/\.(plate|trailerPlate)$/.test(path)) {
      const p = parsePlate(el.value);
      if (p.ok) el.value = p.value.display;
    } else if (path.endsWith('.document.type')) {
      const n = form.querySelector<HTMLInputElement>(`[data-field="${path.replace(/type$/, 'number')}"]`);
      n?.setAttribute('inputmode', el.value === 'CCCD' ? 'numeric' : 'text');
    }
  };
  // Each field is checked when the firm pauses typing or leaves it; a shown error clears as soon as it is fixed.
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const check = (el: HTMLInputElement | HTMLSelectElement) => {
    const path = el.dataset.field!;
    const m = readForm(form);
    showFieldError(form, path, checkField(path, el.value, m));
    // A plate's country decides whether its nationality is right, and the document type its number.
    const sibling = path.endsWith('.plate')
      ? path.replace(/plate$/, 'nationality')
      : path.endsWith('.document.type')
        ? path.replace(/type$/, 'number')
        : null;
    const s = sibling ? form.querySelector<HTMLInputElement>(`[data-field="${CSS.escape(sibling)}"]`) : null;
    if (s?.value) showFieldError(form, sibling!, checkField(sibling!, s.value, m));
  };
  form.addEventListener('input', (e) => {
    const el = e.target as HTMLInputElement;
    const arrival = syncArrival(el);
    if (arrival && (arrival.value || arrival.getAttribute('aria-invalid'))) check(arrival);
    if (!el.dataset?.field) return;
    if (!e.isComposing) asTyped(el);
    fromBook(el);
    clearTimeout(timers.get(el.dataset.field));
    const shown = el.getAttribute('aria-invalid') === 'true';
    timers.set(
      el.dataset.field,
      setTimeout(() => check(el), shown ? 0 : 400),
    );
  });
  form.addEventListener('change', (e) => {
    const el = e.target as HTMLInputElement;
    // Another gate, another list of yards: the yard chosen stays only if the new gate's list has it.
    if (el.dataset?.field === 'gate') return restructure((x) => (x.yard = yardCodeOf(gateOf(x), x.yard)));
    finished(el);
    if (el.dataset?.field && (el.value !== '' || el.tagName === 'SELECT')) check(el);
    if (el.dataset?.field?.endsWith('].plate') && !checkField(el.dataset.field, el.value, readForm(form)))
      void warnOpenPlate(el.value);
  });
  // Every keystroke is on the device at once: a reload, a crash or a killed tab finds the form as it was.
  form.addEventListener('input', persist);
  form.addEventListener('change', persist);
  form.addEventListener('focusout', (e) => {
    const el = e.target as HTMLInputElement;
    if (el.dataset?.field && el.value !== '') check(el);
  });

  /**
   * Files the declaration under the draft's key (a retry after a lost response gets the declaration created
   * the first time), then submits it. A key already used for other content (the form was changed after a lost
   * response) gives way to a new one: the server then names the declaration that holds the plates.
   */
  const file = async (m: DeclarationInput, submit: boolean): Promise<Declaration> => {
    const create = () =>
      o.api.post<Declaration>('/declarations', toBody(m, { amend: false }), { 'idempotency-key': idempotencyKey });
    let d: Declaration;
    try {
      d = await create();
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'IDEMPOTENCY_KEY_REUSED')) throw err;
      idempotencyKey = newIdempotencyKey();
      persist();
      d = await create();
    }
    if (!submit || d.status !== 'DRAFT') return d;
    try {
      return await o.api.post<Declaration>(`/declarations/${d.id}/submit`);
    } catch (err) {
      // The submit went through but its answer was lost: the declaration says so.
      if (!(err instanceof ApiError) || err.status !== 409) throw err;
      const now = await o.api.get<Declaration>(`/declarations/${d.id}`);
      if (now.status === 'DRAFT') throw err;
      return now;
    }
  };

  form.addEventListener(
    'submit',
    asyncHandler(async (e) => {
      e.preventDefault();
      existing.hidden = true;
      const submitter = e.submitter as HTMLButtonElement | null;
      const intent = submitter?.value ?? 'submit';
      const m = readForm(form);
      clearFieldErrors(form);
      let problems = 0;
      form.querySelectorAll<HTMLInputElement>('[data-field]').forEach((el) => {
        const err = checkField(el.dataset.field!, el.value, m);
        if (err) {
          problems++;
          showFieldError(form, el.dataset.field!, err);
        }
      });
      if (problems) {
        summary.textContent = t('fixErrors', { n: problems });
        summary.hidden = false;
        form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
      summary.hidden = true;
      form.querySelectorAll('button').forEach((b) => (b.disabled = true));
      try {
        let d: Declaration;
        if (o.amend) {
          const body = {
            ...toBody(m, { amend: true }),
            ...(o.amend.correctionRequestId ? { correctionRequestId: o.amend.correctionRequestId } : {}),
          };
          d = await o.api.patch<Declaration>(`/declarations/${o.amend.declaration.id}`, body);
        } else {
          d = await file(m, intent === 'submit');
        }
        o.draft?.clear();
        o.onDone(d);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'CONFLICT') {
          const n = DECLARATION_NUMBER.exec(err.message)?.[0];
          if (n) void offerExisting(err.message, n);
        }
        const rest = err instanceof ApiError ? showServerErrors(form, err.errors) : [];
        summary.textContent = [
          err instanceof Error ? err.message : String(err),
          ...rest.map((r) => `${fieldLabel(r.field)}: ${r.message}`),
        ].join(' — ');
        summary.hidden = false;
        form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      } finally {
        form.querySelectorAll('button').forEach((b) => (b.disabled = false));
      }
    }),
  );

  draw();
  // Answering a correction request: the fields customs asked for are marked, and named in words above the form.
  const request = o.amend?.declaration.correctionRequests?.find((c) => c.id === o.amend?.correctionRequestId);
  const asked = request?.fields ?? [];
  const mark = () => highlightAsked(form, asked);
  if (asked.length) {
    mark();
    new MutationObserver(mark).observe(form, { childList: true, subtree: true });
  }
  mount(
    root,
    asked.length
      ? h(
          'p',
          { class: 'notice', id: 'asked-fields', 'data-testid': 'asked-fields' },
          t('correctionAsked', { fields: askedInWords(asked) }),
        )
      : null,
    form,
    lists,
  );
}
