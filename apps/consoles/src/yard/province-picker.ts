/// <reference lib="dom" />
import { CN_PROVINCE_ABBREVIATIONS, CN_PROVINCE_LATIN } from '../../../../libs/domain/src/identifiers/plates.js';
import { h } from '../shared/dom.js';
import { lang, t } from '../shared/i18n.js';

// The first character of a Chinese plate is its province (桂 for Guangxi). A yard PC has no Chinese keyboard:
// the operator may type the Latin spelling (GUI F12345) or pick the province here, which puts the character
// in front of what is typed.

/** Province names as the yard reads them (Vietnamese, English). */
const NAMES: Record<string, [string, string]> = {
  京: ['Bắc Kinh', 'Beijing'],
  津: ['Thiên Tân', 'Tianjin'],
  沪: ['Thượng Hải', 'Shanghai'],
  渝: ['Trùng Khánh', 'Chongqing'],
  冀: ['Hà Bắc', 'Hebei'],
  豫: ['Hà Nam', 'Henan'],
  云: ['Vân Nam', 'Yunnan'],
  辽: ['Liêu Ninh', 'Liaoning'],
  黑: ['Hắc Long Giang', 'Heilongjiang'],
  湘: ['Hồ Nam', 'Hunan'],
  皖: ['An Huy', 'Anhui'],
  鲁: ['Sơn Đông', 'Shandong'],
  新: ['Tân Cương', 'Xinjiang'],
  苏: ['Giang Tô', 'Jiangsu'],
  浙: ['Chiết Giang', 'Zhejiang'],
  赣: ['Giang Tây', 'Jiangxi'],
  鄂: ['Hồ Bắc', 'Hubei'],
  桂: ['Quảng Tây', 'Guangxi'],
  甘: ['Cam Túc', 'Gansu'],
  晋: ['Sơn Tây', 'Shanxi'],
  蒙: ['Nội Mông', 'Inner Mongolia'],
  陕: ['Thiểm Tây', 'Shaanxi'],
  吉: ['Cát Lâm', 'Jilin'],
  闽: ['Phúc Kiến', 'Fujian'],
  贵: ['Quý Châu', 'Guizhou'],
  粤: ['Quảng Đông', 'Guangdong'],
  青: ['Thanh Hải', 'Qinghai'],
  藏: ['Tây Tạng', 'Tibet'],
  川: ['Tứ Xuyên', 'Sichuan'],
  宁: ['Ninh Hạ', 'Ningxia'],
  琼: ['Hải Nam', 'Hainan'],
};

/** The provinces whose trucks come to Lạng Sơn most (the neighbours first), then the rest in the usual order. */
const COMMON = ['桂', '云', '粤', '贵', '湘', '川'];
const ORDER = [...COMMON, ...CN_PROVINCE_ABBREVIATIONS.filter((c) => !COMMON.includes(c))];

/** The shortest Latin spelling that names this province alone (what the operator could also type). */
function latinOf(char: string): string {
  return Object.entries(CN_PROVINCE_LATIN)
    .filter(([, chars]) => chars.length === 1 && chars[0] === char)
    .map(([latin]) => latin)
    .sort((a, b) => a.length - b.length)[0];
}

/** A province character, or a Latin spelling followed by a space, at the start of what was typed. */
function withoutProvince(typed: string): string {
  const s = typed.trimStart();
  if (s && CN_PROVINCE_ABBREVIATIONS.includes(s[0])) return s.slice(1).trimStart();
  const m = /^([A-Za-z]+)[\s-]+(.*)$/.exec(s);
  return m && m[1].toUpperCase() in CN_PROVINCE_LATIN ? m[2] : s;
}

export function provincePicker(input: HTMLInputElement): HTMLElement {
  const select = h(
    'select',
    { id: 'checkin-province', 'data-testid': 'province-picker' },
    h('option', { value: '' }, t('provinceNone')),
    ORDER.map((c) => h('option', { value: c }, `${c} ${latinOf(c)} — ${NAMES[c][lang() === 'vi' ? 0 : 1]}`)),
  );
  select.addEventListener('change', () => {
    if (!select.value) return;
    input.value = `${select.value}${withoutProvince(input.value)}`;
    select.value = '';
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  });
  return h('div', { class: 'province' }, h('label', { for: 'checkin-province' }, t('provincePicker')), select);
}
