import type { Language } from '#libs/domain/src/language/language.js';
import type { VehicleState } from '#libs/domain/src/lifecycle/vehicle-states.js';
import type { FieldRefusal, Refusal } from '#libs/domain/src/refusal.js';
import { DOMAIN_MESSAGES, fillPlaceholders } from './domain-messages.js';

/**
 * Every message the server sends back, in Vietnamese (the default), Chinese (简体) and English, with `{name}`
 * placeholders. An `AppError` names one of these; the exception filter renders it in the request's language.
 */
export const MESSAGES = {
  // Whatever the handler threw, by HTTP status or failure.
  unauthenticated: {
    vi: 'Chưa đăng nhập hoặc phiên đã hết hạn',
    zh: '未登录或登录已过期',
    en: 'Not logged in, or the session has expired',
  },
  forbidden: {
    vi: 'Bạn không có quyền thực hiện thao tác này',
    zh: '您无权执行此操作',
    en: 'You are not allowed to do this',
  },
  notFound: { vi: 'Không tìm thấy', zh: '未找到', en: 'Not found' },
  rateLimited: {
    vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau',
    zh: '请求过多，请稍后再试',
    en: 'Too many requests, please try again later',
  },
  payloadTooLarge: { vi: 'Dữ liệu gửi lên quá lớn', zh: '提交的数据过大', en: 'The data sent is too large' },
  malformedJson: { vi: 'JSON không hợp lệ', zh: 'JSON 格式无效', en: 'Invalid JSON' },
  databaseDown: {
    vi: 'Cơ sở dữ liệu tạm thời không sẵn sàng, vui lòng thử lại',
    zh: '数据库暂时不可用，请重试',
    en: 'The database is temporarily unavailable, please retry',
  },
  internal: { vi: 'Lỗi hệ thống', zh: '系统错误', en: 'System error' },
  invalidData: { vi: 'Dữ liệu không hợp lệ: {fields}', zh: '数据无效：{fields}', en: 'Invalid data: {fields}' },
  bodyNotObject: {
    vi: 'Nội dung yêu cầu phải là một đối tượng JSON',
    zh: '请求内容必须是 JSON 对象',
    en: 'The request body must be a JSON object',
  },
  jsonMissing: { vi: 'Thiếu nội dung JSON', zh: '缺少 JSON 内容', en: 'The JSON body is missing' },
  fieldInvalid: { vi: 'không hợp lệ', zh: '无效', en: 'invalid' },
  // What the request itself was refused for, before any handler (the JSON body parser, the HTTP layer).
  requestRefused: {
    vi: 'Yêu cầu không được chấp nhận (HTTP {status})',
    zh: '请求未被接受（HTTP {status}）',
    en: 'The request was not accepted (HTTP {status})',
  },
  jsonEmptyBody: {
    vi: 'Nội dung JSON trống trong khi Content-Type là application/json',
    zh: 'Content-Type 为 application/json，但 JSON 内容为空',
    en: 'The JSON body is empty while Content-Type is application/json',
  },
  bodyLengthMismatch: {
    vi: 'Độ dài nội dung không khớp với Content-Length',
    zh: '请求内容长度与 Content-Length 不符',
    en: 'The body’s length does not match Content-Length',
  },
  mediaTypeUnsupported: {
    vi: 'Kiểu nội dung không được hỗ trợ: hãy gửi application/json',
    zh: '不支持的内容类型：请发送 application/json',
    en: 'Unsupported content type: send application/json',
  },
  // The JSON body checks (libs/validation/src/json-hygiene.ts), the field by its path in the body.
  jsonNotUtf8: {
    vi: 'Nội dung yêu cầu không phải văn bản UTF-8 hợp lệ',
    zh: '请求内容不是有效的 UTF-8 文本',
    en: 'The request body is not valid UTF-8 text',
  },
  jsonSyntax: { vi: 'JSON không hợp lệ', zh: 'JSON 格式无效', en: 'Invalid JSON' },
  jsonSyntaxAt: {
    vi: 'JSON không hợp lệ tại vị trí {position}',
    zh: 'JSON 在第 {position} 个字符处格式无效',
    en: 'Invalid JSON at position {position}',
  },
  jsonLoneSurrogate: {
    vi: '"{field}" chứa ký tự Unicode không hợp lệ',
    zh: '"{field}"含有无效的 Unicode 字符',
    en: '"{field}" contains an invalid Unicode character',
  },
  jsonControlChar: {
    vi: '"{field}" chứa ký tự điều khiển không được phép',
    zh: '"{field}"含有不允许的控制字符',
    en: '"{field}" contains a control character that is not allowed',
  },
  jsonNumberRange: {
    vi: '"{field}" nằm ngoài phạm vi số cho phép',
    zh: '"{field}"超出允许的数值范围',
    en: '"{field}" is outside the range of numbers allowed',
  },
  jsonNegativeZero: { vi: '"{field}" không được là -0', zh: '"{field}"不能为 -0', en: '"{field}" must not be -0' },
  jsonTooDeep: {
    vi: 'Dữ liệu lồng nhau quá {max} cấp',
    zh: '数据嵌套超过 {max} 层',
    en: 'The data is nested more than {max} levels deep',
  },
  jsonArrayTooLong: {
    vi: '"{field}" có quá {max} phần tử',
    zh: '"{field}"的元素超过 {max} 个',
    en: '"{field}" has more than {max} items',
  },
  jsonKeyInvalid: {
    vi: 'Tên trường trong "{field}" chứa ký tự không hợp lệ',
    zh: '"{field}"中的字段名含有无效字符',
    en: 'A field name in "{field}" contains an invalid character',
  },
  jsonKeyForbidden: {
    vi: 'Trường "{key}" không được phép',
    zh: '不允许字段"{key}"',
    en: 'Field "{key}" is not allowed',
  },
  jsonKeyTwice: {
    vi: 'Trường "{field}" xuất hiện hai lần',
    zh: '字段"{field}"出现了两次',
    en: 'Field "{field}" appears twice',
  },
  eventBatchInvalid: {
    vi: 'Lô sự kiện không hợp lệ: {fields}',
    zh: '事件批次无效：{fields}',
    en: 'Invalid event batch: {fields}',
  },

  // Per field, from class-validator's constraints (the field by its name in the API).
  fieldNotAllowed: {
    vi: 'Trường "{field}" không được phép',
    zh: '不允许字段"{field}"',
    en: 'Field "{field}" is not allowed',
  },
  fieldMissing: { vi: 'Thiếu trường "{field}"', zh: '缺少字段"{field}"', en: 'Field "{field}" is missing' },
  fieldString: { vi: '"{field}" phải là chuỗi ký tự', zh: '"{field}"必须是文本', en: '"{field}" must be text' },
  fieldNumber: { vi: '"{field}" phải là số', zh: '"{field}"必须是数字', en: '"{field}" must be a number' },
  fieldPositive: {
    vi: '"{field}" phải là số dương',
    zh: '"{field}"必须是正数',
    en: '"{field}" must be a positive number',
  },
  fieldArray: { vi: '"{field}" phải là danh sách', zh: '"{field}"必须是列表', en: '"{field}" must be a list' },
  fieldNonEmpty: {
    vi: '"{field}" phải có ít nhất một phần tử',
    zh: '"{field}"至少要有一项',
    en: '"{field}" must have at least one item',
  },
  fieldOneOf: {
    vi: '"{field}" không thuộc các giá trị cho phép: {values}',
    zh: '"{field}"不是允许的值：{values}',
    en: '"{field}" is not one of the allowed values: {values}',
  },
  fieldIsoInstant: {
    vi: '"{field}" phải là thời điểm ISO 8601',
    zh: '"{field}"必须是 ISO 8601 时间',
    en: '"{field}" must be an ISO 8601 instant',
  },
  fieldEmail: {
    vi: '"{field}" phải là địa chỉ email',
    zh: '"{field}"必须是电子邮件地址',
    en: '"{field}" must be an e-mail address',
  },
  fieldBoolean: {
    vi: '"{field}" phải là true hoặc false',
    zh: '"{field}"必须是 true 或 false',
    en: '"{field}" must be true or false',
  },
  fieldObject: { vi: '"{field}" phải là đối tượng', zh: '"{field}"必须是对象', en: '"{field}" must be an object' },
  fieldMinLength: {
    vi: '"{field}" phải có ít nhất {n} ký tự',
    zh: '"{field}"至少需要 {n} 个字符',
    en: '"{field}" must have at least {n} characters',
  },
  fieldMaxLength: {
    vi: '"{field}" không được dài quá {n} ký tự',
    zh: '"{field}"不得超过 {n} 个字符',
    en: '"{field}" must not be longer than {n} characters',
  },
  fieldMax: {
    vi: '"{field}" không được lớn hơn {n}',
    zh: '"{field}"不得大于 {n}',
    en: '"{field}" must not exceed {n}',
  },
  fieldMin: {
    vi: '"{field}" không được nhỏ hơn {n}',
    zh: '"{field}"不得小于 {n}',
    en: '"{field}" must not be less than {n}',
  },
  fieldMaxItems: {
    vi: '"{field}" có tối đa {n} phần tử',
    zh: '"{field}"最多 {n} 项',
    en: '"{field}" has at most {n} items',
  },
  fieldUuid: {
    vi: '"{field}" phải là mã định danh (UUID)',
    zh: '"{field}"必须是标识符 (UUID)',
    en: '"{field}" must be an identifier (UUID)',
  },
  fieldEnum: {
    vi: '"{field}" không thuộc các giá trị cho phép',
    zh: '"{field}"不是允许的值',
    en: '"{field}" is not an allowed value',
  },
  // class-validator's rarer constraints: the field named, the constraint not.
  fieldRejected: {
    vi: '"{field}" không hợp lệ',
    zh: '"{field}"无效',
    en: '"{field}" is not valid',
  },
  // The constraints a DTO words itself (their message is this key).
  passwordTooShort: {
    vi: 'Mật khẩu phải có ít nhất 8 ký tự',
    zh: '密码至少 8 个字符',
    en: 'The password must have at least 8 characters',
  },
  emailInvalid: { vi: 'Email không hợp lệ', zh: '电子邮件无效', en: 'Invalid e-mail address' },
  gateCodesInvalid: { vi: 'Mã cửa khẩu không hợp lệ', zh: '口岸代码无效', en: 'Invalid gate code' },
  effectiveDateFormat: {
    vi: 'Ngày hiệu lực phải có dạng YYYY-MM-DD',
    zh: '生效日期必须为 YYYY-MM-DD 格式',
    en: 'The effective date must be YYYY-MM-DD',
  },
  goodsRequired: { vi: 'Cần ít nhất một nhóm hàng', zh: '至少需要一组货物', en: 'At least one goods group is needed' },
  vehiclesRequired: { vi: 'Cần ít nhất một phương tiện', zh: '至少需要一辆车', en: 'At least one truck is needed' },
  fieldFormat: {
    vi: '"{field}" không đúng định dạng',
    zh: '"{field}"格式不正确',
    en: '"{field}" is not in the right format',
  },

  // Sessions and access.
  sessionExpired: {
    vi: 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại',
    zh: '登录已过期，请重新登录',
    en: 'The session has expired, please log in again',
  },
  sessionEnded: {
    vi: 'Phiên đăng nhập đã kết thúc, vui lòng đăng nhập lại',
    zh: '登录已结束，请重新登录',
    en: 'The session has ended, please log in again',
  },
  invalidToken: { vi: 'Mã truy cập không hợp lệ', zh: '访问令牌无效', en: 'Invalid access token' },
  tokenInUrl: {
    vi: 'Không gửi mã truy cập trên URL: hãy gửi trong auth.token',
    zh: '不要在 URL 中发送访问令牌：请放在 auth.token 中',
    en: 'Do not send the access token in the URL: send it in auth.token',
  },
  tokenOtherUser: {
    vi: 'Mã truy cập mới thuộc người dùng hoặc quyền khác: hãy kết nối lại',
    zh: '新的访问令牌属于其他用户或角色：请重新连接',
    en: 'The new access token belongs to another user or role: connect again',
  },
  originNotAllowed: {
    vi: 'Nguồn {origin} không được phép kết nối',
    zh: '来源 {origin} 不允许连接',
    en: 'Origin {origin} may not connect',
  },
  wrongCredentials: {
    vi: 'Email hoặc mật khẩu không đúng',
    zh: '电子邮件或密码不正确',
    en: 'Wrong e-mail or password',
  },
  accountDisabled: {
    vi: 'Tài khoản đã bị vô hiệu hóa, hãy liên hệ ban quản lý cửa khẩu',
    zh: '账户已被停用，请联系口岸管理处',
    en: 'The account is disabled: contact the gate management',
  },
  accountInactive: { vi: 'Tài khoản không còn hoạt động', zh: '账户已不再有效', en: 'The account is no longer active' },
  currentPasswordWrong: {
    vi: 'Mật khẩu hiện tại không đúng',
    zh: '当前密码不正确',
    en: 'The current password is wrong',
  },
  taxCodeTaken: { vi: 'Mã số thuế đã được đăng ký', zh: '该税号已注册', en: 'This tax code is already registered' },
  emailTaken: { vi: 'Email đã được sử dụng', zh: '该电子邮件已被使用', en: 'This e-mail is already in use' },
  gatesUnknown: { vi: 'Cửa khẩu không tồn tại: {gates}', zh: '口岸不存在：{gates}', en: 'No such gate: {gates}' },
  officerNeedsGate: {
    vi: 'Cán bộ phải được phân công ít nhất một cửa khẩu',
    zh: '工作人员必须至少分配一个口岸',
    en: 'An officer must be assigned at least one gate',
  },
  cannotDisableSelf: {
    vi: 'Không thể tự vô hiệu hóa tài khoản của mình',
    zh: '不能停用自己的账户',
    en: 'You cannot disable your own account',
  },
  noFirm: {
    vi: 'Tài khoản không thuộc doanh nghiệp nào',
    zh: '该账户不属于任何企业',
    en: 'The account belongs to no firm',
  },
  notAssignedGate: {
    vi: 'Bạn không được phân công tại cửa khẩu {gate}',
    zh: '您未被分配到口岸 {gate}',
    en: 'You are not assigned to gate {gate}',
  },
  internalOnly: { vi: 'Chỉ dành cho dịch vụ nội bộ', zh: '仅供内部服务使用', en: 'For internal services only' },
  opsTokenNeeded: {
    vi: 'Cần mã theo dõi (OPS_TOKEN) để đọc số liệu',
    zh: '读取指标需要监控令牌 (OPS_TOKEN)',
    en: 'Reading the metrics needs the monitoring token (OPS_TOKEN)',
  },

  // Forgotten password.
  resetLinkInvalid: {
    vi: 'Đường dẫn đặt lại mật khẩu không dùng được: đã dùng, đã hết hạn hoặc không đúng. Hãy yêu cầu đường dẫn mới',
    zh: '重置密码链接无法使用：已使用、已过期或不正确。请重新申请链接',
    en: 'This password reset link does not work: used, expired or wrong. Ask for a new link',
  },

  // Rate limits.
  tooManyViews: {
    vi: 'Quá nhiều lần xem trong thời gian ngắn, vui lòng thử lại sau {seconds} giây',
    zh: '短时间内查看次数过多，请 {seconds} 秒后再试',
    en: 'Too many views in a short time, please retry in {seconds} seconds',
  },
  tooManyTries: {
    vi: 'Quá nhiều lần thử, vui lòng thử lại sau {seconds} giây',
    zh: '尝试次数过多，请 {seconds} 秒后再试',
    en: 'Too many attempts, please retry in {seconds} seconds',
  },
  tooManyWrites: {
    vi: 'Quá nhiều yêu cầu ghi trong thời gian ngắn, vui lòng thử lại sau {seconds} giây',
    zh: '短时间内写入请求过多，请 {seconds} 秒后再试',
    en: 'Too many changes in a short time, please retry in {seconds} seconds',
  },
  tooManyMessages: {
    vi: 'Quá nhiều tin nhắn, vui lòng chậm lại',
    zh: '消息过多，请放慢速度',
    en: 'Too many messages, please slow down',
  },
  tooManyPlateSearches: {
    vi: 'Tìm biển số quá nhiều lần, vui lòng thử lại sau {seconds} giây',
    zh: '查找车牌次数过多，请 {seconds} 秒后再试',
    en: 'Too many plate searches, please retry in {seconds} seconds',
  },

  // Services behind the one answering.
  declarationServiceDown: {
    vi: 'Dịch vụ khai báo tạm thời không phản hồi, vui lòng thử lại',
    zh: '申报服务暂时无响应，请重试',
    en: 'The declaration service is not answering, please retry',
  },
  declarationServiceError: {
    vi: 'Dịch vụ khai báo trả lỗi {status}, vui lòng thử lại',
    zh: '申报服务返回错误 {status}，请重试',
    en: 'The declaration service answered error {status}, please retry',
  },
  queueServiceDown: {
    vi: 'Dịch vụ hàng chờ tạm thời không phản hồi, vui lòng thử lại',
    zh: '排队服务暂时无响应，请重试',
    en: 'The queue service is not answering, please retry',
  },
  queueServiceError: {
    vi: 'Dịch vụ hàng chờ trả lỗi {status}, vui lòng thử lại',
    zh: '排队服务返回错误 {status}，请重试',
    en: 'The queue service answered error {status}, please retry',
  },
  yardUnreachable: {
    vi: 'Chưa liên lạc được với bãi chờ để xác nhận thay đổi. Yêu cầu đã được ghi nhận và sẽ được xử lý tự động trong ít phút; xem lại trạng thái và lịch sử tờ khai.',
    zh: '暂时无法联系停车场确认变更。请求已记录，将在几分钟内自动处理；请查看申报单的状态和历史。',
    en: 'The yard could not be reached to confirm the change. The request is recorded and will be handled by itself within minutes; check the declaration’s state and history.',
  },

  // Not found, by what.
  trackCodeNotFound: { vi: 'Không tìm thấy mã theo dõi', zh: '未找到跟踪码', en: 'Tracking code not found' },
  vehicleNotFound: { vi: 'Không tìm thấy phương tiện', zh: '未找到车辆', en: 'Vehicle not found' },
  gateNotFound: { vi: 'Không tìm thấy cửa khẩu {gate}', zh: '未找到口岸 {gate}', en: 'Gate {gate} not found' },
  gateListNotFound: {
    vi: 'Không tìm thấy danh sách cửa khẩu',
    zh: '未找到口岸列表',
    en: 'The list of gates was not found',
  },
  queueEntryNotFound: { vi: 'Không tìm thấy lượt xếp hàng', zh: '未找到排队记录', en: 'Queue entry not found' },
  accountNotFound: { vi: 'Không tìm thấy tài khoản', zh: '未找到账户', en: 'Account not found' },
  declarationNotFound: { vi: 'Không tìm thấy tờ khai', zh: '未找到申报单', en: 'Declaration not found' },
  changeRequestNotFound: {
    vi: 'Không tìm thấy yêu cầu thay đổi',
    zh: '未找到变更请求',
    en: 'Change request not found',
  },
  correctionNotFound: {
    vi: 'Không tìm thấy yêu cầu sửa đổi',
    zh: '未找到修改要求',
    en: 'Correction request not found',
  },
  webhookNotFound: {
    vi: 'Không tìm thấy địa chỉ nhận sự kiện',
    zh: '未找到事件接收地址',
    en: 'Event endpoint not found',
  },
  notificationNotFound: { vi: 'Không tìm thấy tin nhắn', zh: '未找到消息', en: 'Message not found' },
  fleetBookVehicleNotFound: {
    vi: 'Không tìm thấy xe này trong sổ của doanh nghiệp',
    zh: '企业车辆簿中未找到该车辆',
    en: 'This truck is not in the firm’s book',
  },
  fleetBookDriverNotFound: {
    vi: 'Không tìm thấy lái xe này trong sổ của doanh nghiệp',
    zh: '企业司机簿中未找到该司机',
    en: 'This driver is not in the firm’s book',
  },
  acceptedVehicleNotFound: {
    vi: 'Không tìm thấy phương tiện {plate} có tờ khai đã được hải quan chấp nhận',
    zh: '未找到申报单已获海关接受的车辆 {plate}',
    en: 'No truck {plate} with a declaration accepted by customs',
  },

  // The live socket.
  connectionClosed: { vi: 'Kết nối đã đóng', zh: '连接已关闭', en: 'The connection is closed' },
  boardOnlyOptions: {
    vi: 'Chỉ bảng công khai (view "board") chọn số xe và chiều',
    zh: '只有公共看板 (view "board") 可以选择车辆数和方向',
    en: 'Only the public board (view "board") chooses the number of trucks and the direction',
  },
  maxGatesPerConnection: {
    vi: 'Tối đa {n} cửa khẩu trên một kết nối',
    zh: '每个连接最多 {n} 个口岸',
    en: 'At most {n} gates on one connection',
  },
  notSubscribed: {
    vi: 'Chưa theo dõi cửa khẩu {gate}: hãy gửi subscribe trước',
    zh: '尚未关注口岸 {gate}：请先发送 subscribe',
    en: 'Not subscribed to gate {gate}: send subscribe first',
  },
  boardBeforePlateSearch: {
    vi: 'Hãy theo dõi bảng công khai của cửa khẩu {gate} trước khi tìm biển số',
    zh: '查找车牌前请先关注口岸 {gate} 的公共看板',
    en: 'Follow the public board of gate {gate} before searching for a plate',
  },
  loginForQueue: {
    vi: 'Cần đăng nhập để xem hàng chờ này (bảng công khai: view "board")',
    zh: '查看此队列需要登录（公共看板：view "board"）',
    en: 'Log in to see this queue (public board: view "board")',
  },
  firmOwnVehicles: {
    vi: 'Chỉ tài khoản doanh nghiệp xem được xe của doanh nghiệp mình',
    zh: '只有企业账户可以查看本企业的车辆',
    en: 'Only a firm account sees its own firm’s trucks',
  },
  viewForRoles: {
    vi: 'Màn hình "{view}" dành cho cán bộ {roles}',
    zh: '"{view}" 界面仅供 {roles} 工作人员使用',
    en: 'The "{view}" screen is for {roles} officers',
  },
  eventUnsupported: {
    vi: 'Sự kiện không được hỗ trợ: "{event}" (chỉ có {known})',
    zh: '不支持的事件："{event}"（仅支持 {known}）',
    en: 'Unsupported event: "{event}" (only {known})',
  },

  // The state a second no-show leaves an entry in (the vehicle states are the domain's, below).
  state_NO_SHOW: { vi: 'NO_SHOW (vắng mặt hai lần)', zh: 'NO_SHOW（两次未到）', en: 'NO_SHOW (absent twice)' },

  // The yard and its queue.
  plateInvalid: { vi: 'Biển số không hợp lệ', zh: '车牌无效', en: 'Invalid plate' },
  plateInvalidQuoted: {
    vi: 'Biển số không hợp lệ: "{plate}"',
    zh: '车牌无效："{plate}"',
    en: 'Invalid plate: "{plate}"',
  },
  plateOrQr: {
    vi: 'Nhập biển số hoặc mã QR trên phiếu (một trong hai)',
    zh: '请输入车牌或单据上的二维码（二选一）',
    en: 'Enter the plate or the QR code on the slip (one of the two)',
  },
  qrInvalid: {
    vi: 'Mã QR không hợp lệ hoặc không do hệ thống cấp',
    zh: '二维码无效或非本系统签发',
    en: 'The QR code is invalid or was not issued by this system',
  },
  declarationWithdrawnNoEntry: {
    vi: 'Tờ khai của phương tiện {plate} đã bị hủy hoặc rút, không thể vào bãi',
    zh: '车辆 {plate} 的申报单已取消或撤回，不能进入停车场',
    en: 'The declaration of truck {plate} was cancelled or withdrawn: it cannot enter the yard',
  },
  declaredAtOtherGate: {
    vi: 'Phương tiện {plate} khai báo qua cửa khẩu {declared}, không phải {gate}',
    zh: '车辆 {plate} 申报经由口岸 {declared}，而不是 {gate}',
    en: 'Truck {plate} is declared through gate {declared}, not {gate}',
  },
  alreadyQueuedAs: {
    vi: 'Phương tiện {plate} đã có trong hàng chờ ({state}{window})',
    zh: '车辆 {plate} 已在队列中（{state}{window}）',
    en: 'Truck {plate} is already in the queue ({state}{window})',
  },
  windowFrom: { vi: '; khung giờ bắt đầu {time}', zh: '；时段开始于 {time}', en: '; window from {time}' },
  tripOver: {
    vi: 'Phương tiện {plate} đã kết thúc lượt qua cửa khẩu ({state}): cần tờ khai mới',
    zh: '车辆 {plate} 的本次通关已结束（{state}）：需要新的申报单',
    en: 'Truck {plate} has finished its crossing ({state}): a new declaration is needed',
  },
  alreadyQueued: {
    vi: 'Phương tiện đã có trong hàng chờ',
    zh: '车辆已在队列中',
    en: 'The truck is already in the queue',
  },
  confirmingRole: {
    vi: 'Xác nhận của {agency} phải do cán bộ {role} thực hiện',
    zh: '{agency} 的确认必须由 {role} 工作人员完成',
    en: 'The {agency} confirmation must be given by a {role} officer',
  },
  noneWaiting: {
    vi: 'Không còn xe nào đang chờ gọi ({direction})',
    zh: '没有等待叫号的车辆（{direction}）',
    en: 'No truck is waiting to be called ({direction})',
  },
  directionExport: { vi: 'xuất', zh: '出口', en: 'export' },
  directionImport: { vi: 'nhập', zh: '进口', en: 'import' },
  confirmNotNow: {
    vi: 'Không thể xác nhận khi xe đang ở trạng thái {state}',
    zh: '车辆处于 {state} 状态时无法确认',
    en: 'Cannot confirm while the truck is {state}',
  },
  quarantineNotNeeded: {
    vi: 'Hàng hóa của xe này không cần kiểm dịch',
    zh: '该车货物无需检疫',
    en: 'This truck’s goods need no quarantine',
  },

  // Gates and their settings.
  gateCodeInvalid: {
    vi: 'Mã cửa khẩu không hợp lệ: "{code}"',
    zh: '口岸代码无效："{code}"',
    en: 'Invalid gate code: "{code}"',
  },
  gateUnknown: { vi: 'Cửa khẩu {gate} không tồn tại', zh: '口岸 {gate} 不存在', en: 'Gate {gate} does not exist' },
  gateNotSuspended: {
    vi: 'Cửa khẩu {gate} không bị tạm dừng',
    zh: '口岸 {gate} 未暂停',
    en: 'Gate {gate} is not suspended',
  },
  settingsInvalid: {
    vi: 'Cấu hình không hợp lệ: {n} mục cần sửa — {details}',
    zh: '配置无效：{n} 项需要修改 — {details}',
    en: 'Invalid settings: {n} to correct — {details}',
  },
  reopenInFuture: {
    vi: 'Thời điểm mở lại phải ở tương lai',
    zh: '重新开放时间必须在将来',
    en: 'The reopening time must be in the future',
  },

  // Fees.
  receiptFormat: {
    vi: 'Số biên lai chỉ gồm chữ, số và các ký tự - / . (tối đa 40 ký tự), ví dụ HN-000123',
    zh: '收据号只能包含字母、数字和 - / . 字符（最多 40 个字符），例如 HN-000123',
    en: 'A receipt number has only letters, digits and - / . (at most 40 characters), e.g. HN-000123',
  },
  feeWithdrawn: {
    vi: 'Xe {plate} đã được rút khỏi tờ khai: không thu phí',
    zh: '车辆 {plate} 已从申报单撤出：不收费',
    en: 'Truck {plate} was withdrawn from its declaration: no fee',
  },
  feeNoRate: {
    vi: 'Biểu phí chưa có mức cho hạng phương tiện của xe {plate}: đề nghị ban quản lý bổ sung biểu phí',
    zh: '收费表中没有车辆 {plate} 所属类别的费率：请管理处补充收费表',
    en: 'The tariff has no rate for the class of truck {plate}: ask the gate management to add one',
  },
  feeAlreadyPaid: {
    vi: 'Xe {plate} đã nộp phí {amount} (biên lai {receipt}); mỗi chuyến chỉ thu một lần',
    zh: '车辆 {plate} 已缴费 {amount}（收据 {receipt}）；每趟只收一次',
    en: 'Truck {plate} has paid {amount} (receipt {receipt}); each trip is charged once',
  },
  receiptUsed: {
    vi: 'Số biên lai {receipt} đã được dùng tại cửa khẩu {gate}',
    zh: '收据号 {receipt} 已在口岸 {gate} 使用',
    en: 'Receipt number {receipt} is already used at gate {gate}',
  },
  refundReasonNeeded: { vi: 'Cần ghi lý do hoàn phí', zh: '需要填写退费原因', en: 'Give the reason for the refund' },
  refundNothingPaid: {
    vi: 'Xe {plate} chưa nộp phí: không có gì để hoàn',
    zh: '车辆 {plate} 尚未缴费：没有可退的费用',
    en: 'Truck {plate} has not paid: nothing to refund',
  },
  refundTooMuch: {
    vi: 'Số tiền hoàn vượt quá số đã thu',
    zh: '退费金额超过已收金额',
    en: 'The refund exceeds the amount paid',
  },
  dateInvalid: { vi: 'Ngày không hợp lệ: "{day}"', zh: '日期无效："{day}"', en: 'Invalid date: "{day}"' },
  tariffRateExists: {
    vi: 'Hạng {feeClass} đã có mức phí từ ngày {day}; các mức đã ghi không được sửa, hãy thêm mức với ngày hiệu lực khác',
    zh: '类别 {feeClass} 自 {day} 起已有费率；已记录的费率不可修改，请添加其他生效日期的费率',
    en: 'Class {feeClass} already has a rate from {day}; recorded rates cannot be changed, add one with another effective date',
  },

  // Statistics.
  dayDoesNotExist: { vi: 'Ngày {day} không tồn tại', zh: '日期 {day} 不存在', en: 'Day {day} does not exist' },
  lastDayBeforeFirst: {
    vi: 'Ngày cuối phải không trước ngày đầu',
    zh: '结束日期不能早于开始日期',
    en: 'The last day must not be before the first',
  },
  maxDaysShown: { vi: 'Mỗi lần xem tối đa {n} ngày', zh: '每次最多查看 {n} 天', en: 'At most {n} days at a time' },
  maxDaysDownloaded: {
    vi: 'Mỗi lần tải tối đa {n} ngày',
    zh: '每次最多下载 {n} 天',
    en: 'At most {n} days per download',
  },

  // Notifications.
  emailNeeded: {
    vi: 'Cần địa chỉ e-mail để nhận thông báo qua e-mail',
    zh: '通过电子邮件接收通知需要电子邮件地址',
    en: 'E-mail notifications need an e-mail address',
  },
  pushNotConfigured: {
    vi: 'Thông báo trình duyệt chưa được cấu hình',
    zh: '浏览器通知尚未配置',
    en: 'Browser notifications are not configured',
  },
  slipCodeInvalid: { vi: 'Mã phiếu không hợp lệ', zh: '单据码无效', en: 'Invalid slip code' },
  subscriptionInvalid: { vi: 'Địa chỉ đăng ký không hợp lệ', zh: '订阅地址无效', en: 'Invalid subscription address' },
  subscriptionHttps: {
    vi: 'Địa chỉ đăng ký phải dùng https',
    zh: '订阅地址必须使用 https',
    en: 'The subscription address must use https',
  },
  receiptSignatureInvalid: {
    vi: 'Chữ ký báo cáo gửi tin không hợp lệ',
    zh: '送达回执的签名无效',
    en: 'Invalid signature on the delivery receipt',
  },

  // Declarations.
  firmOpenCap: {
    vi: 'Doanh nghiệp đã có {cap} tờ khai đang mở (nháp, đã nộp, đã chấp nhận hoặc đang chờ): hãy hoàn tất hoặc hủy bớt trước khi tạo mới',
    zh: '企业已有 {cap} 份未结申报单（草稿、已提交、已接受或排队中）：请先完成或取消部分后再新建',
    en: 'The firm already has {cap} open declarations (draft, filed, accepted or queued): finish or cancel some before creating another',
  },
  gateChanging: {
    vi: 'Cấu hình bãi chờ của cửa khẩu {gate} đang được thay đổi: vui lòng gửi lại sau giây lát',
    zh: '口岸 {gate} 的等候场配置正在更改：请稍后重新提交',
    en: 'The waiting yards of gate {gate} are being changed right now: please send the declaration again shortly',
  },
  idempotencyKeyReused: {
    vi: 'Idempotency-Key này đã được dùng cho một yêu cầu khác',
    zh: '此 Idempotency-Key 已用于另一个请求',
    en: 'This Idempotency-Key was used for another request',
  },
  idempotencyKeyFormat: {
    vi: 'Idempotency-Key phải dài 8–128 ký tự chữ, số, . _ : -',
    zh: 'Idempotency-Key 必须是 8–128 个字母、数字或 . _ : - 字符',
    en: 'Idempotency-Key must be 8–128 letters, digits, . _ : -',
  },
  correctionNotOfDeclaration: {
    vi: 'Yêu cầu sửa đổi không thuộc tờ khai này',
    zh: '该修改要求不属于此申报单',
    en: 'This correction request is not of this declaration',
  },
  correctionAnswered: {
    vi: 'Yêu cầu sửa đổi này đã được trả lời',
    zh: '该修改要求已答复',
    en: 'This correction request has already been answered',
  },
  cancelWhileQueued: {
    vi: 'Không thể hủy tờ khai: xe {plate} đang ở trạng thái {state}. Nếu xe không qua cửa khẩu nữa, đề nghị cán bộ bãi chờ hủy lượt xếp hàng của xe.',
    zh: '无法取消申报单：车辆 {plate} 处于 {state} 状态。如果车辆不再过境，请停车场工作人员取消该车的排队。',
    en: 'The declaration cannot be cancelled: truck {plate} is {state}. If the truck will not cross, ask the yard officer to cancel its place in the queue.',
  },
  correctionOnlyFiled: {
    vi: 'Chỉ yêu cầu sửa tờ khai đã nộp hoặc đã chấp nhận; trạng thái hiện tại: {status}',
    zh: '只能对已提交或已接受的申报单要求修改；当前状态：{status}',
    en: 'Only a filed or accepted declaration can be sent back for correction; current state: {status}',
  },
  statusAndState: { vi: '{status} ({state})', zh: '{status}（{state}）', en: '{status} ({state})' },
  correctionNotAnsweredYet: {
    vi: 'Yêu cầu sửa đổi đang ở trạng thái {status}: chỉ duyệt được khi doanh nghiệp đã sửa (ANSWERED)',
    zh: '修改要求处于 {status} 状态：只有企业修改后 (ANSWERED) 才能批准',
    en: 'The correction request is {status}: it can be approved only once the firm has corrected (ANSWERED)',
  },
  amendPending: {
    vi: 'Yêu cầu sửa tờ khai gửi lúc {at} đang chờ bãi chờ xác nhận; vui lòng thử lại sau ít phút',
    zh: '{at} 提交的申报单修改请求正在等待停车场确认；请几分钟后再试',
    en: 'The amendment sent at {at} is waiting for the yard’s confirmation; please retry in a few minutes',
  },
  cancelPending: {
    vi: 'Yêu cầu hủy tờ khai gửi lúc {at} đang chờ bãi chờ xác nhận; vui lòng thử lại sau ít phút',
    zh: '{at} 提交的申报单取消请求正在等待停车场确认；请几分钟后再试',
    en: 'The cancellation sent at {at} is waiting for the yard’s confirmation; please retry in a few minutes',
  },
  vehicleInOtherDeclaration: {
    vi: 'Một phương tiện trong tờ khai đang có tờ khai khác còn hiệu lực (đã nộp, đã chấp nhận hoặc đang trong hàng chờ)',
    zh: '申报单中的一辆车另有有效的申报单（已提交、已接受或排队中）',
    en: 'A truck of the declaration has another declaration in force (filed, accepted or in the queue)',
  },
  noVehiclesLeft: {
    vi: 'Tờ khai đang ở trạng thái {status}: không còn phương tiện nào để xử lý',
    zh: '申报单处于 {status} 状态：没有可处理的车辆',
    en: 'The declaration is {status}: no truck is left to handle',
  },
  plateKeyOrVehicleId: {
    vi: 'Cần đúng một trong plateKey, vehicleId',
    zh: 'plateKey 和 vehicleId 必须且只能提供一个',
    en: 'Exactly one of plateKey, vehicleId is needed',
  },
  maxWebhooks: {
    vi: 'Mỗi doanh nghiệp có tối đa {n} địa chỉ nhận sự kiện',
    zh: '每个企业最多 {n} 个事件接收地址',
    en: 'A firm has at most {n} event endpoints',
  },

  // Gate settings beyond the schedule the domain checks.
  weekdayRange: {
    vi: 'Thứ trong tuần phải từ 0 (Chủ nhật) đến 6',
    zh: '星期必须在 0（星期日）到 6 之间',
    en: 'The day of the week must be 0 (Sunday) to 6',
  },
  capDayFormat: {
    vi: 'Ngày phải có dạng YYYY-MM-DD',
    zh: '日期必须是 YYYY-MM-DD 格式',
    en: 'The date must be YYYY-MM-DD',
  },
  capDayRange: {
    vi: 'Giới hạn ngày phải là số nguyên từ 0',
    zh: '每日上限必须是从 0 起的整数',
    en: 'The day’s cap must be a whole number from 0',
  },

  // The domain's refusals (libs/domain/src/refusal.ts), kept in a file of their own.
  ...DOMAIN_MESSAGES,
} as const satisfies Record<string, Record<Language, string>>;

export type MessageKey = keyof typeof MESSAGES;

/** A catalog message with its parameters; a parameter may itself be a message, rendered in the same language. */
export interface Message {
  key: MessageKey;
  params?: MessageParams;
}
export type MessageParams = Record<string, string | number | Message>;

/** `CLEARED (đã thông quan)` in the language of the message it goes into. */
export function stateMessage(state: VehicleState | 'NO_SHOW'): Message {
  return { key: `state_${state}` };
}

/** A refusal of libs/domain as a catalog message: its code is its key, its phrases messages in turn. */
export function refusalMessage(r: Refusal): Message {
  if (!r.params) return { key: r.code };
  const params: MessageParams = {};
  for (const [name, v] of Object.entries(r.params)) params[name] = typeof v === 'object' ? refusalMessage(v) : v;
  return { key: r.code, params };
}

/** `a; b; c`, each said in the reader's language. */
export function messageList(items: readonly Message[]): Message | string {
  if (items.length === 0) return '';
  const [first, ...rest] = items;
  return rest.length === 0 ? first : { key: 'listSemicolon', params: { first, rest: messageList(rest) } };
}

/** A field the domain refused, as the error list names it. */
export function refusedField(f: FieldRefusal, prefix = ''): { field: string; message: Message } {
  return { field: prefix + f.field, message: refusalMessage(f.refusal) };
}

/** The message in `lang`, placeholders filled (an unknown one stays visible as `{name}`). */
export function renderMessage(m: Message, lang: Language): string {
  return fillPlaceholders(MESSAGES[m.key][lang], m.params, (v) => renderMessage(v, lang));
}
