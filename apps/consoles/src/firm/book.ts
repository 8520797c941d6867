/// <reference lib="dom" />
import { normalisePlateKey } from '../../../../libs/domain/src/identifiers/plates.js';
import type {
  FleetBookDriverView,
  FleetBookVehicleView,
  FleetBookView,
} from '../../../declaration/src/vehicles/fleet-book.dto.js';
import type { Api } from '../shared/api.js';
import { asyncHandler, h, mount } from '../shared/dom.js';
import { fmtDateTime } from '../shared/format.js';
import { label, t } from '../shared/i18n.js';

// The firm's book of trucks and drivers (kept by the server from what the firm submits): offered on the
// form's plate and driver fields, and pruned on its own page (#/book).

export type BookDriver = FleetBookDriverView;

/** The book, read once per form; a firm without one (or offline) simply gets no suggestions. */
export async function loadBook(api: Api): Promise<FleetBookView> {
  return api.get<FleetBookView>('/fleet-book').catch(() => ({ vehicles: [], drivers: [] }));
}

export const PLATE_LIST = 'book-plates';
export const DRIVER_LIST = 'book-drivers';

/** The suggestions the plate and driver-name fields point at (`list=`). */
export function bookLists(book: FleetBookView): HTMLElement {
  return h(
    'div',
    { hidden: true },
    h(
      'datalist',
      { id: PLATE_LIST },
      book.vehicles.map((v) => h('option', { value: v.plate }, v.driver ? v.driver.name : '')),
    ),
    h(
      'datalist',
      { id: DRIVER_LIST },
      book.drivers.map((d) => h('option', { value: d.name }, `${label('doc', d.document.type)} ${d.document.number}`)),
    ),
  );
}

/** The truck of the book this plate (in any spelling) is, if any. */
export function bookVehicle(book: FleetBookView, plate: string): FleetBookVehicleView | null {
  const key = normalisePlateKey(plate);
  return (key && book.vehicles.find((v) => v.plateKey === key)) || null;
}

/** The driver of the book with this name, if exactly one has it. */
export function bookDriver(book: FleetBookView, name: string): BookDriver | null {
  const found = book.drivers.filter((d) => d.name === name.trim());
  return found.length === 1 ? found[0] : null;
}

/** The book's own page: every truck and driver, each with a delete button. */
export async function renderBook(root: HTMLElement, api: Api, toast: (m: string, kind?: 'err') => void) {
  const book = await loadBook(api);
  const remove = (path: string) =>
    asyncHandler(async () => {
      try {
        await api.request('DELETE', path);
        await renderBook(root, api, toast);
      } catch (e) {
        toast((e as Error).message, 'err');
      }
    });
  mount(
    root,
    h('a', { href: '#/' }, t('back')),
    h('h2', null, t('bookTitle')),
    h('p', { class: 'muted small' }, t('bookIntro')),
    h('h3', null, t('vehicles')),
    book.vehicles.length === 0
      ? h('p', { class: 'muted' }, t('bookEmpty'))
      : h(
          'ul',
          { class: 'book', 'data-testid': 'book-vehicles' },
          book.vehicles.map((v) =>
            h(
              'li',
              { 'data-plate': v.plate },
              h('b', { class: 'plate' }, v.plate),
              v.trailerPlate ? ` + ${v.trailerPlate}` : '',
              v.driver ? ` · ${v.driver.name}` : '',
              h('span', { class: 'muted small' }, ` · ${fmtDateTime(v.lastFiledAt)} `),
              h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: remove(`/fleet-book/vehicles/${encodeURIComponent(v.plateKey)}`),
                },
                t('remove'),
              ),
            ),
          ),
        ),
    h('h3', null, t('bookDrivers')),
    book.drivers.length === 0
      ? h('p', { class: 'muted' }, t('bookEmpty'))
      : h(
          'ul',
          { class: 'book', 'data-testid': 'book-drivers' },
          book.drivers.map((d) =>
            h(
              'li',
              null,
              h('b', null, d.name),
              ` · ${label('doc', d.document.type)} ${d.document.number} · ${d.phone} `,
              h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: remove(`/fleet-book/drivers/${d.document.type}/${encodeURIComponent(d.document.number)}`),
                },
                t('remove'),
              ),
            ),
          ),
        ),
  );
}
