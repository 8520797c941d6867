import {
  applyAction,
  checkInRefusal,
  firmChangeRefusal,
  liveBookingRefusal,
  openPlateRefusal,
  parseContainerNumber,
  parseCustomsDeclarationNumber,
  parseDriverDocument,
  parseHsCode,
  parseInstant,
  parsePhone,
  parsePlate,
  parseSealNumber,
  parseTaxCode,
  refundRefusal,
  REFUSAL_CODES,
  type Refusal,
  repeatedConfirmation,
  tariffRowRefusal,
  validateSchedule,
  validateWaitingYards,
  ORDER_CHANGE_REASONS,
  orderChangePhrase,
  DELAY_REASONS,
  delayReasonPhrase,
  attributeDelays,
  judgeNoShow,
  type DelayReason,
  DEFAULT_WAITING_YARDS,
  webhookUrlProblem,
  yardNotListed,
} from '#libs/domain/src/index.js';
import { LANGUAGES } from '#libs/domain/src/language/language.js';
import { DOMAIN_MESSAGES, renderRefusal } from './domain-messages.js';
import { MESSAGES, refusalMessage, renderMessage } from './messages.js';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const refused = (r: { ok: boolean }): Refusal => (r as unknown as { refusal: Refusal }).refusal;
const at = new Date('2026-12-24T01:30:00Z');

// Each refusal of libs/domain, made by the domain itself, with the Vietnamese it read before its refusals became
// data: the catalog says them in the same words.
const SAMPLES: [string, () => Refusal, string][] = [
  ['plate empty', () => refused(parsePlate('  ')), 'Biển số không được để trống'],
  ['plate not text', () => refused(parsePlate(12)), 'Biển số không hợp lệ: phải là chuỗi ký tự, nhận được 12'],
  [
    'plate ambiguous province',
    () => refused(parsePlate('YU A12345')),
    'Biển số không hợp lệ: "YU A12345" — có thể là 渝A12345 hoặc 豫A12345: hãy viết chữ Hán của tỉnh hoặc tên tỉnh đầy đủ (ví dụ GUANGXI, YUNNAN)',
  ],
  [
    'plate province',
    () => refused(parsePlate('05C-123.45')),
    'Biển số không hợp lệ: "05C-123.45" — mã tỉnh phải từ 11 đến 99',
  ],
  [
    'plate format',
    () => refused(parsePlate('ABC')),
    'Biển số không hợp lệ: "ABC" — phải có dạng 12C-123.45, 12C-1234, 29LD-123.45, 12R-012.34 (rơ-moóc), 桂F12345 hoặc 桂F1234挂',
  ],
  [
    'plate series',
    () => refused(parsePlate('12C1-1234')),
    'Biển số không hợp lệ: "12C1-1234" — cách viết không rõ seri; nếu là biển 12C-112.34 hãy viết 12C-112.34',
  ],
  [
    'plate kind',
    () => refused(parsePlate('12R-012.34', { kind: 'TRACTOR' })),
    'Biển số không hợp lệ: "12R-012.34" là biển rơ-moóc, cần biển đầu kéo',
  ],
  [
    'plate kind trailer',
    () => refused(parsePlate('12C-123.45', { kind: 'TRAILER' })),
    'Biển số không hợp lệ: "12C-123.45" là biển đầu kéo, cần biển rơ-moóc',
  ],
  ['container empty', () => refused(parseContainerNumber('')), 'Số container không được để trống'],
  [
    'container format',
    () => refused(parseContainerNumber('MSCU12')),
    'Số container không hợp lệ: "MSCU12" — phải gồm 3 chữ cái mã chủ, 1 chữ U/J/Z, 6 chữ số và 1 số kiểm tra (ví dụ CSQU 305438 3)',
  ],
  [
    'container check',
    () => refused(parseContainerNumber('MSCU1234567')),
    'Số container không hợp lệ: "MSCU1234567" — sai số kiểm tra (chữ số cuối phải là 6 theo ISO 6346)',
  ],
  ['tax empty', () => refused(parseTaxCode(null)), 'Mã số thuế không được để trống'],
  ['tax not text', () => refused(parseTaxCode(123)), 'Mã số thuế không hợp lệ: phải là chuỗi ký tự, nhận được 123'],
  [
    'tax format',
    () => refused(parseTaxCode('123')),
    'Mã số thuế không hợp lệ: "123" — phải gồm 10 chữ số, hoặc 13 chữ số dạng 0101234567-001 với đơn vị phụ thuộc',
  ],
  [
    'tax check',
    () => refused(parseTaxCode('0100109107')),
    'Mã số thuế không hợp lệ: "0100109107" — sai chữ số kiểm tra',
  ],
  [
    'tax branch',
    () => refused(parseTaxCode('0100109106-000')),
    'Mã số thuế không hợp lệ: "0100109106-000" — mã đơn vị phụ thuộc phải từ 001 đến 999',
  ],
  ['phone empty', () => refused(parsePhone('')), 'Số điện thoại không được để trống'],
  [
    'phone format',
    () => refused(parsePhone('12345')),
    'Số điện thoại không hợp lệ: "12345" — phải là số di động Việt Nam (0912 345 678, +84 912 345 678) hoặc Trung Quốc (+86 138 1234 5678)',
  ],
  ['customs empty', () => refused(parseCustomsDeclarationNumber('')), 'Số tờ khai hải quan không được để trống'],
  [
    'customs format',
    () => refused(parseCustomsDeclarationNumber('123')),
    'Số tờ khai hải quan không hợp lệ: "123" — phải gồm đúng 12 chữ số',
  ],
  ['hs empty', () => refused(parseHsCode('')), 'Mã HS không được để trống'],
  [
    'hs format',
    () => refused(parseHsCode('81090')),
    'Mã HS không hợp lệ: "81090" — phải gồm 4, 6 hoặc 8 chữ số (ví dụ 0810, 0810.90, 0810.90.10), chương từ 01',
  ],
  ['seal empty', () => refused(parseSealNumber('')), 'Số niêm phong hải quan không được để trống'],
  [
    'seal format',
    () => refused(parseSealNumber('A')),
    'Số niêm phong hải quan không hợp lệ: "A" — phải gồm 4–20 chữ cái, chữ số hoặc dấu gạch ngang',
  ],
  [
    'instant not text',
    () => refused(parseInstant(5)),
    'Thời điểm phải là chuỗi ISO 8601 có múi giờ, nhận được 5 — ví dụ 2026-12-24T08:30:00+07:00 (giờ Việt Nam, UTC+7)',
  ],
  [
    'instant local',
    () => refused(parseInstant('2026-12-24T08:30')),
    'Thiếu múi giờ trong "2026-12-24T08:30" — ví dụ 2026-12-24T08:30:00+07:00 (giờ Việt Nam, UTC+7)',
  ],
  [
    'instant format',
    () => refused(parseInstant('tomorrow')),
    'Thời điểm không đúng dạng ISO 8601 có múi giờ: "tomorrow" — ví dụ 2026-12-24T08:30:00+07:00 (giờ Việt Nam, UTC+7)',
  ],
  [
    'instant unreal',
    () => refused(parseInstant('2026-02-31T08:30:00+07:00')),
    'Ngày hoặc giờ không tồn tại: "2026-02-31T08:30:00+07:00" — ví dụ 2026-12-24T08:30:00+07:00 (giờ Việt Nam, UTC+7)',
  ],
  [
    'doc type',
    () => refused(parseDriverDocument({ type: 'ID', number: '1' })),
    'Loại giấy tờ không hợp lệ: "ID" — phải là CCCD, PASSPORT hoặc BORDER_PASS',
  ],
  [
    'doc empty',
    () => refused(parseDriverDocument({ type: 'PASSPORT', number: '' })),
    'Số hộ chiếu không được để trống',
  ],
  ['cccd empty', () => refused(parseDriverDocument({ type: 'CCCD', number: '' })), 'Số CCCD không được để trống'],
  [
    'cccd digits',
    () => refused(parseDriverDocument({ type: 'CCCD', number: '123' })),
    'Số CCCD không hợp lệ: "123" — phải gồm đúng 12 chữ số',
  ],
  [
    'cccd province',
    () => refused(parseDriverDocument({ type: 'CCCD', number: '099123456789' })),
    'Số CCCD không hợp lệ: "099123456789" — 3 chữ số đầu là mã tỉnh, phải từ 001 đến 096',
  ],
  [
    'passport',
    () => refused(parseDriverDocument({ type: 'PASSPORT', number: 'AB' })),
    'Số hộ chiếu không hợp lệ: "AB" — hộ chiếu Việt Nam gồm 1 chữ cái và 7 chữ số (ví dụ C1234567); hộ chiếu nước ngoài gồm 6–9 chữ cái hoặc chữ số',
  ],
  [
    'border pass',
    () => refused(parseDriverDocument({ type: 'BORDER_PASS', number: 'AB' })),
    'Số giấy thông hành không hợp lệ: "AB" — phải gồm 6–12 chữ cái hoặc chữ số',
  ],
  [
    'border pass empty',
    () => refused(parseDriverDocument({ type: 'BORDER_PASS', number: ' ' })),
    'Số giấy thông hành không được để trống',
  ],
  ['transition', () => refused(applyAction('DRAFT', 'call')), 'Không thể gọi xe khi đang ở trạng thái DRAFT (nháp)'],
  [
    'transition cancel',
    () => refused(applyAction('CROSSED', 'cancel')),
    'Không thể hủy khi đang ở trạng thái CROSSED (đã qua cửa khẩu)',
  ],
  [
    'confirmations',
    () => refused(applyAction('AT_GATE', 'clear', { confirmed: [], quarantineRequired: true })),
    'Chưa thể thông quan xe khi đang ở trạng thái AT_GATE (đang ở cổng kiểm soát): còn thiếu xác nhận của Hải quan, Biên phòng, Kiểm dịch',
  ],
  [
    'confirmations one',
    () => refused(applyAction('AT_GATE', 'clear', { confirmed: ['CUSTOMS'], quarantineRequired: false })),
    'Chưa thể thông quan xe khi đang ở trạng thái AT_GATE (đang ở cổng kiểm soát): còn thiếu xác nhận của Biên phòng',
  ],
  [
    'repeated confirmation',
    () => repeatedConfirmation('BORDER_GUARD', { officerId: 'u-1', at: at.toISOString() })!,
    'Biên phòng đã xác nhận xe này lúc 08:30 24/12/2026 (cán bộ u-1); xác nhận trước vẫn giữ nguyên',
  ],
  [
    'check-in none',
    () => checkInRefusal('12C-123.45', 'HUU_NGHI', []),
    'Xe 12C-123.45 chưa được khai báo: không có tờ khai nào. Đề nghị lái xe liên hệ doanh nghiệp để lập tờ khai.',
  ],
  [
    'check-in draft elsewhere',
    () =>
      checkInRefusal('12C-123.45', 'HUU_NGHI', [
        { declarationNumber: 'TK-1', gate: 'TAN_THANH', status: 'DRAFT', reason: null },
      ]),
    'Tờ khai TK-1 của xe 12C-123.45 chưa được nộp (bản nháp) (khai báo qua cửa khẩu TAN_THANH, không phải HUU_NGHI): doanh nghiệp cần nộp tờ khai để hải quan chấp nhận.',
  ],
  [
    'check-in submitted',
    () =>
      checkInRefusal('12C-123.45', 'HUU_NGHI', [
        { declarationNumber: 'TK-1', gate: 'HUU_NGHI', status: 'SUBMITTED', reason: null },
      ]),
    'Tờ khai TK-1 của xe 12C-123.45 đã nộp, đang chờ hải quan chấp nhận: chưa thể vào bãi.',
  ],
  [
    'check-in rejected',
    () =>
      checkInRefusal('12C-123.45', 'HUU_NGHI', [
        { declarationNumber: 'TK-1', gate: 'HUU_NGHI', status: 'REJECTED', reason: 'thiếu hóa đơn' },
      ]),
    'Tờ khai TK-1 của xe 12C-123.45 đã bị hải quan từ chối: thiếu hóa đơn. Doanh nghiệp cần lập tờ khai mới.',
  ],
  [
    'check-in rejected no reason',
    () =>
      checkInRefusal('12C-123.45', 'HUU_NGHI', [
        { declarationNumber: 'TK-1', gate: 'TAN_THANH', status: 'REJECTED', reason: null },
      ]),
    'Tờ khai TK-1 của xe 12C-123.45 đã bị hải quan từ chối (khai báo qua cửa khẩu TAN_THANH, không phải HUU_NGHI). Doanh nghiệp cần lập tờ khai mới.',
  ],
  [
    'check-in cancelled',
    () =>
      checkInRefusal('12C-123.45', 'HUU_NGHI', [
        { declarationNumber: 'TK-1', gate: 'HUU_NGHI', status: 'CANCELLED', reason: null },
      ]),
    'Tờ khai TK-1 của xe 12C-123.45 đã bị hủy. Doanh nghiệp cần lập tờ khai mới.',
  ],
  [
    'check-in crossed',
    () =>
      checkInRefusal('12C-123.45', 'HUU_NGHI', [
        { declarationNumber: 'TK-1', gate: 'HUU_NGHI', status: 'CROSSED', reason: null },
      ]),
    'Tờ khai TK-1 của xe 12C-123.45 đã qua cửa khẩu: không thể vào bãi lần nữa với tờ khai này.',
  ],
  [
    'firm change amend queued',
    () =>
      firmChangeRefusal('amend', {
        plate: '12C-123.45',
        gate: 'HUU_NGHI',
        status: 'CHECKED_IN',
        checkedInAt: at,
        windowStart: new Date('2026-12-24T03:00:00Z'),
      })!,
    'Không thể sửa tờ khai: xe 12C-123.45 đã vào bãi chờ cửa khẩu HUU_NGHI lúc 08:30 24/12/2026, khung giờ 10:00 24/12/2026, trạng thái CHECKED_IN (đã vào bãi chờ, có khung giờ). Dữ liệu xe đã khóa khi vào bãi; nếu cần đổi lái xe hoặc hàng hóa, đề nghị cán bộ bãi chờ hủy lượt xếp hàng rồi lập tờ khai mới.',
  ],
  [
    'firm change cancel queued bare',
    () =>
      firmChangeRefusal('cancel', {
        plate: '12C-123.45',
        gate: 'HUU_NGHI',
        status: 'CALLED',
        checkedInAt: null,
        windowStart: null,
      })!,
    'Không thể hủy tờ khai: xe 12C-123.45 đã vào bãi chờ cửa khẩu HUU_NGHI, trạng thái CALLED (đã được gọi vào cổng). Nếu xe không qua cửa khẩu nữa, đề nghị cán bộ bãi chờ hủy lượt xếp hàng của xe.',
  ],
  [
    'firm change over',
    () =>
      firmChangeRefusal('cancel', {
        plate: '12C-123.45',
        gate: 'HUU_NGHI',
        status: 'CROSSED',
        checkedInAt: at,
        windowStart: null,
      })!,
    'Không thể hủy tờ khai: xe 12C-123.45 đã kết thúc lượt qua cửa khẩu HUU_NGHI (trạng thái CROSSED (đã qua cửa khẩu)).',
  ],
  [
    'firm change over unknown state',
    () =>
      firmChangeRefusal('amend', {
        plate: '12C-123.45',
        gate: 'HUU_NGHI',
        status: 'WITHDRAWN',
        checkedInAt: at,
        windowStart: null,
      })!,
    'Không thể sửa tờ khai: xe 12C-123.45 đã kết thúc lượt qua cửa khẩu HUU_NGHI (trạng thái WITHDRAWN).',
  ],
  [
    'open plate',
    () => openPlateRefusal({ plate: '12C-123.45', number: 'TK-7', vehicleStatus: 'DRAFT' }),
    'Xe 12C-123.45 đã có tờ khai TK-7 đang mở (nháp): hãy mở tờ khai đó để sửa hoặc hủy trước khi khai lại',
  ],
  [
    'live booking here',
    () => liveBookingRefusal('12C-123.45', 'HUU_NGHI', { gate: 'HUU_NGHI', gateName: 'Hữu Nghị', status: 'CALLED' }),
    'Xe 12C-123.45 đã có trong hàng chờ của cửa khẩu này (đã được gọi vào cổng).',
  ],
  [
    'live booking elsewhere',
    () =>
      liveBookingRefusal('12C-123.45', 'HUU_NGHI', { gate: 'TAN_THANH', gateName: 'Tân Thanh', status: 'CHECKED_IN' }),
    'Xe 12C-123.45 đang có lượt xếp hàng tại Tân Thanh (TAN_THANH; đã vào bãi chờ, có khung giờ): mỗi xe chỉ được giữ một lượt tại một cửa khẩu. Cần kết thúc hoặc hủy lượt đó trước khi vào bãi tại cửa khẩu HUU_NGHI.',
  ],
  [
    'tariff date',
    () =>
      tariffRowRefusal({ feeClass: 'CONTAINER_40FT', effectiveFrom: '2026-02-30', amountVnd: 1 }, '2026-12-01')!
        .refusal,
    'Ngày hiệu lực phải là ngày hợp lệ dạng YYYY-MM-DD',
  ],
  [
    'tariff tomorrow',
    () =>
      tariffRowRefusal({ feeClass: 'CONTAINER_40FT', effectiveFrom: '2026-12-01', amountVnd: 1 }, '2026-12-01')!
        .refusal,
    'Biểu phí mới chỉ có hiệu lực từ ngày mai trở đi (hôm nay 2026-12-01); các mức đã áp dụng không được sửa',
  ],
  [
    'tariff amount',
    () =>
      tariffRowRefusal({ feeClass: 'CONTAINER_40FT', effectiveFrom: '2026-12-02', amountVnd: 0 }, '2026-12-01')!
        .refusal,
    'Mức phí phải là số nguyên đồng, lớn hơn 0 và không quá 100.000.000 ₫',
  ],
  ['refund amount', () => refundRefusal(1000, 0, 0)!, 'Số tiền hoàn phải là số nguyên đồng lớn hơn 0'],
  [
    'refund too much',
    () => refundRefusal(5_000_000, 600_000, 4_500_000)!,
    'Số tiền hoàn 4.500.000 ₫ vượt quá số còn lại có thể hoàn 4.400.000 ₫ (đã thu 5.000.000 ₫, đã hoàn 600.000 ₫)',
  ],
  ['webhook url', () => webhookUrlProblem('nope')!, 'Địa chỉ nhận không phải URL hợp lệ'],
  [
    'webhook credentials',
    () => webhookUrlProblem('https://a:b@x.vn/')!,
    'Địa chỉ nhận không được chứa tên đăng nhập hay mật khẩu',
  ],
  [
    'webhook https',
    () => webhookUrlProblem('http://x.vn/')!,
    'Địa chỉ nhận phải dùng https (http chỉ cho localhost để thử nghiệm)',
  ],
  [
    'yard not on the list',
    () => yardNotListed(DEFAULT_WAITING_YARDS.HUU_NGHI, 'Bãi nhà', 'HUU_NGHI').refusal,
    'Bãi chờ “Bãi nhà” không có trong danh sách bãi của cửa khẩu HUU_NGHI: hãy chọn một bãi trong danh sách (HUU_NGHI_CHO, HUU_NGHI_TAP_KET)',
  ],
  ['no yards', () => validateWaitingYards([])[0].refusal, 'Cửa khẩu phải có từ 1 đến 20 bãi chờ'],
  [
    'yard code',
    () => validateWaitingYards([{ ...DEFAULT_WAITING_YARDS.HUU_NGHI[0], code: 'bãi 1' }])[0].refusal,
    'Mã bãi không hợp lệ: bãi 1 — gồm chữ in hoa, chữ số hoặc dấu gạch dưới, bắt đầu bằng chữ, 2–40 ký tự, ví dụ HUU_NGHI_CHO',
  ],
  [
    'yard name',
    () => validateWaitingYards([{ code: 'B1', names: { vi: 'B', zh: '停车场', en: 'Yard one' } }])[0].refusal,
    'Tên bãi phải có từ 2 đến 100 ký tự',
  ],
  [
    'yard twice',
    () =>
      validateWaitingYards([
        DEFAULT_WAITING_YARDS.HUU_NGHI[0],
        { code: 'B2', names: { vi: 'bãi chờ hữu nghị', zh: '二号停车场', en: 'Yard two' } },
      ])[0].refusal,
    '“bãi chờ hữu nghị” đã là mã hoặc tên của một bãi khác trong danh sách',
  ],
];

const SCHEDULES: [unknown, { field: string; message: string }[]][] = [
  [
    {
      utcOffsetMinutes: 2000,
      openingHours: {
        0: undefined,
        1: 5,
        2: { open: 'x', close: 'y' },
        3: { open: '10:00', close: '09:00' },
        4: null,
        5: null,
        6: null,
      },
      closedDates: ['2026-02-30'],
      windowMinutes: 1,
      capacityPerHour: -1,
      dailyCap: -1,
      priorityShare: 2,
      releaseLeadMinutes: -1,
    },
    [
      {
        field: 'utcOffsetMinutes',
        message: 'Độ lệch múi giờ phải là số nguyên phút trong khoảng từ -720 đến 840.',
      },
      {
        field: 'openingHours.0',
        message: 'Thiếu giờ mở cửa cho ngày này (dùng null nếu đóng cửa cả ngày).',
      },
      {
        field: 'openingHours.1',
        message: 'Giờ mở cửa phải có dạng { open: "HH:MM", close: "HH:MM" } hoặc null.',
      },
      {
        field: 'openingHours.2.open',
        message: 'Giờ mở cửa phải có dạng HH:MM (từ 00:00 đến 23:59).',
      },
      {
        field: 'openingHours.2.close',
        message: 'Giờ đóng cửa phải có dạng HH:MM (từ 00:00 đến 24:00).',
      },
      {
        field: 'openingHours.3.close',
        message: 'Giờ đóng cửa phải sau giờ mở cửa.',
      },
      {
        field: 'closedDates.0',
        message: 'Ngày nghỉ phải là ngày hợp lệ dạng YYYY-MM-DD.',
      },
      {
        field: 'windowMinutes',
        message: 'Độ dài khung giờ phải là số nguyên từ 5 đến 240 phút.',
      },
      {
        field: 'capacityPerHour',
        message: 'Công suất mỗi giờ phải là số nguyên không âm.',
      },
      {
        field: 'dailyCap',
        message: 'Hạn mức xe mỗi ngày phải là số nguyên không âm, hoặc null nếu không giới hạn.',
      },
      {
        field: 'priorityShare',
        message: 'Tỷ lệ chỗ dành cho hàng ưu tiên phải nằm trong khoảng từ 0 đến 1.',
      },
      {
        field: 'releaseLeadMinutes',
        message: 'Thời gian nhả chỗ ưu tiên trước giờ bắt đầu khung phải là số phút không âm.',
      },
    ],
  ],
  [
    { openingHours: 3, closedDates: 'x' },
    [
      {
        field: 'utcOffsetMinutes',
        message: 'Độ lệch múi giờ phải là số nguyên phút trong khoảng từ -720 đến 840.',
      },
      {
        field: 'openingHours',
        message: 'Phải khai báo giờ mở cửa cho từng ngày trong tuần (0 = Chủ nhật … 6 = Thứ bảy).',
      },
      {
        field: 'closedDates',
        message: 'Danh sách ngày nghỉ phải là một mảng ngày dạng YYYY-MM-DD.',
      },
      {
        field: 'windowMinutes',
        message: 'Độ dài khung giờ phải là số nguyên từ 5 đến 240 phút.',
      },
      {
        field: 'capacityPerHour',
        message: 'Công suất mỗi giờ phải là số nguyên không âm.',
      },
      {
        field: 'dailyCap',
        message: 'Hạn mức xe mỗi ngày phải là số nguyên không âm, hoặc null nếu không giới hạn.',
      },
      {
        field: 'priorityShare',
        message: 'Tỷ lệ chỗ dành cho hàng ưu tiên phải nằm trong khoảng từ 0 đến 1.',
      },
      {
        field: 'releaseLeadMinutes',
        message: 'Thời gian nhả chỗ ưu tiên trước giờ bắt đầu khung phải là số phút không âm.',
      },
    ],
  ],
];

/** Every code a refusal uses, its phrases' included. */
function codesOf(r: Refusal): string[] {
  return [r.code, ...Object.values(r.params ?? {}).flatMap((v) => (typeof v === 'object' ? codesOf(v) : []))];
}

describe('the domain’s refusals in the catalog', () => {
  it.each(REFUSAL_CODES)('%s is said in every language, each with the same placeholders', (code) => {
    const texts = MESSAGES[code];
    expect(texts).toBe(DOMAIN_MESSAGES[code]);
    for (const lang of LANGUAGES) {
      expect(texts[lang].trim()).not.toBe('');
      expect(placeholders(texts[lang])).toEqual(placeholders(texts.vi));
    }
  });

  it('holds no text besides the domain’s codes', () => {
    expect(Object.keys(DOMAIN_MESSAGES).sort()).toEqual([...REFUSAL_CODES].sort());
  });

  it.each(SAMPLES)(
    '%s reads in Vietnamese as it always has, and fills every placeholder in zh and en',
    (_, make, vi) => {
      const r = make();
      expect(renderRefusal(r, 'vi')).toBe(vi);
      // The server says it the same way, through the catalog key the code names.
      expect(renderMessage(refusalMessage(r), 'vi')).toBe(vi);
      for (const lang of ['zh', 'en'] as const) {
        const said = renderRefusal(r, lang);
        expect(said).not.toMatch(/\{\w+\}/);
        expect(said).not.toBe(vi);
        expect(renderMessage(refusalMessage(r), lang)).toBe(said);
      }
      expect(renderRefusal(r, 'zh')).toMatch(/\p{Script=Han}/u);
    },
  );

  it('reads a gate schedule’s problems in Vietnamese as it always has, field by field', () => {
    for (const [schedule, expected] of SCHEDULES) {
      const problems = validateSchedule(schedule as Parameters<typeof validateSchedule>[0]);
      expect(problems.map((p) => ({ field: p.field, message: renderRefusal(p.refusal, 'vi') }))).toEqual(expected);
      for (const p of problems) expect(renderRefusal(p.refusal, 'zh')).toMatch(/\p{Script=Han}/u);
    }
  });

  it('has a sample of every code but the declaration form’s and the gate code’s, which their own tests say', () => {
    const used = new Set([
      ...SAMPLES.flatMap(([, make]) => codesOf(make())),
      ...ORDER_CHANGE_REASONS.map((r) => orderChangePhrase(r).code),
      ...DELAY_REASONS.map((code) => delayReasonPhrase({ code }).code),
      ...SCHEDULES.flatMap(([s]) =>
        validateSchedule(s as Parameters<typeof validateSchedule>[0]).flatMap((p) => codesOf(p.refusal)),
      ),
    ]);
    const elsewhere = [
      'arrivalInvalid',
      'arrivalPast',
      'arrivalTooFar',
      'customsNumberTwice',
      'plateTwice',
      'plateNotOfCountry',
      'country_VN',
      'country_CN',
      'vehicleIdOnCreate',
      'vehicleNotOfDeclaration',
      'gateCodeFormat',
      'onTheSlip',
      'listSemicolon',
    ];
    const states = REFUSAL_CODES.filter((c) => /^(state|stateLabel|action)_/.test(c));
    expect(REFUSAL_CODES.filter((c) => !used.has(c) && !elsewhere.includes(c) && !states.includes(c))).toEqual([]);
  });

  it('says the delay attribution’s reasons in Vietnamese as they were recorded, and in Chinese and English', () => {
    const m = (minutes: number) => new Date(Date.parse('2026-12-01T01:00:00.000Z') + minutes * 60_000);
    const call = { windowStart: m(0), inGateArea: 5, windowCapacity: 4, held: {} };
    const trail = [
      { action: 'check-in', to: 'CHECKED_IN', at: m(-30), actorRole: 'YARD_OPERATOR' },
      { action: 'call', to: 'CALLED', at: m(40), actorRole: 'CUSTOMS', call },
      { action: 'arrive', to: 'AT_GATE', at: m(90), actorRole: 'CUSTOMS' },
      { action: 'hold', to: 'HELD', at: m(95), actorRole: 'BORDER_GUARD' },
    ];
    const [late, full] = attributeDelays(trail, { suspensions: [], thresholdMinutes: 30, required: [] });
    const blocked = judgeNoShow(
      [trail[0], { ...trail[1], call: { ...call, inGateArea: 1, held: { CUSTOMS: 1 } } }],
      m(80),
      [],
    );
    const said = (r: DelayReason) => ({
      vi: renderRefusal(delayReasonPhrase(r), 'vi'),
      zh: renderRefusal(delayReasonPhrase(r), 'zh'),
      en: renderRefusal(delayReasonPhrase(r), 'en'),
    });
    expect(said(late.reason)).toEqual({
      vi: 'Xe không được gọi đúng khung giờ đã cấp.',
      zh: '车辆未在分配的时段内被叫号。',
      en: 'The truck was not called in the window it was given.',
    });
    expect(said(full.reason)).toEqual({
      vi: 'Xe được gọi khi khu vực cổng đã quá công suất (5 xe đang ở cổng, khung giờ chỉ có 4 chỗ).',
      zh: '车辆被叫号时，闸口区域已超出容量（闸口已有 5 辆车，该时段只有 4 个名额）。',
      en: 'The truck was called with the gate area over capacity (5 trucks at the gate, 4 places in the window).',
    });
    expect(said(blocked.reason)).toEqual({
      vi: 'Khi xe được gọi, Hải quan đang giữ xe khác tại cổng để kiểm tra, làn vào cổng bị chặn.',
      zh: '车辆被叫号时，海关正在闸口扣留其他车辆检查，进闸车道被堵。',
      en: 'When the truck was called, Customs was holding another truck at the gate for inspection, blocking the lane.',
    });
    // Every reason, with its facts, is said in full in each language.
    const facts = { agency: 'QUARANTINE', inGateArea: 3, windowCapacity: 2, text: 'Xe hỏng giữa đường' } as const;
    for (const code of DELAY_REASONS) {
      const r = said({ code, params: facts });
      for (const text of Object.values(r)) expect(text).not.toMatch(/\{\w+\}/);
      expect(r.zh).toMatch(/\p{Script=Han}/u);
      expect(r.en).not.toBe(r.vi);
    }
    // A sentence recorded before reasons had codes reads as it was, said to be the original in zh and en.
    expect(said({ code: 'LEGACY', params: { text: 'Xe hỏng giữa đường' } })).toEqual({
      vi: 'Xe hỏng giữa đường',
      zh: 'Xe hỏng giữa đường（原始记录，越南语）',
      en: 'Xe hỏng giữa đường (the original record, in Vietnamese)',
    });
  });

  it('says a list in the reader’s punctuation', () => {
    const r = refused(applyAction('AT_GATE', 'clear', { confirmed: [], quarantineRequired: true }));
    expect(renderRefusal(r, 'zh')).toBe(
      '车辆处于 AT_GATE（在检查闸口） 状态，尚不能通关：还缺少海关、边防、检疫的确认',
    );
    expect(renderRefusal(r, 'en')).toBe(
      'The truck cannot be cleared yet in state AT_GATE (at the control gate): still awaiting confirmation by Customs, Border Guard, Quarantine',
    );
  });
});
