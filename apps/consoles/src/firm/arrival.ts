/// <reference lib="dom" />
import { h } from '../shared/dom.js';
import { lang, t, type MessageKey } from '../shared/i18n.js';

// The expected arrival, chosen as a day and a 24-hour time in Vietnam time and echoed in words. The phone's own
// time zone and 12-hour habits play no part: the day and the time are read as typed, never through the device's
// clock, and the weekday comes from the calendar date alone.

const pad = (n: number) => String(n).padStart(2, '0');
const HOURS = Array.from({ length: 24 }, (_, i) => pad(i));
const MINUTES = Array.from({ length: 12 }, (_, i) => pad(i * 5));
const VALUE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * `2026-12-02T14:30` in words: `Thứ Tư, 02/12/2026, 14:30 giờ Việt Nam`, `2026年12月2日（星期三）14:30 越南时间`,
 * `Wednesday, 02/12/2026, 14:30 Vietnam time`; empty for an incomplete or impossible value.
 */
export function arrivalInWords(value: string): string {
  const m = VALUE.exec(value);
  if (!m) return '';
  const [y, mo, d, hh, mm] = m.slice(1).map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCMonth() !== mo - 1 || hh > 23 || mm > 59) return '';
  const weekday = t(`weekday${day.getUTCDay()}` as MessageKey);
  return t('arrivalEcho', {
    // Vietnamese writes a weekday in a date with capitals: "Thứ Tư", "Chủ Nhật".
    weekday: lang() === 'vi' ? weekday.replace(/(^|\s)\p{Ll}/gu, (c) => c.toUpperCase()) : weekday,
    date: lang() === 'zh' ? `${y}年${mo}月${d}日` : `${pad(d)}/${pad(mo)}/${y}`,
    time: `${pad(hh)}:${pad(mm)}`,
  });
}

/**
 * The chooser: a day, an hour 00–23 and a minute, feeding a hidden `expectedArrival` field (what the form reads,
 * saves and checks) in the `datetime-local` shape, and the echo under them.
 */
export function arrivalChooser(value: string): HTMLElement {
  const m = VALUE.exec(value);
  const [date, hour, minute] = m ? [`${m[1]}-${m[2]}-${m[3]}`, m[4], m[5]] : ['', '', ''];
  const options = (list: string[], chosen: string) => [
    h('option', { value: '', selected: chosen === '' }, '--'),
    // A time filed elsewhere (the API, an older form) keeps its minute.
    (chosen && !list.includes(chosen) ? [...list, chosen].sort() : list).map((v) =>
      h('option', { value: v, selected: v === chosen }, v),
    ),
  ];
  return h(
    'div',
    { class: 'arrival', role: 'group', 'aria-labelledby': 'arrival-label', 'data-testid': 'arrival' },
    h('span', { id: 'arrival-label', class: 'arrival-label' }, t('arrivalLabel')),
    h(
      'div',
      { class: 'arrival-parts' },
      h('input', {
        type: 'date',
        name: 'arrivalDate',
        value: date,
        'aria-label': t('arrivalDay'),
        required: true,
      }),
      h('select', { name: 'arrivalHour', 'aria-label': t('arrivalHour') }, options(HOURS, hour)),
      h('span', { 'aria-hidden': 'true' }, ':'),
      h('select', { name: 'arrivalMinute', 'aria-label': t('arrivalMinute') }, options(MINUTES, minute)),
    ),
    h('input', { type: 'hidden', 'data-field': 'expectedArrival', name: 'expectedArrival', value }),
    h('p', { class: 'arrival-echo', 'data-testid': 'arrival-echo', 'aria-live': 'polite' }, arrivalInWords(value)),
  );
}

/**
 * After a part of the chooser changed: the hidden field takes the whole value (empty until day, hour and minute
 * are all chosen) and the echo follows. Returns the hidden field, or null when `el` is not part of a chooser.
 */
export function syncArrival(el: Element): HTMLInputElement | null {
  const box = el.closest('.arrival');
  if (!box || !(el instanceof HTMLInputElement || el instanceof HTMLSelectElement) || !el.name.startsWith('arrival'))
    return null;
  const part = (name: string) => box.querySelector<HTMLInputElement | HTMLSelectElement>(`[name=${name}]`)!.value;
  const [date, hour, minute] = [part('arrivalDate'), part('arrivalHour'), part('arrivalMinute')];
  const hidden = box.querySelector<HTMLInputElement>('[data-field=expectedArrival]')!;
  hidden.value = date && hour && minute ? `${date}T${hour}:${minute}` : '';
  box.querySelector('.arrival-echo')!.textContent = arrivalInWords(hidden.value);
  return hidden;
}
