// The declaration service's field rules, run in the browser as the firm types. The identifier parsers are
// the domain's own (bundled from libs/domain), so a plate or container the form accepts is one the
// server accepts, and their refusals and the cross-field ones are said from the server's catalog
// (libs/errors/src/domain-messages.ts) in the page's language; the few rules of the DTOs are mirrored here.
import { parseContainerNumber } from '../../../../libs/domain/src/identifiers/container-number.js';
import {
  parseCustomsDeclarationNumber,
  parseHsCode,
  parseSealNumber,
} from '../../../../libs/domain/src/identifiers/customs-codes.js';
import { parseDriverDocument } from '../../../../libs/domain/src/identifiers/driver-document.js';
import { parsePhone } from '../../../../libs/domain/src/identifiers/phone.js';
import { parsePlate } from '../../../../libs/domain/src/identifiers/plates.js';
import { parseTaxCode } from '../../../../libs/domain/src/identifiers/tax-code.js';
import { refusal, type Refusal, type RefusalCode, type RefusalParams } from '../../../../libs/domain/src/refusal.js';
import { renderRefusal } from '../../../../libs/errors/src/domain-messages.js';
import { lang } from '../shared/i18n.js';

/** The same limit as the declaration service's MAX_ARRIVAL_AHEAD_DAYS. */
const MAX_ARRIVAL_AHEAD_DAYS = 30;

export interface DeclarationInput {
  gate: string;
  direction: string;
  expectedArrival: string;
  yard: string;
  goods: {
    customsDeclarationNumber: string;
    category: string;
    items: { description: string; hsCode: string; grossWeightKg: string; valueVnd: string }[];
  }[];
  vehicles: {
    id?: string;
    plate: string;
    trailerPlate: string;
    nationality: string;
    feeClass: string;
    containerNumber: string;
    sealNumber: string;
    driver: { name: string; document: { type: string; number: string }; phone: string };
    driverLanguage: string;
  }[];
}

type Rule = (value: string, form: DeclarationInput, path: string) => string | null;

const msg = (viText: string, enText: string, zhText: string) => ({ vi: viText, en: enText, zh: zhText })[lang()];
/** A refusal in the page's language, in the server's words. */
const say = (r: Refusal) => renderRefusal(r, lang());
const refused = (code: RefusalCode, params?: RefusalParams) => say(refusal(code, params));
type Label = [vi: string, en: string, zh: string];
const required = (label: Label) =>
  msg(`${label[0]} không được để trống`, `${label[1]} is required`, `${label[2]}不能为空`);
const length =
  (label: Label, min: number, max: number): Rule =>
  (v) => {
    const n = v.trim().length;
    if (n === 0) return required(label);
    if (n < min || n > max)
      return msg(
        `${label[0]} phải dài ${min}–${max} ký tự`,
        `${label[1]} must be ${min}–${max} characters`,
        `${label[2]}长度须为 ${min}–${max} 个字符`,
      );
    return null;
  };
const parsed =
  (parse: (v: string) => { ok: true } | { ok: false; refusal: Refusal }): Rule =>
  (v) => {
    const r = parse(v);
    return r.ok ? null : say(r.refusal);
  };
const optional =
  (rule: Rule): Rule =>
  (v, f, p) =>
    v.trim() === '' ? null : rule(v, f, p);
const index = (path: string, name: string) => Number(new RegExp(`${name}\\[(\\d+)\\]`).exec(path)?.[1] ?? -1);

function arrival(v: string): string | null {
  if (!v)
    return msg('Thời điểm dự kiến đến không được để trống', 'Expected arrival is required', '预计到达时间不能为空');
  const t = new Date(v).getTime();
  if (Number.isNaN(t)) return refused('arrivalInvalid');
  if (t <= Date.now()) return refused('arrivalPast');
  if (t > Date.now() + MAX_ARRIVAL_AHEAD_DAYS * 86400_000)
    return refused('arrivalTooFar', { days: MAX_ARRIVAL_AHEAD_DAYS });
  return null;
}

function plate(v: string, f: DeclarationInput, path: string): string | null {
  const r = parsePlate(v, { kind: 'TRACTOR' });
  if (!r.ok) return say(r.refusal);
  const i = index(path, 'vehicles');
  const dup = f.vehicles.findIndex(
    (o, j) =>
      j < i &&
      parsePlate(o.plate).ok &&
      (parsePlate(o.plate) as { value: { normalized: string } }).value.normalized === r.value.normalized,
  );
  if (dup >= 0) return refused('plateTwice', { plate: r.value.display });
  return null;
}

function nationality(v: string, f: DeclarationInput, path: string): string | null {
  const r = parsePlate(f.vehicles[index(path, 'vehicles')]?.plate ?? '');
  if (r.ok && r.value.country !== v)
    return refused('plateNotOfCountry', {
      plate: r.value.display,
      country: refusal(v === 'VN' ? 'country_VN' : 'country_CN'),
    });
  return null;
}

function customsNumber(v: string, f: DeclarationInput, path: string): string | null {
  const r = parseCustomsDeclarationNumber(v);
  if (!r.ok) return say(r.refusal);
  const i = index(path, 'goods');
  const key = r.value.normalized;
  if (f.goods.some((g, j) => j < i && g.customsDeclarationNumber.replace(/\D/g, '') === key))
    return refused('customsNumberTwice');
  return null;
}

function weight(v: string): string | null {
  const n = Number(v);
  if (v.trim() === '') return required(['Trọng lượng', 'Weight', '毛重']);
  if (!Number.isFinite(n) || n <= 0 || n > 200000)
    return msg(
      'Trọng lượng phải là số dương, tối đa 200.000 kg',
      'Weight must be positive, at most 200,000 kg',
      '毛重必须为正数，最多 200,000 公斤',
    );
  return null;
}

function value(v: string): string | null {
  const n = Number(v);
  if (v.trim() === '') return required(['Trị giá', 'Value', '货值']);
  if (!Number.isInteger(n) || n < 0 || n > 1e15)
    return msg(
      'Trị giá phải là số nguyên VND không âm',
      'Value must be a whole, non-negative amount of VND',
      '货值必须是非负的越南盾整数',
    );
  return null;
}

function documentNumber(v: string, f: DeclarationInput, path: string): string | null {
  const type = f.vehicles[index(path, 'vehicles')]?.driver.document.type;
  const r = parseDriverDocument({ type, number: v });
  return r.ok ? null : say(r.refusal);
}

/** Field path with indexes replaced by `*` → its rule. */
const RULES: Record<string, Rule> = {
  expectedArrival: arrival,
  // Picked from the gate's list (the server refuses a yard not on it).
  yard: (v) => (v.trim() === '' ? msg('Hãy chọn bãi chờ', 'Pick a waiting yard', '请选择待检停车场') : null),
  'goods[*].customsDeclarationNumber': customsNumber,
  'goods[*].items[*].description': length(['Mô tả hàng', 'Description', '货物描述'], 1, 500),
  'goods[*].items[*].hsCode': parsed(parseHsCode),
  'goods[*].items[*].grossWeightKg': weight,
  'goods[*].items[*].valueVnd': value,
  'vehicles[*].plate': plate,
  'vehicles[*].trailerPlate': optional(parsed((v) => parsePlate(v, { kind: 'TRAILER' }))),
  'vehicles[*].nationality': nationality,
  'vehicles[*].containerNumber': optional(parsed(parseContainerNumber)),
  'vehicles[*].sealNumber': optional(parsed(parseSealNumber)),
  'vehicles[*].driver.name': length(['Họ tên lái xe', 'Driver name', '司机姓名'], 2, 200),
  'vehicles[*].driver.document.number': documentNumber,
  'vehicles[*].driver.phone': parsed(parsePhone),
};

export function checkField(path: string, v: string, form: DeclarationInput): string | null {
  const rule = RULES[path.replace(/\[\d+\]/g, '[*]')];
  return rule ? rule(v, form, path) : null;
}

/** Registration: the same parsers as the identity service. */
export const REGISTER_RULES: Record<string, (v: string) => string | null> = {
  firmName: (v) => length(['Tên doanh nghiệp', 'Firm name', '企业名称'], 2, 200)(v, null as never, ''),
  taxCode: parsed(parseTaxCode) as (v: string) => string | null,
  email: (v) =>
    /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : msg('Email không hợp lệ', 'Invalid email', '电子邮件无效'),
  password: (v) =>
    v.length >= 8
      ? null
      : msg('Mật khẩu phải có ít nhất 8 ký tự', 'Password must be at least 8 characters', '密码至少 8 个字符'),
  phone: parsed(parsePhone) as (v: string) => string | null,
};
