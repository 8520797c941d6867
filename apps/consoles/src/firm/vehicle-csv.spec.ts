// The import runs the form's rules, which speak the page's language: a page in Vietnamese is all they need.
(globalThis as { document?: unknown }).document = { documentElement: { lang: 'vi' } };
const { importVehicles, CSV_COLUMNS } = await import('./vehicle-csv.js');
const { checkField } = await import('./rules.js');
const { DEFAULT_WAITING_YARDS } = await import('../../../../libs/domain/src/slots/waiting-yards.js');
const i18n = await import('../shared/i18n.js');
type Form = Parameters<typeof importVehicles>[1];

const empty = (): Form => ({
  gate: 'HUU_NGHI',
  direction: 'EXPORT',
  expectedArrival: '',
  yard: '',
  goods: [],
  vehicles: [
    {
      plate: '',
      trailerPlate: '',
      nationality: 'VN',
      feeClass: 'CONTAINER_40FT',
      containerNumber: '',
      sealNumber: '',
      driver: { name: '', document: { type: 'CCCD', number: '' }, phone: '' },
      driverLanguage: 'vi',
    },
  ],
});

const VI_HEADER = CSV_COLUMNS.map((c) => c[1]).join(';');

describe('importVehicles', () => {
  it('reads the documented Vietnamese header from an Excel file (BOM, semicolons), Chinese plates intact', () => {
    const csv =
      `\uFEFF${VI_HEADER}\r\n` +
      '12C-123.45;12R-012.34;;CONTAINER_40FT;;VN1234567;Hoàng Văn Bình;CCCD;020123456789;0912 345 678;Tiếng Việt\r\n' +
      '桂F12345;;Trung Quốc;CONTAINER_20FT;;;李明;Hộ chiếu;E12345678;0912000111;zh\r\n';
    const r = importVehicles(csv, empty());
    expect(r.errors).toEqual([]);
    expect(r.vehicles).toEqual([
      expect.objectContaining({
        plate: '12C-123.45',
        trailerPlate: '12R-012.34',
        nationality: 'VN',
        feeClass: 'CONTAINER_40FT',
        driver: { name: 'Hoàng Văn Bình', document: { type: 'CCCD', number: '020123456789' }, phone: '0912 345 678' },
        driverLanguage: 'vi',
      }),
      expect.objectContaining({
        plate: '桂F12345',
        nationality: 'CN',
        feeClass: 'CONTAINER_20FT',
        driver: { name: '李明', document: { type: 'PASSPORT', number: 'E12345678' }, phone: '0912000111' },
        driverLanguage: 'zh',
      }),
    ]);
  });

  it('accepts English column names, in any order, with commas and quoted cells', () => {
    const csv =
      'Driver name,Plate,Document number,Driver phone,Seal number\n"Nông Thị Hoa, Jr",20C-111.22,020987654321,0987654321,"VN 765"';
    const r = importVehicles(csv, empty());
    expect(r.errors).toEqual([]);
    expect(r.vehicles).toEqual([
      expect.objectContaining({
        plate: '20C-111.22',
        sealNumber: 'VN 765',
        driver: expect.objectContaining({ name: 'Nông Thị Hoa, Jr' }),
      }),
    ]);
  });

  it('lists each bad row by its line, in the words of the form, and keeps the good ones', () => {
    const csv = [
      'Biển số;Họ tên lái xe;Số giấy tờ;Điện thoại lái xe;Loại phí hạ tầng',
      '12C-123.45;Hoàng Văn Bình;020123456789;0912345678;',
      '12X-1;Hoàng Văn Bình;020123456789;0912345678;',
      '12C-123.45;Lò Văn Sáng;020123456788;0912345679;',
      '29LD-123.45;;020123456789;0912345678;XE_TAI',
    ].join('\n');
    const form = empty();
    const r = importVehicles(csv, form);
    expect(r.vehicles.map((v) => v.plate)).toEqual(['12C-123.45']);
    const badPlate = checkField('vehicles[0].plate', '12X-1', form)!;
    expect(badPlate).toMatch(/^Biển số không hợp lệ/);
    expect(r.errors).toEqual([
      { line: 3, message: badPlate },
      { line: 4, message: 'Biển số 12C-123.45 xuất hiện hai lần trong tờ khai' },
      {
        line: 5,
        message: expect.stringMatching(
          /^Loại phí hạ tầng không hợp lệ: "XE_TAI".*; Họ tên lái xe không được để trống$/,
        ),
      },
    ]);
  });

  it('refuses a plate the form already has', () => {
    const form = empty();
    form.vehicles[0].plate = '12C-123.45';
    const r = importVehicles('Biển số;Họ tên lái xe\n12c12345;Hoàng Văn Bình', form);
    expect(r.errors[0]).toEqual({ line: 2, message: expect.stringContaining('xuất hiện hai lần') });
  });

  it('says a row’s refusals in the page’s language, in the words the form uses (Chinese here)', () => {
    const { setLang } = i18n;
    setLang('zh');
    try {
      const form = empty();
      const csv = 'Plate,Driver phone,Fee class\n12X-1,0912345678,\n20C-111.22,12345,XE_TAI\n';
      const r = importVehicles(csv, form, 'zh');
      expect(r.vehicles).toEqual([]);
      const [plate, ...rest] = r.errors[0].message.split('; ');
      expect(r.errors[0].line).toBe(2);
      expect(plate).toBe(checkField('vehicles[0].plate', '12X-1', form));
      expect(plate).toMatch(/^车牌无效："12X-1" — 格式应为/);
      expect(rest).toEqual(['司机姓名不能为空', '身份证 (CCCD) 号码不能为空']);
      const [fee, ...others] = r.errors[1].message.split('; ');
      expect(fee).toMatch(/^Fee class无效："XE_TAI" — 必须是 /);
      expect(others).toContain(checkField('vehicles[0].driver.phone', '12345', form));
      expect(others).toContain(
        '电话号码无效："12345" — 必须是越南手机号（0912 345 678、+84 912 345 678）或中国手机号（+86 138 1234 5678）',
      );
    } finally {
      setLang('vi');
    }
  });

  it('reads a Chinese header and Chinese words for the codes, and speaks Chinese on a Chinese page', () => {
    const header = CSV_COLUMNS.map((c) => c[3]).join(';');
    const csv =
      `${header}\n桂F12345;;中国;CONTAINER_20FT;;;李明;护照;E12345678;0912000111;中文\n` +
      '桂A54321;;火星;;;;王强;护照;E7654321;0912000112;';
    const r = importVehicles(csv, empty(), 'zh');
    expect(r.vehicles).toEqual([
      expect.objectContaining({
        plate: '桂F12345',
        nationality: 'CN',
        driver: { name: '李明', document: { type: 'PASSPORT', number: 'E12345678' }, phone: '0912000111' },
        driverLanguage: 'zh',
      }),
    ]);
    expect(r.errors).toEqual([{ line: 3, message: expect.stringMatching(/^车辆国籍无效："火星" — 必须是 VN, CN/) }]);
    expect(importVehicles('姓名\n李明', empty(), 'zh').errors).toEqual([
      { line: 1, message: expect.stringMatching(/^表头必须有“车牌”列（各列：车牌；挂车车牌；/) },
    ]);
  });

  it('says which columns it knows when the header has no plate', () => {
    const r = importVehicles('Tên;Số\nA;1', empty());
    expect(r.vehicles).toEqual([]);
    expect(r.errors).toEqual([{ line: 1, message: expect.stringContaining('Biển số; Biển rơ-moóc') }]);
  });

  it("takes the declaration's yard from a yard column: a code or any name of the gate's list, one yard per file", () => {
    const gate = { code: 'HUU_NGHI', yards: DEFAULT_WAITING_YARDS.HUU_NGHI };
    const row = (plate: string, yard: string) => `${plate};Hoàng Văn Bình;020123456789;0912345678;${yard}\n`;
    const csv =
      'Biển số;Họ tên lái xe;Số giấy tờ;Điện thoại lái xe;Bãi chờ\n' +
      row('12C-123.45', '友谊关集结停车场') +
      row('12C-123.46', 'huu_nghi_tap_ket') +
      row('12C-123.47', 'Bãi chờ Hữu Nghị') +
      row('12C-123.48', 'Bãi xe nhà tôi');
    const r = importVehicles(csv, empty(), 'vi', gate);
    expect(r.yard).toBe('HUU_NGHI_TAP_KET');
    expect(r.vehicles.map((v) => v.plate)).toEqual(['12C-123.45', '12C-123.46']);
    expect(r.errors).toEqual([
      {
        line: 4,
        message: 'Tờ khai chỉ có một bãi chờ: đã chọn “Bãi tập kết Hữu Nghị”, dòng này ghi “Bãi chờ Hữu Nghị”',
      },
      {
        line: 5,
        // The server's words for a yard not on the list.
        message:
          'Bãi chờ “Bãi xe nhà tôi” không có trong danh sách bãi của cửa khẩu HUU_NGHI: hãy chọn một bãi trong danh sách (HUU_NGHI_CHO, HUU_NGHI_TAP_KET)',
      },
    ]);
    // The form's yard already chosen stays; a row naming another is refused.
    const chosen = importVehicles(
      'Plate;Driver name;Document number;Driver phone;Waiting yard\n12C-123.49;Hoàng Văn Bình;020123456789;0912345678;Hữu Nghị waiting yard\n',
      { ...empty(), yard: 'HUU_NGHI_CHO' },
      'en',
      gate,
    );
    expect(chosen).toEqual({ vehicles: [expect.objectContaining({ plate: '12C-123.49' })], errors: [] });
  });
});
