// The languages people at the gate read: Vietnamese (the default), Chinese (简体) for Chinese drivers and firms,
// English as the common second language.
export const LANGUAGES = ['vi', 'zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';

export function isLanguage(s: unknown): s is Language {
  return (LANGUAGES as readonly unknown[]).includes(s);
}

/**
 * The best of our languages for an `Accept-Language` header (RFC 9110 §12.5.4): the highest-weighted tag whose
 * primary subtag we speak (`zh-CN`, `zh-Hans-CN` and `zh-TW` all read Chinese as 简体 here); Vietnamese when
 * nothing matches or the header is absent or malformed.
 */
export function negotiateLanguage(header: string | null | undefined): Language {
  if (!header) return DEFAULT_LANGUAGE;
  let best: { lang: Language; q: number; order: number } | null = null;
  header.split(',').forEach((part, order) => {
    const [tag, ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (!isLanguage(primary)) return;
    const qParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) return;
    if (!best || q > best.q) best = { lang: primary, q, order };
  });
  return (best as { lang: Language } | null)?.lang ?? DEFAULT_LANGUAGE;
}
