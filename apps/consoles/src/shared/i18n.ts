/// <reference lib="dom" />
// Vietnamese first (the users' language), English by a toggle kept in localStorage, Chinese (简体) for the
// messages the public tracking page shows (any other message reads in English there). Server messages stay
// Vietnamese: they come with field names, and translating them here would drift from the API's rules.
import { isLanguage, type Language } from '../../../../libs/domain/src/language/language.js';

export type Lang = Language;

const M = {
  appName: ['Cửa khẩu số', 'Digital border gate'],
  gateHN: ['Hữu Nghị', 'Huu Nghi'],
  language: ['English', 'Tiếng Việt'],
  logout: ['Đăng xuất', 'Log out'],
  login: ['Đăng nhập', 'Log in'],
  email: ['Email', 'Email'],
  password: ['Mật khẩu', 'Password'],
  loginTitle: ['Đăng nhập — {console}', 'Log in — {console}'],
  wrongRole: [
    'Tài khoản này không dùng được màn hình này (vai trò {role})',
    'This account cannot use this console (role {role})',
  ],
  network: [
    'Không kết nối được máy chủ — kiểm tra mạng và thử lại',
    'Cannot reach the server — check the network and retry',
    '无法连接服务器 — 请检查网络后重试',
  ],
  sessionExpired: ['Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại', 'Your session expired, please log in again'],
  loading: ['Đang tải…', 'Loading…', '加载中…'],
  save: ['Lưu', 'Save'],
  cancel: ['Hủy', 'Cancel'],
  close: ['Đóng', 'Close'],
  confirm: ['Xác nhận', 'Confirm'],
  back: ['← Quay lại', '← Back'],
  print: ['In phiếu', 'Print'],
  done: ['Đã xong', 'Done'],
  none: ['—', '—', '—'],
  reason: ['Lý do', 'Reason'],
  note: ['Ghi chú', 'Note'],
  optional: ['(không bắt buộc)', '(optional)'],
  required: ['Bắt buộc nhập', 'Required'],
  gate: ['Cửa khẩu', 'Gate', '口岸'],
  direction: ['Chiều', 'Direction'],
  all: ['Tất cả', 'All'],
  total: ['Tổng', 'Total'],

  // connection state
  connLive: ['Trực tiếp', 'Live'],
  connConnecting: ['Đang kết nối…', 'Connecting…'],
  connStale: ['Mất kết nối', 'Disconnected'],
  staleBanner: ['Mất kết nối — dữ liệu có thể đã cũ', 'Connection lost — data may be out of date'],
  staleBannerSince: [
    'Mất kết nối — dữ liệu lúc {time}, có thể đã cũ',
    'Connection lost — data as of {time}, may be out of date',
  ],
  updatedAt: ['cập nhật {time}', 'updated {time}'],
  connRefused: ['Bị từ chối kết nối', 'Connection refused'],
  refusedBanner: [
    'Máy chủ từ chối kết nối trực tiếp ({reason}) — dữ liệu sẽ không tự cập nhật. Hãy đăng xuất rồi đăng nhập lại; nếu vẫn bị từ chối, gọi quản trị viên hệ thống của cửa khẩu.',
    'The server refused the live connection ({reason}) — the data will not update by itself. Log out and in again; if it is still refused, call the gate’s system administrator.',
  ],
  sending: ['Đang gửi… {s} giây', 'Sending… {s} s'],

  // consoles
  consoleFirm: ['Cổng doanh nghiệp', 'Firm portal'],
  consoleYard: ['Bãi chờ — cho xe vào bãi', 'Yard check-in'],
  consoleCustoms: ['Bàn điều hành hải quan', 'Customs console'],
  consoleBorder: ['Bảng biên phòng', 'Border-guard board'],
  consoleAdmin: ['Quản trị cửa khẩu', 'Gate administration'],
  consoleBoard: ['Bảng hàng chờ công khai', 'Public queue board'],
  homeIntro: [
    'Doanh nghiệp khai báo phương tiện trước khi đến; xe vào bãi được cấp khung giờ qua cửa khẩu theo hàng chờ công bằng, minh bạch.',
    'Firms declare their trucks before arrival; at the yard each truck gets a gate slot in a fair, transparent queue.',
  ],
  apiDocs: ['Tài liệu API', 'API documentation'],
  homeTitle: ['Hữu Nghị – Tân Thanh', 'Huu Nghi – Tan Thanh'],
  descFirm: [
    'Khai báo phương tiện, theo dõi khung giờ và thời gian dự kiến, in phiếu QR',
    'Declare vehicles, follow slots and expected times, print the QR slip',
  ],
  descYard: [
    'Cho xe vào bãi theo biển số hoặc mã QR, cấp khung giờ',
    'Check trucks in by plate or QR code and issue their slot',
  ],
  descCustoms: [
    'Hàng chờ trực tiếp, gọi xe, xác nhận, kiểm hóa; duyệt tờ khai',
    'Live queue, calls, confirmations, inspections; declaration review',
  ],
  descBorder: [
    'Kiểm tra giấy tờ lái xe, xác nhận, ghi nhận xe qua cửa khẩu',
    'Driver documents, confirmation, recording the crossing',
  ],
  descAdmin: [
    'Giờ mở cửa, sức chứa, giới hạn ngày, tạm dừng; tài khoản cán bộ',
    'Hours, capacity, daily caps, suspension; officer accounts',
  ],
  descBoard: [
    'Màn hình công khai tại bãi: vị trí, khung giờ, mức ùn tắc',
    'Public yard screen: positions, windows, congestion',
  ],

  // states
  st_DRAFT: ['Nháp', 'Draft', '草稿'],
  st_SUBMITTED: ['Chờ hải quan duyệt', 'Awaiting customs', '等待海关审核'],
  st_ACCEPTED: ['Đã chấp nhận', 'Accepted', '已受理'],
  st_REJECTED: ['Bị từ chối', 'Rejected', '被拒绝'],
  st_CANCELLED: ['Đã hủy', 'Cancelled', '已取消'],
  st_CHECKED_IN: ['Đã vào bãi', 'Checked in', '已进入停车场'],
  st_CALLED: ['Đã gọi vào cổng', 'Called to the gate', '已叫号，请进闸'],
  st_AT_GATE: ['Đang ở cổng', 'At the gate', '在闸口'],
  st_HELD: ['Giữ lại kiểm hóa', 'Held for inspection', '扣留查验'],
  st_CLEARED: ['Đã thông quan', 'Cleared', '已通关'],
  st_TURNED_BACK: ['Buộc quay đầu', 'Turned back', '被退回'],
  st_CROSSED: ['Đã qua cửa khẩu', 'Crossed', '已过境'],
  st_NO_SHOW: ['Vắng mặt', 'No-show', '未到场'],
  st_IN_QUEUE: ['Đang trong hàng chờ', 'In the queue', '排队中'],
  st_COMPLETED: ['Hoàn thành', 'Completed', '已完成'],
  dir_EXPORT: ['Xuất', 'Export'],
  dir_IMPORT: ['Nhập', 'Import'],
  dirLong_EXPORT: ['Xuất (Việt Nam → Trung Quốc)', 'Export (Vietnam → China)', '出口（越南 → 中国）'],
  dirLong_IMPORT: ['Nhập (Trung Quốc → Việt Nam)', 'Import (China → Vietnam)', '进口（中国 → 越南）'],
  pc_PRIORITY: ['Ưu tiên', 'Priority'],
  pc_GENERAL: ['Thường', 'General'],
  cat_PERISHABLE: ['Tươi sống (rau quả, thủy sản)', 'Perishable (fruit, vegetables, seafood)'],
  cat_FROZEN: ['Đông lạnh', 'Frozen'],
  cat_GENERAL: ['Thông thường', 'General'],
  cat_DANGEROUS: ['Nguy hiểm', 'Dangerous'],
  ag_CUSTOMS: ['Hải quan', 'Customs'],
  ag_BORDER_GUARD: ['Biên phòng', 'Border guard'],
  ag_QUARANTINE: ['Kiểm dịch', 'Quarantine'],
  doc_CCCD: ['CCCD', 'Citizen ID (CCCD)'],
  doc_PASSPORT: ['Hộ chiếu', 'Passport'],
  doc_BORDER_PASS: ['Giấy thông hành', 'Border pass'],
  fee_UNDER_2T: ['Dưới 2 tấn', 'Under 2 t'],
  fee_FROM_2T_TO_10T: ['2–10 tấn', '2–10 t'],
  fee_FROM_10T_TO_20T: ['10–20 tấn', '10–20 t'],
  fee_OVER_20T: ['Trên 20 tấn', 'Over 20 t'],
  fee_CONTAINER_20FT: ['Container 20 feet', '20-ft container'],
  fee_CONTAINER_40FT: ['Container 40 feet', '40-ft container'],
  role_FIRM: ['Doanh nghiệp', 'Firm'],
  role_CUSTOMS: ['Hải quan', 'Customs'],
  role_BORDER_GUARD: ['Biên phòng', 'Border guard'],
  role_YARD_OPERATOR: ['Bãi xe', 'Yard operator'],
  role_ADMIN: ['Quản trị', 'Administrator'],

  // queue
  position: ['Vị trí', 'Position', '排队位置'],
  plate: ['Biển số', 'Plate'],
  window: ['Khung giờ', 'Window', '时段'],
  eta: ['Dự kiến gọi', 'Expected call', '预计叫号'],
  etaHint: [
    'khoảng {from}–{to} (khả năng cao nhất {mid})',
    'between {from} and {to} (most likely {mid})',
    '{from}–{to} 之间（最可能 {mid}）',
  ],
  noEta: ['chưa ước tính được', 'no estimate yet', '暂无预计'],
  etaText: ['khoảng {mid}, có thể {from}–{to}', 'about {mid}, possibly {from}–{to}', '约 {mid}，可能 {from}–{to}'],
  etaWait: ['sau khoảng {hours} giờ', 'in about {hours} h', '约 {hours} 小时后'],
  noWindow: ['chờ khung giờ trống', 'waiting for a free window', '等待空闲时段'],
  status: ['Trạng thái', 'Status', '状态'],
  priority: ['Loại', 'Class'],
  missing: ['Còn thiếu xác nhận', 'Missing confirmations'],
  allConfirmed: ['Đủ xác nhận', 'All confirmed'],
  waiting: ['đang chờ', 'waiting'],
  queueEmpty: ['Không có xe nào trong hàng chờ', 'The queue is empty'],
  moreVehicles: ['… và {n} xe khác', '… and {n} more'],
  suspended: ['Tạm dừng thông quan: {reason}', 'Crossings suspended: {reason}', '口岸暂停通关：{reason}'],
  suspendedUntil: ['đến {time}', 'until {time}', '至 {time}'],
  congestion: ['Mức ùn tắc', 'Congestion'],
  cong_GREEN: ['Thông thoáng', 'Clear'],
  cong_YELLOW: ['Đông', 'Busy'],
  cong_ORANGE: ['Ùn tắc', 'Congested'],
  cong_RED: ['Ùn tắc nghiêm trọng', 'Severely congested'],
  calledNow: ['Mời vào cổng', 'Proceed to the gate'],
  driver: ['Lái xe', 'Driver'],
  document: ['Giấy tờ', 'Document'],
  phone: ['Điện thoại', 'Phone'],
  container: ['Container', 'Container'],
  seal: ['Niêm phong', 'Seal'],
  trailer: ['Rơ-moóc', 'Trailer'],
  firm: ['Doanh nghiệp', 'Firm'],
  goods: ['Hàng hóa', 'Goods'],
  checkedInAt: ['Vào bãi lúc', 'Checked in at'],
  callDeadline: ['Hạn đến cổng', 'Must reach the gate by'],

  // actions
  a_call: ['Gọi', 'Call'],
  a_callNext: ['Gọi xe tiếp theo — {dir}', 'Call next — {dir}'],
  a_arrive: ['Xe đến cổng', 'Arrived'],
  a_confirmCustoms: ['Hải quan xác nhận', 'Customs confirm'],
  a_confirmQuarantine: ['Kiểm dịch xác nhận', 'Quarantine confirm'],
  a_confirmBorder: ['Biên phòng xác nhận', 'Border-guard confirm'],
  a_hold: ['Giữ kiểm hóa', 'Hold'],
  a_stop: ['Dừng xe', 'Stop vehicle'],
  a_release: ['Cho tiếp tục', 'Release'],
  a_turnBack: ['Buộc quay đầu', 'Turn back'],
  a_noShow: ['Vắng mặt', 'No-show'],
  a_cross: ['Ghi nhận qua cửa khẩu', 'Record crossing'],
  a_accept: ['Chấp nhận', 'Accept'],
  a_reject: ['Từ chối', 'Reject'],
  a_requestCorrection: ['Yêu cầu sửa', 'Request correction'],
  a_approveCorrection: ['Duyệt bản sửa', 'Approve correction'],
  actionDone: ['{plate}: {action} — xong', '{plate}: {action} — done'],
  reasonFor: ['{action} — {plate}', '{action} — {plate}'],
  docsChecked: ['Đã kiểm tra giấy tờ lái xe và phương tiện', 'Driver and vehicle documents checked'],

  // the desk lists (customs, border guard)
  lane_EXPORT: ['Xuất khẩu (sang Trung Quốc)', 'Export (to China)'],
  lane_IMPORT: ['Nhập khẩu (về Việt Nam)', 'Import (into Vietnam)'],
  laneWaiting: ['Đang chờ trong bãi ({n})', 'Waiting in the yard ({n})'],
  laneCalled: ['Đã gọi, tại cổng ({n})', 'Called, at the gate ({n})'],
  lanesShown: ['Luồng hiển thị', 'Lanes shown'],
  bothLanes: ['Cả hai luồng', 'Both lanes'],
  search: ['Tìm xe', 'Find a truck'],
  searchHint: [
    'Biển số (cả GUI F12345), số tờ khai, doanh nghiệp',
    'Plate (also GUI F12345), declaration number, firm',
  ],
  searchFound: ['{n} xe khớp', '{n} trucks match'],
  pendingChanges: ['{n} thay đổi — áp dụng', '{n} changes — apply'],
  pendingHint: [
    'Danh sách giữ nguyên khi con trỏ ở trên danh sách; thay đổi được áp dụng khi con trỏ rời đi',
    'The lists hold still under the pointer; changes apply when it leaves',
  ],
  keysHelp: ['Phím tắt', 'Keys'],
  k_move: ['chọn xe', 'pick a truck'],
  k_lane: ['đổi luồng', 'other lane'],
  k_search: ['tìm xe', 'find'],
  k_apply: ['áp dụng thay đổi', 'apply changes'],
  k_callNext: ['gọi xe tiếp theo của luồng', "call the lane's next truck"],
  leftQueue: ['đã rời danh sách', 'left the list'],
  // customs
  queueTab: ['Hàng chờ', 'Queue'],
  declarationsTab: ['Tờ khai chờ duyệt ({n})', 'Declarations to review ({n})'],
  noPending: ['Không có tờ khai nào chờ duyệt', 'No declarations awaiting review'],
  correctionMessage: ['Nội dung cần sửa', 'What must be corrected'],
  answeredCorrections: ['Bản sửa chờ duyệt', 'Corrections awaiting approval'],
  filterDirection: ['Lọc theo chiều', 'Filter by direction'],
  arrival: ['Dự kiến đến', 'Expected arrival'],
  yardName: ['Bãi chờ', 'Waiting yard'],

  // yard
  checkIn: ['Cho xe vào bãi', 'Check in'],
  byPlate: ['Theo biển số', 'By plate'],
  byQr: ['Theo mã QR trên phiếu', 'By slip QR code'],
  scanQr: ['Quét bằng camera', 'Scan with the camera'],
  stopScan: ['Dừng quét', 'Stop scanning'],
  qrPayload: ['Mã trên phiếu (máy quét hoặc nhập tay)', 'Slip code (scanner or typed)'],
  noCamera: [
    'Trình duyệt này không quét được QR bằng camera — hãy dùng máy quét hoặc nhập mã',
    'This browser cannot scan QR codes with the camera — use a scanner or type the code',
  ],
  checkedIn: ['Đã cho xe {plate} vào bãi', 'Checked in {plate}'],
  slotIssued: ['Khung giờ {window}, vị trí {pos}', 'Window {window}, position {pos}'],
  recentCheckIns: ['Xe vừa vào bãi', 'Recent check-ins'],

  // admin
  gatesTab: ['Cửa khẩu', 'Gates'],
  officersTab: ['Cán bộ', 'Officers'],
  openingHours: ['Giờ mở cửa (giờ Việt Nam)', 'Opening hours (Vietnam time)'],
  closedDay: ['Nghỉ', 'Closed'],
  windowMinutes: ['Độ dài khung giờ (phút)', 'Window length (minutes)'],
  capacityPerHour: ['Sức chứa mỗi giờ (xe)', 'Capacity per hour (vehicles)'],
  dailyCap: ['Giới hạn mỗi ngày (để trống = không giới hạn)', 'Daily cap (empty = none)'],
  priorityShare: ['Tỷ lệ dành cho hàng ưu tiên (%)', 'Share reserved for priority goods (%)'],
  releaseLead: ['Nhả chỗ ưu tiên trước (phút)', 'Release priority places before (minutes)'],
  autoAccept: ['Tự động chấp nhận tờ khai', 'Accept declarations automatically'],
  graceMinutes: ['Thời gian ân hạn khi gọi (phút)', 'Grace period after a call (minutes)'],
  noShowPenalty: ['Phạt vắng mặt (phút)', 'No-show penalty (minutes)'],
  suspend: ['Tạm dừng cửa khẩu', 'Suspend the gate'],
  resume: ['Mở lại cửa khẩu', 'Resume the gate'],
  suspendUntil: ['Đến (để trống = vô thời hạn)', 'Until (empty = open-ended)'],
  open: ['Đang mở', 'Open'],
  saved: ['Đã lưu', 'Saved'],
  weekday0: ['Chủ nhật', 'Sunday'],
  weekday1: ['Thứ hai', 'Monday'],
  weekday2: ['Thứ ba', 'Tuesday'],
  weekday3: ['Thứ tư', 'Wednesday'],
  weekday4: ['Thứ năm', 'Thursday'],
  weekday5: ['Thứ sáu', 'Friday'],
  weekday6: ['Thứ bảy', 'Saturday'],
  createOfficer: ['Tạo tài khoản cán bộ', 'Create an officer'],
  fullName: ['Họ tên', 'Full name'],
  role: ['Vai trò', 'Role'],
  gates: ['Cửa khẩu phụ trách', 'Assigned gates'],
  officerCreated: ['Đã tạo tài khoản {email}', 'Created {email}'],
  gateName: ['Tên cửa khẩu', 'Gate name'],
  dailyCapShort: ['Giới hạn mỗi ngày', 'Daily cap'],
  opensAt: ['mở', 'opens'],
  closesAt: ['đóng', 'closes'],
  closedDates: ['Ngày nghỉ (lễ, Tết)', 'Closed dates (holidays, Tết)'],
  dailyCaps: ['Giới hạn theo ngày', 'Caps for given days'],
  dailyCapOn: ['Giới hạn ngày {day}', 'Cap on {day}'],
  suspensionState: ['Tạm dừng', 'Suspension'],
  addDate: ['Thêm ngày', 'Add the date'],
  addCap: ['Thêm giới hạn', 'Add the cap'],
  day: ['Ngày', 'Day'],
  cap: ['Số xe tối đa', 'Vehicles at most'],
  removeItem: ['Bỏ {what}', 'Remove {what}'],
  yes: ['Có', 'Yes'],
  no: ['Không', 'No'],
  preview: ['Xem trước ảnh hưởng', 'Preview the impact'],
  previewTitle: ['Trước khi lưu — {gate}', 'Before saving — {gate}'],
  previewNoChange: ['Không có thay đổi nào.', 'Nothing changes.'],
  impactNone: ['Không xe nào phải xếp lại.', 'No vehicle is re-slotted.'],
  impactLane: [
    '{dir}: {n} xe được xếp lại; xe cuối chuyển sang {last}',
    '{dir}: {n} vehicles re-slotted; the last moves to {last}',
  ],
  impactLaneSame: ['{dir}: {n} xe được xếp lại', '{dir}: {n} vehicles re-slotted'],
  impactUnslotted: ['{n} xe chưa có khung giờ trong 14 ngày tới', '{n} vehicles get no window within the next 14 days'],
  confirmSave: ['Lưu thay đổi', 'Save the changes'],
  confirmSuspend: ['Tạm dừng ngay', 'Suspend now'],
  history: ['Lịch sử thay đổi', 'Change history'],
  historyEmpty: ['Chưa có thay đổi nào', 'No changes yet'],
  etaAccuracy: ['Độ chính xác của thời gian dự kiến', 'Accuracy of the estimated times'],
  etaAccuracyHint: [
    'Mỗi thời gian dự kiến đã hiển thị, so với lúc xe thực sự được gọi. Mục tiêu: 80 % xe được gọi trong khoảng đã báo.',
    'Every estimate shown, against when the truck was actually called. Goal: 80 % called inside the range shown.',
  ],
  etaAccuracyEmpty: ['Chưa có xe nào được gọi để chấm điểm', 'No truck called yet to score against'],
  etaPeriod: ['Thời gian', 'Period'],
  etaDay: ['24 giờ qua', 'Last 24 h'],
  etaWeek: ['7 ngày qua', 'Last 7 days'],
  etaScored: ['Số lần dự kiến', 'Estimates scored'],
  etaCoverage: ['Gọi trong khoảng đã báo', 'Called inside the range'],
  etaError: ['Sai số trung vị', 'Median error'],
  etaBias: ['Độ lệch (muộn +)', 'Bias (late +)'],
  hoursShort: ['giờ', 'h'],
  historyWhen: ['Lúc', 'When'],
  historyWho: ['Người thay đổi', 'Who'],
  historyWhat: ['Thay đổi', 'What'],
  historyMoved: ['Xe xếp lại', 'Re-slotted'],
  act_update: ['Sửa cấu hình', 'Settings changed'],
  act_suspend: ['Tạm dừng', 'Suspended'],
  act_resume: ['Mở lại', 'Resumed'],
  vehicleN: ['Xe {n}', 'Vehicle {n}'],
  corr_OPEN: ['chờ doanh nghiệp sửa', 'awaiting the firm'],
  corr_ANSWERED: ['doanh nghiệp đã sửa, chờ duyệt', 'answered, awaiting approval'],
  corr_APPROVED: ['đã duyệt', 'approved'],
  correctionPick: ['Đánh dấu các trường cần sửa:', 'Tick the fields to correct:'],
  correctionAsked: ['Cần sửa: {fields}', 'To correct: {fields}'],

  // firm
  register: ['Đăng ký doanh nghiệp', 'Register a firm'],
  haveAccount: ['Đã có tài khoản? Đăng nhập', 'Have an account? Log in'],
  noAccount: ['Chưa có tài khoản? Đăng ký', 'No account yet? Register'],
  firmName: ['Tên doanh nghiệp', 'Firm name'],
  taxCode: ['Mã số thuế', 'Tax code'],
  myDeclarations: ['Tờ khai của tôi', 'My declarations'],
  newDeclaration: ['+ Tờ khai mới', '+ New declaration'],
  noDeclarations: ['Chưa có tờ khai nào', 'No declarations yet'],
  declaration: ['Tờ khai', 'Declaration', '申报单'],
  version: ['phiên bản {n}', 'version {n}'],
  vehicles: ['Phương tiện', 'Vehicles'],
  vehicle: ['Phương tiện {n}', 'Vehicle {n}'],
  goodsGroup: ['Nhóm hàng {n}', 'Goods group {n}'],
  item: ['Mặt hàng {n}', 'Item {n}'],
  addVehicle: ['+ Thêm phương tiện', '+ Add a vehicle'],
  addGoods: ['+ Thêm nhóm hàng', '+ Add a goods group'],
  addItem: ['+ Thêm mặt hàng', '+ Add an item'],
  remove: ['Xóa', 'Remove'],
  customsNumber: ['Số tờ khai hải quan (12 số)', 'Customs declaration number (12 digits)'],
  category: ['Loại hàng', 'Category'],
  description: ['Mô tả hàng', 'Description'],
  hsCode: ['Mã HS', 'HS code'],
  weight: ['Trọng lượng (kg)', 'Gross weight (kg)'],
  value: ['Trị giá (VND)', 'Value (VND)'],
  nationality: ['Quốc tịch xe', 'Vehicle nationality'],
  nat_VN: ['Việt Nam', 'Vietnam'],
  nat_CN: ['Trung Quốc', 'China'],
  feeClass: ['Loại phí hạ tầng', 'Infrastructure fee class'],
  trailerPlate: ['Biển rơ-moóc', 'Trailer plate'],
  containerNumber: ['Số container', 'Container number'],
  sealNumber: ['Số niêm phong hải quan', 'Customs seal number'],
  driverName: ['Họ tên lái xe', 'Driver name'],
  docType: ['Loại giấy tờ', 'Document type'],
  docNumber: ['Số giấy tờ', 'Document number'],
  driverPhone: ['Điện thoại lái xe', 'Driver phone'],
  saveDraft: ['Lưu nháp', 'Save draft'],
  saveAndSubmit: ['Lưu và nộp', 'Save and submit'],
  submit: ['Nộp cho hải quan', 'Submit to customs'],
  amend: ['Sửa tờ khai', 'Amend'],
  cancelDeclaration: ['Hủy tờ khai', 'Cancel the declaration'],
  cancelConfirm: ['Hủy tờ khai {n}? Không thể hoàn tác.', 'Cancel declaration {n}? This cannot be undone.'],
  fixErrors: ['Có {n} lỗi cần sửa', '{n} problems to fix'],
  amendTitle: ['Sửa tờ khai {n}', 'Amend declaration {n}'],
  answerCorrection: ['Trả lời yêu cầu sửa', 'Answer the correction request'],
  correctionRequested: ['Hải quan yêu cầu sửa: {msg}', 'Customs ask for a correction: {msg}'],
  correctionAnswered: ['Đã gửi bản sửa, chờ hải quan duyệt', 'Correction sent, awaiting customs'],
  rejectedReason: ['Lý do từ chối: {reason}', 'Rejected: {reason}'],
  slip: ['Phiếu khung giờ', 'Slot slip'],
  slipTitle: ['PHIẾU KHUNG GIỜ QUA CỬA KHẨU', 'GATE SLOT SLIP'],
  slipHint: ['Xuất trình mã QR này tại cổng bãi chờ để vào bãi', 'Show this QR code at the yard entrance to check in'],
  slipNoSlot: [
    'Chưa vào bãi — khung giờ được cấp khi xe vào bãi chờ',
    'Not checked in — the window is issued at the yard',
    '尚未进入停车场 — 进入等候停车场时分配时段',
  ],
  vehicleCalled: ['Xe {plate} đã được gọi vào cổng!', 'Vehicle {plate} has been called to the gate!'],
  vehicleCrossed: ['Xe {plate} đã qua cửa khẩu', 'Vehicle {plate} has crossed'],
  registered: ['Đăng ký thành công', 'Registered'],
  localTime: ['giờ Việt Nam (UTC+7)', 'Vietnam time (UTC+7)', '越南时间 (UTC+7)'],
  page: ['Trang {p}/{n}', 'Page {p} of {n}'],
  boardFind: ['Tìm biển số của tôi', 'Find my plate'],
  boardFindHint: ['Ví dụ 12C-123.45 hoặc GUI F12345', 'e.g. 12C-123.45 or GUI F12345'],
  boardFindGo: ['Tìm', 'Find'],
  boardFindClear: ['Bỏ tìm', 'Clear'],
  boardNotFound: ['Không có xe {plate} trong hàng chờ {gate}', 'No truck {plate} in the {gate} queue'],
  boardNotPlate: ['“{plate}” không phải biển số — {hint}', '“{plate}” is not a plate — {hint}'],
  boardYourPlace: ['Vị trí {pos} trong {total} xe {dir}', 'Position {pos} of {total} {dir}'],
  boardMore: ['Còn {n} xe sau — tìm biển số của bạn ở trên', '{n} more behind — find your plate above'],
  boardWaitingN: ['{n} xe đang chờ', '{n} waiting'],
  boardLanes: ['Chiều đi', 'Direction'],
  waitClear: ['Thông thoáng', 'Clear'],
  waitClearAbout: ['Thông thoáng · chờ khoảng {d}', 'Clear · about {d} wait'],
  waitAbout: ['Chờ khoảng {d}', 'About {d} wait'],
  waitOpens: ['cửa khẩu mở lúc {time}', 'the gate opens at {time}'],
  waitClosed: ['Cửa khẩu mở lúc {time}', 'The gate opens at {time}'],
  waitUnknown: ['Chưa ước tính được thời gian chờ', 'No wait estimate'],
  waitSuspended: ['Tạm dừng tiếp nhận', 'Suspended'],
  durMin: ['{n} phút', '{n} min'],
  durHour: ['{n} giờ', '{n} h'],
  durHourMin: ['{h} giờ {m} phút', '{h} h {m} min'],
  durDay: ['{n} ngày', '{n} days'],
  // the public tracking page (vi, en, zh)
  trackTitle: ['Theo dõi xe', 'Track the truck', '车辆跟踪'],
  trackCalled: [
    'Xe đã được gọi — mời vào cổng ngay',
    'The truck is called — go to the gate now',
    '已叫号 — 请立即前往闸口',
  ],
  trackDeadline: ['Hạn đến cổng {time}', 'Be at the gate by {time}', '请于 {time} 前到达闸口'],
  trackLeft: ['còn {left}', '{left} left', '剩余 {left}'],
  trackLate: ['đã quá hạn {left}', '{left} overdue', '已超时 {left}'],
  trackHeld: ['Xe đang bị giữ lại để kiểm tra', 'The truck is held for inspection', '车辆被扣留查验'],
  trackLive: ['Trực tiếp · cập nhật lúc {time}', 'Live · as of {time}', '实时 · 更新于 {time}'],
  trackAsOf: [
    'Mất kết nối — thông tin cập nhật lúc {time}, có thể đã cũ',
    'Offline — as of {time}, may be out of date',
    '连接中断 — 信息更新于 {time}，可能已过时',
  ],
  trackNotFound: [
    'Không tìm thấy xe theo mã này. Hãy kiểm tra lại đường dẫn trên phiếu khung giờ.',
    'No truck has this code. Check the link on the slot slip.',
    '找不到此代码的车辆。请核对时段单上的链接。',
  ],
  trackLink: ['Đường dẫn theo dõi xe', 'Tracking link', '车辆跟踪链接'],
  trackPush: ['Nhận thông báo trên máy này', 'Get notifications on this device', '在本设备上接收通知'],
  trackPushOn: ['Đã bật thông báo trên máy này', 'Notifications are on for this device', '本设备已开启通知'],
  trackPushRefused: [
    'Không bật được thông báo trên máy này',
    'Notifications could not be turned on for this device',
    '无法在本设备上开启通知',
  ],
  trackLanguage: ['Ngôn ngữ', 'Language', '语言'],
  prev: ['‹ Trước', '‹ Previous'],
  next: ['Sau ›', 'Next ›'],
} as const satisfies Record<string, readonly [string, string] | readonly [string, string, string]>;

export type MessageKey = keyof typeof M;

const STORAGE_KEY = 'cks.lang';
let current: Lang = readLang();
const listeners = new Set<() => void>();

/** The language chosen on this device, if any. */
export function storedLang(): Lang | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null;
  }
}

/** The device's choice, else the page's own language (the server sets it from `Accept-Language`), else Vietnamese. */
function readLang(): Lang {
  const page = document.documentElement.lang;
  return storedLang() ?? (isLanguage(page) ? page : 'vi');
}

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  current = l;
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = l;
  for (const fn of listeners) fn();
}

export function onLangChange(fn: () => void): void {
  listeners.add(fn);
}

/** The message in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const m: readonly string[] = M[key];
  const text = m[current === 'vi' ? 0 : current === 'zh' ? 2 : 1] ?? m[1];
  return text.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

/** For codes from the API (`st_CALLED`…): the label when known, else the code itself. */
export function label(prefix: string, code: string | null | undefined): string {
  if (!code) return t('none');
  const key = `${prefix}_${code}`;
  return key in M ? t(key as MessageKey) : code;
}

document.documentElement.lang = current;
