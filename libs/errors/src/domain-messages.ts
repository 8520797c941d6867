import type { Language } from '../../domain/src/language/language.js';
import type { Refusal, RefusalCode } from '../../domain/src/refusal.js';

// The domain's refusals (libs/domain/src/refusal.ts) in Vietnamese, Chinese (简体) and English, one entry per code
// and none besides. Part of the server's catalog (messages.ts), and bundled alone into the firm portal, which runs
// the same identifier checks as the server and says them in the same words.
// Relative imports: the browser bundle reads this file too.
export const DOMAIN_MESSAGES = {
  // Identifiers: any field, named by its label.
  idEmpty: { vi: '{label} không được để trống', zh: '{label}不能为空', en: '{label} is required' },
  idNotText: {
    vi: '{label} không hợp lệ: phải là chuỗi ký tự, nhận được {value}',
    zh: '{label}无效：必须是文本，收到的是 {value}',
    en: '{label} is invalid: it must be text, got {value}',
  },
  label_plate: { vi: 'Biển số', zh: '车牌', en: 'Plate' },
  label_containerNumber: { vi: 'Số container', zh: '集装箱号', en: 'Container number' },
  label_taxCode: { vi: 'Mã số thuế', zh: '税号', en: 'Tax code' },
  label_phone: { vi: 'Số điện thoại', zh: '电话号码', en: 'Phone number' },
  label_customsDeclarationNumber: {
    vi: 'Số tờ khai hải quan',
    zh: '海关报关单号',
    en: 'Customs declaration number',
  },
  label_hsCode: { vi: 'Mã HS', zh: 'HS 编码', en: 'HS code' },
  label_sealNumber: { vi: 'Số niêm phong hải quan', zh: '海关封志号', en: 'Customs seal number' },
  label_CCCD: { vi: 'Số CCCD', zh: '身份证 (CCCD) 号码', en: 'CCCD number' },
  label_PASSPORT: { vi: 'Số hộ chiếu', zh: '护照号码', en: 'Passport number' },
  label_BORDER_PASS: { vi: 'Số giấy thông hành', zh: '边境通行证号码', en: 'Border pass number' },

  // Plates.
  plateProvinceAmbiguous: {
    vi: 'Biển số không hợp lệ: {value} — có thể là {one} hoặc {other}: hãy viết chữ Hán của tỉnh hoặc tên tỉnh đầy đủ (ví dụ GUANGXI, YUNNAN)',
    zh: '车牌无效：{value} — 可能是 {one} 或 {other}：请写省份的汉字简称或完整的省名（例如 GUANGXI、YUNNAN）',
    en: 'Invalid plate: {value} — it may be {one} or {other}: write the province’s Chinese character or its full name (e.g. GUANGXI, YUNNAN)',
  },
  plateProvince: {
    vi: 'Biển số không hợp lệ: {value} — mã tỉnh phải từ 11 đến 99',
    zh: '车牌无效：{value} — 省份代码必须在 11 到 99 之间',
    en: 'Invalid plate: {value} — the province number must be 11 to 99',
  },
  plateFormat: {
    vi: 'Biển số không hợp lệ: {value} — phải có dạng 12C-123.45, 12C-1234, 29LD-123.45, 12R-012.34 (rơ-moóc), 桂F12345 hoặc 桂F1234挂',
    zh: '车牌无效：{value} — 格式应为 12C-123.45、12C-1234、29LD-123.45、12R-012.34（挂车）、桂F12345 或 桂F1234挂',
    en: 'Invalid plate: {value} — it must read like 12C-123.45, 12C-1234, 29LD-123.45, 12R-012.34 (trailer), 桂F12345 or 桂F1234挂',
  },
  plateSeriesUnclear: {
    vi: 'Biển số không hợp lệ: {value} — cách viết không rõ seri; nếu là biển {plate} hãy viết {plate}',
    zh: '车牌无效：{value} — 这样写无法确定号段；如果是 {plate}，请写作 {plate}',
    en: 'Invalid plate: {value} — the series is unclear as written; if the plate is {plate}, write {plate}',
  },
  plateKindMismatch: {
    vi: 'Biển số không hợp lệ: {value} là {kind}, cần {expected}',
    zh: '车牌无效：{value} 是{kind}，这里需要{expected}',
    en: 'Invalid plate: {value} is a {kind}, a {expected} is needed',
  },
  kind_TRACTOR: { vi: 'biển đầu kéo', zh: '牵引车车牌', en: 'tractor plate' },
  kind_TRAILER: { vi: 'biển rơ-moóc', zh: '挂车车牌', en: 'trailer plate' },

  // Other identifiers.
  containerFormat: {
    vi: 'Số container không hợp lệ: {value} — phải gồm 3 chữ cái mã chủ, 1 chữ U/J/Z, 6 chữ số và 1 số kiểm tra (ví dụ CSQU 305438 3)',
    zh: '集装箱号无效：{value} — 应由 3 个字母的箱主代码、1 个字母 U/J/Z、6 位数字和 1 位校验码组成（例如 CSQU 305438 3）',
    en: 'Invalid container number: {value} — it needs a 3-letter owner code, one letter U/J/Z, 6 digits and a check digit (e.g. CSQU 305438 3)',
  },
  containerCheckDigit: {
    vi: 'Số container không hợp lệ: {value} — sai số kiểm tra (chữ số cuối phải là {expected} theo ISO 6346)',
    zh: '集装箱号无效：{value} — 校验码错误（按 ISO 6346，最后一位应为 {expected}）',
    en: 'Invalid container number: {value} — wrong check digit (under ISO 6346 the last digit must be {expected})',
  },
  taxCodeFormat: {
    vi: 'Mã số thuế không hợp lệ: {value} — phải gồm 10 chữ số, hoặc 13 chữ số dạng 0101234567-001 với đơn vị phụ thuộc',
    zh: '税号无效：{value} — 应为 10 位数字；分支机构为 0101234567-001 形式的 13 位数字',
    en: 'Invalid tax code: {value} — it must be 10 digits, or 13 in the form 0101234567-001 for a dependent unit',
  },
  taxCodeCheckDigit: {
    vi: 'Mã số thuế không hợp lệ: {value} — sai chữ số kiểm tra',
    zh: '税号无效：{value} — 校验位错误',
    en: 'Invalid tax code: {value} — wrong check digit',
  },
  taxCodeBranch: {
    vi: 'Mã số thuế không hợp lệ: {value} — mã đơn vị phụ thuộc phải từ 001 đến 999',
    zh: '税号无效：{value} — 分支机构代码必须在 001 到 999 之间',
    en: 'Invalid tax code: {value} — the dependent-unit code must be 001 to 999',
  },
  phoneFormat: {
    vi: 'Số điện thoại không hợp lệ: {value} — phải là số di động Việt Nam (0912 345 678, +84 912 345 678) hoặc Trung Quốc (+86 138 1234 5678)',
    zh: '电话号码无效：{value} — 必须是越南手机号（0912 345 678、+84 912 345 678）或中国手机号（+86 138 1234 5678）',
    en: 'Invalid phone number: {value} — it must be a Vietnamese mobile (0912 345 678, +84 912 345 678) or a Chinese one (+86 138 1234 5678)',
  },
  customsNumberFormat: {
    vi: 'Số tờ khai hải quan không hợp lệ: {value} — phải gồm đúng 12 chữ số',
    zh: '海关报关单号无效：{value} — 必须正好是 12 位数字',
    en: 'Invalid customs declaration number: {value} — it must be exactly 12 digits',
  },
  hsCodeFormat: {
    vi: 'Mã HS không hợp lệ: {value} — phải gồm 4, 6 hoặc 8 chữ số (ví dụ 0810, 0810.90, 0810.90.10), chương từ 01',
    zh: 'HS 编码无效：{value} — 必须是 4、6 或 8 位数字（例如 0810、0810.90、0810.90.10），章号从 01 起',
    en: 'Invalid HS code: {value} — it must be 4, 6 or 8 digits (e.g. 0810, 0810.90, 0810.90.10), from chapter 01',
  },
  sealFormat: {
    vi: 'Số niêm phong hải quan không hợp lệ: {value} — phải gồm 4–20 chữ cái, chữ số hoặc dấu gạch ngang',
    zh: '海关封志号无效：{value} — 必须由 4–20 个字母、数字或连字符组成',
    en: 'Invalid customs seal number: {value} — it must be 4–20 letters, digits or dashes',
  },
  instantNotText: {
    vi: 'Thời điểm phải là chuỗi ISO 8601 có múi giờ, nhận được {value} — ví dụ {example} (giờ Việt Nam, UTC+7)',
    zh: '时间必须是带时区的 ISO 8601 文本，收到的是 {value} — 例如 {example}（越南时间，UTC+7）',
    en: 'A time must be ISO 8601 text with its offset, got {value} — e.g. {example} (Vietnam time, UTC+7)',
  },
  instantNoOffset: {
    vi: 'Thiếu múi giờ trong {value} — ví dụ {example} (giờ Việt Nam, UTC+7)',
    zh: '{value} 缺少时区 — 例如 {example}（越南时间，UTC+7）',
    en: 'No time-zone offset in {value} — e.g. {example} (Vietnam time, UTC+7)',
  },
  instantFormat: {
    vi: 'Thời điểm không đúng dạng ISO 8601 có múi giờ: {value} — ví dụ {example} (giờ Việt Nam, UTC+7)',
    zh: '时间不是带时区的 ISO 8601 格式：{value} — 例如 {example}（越南时间，UTC+7）',
    en: 'The time is not ISO 8601 with an offset: {value} — e.g. {example} (Vietnam time, UTC+7)',
  },
  instantNotReal: {
    vi: 'Ngày hoặc giờ không tồn tại: {value} — ví dụ {example} (giờ Việt Nam, UTC+7)',
    zh: '日期或时间不存在：{value} — 例如 {example}（越南时间，UTC+7）',
    en: 'No such date or time: {value} — e.g. {example} (Vietnam time, UTC+7)',
  },
  documentTypeInvalid: {
    vi: 'Loại giấy tờ không hợp lệ: {value} — phải là CCCD, PASSPORT hoặc BORDER_PASS',
    zh: '证件类型无效：{value} — 必须是 CCCD、PASSPORT 或 BORDER_PASS',
    en: 'Invalid document type: {value} — it must be CCCD, PASSPORT or BORDER_PASS',
  },
  cccdDigits: {
    vi: 'Số CCCD không hợp lệ: {value} — phải gồm đúng 12 chữ số',
    zh: '身份证 (CCCD) 号码无效：{value} — 必须正好是 12 位数字',
    en: 'Invalid CCCD number: {value} — it must be exactly 12 digits',
  },
  cccdProvince: {
    vi: 'Số CCCD không hợp lệ: {value} — 3 chữ số đầu là mã tỉnh, phải từ 001 đến 096',
    zh: '身份证 (CCCD) 号码无效：{value} — 前 3 位是省份代码，必须在 001 到 096 之间',
    en: 'Invalid CCCD number: {value} — the first 3 digits are the province code and must be 001 to 096',
  },
  passportFormat: {
    vi: 'Số hộ chiếu không hợp lệ: {value} — hộ chiếu Việt Nam gồm 1 chữ cái và 7 chữ số (ví dụ C1234567); hộ chiếu nước ngoài gồm 6–9 chữ cái hoặc chữ số',
    zh: '护照号码无效：{value} — 越南护照为 1 个字母加 7 位数字（例如 C1234567）；外国护照为 6–9 个字母或数字',
    en: 'Invalid passport number: {value} — a Vietnamese passport is one letter and 7 digits (e.g. C1234567); a foreign one 6–9 letters or digits',
  },
  borderPassFormat: {
    vi: 'Số giấy thông hành không hợp lệ: {value} — phải gồm 6–12 chữ cái hoặc chữ số',
    zh: '边境通行证号码无效：{value} — 必须由 6–12 个字母或数字组成',
    en: 'Invalid border pass number: {value} — it must be 6–12 letters or digits',
  },
  gateCodeFormat: {
    vi: 'Mã cửa khẩu không hợp lệ: {value} — phải gồm chữ in hoa, chữ số hoặc dấu gạch dưới, ví dụ HUU_NGHI',
    zh: '口岸代码无效：{value} — 只能由大写字母、数字或下划线组成，例如 HUU_NGHI',
    en: 'Invalid gate code: {value} — use capital letters, digits or underscores, e.g. HUU_NGHI',
  },

  // The vehicle lifecycle.
  transitionRefused: {
    vi: 'Không thể {action} khi đang ở trạng thái {state}',
    zh: '车辆处于 {state} 状态时无法{action}',
    en: 'Cannot {action} in state {state}',
  },
  action_submit: { vi: 'nộp tờ khai', zh: '提交申报单', en: 'file the declaration' },
  action_accept: { vi: 'chấp nhận tờ khai', zh: '接受申报单', en: 'accept the declaration' },
  action_reject: { vi: 'từ chối tờ khai', zh: '拒绝申报单', en: 'reject the declaration' },
  action_cancel: { vi: 'hủy', zh: '取消', en: 'cancel' },
  action_amend: { vi: 'sửa đổi thông tin', zh: '修改信息', en: 'amend the data' },
  action_checkIn: { vi: 'cho xe vào bãi chờ', zh: '让车辆进入停车场', en: 'check the truck in' },
  action_call: { vi: 'gọi xe', zh: '叫号', en: 'call the truck' },
  action_arrive: { vi: 'ghi nhận xe đến cổng', zh: '登记车辆到达闸口', en: 'record the truck at the gate' },
  action_hold: { vi: 'giữ xe lại kiểm tra', zh: '扣留车辆检查', en: 'hold the truck for inspection' },
  action_release: { vi: 'cho xe tiếp tục làm thủ tục', zh: '放行车辆继续办理手续', en: 'release the truck' },
  action_turnBack: { vi: 'buộc xe quay đầu', zh: '责令车辆返回', en: 'turn the truck back' },
  action_noShow: { vi: 'ghi nhận xe vắng mặt', zh: '登记车辆未到', en: 'record a no-show' },
  action_clear: { vi: 'thông quan xe', zh: '为车辆通关', en: 'clear the truck' },
  action_cross: { vi: 'ghi nhận xe qua cửa khẩu', zh: '登记车辆过境', en: 'record the crossing' },
  confirmationsMissing: {
    vi: 'Chưa thể thông quan xe khi đang ở trạng thái {state}: còn thiếu xác nhận của {agencies}',
    zh: '车辆处于 {state} 状态，尚不能通关：还缺少{agencies}的确认',
    en: 'The truck cannot be cleared yet in state {state}: still awaiting confirmation by {agencies}',
  },
  agency_CUSTOMS: { vi: 'Hải quan', zh: '海关', en: 'Customs' },
  agency_BORDER_GUARD: { vi: 'Biên phòng', zh: '边防', en: 'Border Guard' },
  agency_QUARANTINE: { vi: 'Kiểm dịch', zh: '检疫', en: 'Quarantine' },
  repeatedConfirmation: {
    vi: '{agency} đã xác nhận xe này lúc {at} (cán bộ {officer}); xác nhận trước vẫn giữ nguyên',
    zh: '{agency}已于 {at} 确认该车（工作人员 {officer}）；先前的确认保持不变',
    en: '{agency} confirmed this truck at {at} (officer {officer}); the earlier confirmation stands',
  },
  // A state with its code (`CLEARED (đã thông quan)`), and in words alone.
  state_DRAFT: { vi: 'DRAFT (nháp)', zh: 'DRAFT（草稿）', en: 'DRAFT (draft)' },
  state_SUBMITTED: {
    vi: 'SUBMITTED (đã nộp, chờ hải quan duyệt)',
    zh: 'SUBMITTED（已提交，待海关审核）',
    en: 'SUBMITTED (filed, awaiting customs)',
  },
  state_ACCEPTED: { vi: 'ACCEPTED (đã được chấp nhận)', zh: 'ACCEPTED（已接受）', en: 'ACCEPTED (accepted)' },
  state_REJECTED: { vi: 'REJECTED (bị từ chối)', zh: 'REJECTED（被拒绝）', en: 'REJECTED (rejected)' },
  state_CANCELLED: { vi: 'CANCELLED (đã hủy)', zh: 'CANCELLED（已取消）', en: 'CANCELLED (cancelled)' },
  state_CHECKED_IN: {
    vi: 'CHECKED_IN (đã vào bãi chờ, có khung giờ)',
    zh: 'CHECKED_IN（已进入停车场，已分配时段）',
    en: 'CHECKED_IN (in the yard, with a window)',
  },
  state_CALLED: { vi: 'CALLED (đã được gọi vào cổng)', zh: 'CALLED（已叫号进闸）', en: 'CALLED (called to the gate)' },
  state_AT_GATE: {
    vi: 'AT_GATE (đang ở cổng kiểm soát)',
    zh: 'AT_GATE（在检查闸口）',
    en: 'AT_GATE (at the control gate)',
  },
  state_HELD: { vi: 'HELD (bị giữ lại kiểm tra)', zh: 'HELD（被扣留检查）', en: 'HELD (held for inspection)' },
  state_CLEARED: { vi: 'CLEARED (đã thông quan)', zh: 'CLEARED（已通关）', en: 'CLEARED (cleared)' },
  state_TURNED_BACK: {
    vi: 'TURNED_BACK (bị buộc quay đầu)',
    zh: 'TURNED_BACK（被责令返回）',
    en: 'TURNED_BACK (turned back)',
  },
  state_CROSSED: { vi: 'CROSSED (đã qua cửa khẩu)', zh: 'CROSSED（已过境）', en: 'CROSSED (crossed)' },
  stateLabel_DRAFT: { vi: 'nháp', zh: '草稿', en: 'draft' },
  stateLabel_SUBMITTED: { vi: 'đã nộp, chờ hải quan duyệt', zh: '已提交，待海关审核', en: 'filed, awaiting customs' },
  stateLabel_ACCEPTED: { vi: 'đã được chấp nhận', zh: '已接受', en: 'accepted' },
  stateLabel_REJECTED: { vi: 'bị từ chối', zh: '被拒绝', en: 'rejected' },
  stateLabel_CANCELLED: { vi: 'đã hủy', zh: '已取消', en: 'cancelled' },
  stateLabel_CHECKED_IN: {
    vi: 'đã vào bãi chờ, có khung giờ',
    zh: '已进入停车场，已分配时段',
    en: 'in the yard, with a window',
  },
  stateLabel_CALLED: { vi: 'đã được gọi vào cổng', zh: '已叫号进闸', en: 'called to the gate' },
  stateLabel_AT_GATE: { vi: 'đang ở cổng kiểm soát', zh: '在检查闸口', en: 'at the control gate' },
  stateLabel_HELD: { vi: 'bị giữ lại kiểm tra', zh: '被扣留检查', en: 'held for inspection' },
  stateLabel_CLEARED: { vi: 'đã thông quan', zh: '已通关', en: 'cleared' },
  stateLabel_TURNED_BACK: { vi: 'bị buộc quay đầu', zh: '被责令返回', en: 'turned back' },
  stateLabel_CROSSED: { vi: 'đã qua cửa khẩu', zh: '已过境', en: 'crossed' },
  // Lists: `a, b, c` (Chinese enumerates with 、), and `a; b` between whole sentences.
  listComma: { vi: '{first}, {rest}', zh: '{first}、{rest}', en: '{first}, {rest}' },
  listSemicolon: { vi: '{first}; {rest}', zh: '{first}；{rest}', en: '{first}; {rest}' },

  // Check-in without an accepted declaration, and one live booking per truck.
  checkInNotDeclared: {
    vi: 'Xe {plate} chưa được khai báo: không có tờ khai nào. Đề nghị lái xe liên hệ doanh nghiệp để lập tờ khai.',
    zh: '车辆 {plate} 尚未申报：没有任何申报单。请司机联系企业办理申报。',
    en: 'Truck {plate} is not declared: there is no declaration. The driver should ask the firm to file one.',
  },
  checkInDraft: {
    vi: 'Tờ khai {number} của xe {plate} chưa được nộp (bản nháp){elsewhere}: doanh nghiệp cần nộp tờ khai để hải quan chấp nhận.',
    zh: '车辆 {plate} 的申报单 {number} 尚未提交（草稿）{elsewhere}：企业需提交申报单，由海关接受。',
    en: 'Declaration {number} of truck {plate} is not filed yet (draft){elsewhere}: the firm must file it for customs to accept.',
  },
  checkInSubmitted: {
    vi: 'Tờ khai {number} của xe {plate} đã nộp, đang chờ hải quan chấp nhận{elsewhere}: chưa thể vào bãi.',
    zh: '车辆 {plate} 的申报单 {number} 已提交，正等待海关接受{elsewhere}：暂不能进入停车场。',
    en: 'Declaration {number} of truck {plate} is filed and awaiting customs{elsewhere}: the truck cannot enter the yard yet.',
  },
  checkInRejected: {
    vi: 'Tờ khai {number} của xe {plate} đã bị hải quan từ chối{reason}{elsewhere}. Doanh nghiệp cần lập tờ khai mới.',
    zh: '车辆 {plate} 的申报单 {number} 已被海关拒绝{reason}{elsewhere}。企业需新建申报单。',
    en: 'Declaration {number} of truck {plate} was rejected by customs{reason}{elsewhere}. The firm must file a new one.',
  },
  checkInCancelled: {
    vi: 'Tờ khai {number} của xe {plate} đã bị hủy{elsewhere}. Doanh nghiệp cần lập tờ khai mới.',
    zh: '车辆 {plate} 的申报单 {number} 已取消{elsewhere}。企业需新建申报单。',
    en: 'Declaration {number} of truck {plate} was cancelled{elsewhere}. The firm must file a new one.',
  },
  checkInOver: {
    vi: 'Tờ khai {number} của xe {plate} {state}{elsewhere}: không thể vào bãi lần nữa với tờ khai này.',
    zh: '车辆 {plate} 的申报单 {number}：{state}{elsewhere}，不能凭此申报单再次进入停车场。',
    en: 'Declaration {number} of truck {plate}: {state}{elsewhere}; it cannot enter the yard again with this declaration.',
  },
  declaredElsewhere: {
    vi: ' (khai báo qua cửa khẩu {declared}, không phải {gate})',
    zh: '（申报经由口岸 {declared}，而不是 {gate}）',
    en: ' (declared through gate {declared}, not {gate})',
  },
  onTheSlip: { vi: 'trên phiếu', zh: '（单据所示）', en: '(the one on the slip)' },
  rejectedBecause: { vi: ': {reason}', zh: '，原因：{reason}', en: ': {reason}' },
  liveBookingHere: {
    vi: 'Xe {plate} đã có trong hàng chờ của cửa khẩu này ({state}).',
    zh: '车辆 {plate} 已在本口岸的队列中（{state}）。',
    en: 'Truck {plate} is already in this gate’s queue ({state}).',
  },
  liveBookingElsewhere: {
    vi: 'Xe {plate} đang có lượt xếp hàng tại {gateName} ({gate}; {state}): mỗi xe chỉ được giữ một lượt tại một cửa khẩu. Cần kết thúc hoặc hủy lượt đó trước khi vào bãi tại cửa khẩu {here}.',
    zh: '车辆 {plate} 正在 {gateName}（{gate}；{state}）排队：每辆车只能在一个口岸保留一个排队名额。须先结束或取消该排队，才能进入口岸 {here} 的停车场。',
    en: 'Truck {plate} holds a place in the queue at {gateName} ({gate}; {state}): a truck holds one place at one gate only. That place must end or be cancelled before the truck enters the yard at gate {here}.',
  },

  // A firm's change of a truck the yard holds, and a plate filed twice.
  firmChangeInYard: {
    vi: 'Không thể {change}: xe {plate} đã vào bãi chờ cửa khẩu {gate}{since}{window}, trạng thái {state}. {instead}',
    zh: '无法{change}：车辆 {plate} 已进入口岸 {gate} 的停车场{since}{window}，状态 {state}。{instead}',
    en: 'Cannot {change}: truck {plate} is in the yard of gate {gate}{since}{window}, state {state}. {instead}',
  },
  firmChangeOver: {
    vi: 'Không thể {change}: xe {plate} đã kết thúc lượt qua cửa khẩu {gate} (trạng thái {state}).',
    zh: '无法{change}：车辆 {plate} 在口岸 {gate} 的本次通关已结束（状态 {state}）。',
    en: 'Cannot {change}: truck {plate} has finished its crossing at gate {gate} (state {state}).',
  },
  change_amend: { vi: 'sửa tờ khai', zh: '修改申报单', en: 'amend the declaration' },
  change_cancel: { vi: 'hủy tờ khai', zh: '取消申报单', en: 'cancel the declaration' },
  inYardSince: { vi: ' lúc {time}', zh: '（进场时间 {time}）', en: ' since {time}' },
  inYardWindow: { vi: ', khung giờ {time}', zh: '（时段 {time}）', en: ', window {time}' },
  instead_amend: {
    vi: 'Dữ liệu xe đã khóa khi vào bãi; nếu cần đổi lái xe hoặc hàng hóa, đề nghị cán bộ bãi chờ hủy lượt xếp hàng rồi lập tờ khai mới.',
    zh: '车辆进场后数据已锁定；如需更换司机或货物，请停车场工作人员取消该车的排队，然后新建申报单。',
    en: 'The truck’s data was locked when it entered the yard; to change the driver or the goods, ask the yard officer to cancel its place in the queue, then file a new declaration.',
  },
  instead_cancel: {
    vi: 'Nếu xe không qua cửa khẩu nữa, đề nghị cán bộ bãi chờ hủy lượt xếp hàng của xe.',
    zh: '如果车辆不再过境，请停车场工作人员取消该车的排队。',
    en: 'If the truck will not cross, ask the yard officer to cancel its place in the queue.',
  },
  openPlate: {
    vi: 'Xe {plate} đã có tờ khai {number} đang mở ({state}): hãy mở tờ khai đó để sửa hoặc hủy trước khi khai lại',
    zh: '车辆 {plate} 已有未结申报单 {number}（{state}）：请先打开该申报单修改或取消，再重新申报',
    en: 'Truck {plate} already has open declaration {number} ({state}): open it to amend or cancel it before declaring again',
  },

  // A declaration's fields checked together.
  arrivalInvalid: {
    vi: 'Thời điểm dự kiến đến không hợp lệ',
    zh: '预计到达时间无效',
    en: 'Expected arrival is not a valid time',
  },
  arrivalPast: {
    vi: 'Thời điểm dự kiến đến phải ở tương lai',
    zh: '预计到达时间必须在将来',
    en: 'Expected arrival must be in the future',
  },
  arrivalTooFar: {
    vi: 'Chỉ khai báo trước tối đa {days} ngày',
    zh: '最多提前 {days} 天申报',
    en: 'Declare at most {days} days ahead',
  },
  customsNumberTwice: {
    vi: 'Số tờ khai hải quan bị trùng trong cùng tờ khai',
    zh: '同一申报单中海关报关单号重复',
    en: 'The customs declaration number appears twice in the declaration',
  },
  plateTwice: {
    vi: 'Biển số {plate} xuất hiện hai lần trong tờ khai',
    zh: '车牌 {plate} 在申报单中出现两次',
    en: 'Plate {plate} appears twice in the declaration',
  },
  plateNotOfCountry: {
    vi: 'Biển số {plate} không phải biển {country}',
    zh: '车牌 {plate} 不是{country}车牌',
    en: 'Plate {plate} is not a {country} plate',
  },
  country_VN: { vi: 'Việt Nam', zh: '越南', en: 'Vietnamese' },
  country_CN: { vi: 'Trung Quốc', zh: '中国', en: 'Chinese' },
  vehicleIdOnCreate: {
    vi: 'Không truyền id khi tạo tờ khai mới',
    zh: '新建申报单时不要传 id',
    en: 'Send no id when creating a declaration',
  },
  vehicleNotOfDeclaration: {
    vi: 'Phương tiện không thuộc tờ khai này',
    zh: '该车辆不属于此申报单',
    en: 'This truck is not part of this declaration',
  },

  // The fairness ledger's reasons.
  orderChange_CHECK_IN: {
    vi: 'Vào bãi, xếp sau các xe đến trước',
    zh: '进入停车场，排在先到车辆之后',
    en: 'Checked in, behind the trucks that came earlier',
  },
  orderChange_PRIORITY_SHARE: {
    vi: 'Hàng ưu tiên (nông sản tươi) dùng chỗ dành riêng',
    zh: '优先货物（生鲜农产品）使用预留名额',
    en: 'Priority goods (fresh produce) used a reserved place',
  },
  orderChange_NO_SHOW_RESLOT: {
    vi: 'Xếp lại sau khi vắng mặt khi được gọi',
    zh: '被叫号时未到，重新排队',
    en: 'Slotted again after missing its call',
  },
  orderChange_SUSPENSION: {
    vi: 'Cửa khẩu tạm dừng: dời khung giờ',
    zh: '口岸暂停：时段顺延',
    en: 'Gate suspended: windows moved',
  },
  orderChange_RESUMPTION: {
    vi: 'Cửa khẩu hoạt động lại: xếp lại khung giờ',
    zh: '口岸恢复通行：重新安排时段',
    en: 'Gate resumed: windows slotted again',
  },
  orderChange_CAPACITY_CHANGE: {
    vi: 'Thay đổi giờ mở cửa, công suất hoặc giới hạn ngày',
    zh: '开放时间、容量或每日上限变更',
    en: 'Opening hours, capacity or daily cap changed',
  },
  orderChange_PLACES_FREED: {
    vi: 'Có chỗ trống (xe được gọi, hủy lượt, hoặc chỗ dành riêng được mở cho mọi xe)',
    zh: '出现空位（车辆被叫号、取消排队，或预留名额向所有车辆开放）',
    en: 'Places freed (trucks called, bookings cancelled, or reserved places opened to all)',
  },

  // Two-sided accountability: why a truck's delay was put down to its party, and why a no-show was waived.
  delay_CALLED_DURING_SUSPENSION: {
    vi: 'Xe được gọi trong lúc cửa khẩu đang tạm dừng hoạt động.',
    zh: '车辆被叫号时，口岸正处于暂停状态。',
    en: 'The truck was called while the gate was suspended.',
  },
  delay_SUSPENDED_AFTER_CALL: {
    vi: 'Cửa khẩu tạm dừng hoạt động trong phần lớn thời gian xe được gọi.',
    zh: '车辆被叫号后的大部分时间里，口岸处于暂停状态。',
    en: 'The gate was suspended for most of the time since the truck was called.',
  },
  delay_SUSPENDED_MOST_OF_WAIT: {
    vi: 'Cửa khẩu tạm dừng hoạt động trong phần lớn thời gian chờ.',
    zh: '等待的大部分时间里，口岸处于暂停状态。',
    en: 'The gate was suspended for most of the wait.',
  },
  delay_LANE_BLOCKED_BY_HOLD: {
    vi: 'Khi xe được gọi, {agency} đang giữ xe khác tại cổng để kiểm tra, làn vào cổng bị chặn.',
    zh: '车辆被叫号时，{agency}正在闸口扣留其他车辆检查，进闸车道被堵。',
    en: 'When the truck was called, {agency} was holding another truck at the gate for inspection, blocking the lane.',
  },
  delay_GATE_AREA_FULL: {
    vi: 'Xe được gọi khi khu vực cổng đã quá công suất ({inGateArea} xe đang ở cổng, khung giờ chỉ có {windowCapacity} chỗ).',
    zh: '车辆被叫号时，闸口区域已超出容量（闸口已有 {inGateArea} 辆车，该时段只有 {windowCapacity} 个名额）。',
    en: 'The truck was called with the gate area over capacity ({inGateArea} trucks at the gate, {windowCapacity} places in the window).',
  },
  delay_NOT_ARRIVED_AFTER_CALL: {
    vi: 'Xe không đến cổng sau khi được gọi.',
    zh: '车辆被叫号后未到闸口。',
    en: 'The truck did not come to the gate after it was called.',
  },
  delay_CALLED_LATE: {
    vi: 'Xe không được gọi đúng khung giờ đã cấp.',
    zh: '车辆未在分配的时段内被叫号。',
    en: 'The truck was not called in the window it was given.',
  },
  delay_AWAITING_CONFIRMATION: {
    vi: 'Xe chờ xác nhận của {agency} tại cổng.',
    zh: '车辆在闸口等待{agency}确认。',
    en: 'The truck waited at the gate for {agency} to confirm it.',
  },
  delay_AT_GATE_PROCEDURES: {
    vi: 'Xe chờ tại cổng để làm thủ tục.',
    zh: '车辆在闸口等待办理手续。',
    en: 'The truck waited at the gate for its formalities.',
  },
  delay_HELD_BY_AGENCY: {
    vi: 'Xe bị {agency} giữ lại để kiểm tra.',
    zh: '车辆被{agency}扣留检查。',
    en: 'The truck was held by {agency} for inspection.',
  },
  delay_HELD_AT_GATE: {
    vi: 'Xe bị giữ lại tại cổng.',
    zh: '车辆在闸口被扣留。',
    en: 'The truck was held at the gate.',
  },
  delay_SLOW_CROSSING: {
    vi: 'Xe đã thông quan nhưng chờ lâu mới qua cổng.',
    zh: '车辆已通关，但等了很久才过闸。',
    en: 'The truck was cleared but waited long to cross.',
  },
  // A reason recorded as a sentence before reasons had codes, and not recognised: the sentence as it was.
  delay_LEGACY: {
    vi: '{text}',
    zh: '{text}（原始记录，越南语）',
    en: '{text} (the original record, in Vietnamese)',
  },

  // Waiting yards.
  yardNotListed: {
    vi: 'Bãi chờ “{yard}” không có trong danh sách bãi của cửa khẩu {gate}: hãy chọn một bãi trong danh sách ({codes})',
    zh: '待检停车场“{yard}”不在口岸 {gate} 的停车场列表中：请从列表中选择（{codes}）',
    en: 'Waiting yard “{yard}” is not on the list of gate {gate}: pick one from the list ({codes})',
  },
  yardsCount: {
    vi: 'Cửa khẩu phải có từ 1 đến {max} bãi chờ',
    zh: '口岸必须有 1 到 {max} 个待检停车场',
    en: 'A gate must have 1 to {max} waiting yards',
  },
  yardCode: {
    vi: 'Mã bãi không hợp lệ: {value} — gồm chữ in hoa, chữ số hoặc dấu gạch dưới, bắt đầu bằng chữ, 2–40 ký tự, ví dụ HUU_NGHI_CHO',
    zh: '停车场代码无效：{value} — 由大写字母、数字或下划线组成，以字母开头，2–40 个字符，例如 HUU_NGHI_CHO',
    en: 'Invalid yard code: {value} — capital letters, digits or underscores, starting with a letter, 2–40 characters, e.g. HUU_NGHI_CHO',
  },
  yardName: {
    vi: 'Tên bãi phải có từ 2 đến {max} ký tự',
    zh: '停车场名称须为 2 到 {max} 个字符',
    en: 'A yard’s name must be 2 to {max} characters',
  },
  yardTwice: {
    vi: '“{value}” đã là mã hoặc tên của một bãi khác trong danh sách',
    zh: '“{value}”已是列表中另一个停车场的代码或名称',
    en: '“{value}” is already the code or a name of another yard on the list',
  },

  // Fees.
  tariffDateInvalid: {
    vi: 'Ngày hiệu lực phải là ngày hợp lệ dạng YYYY-MM-DD',
    zh: '生效日期必须是 YYYY-MM-DD 格式的有效日期',
    en: 'The effective date must be a valid date as YYYY-MM-DD',
  },
  tariffFromTomorrow: {
    vi: 'Biểu phí mới chỉ có hiệu lực từ ngày mai trở đi (hôm nay {today}); các mức đã áp dụng không được sửa',
    zh: '新费率最早从明天起生效（今天是 {today}）；已适用的费率不可修改',
    en: 'A new rate takes effect from tomorrow at the earliest (today is {today}); rates already applied cannot be changed',
  },
  tariffAmount: {
    vi: 'Mức phí phải là số nguyên đồng, lớn hơn 0 và không quá {max}',
    zh: '费率必须是大于 0 且不超过 {max} 的越南盾整数',
    en: 'The rate must be a whole number of dong, above 0 and at most {max}',
  },
  refundAmount: {
    vi: 'Số tiền hoàn phải là số nguyên đồng lớn hơn 0',
    zh: '退费金额必须是大于 0 的越南盾整数',
    en: 'The refund must be a whole number of dong above 0',
  },
  refundOverLeft: {
    vi: 'Số tiền hoàn {amount} vượt quá số còn lại có thể hoàn {left} (đã thu {paid}, đã hoàn {refunded})',
    zh: '退费金额 {amount} 超过可退余额 {left}（已收 {paid}，已退 {refunded}）',
    en: 'The refund of {amount} exceeds the {left} left to refund ({paid} paid, {refunded} refunded)',
  },

  // Event endpoints.
  webhookUrlInvalid: {
    vi: 'Địa chỉ nhận không phải URL hợp lệ',
    zh: '接收地址不是有效的 URL',
    en: 'The endpoint is not a valid URL',
  },
  webhookUrlCredentials: {
    vi: 'Địa chỉ nhận không được chứa tên đăng nhập hay mật khẩu',
    zh: '接收地址不得包含用户名或密码',
    en: 'The endpoint must not contain a user name or password',
  },
  webhookUrlHttps: {
    vi: 'Địa chỉ nhận phải dùng https (http chỉ cho localhost để thử nghiệm)',
    zh: '接收地址必须使用 https（http 仅限 localhost 测试使用）',
    en: 'The endpoint must use https (http only to localhost, for testing)',
  },

  // Gate schedules.
  scheduleUtcOffset: {
    vi: 'Độ lệch múi giờ phải là số nguyên phút trong khoảng từ -720 đến 840.',
    zh: '时区偏移必须是 -720 到 840 之间的整数分钟。',
    en: 'The UTC offset must be a whole number of minutes from -720 to 840.',
  },
  scheduleOpeningHours: {
    vi: 'Phải khai báo giờ mở cửa cho từng ngày trong tuần (0 = Chủ nhật … 6 = Thứ bảy).',
    zh: '必须为一周的每一天设置开放时间（0 = 星期日 … 6 = 星期六）。',
    en: 'Opening hours must be given for each day of the week (0 = Sunday … 6 = Saturday).',
  },
  scheduleDayMissing: {
    vi: 'Thiếu giờ mở cửa cho ngày này (dùng null nếu đóng cửa cả ngày).',
    zh: '缺少这一天的开放时间（全天关闭请用 null）。',
    en: 'The opening hours of this day are missing (null if closed all day).',
  },
  scheduleDayShape: {
    vi: 'Giờ mở cửa phải có dạng { open: "HH:MM", close: "HH:MM" } hoặc null.',
    zh: '开放时间必须是 { open: "HH:MM", close: "HH:MM" } 或 null。',
    en: 'Opening hours must be { open: "HH:MM", close: "HH:MM" } or null.',
  },
  scheduleOpenTime: {
    vi: 'Giờ mở cửa phải có dạng HH:MM (từ 00:00 đến 23:59).',
    zh: '开门时间必须是 HH:MM 格式（00:00 到 23:59）。',
    en: 'The opening time must be HH:MM (00:00 to 23:59).',
  },
  scheduleCloseTime: {
    vi: 'Giờ đóng cửa phải có dạng HH:MM (từ 00:00 đến 24:00).',
    zh: '关门时间必须是 HH:MM 格式（00:00 到 24:00）。',
    en: 'The closing time must be HH:MM (00:00 to 24:00).',
  },
  scheduleCloseAfterOpen: {
    vi: 'Giờ đóng cửa phải sau giờ mở cửa.',
    zh: '关门时间必须晚于开门时间。',
    en: 'The closing time must be after the opening time.',
  },
  scheduleClosedDates: {
    vi: 'Danh sách ngày nghỉ phải là một mảng ngày dạng YYYY-MM-DD.',
    zh: '休息日必须是 YYYY-MM-DD 格式的日期列表。',
    en: 'Closed dates must be a list of dates as YYYY-MM-DD.',
  },
  scheduleClosedDate: {
    vi: 'Ngày nghỉ phải là ngày hợp lệ dạng YYYY-MM-DD.',
    zh: '休息日必须是 YYYY-MM-DD 格式的有效日期。',
    en: 'A closed date must be a valid date as YYYY-MM-DD.',
  },
  scheduleWindowMinutes: {
    vi: 'Độ dài khung giờ phải là số nguyên từ {min} đến {max} phút.',
    zh: '时段长度必须是 {min} 到 {max} 之间的整数分钟。',
    en: 'The window length must be a whole number of minutes from {min} to {max}.',
  },
  scheduleCapacity: {
    vi: 'Công suất mỗi giờ phải là số nguyên không âm.',
    zh: '每小时容量必须是非负整数。',
    en: 'The capacity per hour must be a whole number, not negative.',
  },
  scheduleDailyCap: {
    vi: 'Hạn mức xe mỗi ngày phải là số nguyên không âm, hoặc null nếu không giới hạn.',
    zh: '每日车辆上限必须是非负整数；不设上限时为 null。',
    en: 'The daily cap must be a whole number, not negative, or null for no cap.',
  },
  schedulePriorityShare: {
    vi: 'Tỷ lệ chỗ dành cho hàng ưu tiên phải nằm trong khoảng từ 0 đến 1.',
    zh: '优先货物预留比例必须在 0 到 1 之间。',
    en: 'The share reserved for priority goods must be between 0 and 1.',
  },
  scheduleReleaseLead: {
    vi: 'Thời gian nhả chỗ ưu tiên trước giờ bắt đầu khung phải là số phút không âm.',
    zh: '时段开始前释放优先名额的提前时间必须是非负的分钟数。',
    en: 'How long before a window its unused priority places are released must be a non-negative number of minutes.',
  },
} as const satisfies Record<RefusalCode, Record<Language, string>>;

/** `text` with its `{name}` placeholders filled; a nested message is said by `nested`, an unknown name stays visible. */
export function fillPlaceholders<T extends object>(
  text: string,
  params: Readonly<Record<string, string | number | T>> | undefined,
  nested: (m: T) => string,
): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params?.[name];
    if (v === undefined) return whole;
    return typeof v === 'object' ? nested(v) : String(v);
  });
}

/** A refusal said in `lang`, its phrases in the same language: what the firm portal shows as the server would. */
export function renderRefusal(r: Refusal, lang: Language): string {
  return fillPlaceholders(DOMAIN_MESSAGES[r.code][lang], r.params, (v) => renderRefusal(v, lang));
}
