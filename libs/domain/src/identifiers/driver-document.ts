import type { RefusalCode } from '../refusal.js';
import { compact, fail, ok, quote, requireText, type Parsed } from './parsed.js';

export const DRIVER_DOCUMENT_TYPES = ['CCCD', 'PASSPORT', 'BORDER_PASS'] as const;
export type DriverDocumentType = (typeof DRIVER_DOCUMENT_TYPES)[number];

export interface DriverDocument {
  type: DriverDocumentType;
  /** Upper case, separators removed. */
  normalized: string;
  /** PASSPORT only: `VN` for the Vietnamese letter + 7 digits form, otherwise `FOREIGN`. */
  passportFormat?: 'VN' | 'FOREIGN';
}

/**
 * Validates a driver's identity document number for its type:
 * CCCD 12 digits whose first 3 are the province of registration (001–096); passport either Vietnamese
 * (1 letter + 7 digits) or foreign (6–9 letters/digits, at least one digit); border pass 6–12 letters/digits.
 */
export function parseDriverDocument(doc: { type: unknown; number: unknown }): Parsed<DriverDocument> {
  const type = doc.type;
  if (typeof type !== 'string' || !(DRIVER_DOCUMENT_TYPES as readonly string[]).includes(type)) {
    return fail('DRIVER_DOCUMENT_TYPE_INVALID', 'documentTypeInvalid', { value: quote(type) });
  }
  const docType = type as DriverDocumentType;
  const text = requireText(doc.number, `label_${docType}`, 'DRIVER_DOCUMENT');
  if (!text.ok) return text;
  const normalized = compact(text.value);
  const bad = (why: RefusalCode) => fail<DriverDocument>('DRIVER_DOCUMENT_INVALID', why, { value: quote(doc.number) });

  switch (docType) {
    case 'CCCD': {
      if (!/^\d{12}$/.test(normalized)) return bad('cccdDigits');
      const province = Number(normalized.slice(0, 3));
      if (province < 1 || province > 96) return bad('cccdProvince');
      return ok({ type: docType, normalized });
    }
    case 'PASSPORT': {
      if (/^[A-Z]\d{7}$/.test(normalized)) return ok({ type: docType, normalized, passportFormat: 'VN' });
      if (/^[A-Z0-9]{6,9}$/.test(normalized) && /\d/.test(normalized)) {
        return ok({ type: docType, normalized, passportFormat: 'FOREIGN' });
      }
      return bad('passportFormat');
    }
    case 'BORDER_PASS': {
      if (/^[A-Z0-9]{6,12}$/.test(normalized) && /\d/.test(normalized)) return ok({ type: docType, normalized });
      return bad('borderPassFormat');
    }
  }
}

/** A document number as it is being typed: a CCCD keeps only its digits, the others upper case without separators. */
export function documentAsTyped(type: string, input: string): string {
  return type === 'CCCD' ? input.normalize('NFKC').replace(/\D/g, '') : compact(input);
}
