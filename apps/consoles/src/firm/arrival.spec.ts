// The arrival echo is computed from the calendar date and the time as chosen, never through the device's clock:
// the same words on a phone set to Beijing, New York or Hanoi.
(globalThis as { document?: unknown }).document = { documentElement: { lang: 'vi' } };
const { setLang } = await import('../shared/i18n.js');
const { arrivalInWords } = await import('./arrival.js');

afterEach(() => setLang('vi'));

it('says the day in words and the time in Vietnam time, in the page language', () => {
  expect(arrivalInWords('2026-12-02T14:30')).toBe('Thứ Tư, 02/12/2026, 14:30 giờ Việt Nam');
  expect(arrivalInWords('2026-12-06T00:05')).toBe('Chủ Nhật, 06/12/2026, 00:05 giờ Việt Nam');
  expect(arrivalInWords('2027-01-01T23:59')).toBe('Thứ Sáu, 01/01/2027, 23:59 giờ Việt Nam');
  setLang('en');
  expect(arrivalInWords('2026-12-02T14:30')).toBe('Wednesday, 02/12/2026, 14:30 Vietnam time');
  setLang('zh');
  expect(arrivalInWords('2026-12-02T14:30')).toBe('2026年12月2日（星期三）14:30 越南时间');
});

it('says nothing of an incomplete or impossible value', () => {
  for (const v of ['', '2026-12-02', '2026-12-02T14', '2026-02-30T10:00', '2026-12-02T24:00', '2026-12-02T10:60'])
    expect(arrivalInWords(v)).toBe('');
});

it('writes every weekday of a leap year with its capitals, as a Vietnamese date does', () => {
  const names = ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
  for (let d = Date.UTC(2028, 0, 1); d < Date.UTC(2029, 0, 1); d += 86400_000) {
    const day = new Date(d);
    const iso = day.toISOString().slice(0, 10);
    expect(arrivalInWords(`${iso}T08:00`).split(',')[0]).toBe(names[day.getUTCDay()]);
  }
});
