// All staff- and citizen-facing text of the Worker (zh-CN). Other languages copy this shape. Labels that are the
// law's own wording (annual-report columns, fee methods, outcomes) live with the law in workflows/ and are used as is.
import type { PartialCount } from '../../workflows/calendar'
import { REMEDY_RESULT_LABELS } from '../../workflows/outcomes'
import type {
  PreviewMessage,
  ReportingPeriod,
  TableFileError,
  TableNotice,
  TaskColumn,
} from '../../workflows/tasks'
import { embedMessages } from './embed.zh-CN'

type Params = Record<string, string | number>

export const zhCN = {
  product: {
    name: '政务公开申请与办理平台',
    short: '政务公开平台',
  },
  home: {
    intro:
      '公民、法人或者其他组织可以在线向下列机关申请获取政府信息，并凭申请编号和查询码查询办理进度，无需注册。',
    apply: '在线申请政府信息公开',
    track: '查询办理进度',
    trackLink: '输入申请编号和查询码查询',
  },
  errors: {
    bad_request: '请求无效。',
    not_found: '找不到您要访问的页面或资源。',
    method_not_allowed: '不支持该请求方法。',
    validation_failed: '提交的内容有误，请检查后重试。',
    malformed_json: '请求体不是有效的 JSON。',
    unsupported_media_type: '不支持的内容类型。',
    payload_too_large: '提交的内容过大。',
    unauthenticated: '请先登录。',
    invalid_credentials: '用户名或密码错误。',
    too_many_attempts: '尝试次数过多，请稍后再试。',
    rate_limited: '请求过于频繁，请稍后再试。',
    /** The same refusal when the wait is known. */
    rateLimitedWait: (minutes: number) =>
      `请求过于频繁，请在 ${minutes} 分钟后再试。已提交的申请不受影响，申请编号和查询码仍然有效。`,
    forbidden: '您没有执行此操作的权限。',
    csrf_failed: '表单已失效或来源不可信，请刷新页面后重试。',
    password_change_required: '您的密码已由管理员重置，请先设置新密码。',
    mfa_required: '此账号已启用两步验证：请同时提供身份验证器应用显示的 6 位验证码（或一个恢复码）。',
    mfa_invalid: '验证码不正确或已使用过，请输入身份验证器应用当前显示的验证码。',
    mfa_enrolment_required:
      '您的角色（管理员、审计员或平台运营者）必须启用两步验证。请先在“两步验证”页面完成设置，然后才能继续使用。',
    conflict: '该记录已被他人修改，请刷新后重试。',
    unknown_action: '未知的操作。',
    not_allowed_in_state: '案件当前状态下不能执行该操作。',
    case_closed: '案件已终结。',
    guard_failed: '不满足执行该操作的条件。',
    idempotency_conflict: '同一幂等键已用于不同的请求内容。',
    link_expired: '此链接已过期。请凭申请编号和查询码在“查询办理进度”页面查询。',
    calendar_year_not_loaded: '所需年度的节假日安排尚未载入或尚未确认，无法计算期限。',
    report_year_closed:
      '该年度的年度报告已关账：不能再改动计入该年度“本年新收”的收到日期。如确需更正，请管理员先重新开账。',
    /** The same refusal when the year is known. */
    calendarYearNotLoaded: (year: number) => `${year} 年的节假日安排尚未载入或尚未确认，无法计算期限。`,
    internal: '系统内部错误，请稍后再试。如问题持续，请联系管理员并提供错误追踪号。',
    service_unavailable: '服务暂时不可用，请稍后重试。已提交的内容不会重复办理。',
  },
  errorPage: {
    titlePrefix: '错误：',
    summaryTitle: '出现问题',
    requestId: '错误追踪号',
    requestIdHint: '（仅供技术支持排查问题使用，不是申请编号）',
    backHome: '返回首页',
  },
  auth: {
    loginTitle: '工作人员登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    logout: '退出登录',
    loggedInAs: '当前用户',
    usernameRequired: '请输入用户名',
    passwordRequired: '请输入密码',
  },
  account: {
    title: '修改密码',
    mustChange: '您的密码已由管理员重置。请先设置一个只有您知道的新密码，然后才能继续使用。',
    rules: '新密码至少 12 位，不能是常见密码，也不能包含用户名。修改后，您在其他设备上的登录将失效。',
    current: '当前密码',
    next: '新密码',
    submit: '修改密码',
    changed: '密码已修改。',
  },
  mfa: {
    title: '两步验证',
    intro:
      '两步验证在密码之外再要求一个一次性验证码：验证码由您手机上的身份验证器应用（支持 TOTP 的任一应用，如 FreeOTP、Microsoft Authenticator、Google 身份验证器）每 30 秒生成一次。',
    required: '您的角色（管理员、审计员或平台运营者）必须启用两步验证：完成设置之前不能进行其他操作。',
    optional: '两步验证对您的角色是可选的，但建议启用。',
    step1: '第一步：用身份验证器应用扫描二维码',
    qrLabel: '两步验证设置二维码',
    manual: '无法扫描时，在应用中选择“手动输入密钥”，输入以下密钥（基于时间，6 位，30 秒）：',
    step2: '第二步：输入应用显示的 6 位验证码，确认启用',
    code: '验证码',
    codeHint: '6 位数字，例如 123456',
    codeOrRecovery: '验证码或恢复码',
    codeOrRecoveryHint: '6 位数字；手机不在身边时，可输入一个恢复码（如 abcd-efgh-jkmn-pqrs）',
    codeRequired: '请输入验证码',
    confirm: '确认启用',
    enrolledOn: (when: string) => `已于 ${when} 启用两步验证。`,
    recoveryLeft: (n: number) => `剩余未使用的恢复码：${n} 个。`,
    recoveryTitle: '恢复码',
    recoveryIntro:
      '手机丢失或无法使用时，每个恢复码可代替验证码登录一次。恢复码只显示这一次：请立即打印或抄写，妥善保管，不要存放在手机上。',
    enrolledNow: '两步验证已启用。',
    regenerate: '重新生成恢复码',
    regenerateHint: '重新生成后，原有的恢复码全部作废。请输入当前验证码确认。',
    disable: '停用两步验证',
    disableHint: '停用后登录只需密码。请输入当前验证码确认。',
    disabledNow: '两步验证已停用。',
    requiredCannotDisable: '您的角色必须启用两步验证，不能停用。如手机丢失，请联系管理员重置。',
    alreadyEnrolled: '两步验证已经启用。',
    noEnrolment: '尚未开始设置两步验证，请刷新页面重试。',
    wrongCode: '验证码不正确或已使用过，请输入身份验证器应用当前显示的验证码。',
    loginTitle: '输入验证码',
    loginIntro: '您的账号已启用两步验证。请打开身份验证器应用，输入显示的 6 位验证码。',
    verify: '验证',
    cancel: '取消并退出',
  },
  roles: {
    registrar: '登记员',
    handler: '承办人',
    legal_reviewer: '法制审核员',
    approver: '签发人',
    admin: '管理员',
    auditor: '审计员',
    task_coordinator: '任务统筹员',
    task_reporter: '任务填报员',
  },
  workbench: {
    queuesTitle: '我的工作队列',
    queues: {
      submitted: '待确认收到',
      received: '待受理',
      mine: '待我办理',
      legal_review: '待法制审核',
      awaiting_approval: '待签发',
      approved: '待发出',
      awaiting_correction: '补正中',
      consulting: '征求意见中',
      due_soon: '即将到期',
      overdue: '已逾期',
    },
    inboxTitle: '全部提醒',
    allNotifications: '查看全部提醒',
    unread: (n: number) => `未读 ${n} 条`,
    unreadTag: '未读',
    markRead: '标为已读',
    dismiss: '移除',
  },
  nav: {
    label: '工作区',
    workbench: '工作台',
    cases: '案件',
    tasks: '任务',
    reports: '报表',
    settings: '设置',
    audit: '审计',
  },
  admin: {
    dashboardTitle: '工作台',
    yourAgencies: '您所在的机关及角色',
    inbox: '待办提醒',
    inboxEmpty: '暂无提醒。',
    users: '工作人员',
    displayName: '姓名',
    roles: '角色',
    status: '状态',
    actions: '操作',
    calendar: '节假日安排',
    settings: '机关设置',
    cases: '依申请公开案件',
    plans: '重点任务落实（任务分解表、填报、工作台账）',
    disable: '停用',
    enable: '启用',
    disabled: '已停用',
    active: '正常',
    mustChangePassword: '须设置新密码',
    resetPassword: '重置密码',
    resetPasswordLabel: (username: string) => `${username} 的新密码`,
    passwordWasReset: '密码已重置：该工作人员的登录已全部失效，下次登录须先设置新密码。',
    newUser: '设立工作人员账号',
    newUserIntro:
      '可为本机关及其下属部门、乡镇设立账号，并授予在该单位的角色。审计员由平台运营者设立（三员分立）。新账号首次登录须设置自己的密码。',
    newUserAgency: '所在单位',
    userAgency: '所在单位',
    newUsernameHint: '以本单位体系的标识开头，例如 demo-nrb-zhang；3–64 位字母、数字、点、下划线或连字符。',
    newUserPassword: '初始密码',
    newUserPasswordHint: '至少 12 位，不能包含用户名，不能是常见密码。请通过安全渠道告知本人。',
    createUser: '设立账号',
    userCreated: '账号已设立。请将用户名和初始密码通过安全渠道告知本人，首次登录须设置新密码。',
    changePassword: '修改密码',
    mfa: '两步验证',
    mfaOn: '已启用两步验证',
    resetMfa: '重置两步验证',
    mfaWasReset: '两步验证已重置：该工作人员的登录已全部失效，下次登录后须重新设置两步验证（其角色要求时）。',
    audit: '审计日志',
    platform: '平台运营',
  },
  cases: {
    listTitle: '依申请公开案件',
    state: '办理状态',
    allStates: '全部状态',
    search: '检索',
    searchHint:
      '申请编号、所需信息、申请描述或办理备注中的文字（至少 3 个字）；申请人姓名或证件号码须完整输入（精确匹配，少于 3 个字时只按姓名、证件号码和编号查找）。',
    outcome: '办理结果',
    all: '全部',
    applicantType: '申请人类型',
    channel: '申请渠道',
    receivedFrom: '收到申请之日（起）',
    receivedTo: '收到申请之日（止）',
    dueFrom: '答复期限（起）',
    dueBeforeLabel: '答复期限早于',
    dueSoonOnly: '仅看即将到期',
    sort: '排序',
    sortDue: '按答复期限',
    sortReceived: '按收到申请之日',
    unassigned: '未分办',
    select: '选择',
    selectCase: (reference: string) => `选择 ${reference}`,
    bulkAssignTo: '将选中的案件分办给',
    chooseHandler: '请选择承办人',
    bulkAssign: '批量分办',
    bulkAssigned: (n: number) => `已分办 ${n} 件案件，每件均已记入办理记录。`,
    searchCapped: (n: number) =>
      `结果过多，请细化搜索：含有该文字的案件超过 ${n} 件，以下只在最近登记的 ${n} 件中按所选条件列出。请输入更具体的文字（例如申请编号或更长的词句）。`,
    shortcuts: '快捷键：j / k 在案件间移动，Enter 打开；在案件页按 n 打开本队列的下一件。',
    nextInQueue: '本队列下一件',
    overdueOnly: '仅看已逾期',
    mineOnly: '仅看分给我的',
    filter: '筛选',
    reference: '申请编号',
    title: '所需信息',
    receivedOn: '收到申请之日',
    correctionItems: '需要补正的事项',
    correctionRequested: (on: string, due: string) => `${on} 告知补正，补正期限至 ${due}。`,
    correctionReceivedOn: '收到补正之日',
    restartedFrom: (on: string) => `${on}（答复期限自该日起重新计算 20 个工作日，此前已计的工作日不再计入）`,
    lapseFlagged: (kind: 'correction' | 'fee', endedOn: string) =>
      `${kind === 'fee' ? '缴费' : '补正'}期限已于 ${endedOn} 届满，申请人未${kind === 'fee' ? '缴费' : '补正'}。请核查有无正当理由：无正当理由的“确认视为放弃”；有正当理由的登记理由并重新给予期限。`,
    legalReviewDue: '法制审核期限',
    approvalDue: '签发期限',
    internalTarget: (on: string) => `${on}（本机关内部期限，非法定期限）`,
    consultationWindow: '征求意见期限',
    consultationWindowText: (who: string, sent: string, received: string | null, ends: string) =>
      received
        ? `${who}：${sent} 发函，${received} 收到，意见期限至 ${ends}`
        : `${who}：${sent} 发函，对方收到日期未登记，暂按发函日计至 ${ends}`,
    feeWindow: '缴费期限',
    feeWindowText: (issued: string, received: string | null, payBy: string) =>
      received
        ? `${issued} 发出收费通知，申请人 ${received} 收到，缴费期限至 ${payBy}`
        : `${issued} 发出收费通知，申请人收到日期未登记，暂按发出日计至 ${payBy}`,
    monthlyRequests: '本月此前已计件数',
    monthlyRequestsText: (month: string, count: number) =>
      `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月，该申请人此前向本机关提出的申请共 ${count} 件（按身份证件号码或统一社会信用代码的加密标识比对；按件计收时自动计入）`,
    monthlyRequestsUnknown:
      '无法计算：本案未保存申请人标识（早于该功能登记，或申请未提供证件号码），按件计收时按 0 件计',
    feeCountedAs: (prior: number) => `收费通知按本月此前已计 ${prior} 件计算`,
    dueOn: '答复期限',
    overdue: '已逾期',
    dueSoon: '即将到期',
    none: '没有符合条件的案件。',
    nextPage: '下一页',
    back: '← 案件列表',
    notReceived: '尚未确认收到',
    yearMissing: (year: number) => `${year} 年节假日安排尚未载入或尚未确认，暂无法计算`,
    /** A reply deadline that runs into a year whose holidays are not loaded: what is known, never a guess. */
    pendingDeadline: (p: PartialCount) =>
      p.countedThrough === null
        ? `${p.remainingWorkingDays} 个工作日待 ${p.missingYear} 年安排公布后确定`
        : `已计 ${p.countedDays} 个工作日（至 ${Number(p.countedThrough.slice(5, 7))} 月 ${Number(p.countedThrough.slice(8, 10))} 日），余 ${p.remainingWorkingDays} 个工作日待 ${p.missingYear} 年安排公布后确定`,
    pendingShort: (year: number) => `待 ${year} 年节假日安排确定`,
    dueNone: {
      submitted: '待确认收到后计算',
      awaiting_correction: '待补正后重新计算',
      closed: '已办结',
      other: '无法计算',
    },
    daysLeft: (n: number) => (n >= 0 ? `剩余 ${n} 个工作日` : `已超过 ${-n} 个工作日`),
    clockStatus: '计时状态',
    clockStatuses: {
      not_started: '未开始（待确认收到）',
      running: '计时中',
      paused: '暂停计时（征求意见或缴费期间）',
      awaiting_correction: '等待补正（重新计算）',
      stopped: '已停止',
    },
    assignee: '承办人',
    explain: '期限如何计算',
    counted: (n: number) => `已计入 ${n} 个工作日。`,
    extended: '已延期一次。',
    spanFrom: '自',
    spanTo: '至',
    spanReason: '不计入的原因',
    spanDays: '工作日数',
    spanReasons: {
      third_party: '征求第三方意见',
      other_agency: '征求其他机关意见',
      fee: '缴纳信息处理费',
      awaiting_correction: '等待补正',
    },
    applicant: '申请人',
    applicantMasked: '申请人信息（已脱敏）',
    reveal: '查看完整个人信息（将记录审计日志）',
    revealed: '以下为完整个人信息，本次查看已记入审计日志。',
    actions: '可执行的操作',
    noActions: '您在本案当前状态下没有可执行的操作。',
    trail: '办理记录',
    system: '系统',
    applicantActor: '申请人',
    done: '操作已完成。',
    /** After an action: what it did and what comes next (n: the 文号 of the letter it issued, if any). */
    doneBy: {
      'confirm-receipt': (n: string | null) =>
        `已确认收到并出具登记回执${n ? `（${n}）` : ''}；下一步：受理或告知补正。`,
      'request-correction': (n: string | null) =>
        `已出具补正告知书${n ? `（${n}）` : ''}；请送达申请人，收到补正后登记。`,
      'receive-correction': () => '已登记补正，答复期限自收到补正之日重新计算；下一步：受理。',
      accept: () => '已受理；下一步：分派承办人。',
      assign: () => '已分派承办人。',
      transfer: (n: string | null) =>
        `已转办并出具告知书${n ? `（${n}）` : ''}；本机关案件办结，接收机关自收到之日起计算期限。`,
      'consult-third-party': (n: string | null) =>
        `已出具征求意见书${n ? `（${n}）` : ''}；征求意见期间不计入答复期限。`,
      'consult-agency': (n: string | null) =>
        `已出具征求意见函${n ? `（${n}）` : ''}；征求意见期间不计入答复期限。`,
      'receive-opinion': () => '已登记反馈意见，恢复计算答复期限。',
      extend: (n: string | null) =>
        `已延期并出具延期答复告知书${n ? `（${n}）` : ''}；请在原期限届满前送达申请人。`,
      'issue-fee-notice': (n: string | null) =>
        `已出具收费通知书${n ? `（${n}）` : ''}；缴费期间不计入答复期限。`,
      'record-payment': () => '已登记缴费，恢复计算答复期限。',
      'draft-reply': () => '答复书草稿已生成，可在下方预览和修改；下一步：提交审核。',
      'submit-legal-review': () => '已提交审核。',
      'legal-approve': () => '法制审核已通过；下一步：签发。',
      'legal-return': () => '已退回承办人修改，退回理由已记录。',
      approve: (n: string | null) => `已签发${n ? `，文号 ${n}` : ''}；请发出答复。`,
      return: () => '已退回承办人修改，退回理由已记录。',
      'send-reply': () => '答复已发出；送达后请登记送达。',
      'record-delivery': () => '送达已登记，案件办结。',
      'confirm-lapse': (n: string | null) =>
        `已确认视为放弃并出具终止办理告知书${n ? `（${n}）` : ''}；案件办结，请送达申请人。`,
      'grant-more-time': () => '已登记正当理由并重新给予期限，已通知申请人。',
      'record-consultee-receipt': () => '已登记对方收到日期，征求意见期限自该日起重新计算。',
      'record-fee-notice-receipt': () => '已登记申请人收到收费通知之日，缴费期限自该日起计算 20 个工作日。',
      withdraw: () => '已登记撤回，案件办结。',
      'record-remedy': () => '行政复议/行政诉讼已登记。',
    },
    systemEvents: {
      submit: '提交申请',
      'transferred-in': '收到转办的申请',
      'staff-intake': '登记收到的申请（工作人员录入）',
      'calendar-recomputed': '按节假日安排重新计算期限',
      'letter-corrected': '签发更正文书',
    },
    reply: {
      outcome: '答复类型',
      legalBasis: '法律依据',
      legalBasisHint: '每行一条，例如：《中华人民共和国政府信息公开条例》第三十六条第（二）项',
      reasons: '理由',
      reasonsHint: '不予公开、无法提供、不予处理等须写明理由',
      howToObtain: '获取方式、途径（予以公开 / 已主动公开 / 部分公开）',
      howToObtainHint: '例如：随答复书邮寄；或已在门户网站某栏目公开',
      partial: '部分公开时填写',
      disclosedParts: '公开的部分',
      withheldParts: '不予公开的部分',
      ground: '不予公开的情形',
      notHeld: '本机关不掌握时填写（能够确定负责公开的机关时，写明其名称和联系方式）',
      override: '第三方不同意公开、但决定公开时填写（《条例》第三十二条）',
      overrideHint:
        '不公开可能对公共利益造成重大影响的，可以决定予以公开，并须书面告知第三方决定公开的内容和理由。',
      overrideContent: '决定公开的内容',
      overrideReasons: '决定公开的理由（公共利益）',
      rightAgencyName: '负责公开的机关',
      rightAgencyContact: '联系方式',
      specialRegime: '依特别规定办理时填写',
      regime: '特别规定',
      howToApply: '办理途径',
      feeCount: '件数或页数',
      feePriorCountComputed: '本月此前已计件数由系统根据申请人本月向本机关提出的其他申请自动计算，无需填写。',
      feeAmountHint: '须与《政府信息公开信息处理费管理办法》的计算结果一致，系统会核对',
      feeWindow: '缴费期限（工作日，默认 20）',
    },
    fields: {
      channel: '申请渠道',
      receivedOn: '收到日期',
      items: '需要补正的事项',
      windowWorkingDays: '补正期限（工作日）',
      note: '备注',
      assigneeId: '承办人',
      toAgencyId: '转至机关',
      transferReason: '告知申请人的理由（本机关不掌握该信息、由接收机关负责公开等）',
      transferContact: '接收机关的联系方式（选填）',
      lapseNote: '核查情况（是否有正当理由）',
      consulteeReceivedOn: '对方收到征求意见书之日',
      feeNoticeReceivedOn: '申请人收到收费通知之日',
      goodReason: '申请人的正当理由',
      newWindow: '新的期限（自今日起的工作日数）',
      confirmDirectLitigation: '已知悉本案依法应先申请行政复议（复议前置），仍登记为直接起诉',
      reason: '理由',
      consultee: '征求意见对象',
      matter: '征求意见事项',
      sentOn: '发出日期',
      position: '反馈意见',
      summary: '意见摘要',
      workingDays: '延长工作日数',
      questions: '需要说明的事项',
      dueOn: '答复期限',
      paidOn: '缴费日期',
      amountYuan: '金额（元）',
      outcome: '答复内容',
      secrecyReviewed: '已完成保密审查（《条例》第十七条）',
      comment: '意见',
      method: '方式',
      servedOn: '送达（交邮）日期',
      applicantReceivedOn: '申请人收到日期',
      remedyId: '复议诉讼编号',
      kind: '类别',
      litigationPath: '起诉方式',
      filedOn: '申请复议/起诉日期',
      result: '结果',
      decidedOn: '审结日期',
      body: '复议机关/法院',
      correction: '更正的内容（更正前与更正后）',
      competentAgency: '有权更正的行政机关（名称及联系方式）',
      reasons: '理由',
    },
    /** Hints under action-form fields (keys named by the input render hints). */
    hints: { onePerLine: '每行一项' },
    /** Option labels of pick-one action-form fields, by option set (workflows/definitions InputOptionSet). */
    options: {
      receiptChannel: {
        online: '网上申请',
        in_person: '当面提交',
        registered_post: '挂号信邮寄',
        ordinary_post: '平信邮寄',
        fax: '传真',
        email: '电子邮件',
        oral: '口头提出（代为填写）',
      },
      opinionPosition: { agrees: '同意公开', objects: '不同意公开', partly_agrees: '部分同意' },
      deliveryMethod: {
        post: '邮寄',
        email: '电子邮件',
        pickup: '自行领取',
        online_download: '在线下载',
        on_site: '当场查阅/抄录',
      },
      remedyKind: { reconsideration: '行政复议', litigation: '行政诉讼' },
      litigationPath: { direct: '未经复议直接起诉', after_reconsideration: '复议后起诉' },
      remedyResult: REMEDY_RESULT_LABELS,
    },
    errors: {
      bulkSize: (max: number) => `请选择 1 至 ${max} 件不重复的案件。`,
      assigneeRequired: '请选择承办人。',
      invalidDate: '日期无效',
      notAHandler: '请选择本机关在职的承办人',
      transferUnknownAgency: '请选择本平台内的其他机关',
      transferAlreadyHandled: (name: string) => `该申请已由“${name}”办理过，不能再次转至该机关`,
      transferNameMismatch: (name: string) => `转至机关名称应为“${name}”`,
    },
  },
  settings: {
    title: '机关设置',
    embedOrigins: '允许嵌入申请表的门户网站来源',
    embedOriginsHint:
      '每行一个，例如 https://www.example.gov.cn 。只有这些网站可以通过嵌入代码显示本机关的申请表。',
    legalReview: '答复前须经法制审核',
    fourEyes: '四眼原则：拟稿人不能审核或签发同一答复，法制审核人不能签发',
    fourEyesHint: '默认开启。关闭后，兼有多个角色的同一人员可以审核、签发自己拟写的答复。',
    legalReviewDue: '法制审核内部期限（工作日，本机关内部要求，非法定期限）',
    approvalDue: '签发内部期限（工作日，本机关内部要求，非法定期限）',
    dueSoon: '到期提醒提前的工作日数',
    correctionWindow: '补正期限默认工作日数',
    recordCorrectionTarget: '更正政府信息记录申请的办理目标（工作日）',
    recordCorrectionTargetHint:
      '《条例》第四十一条未规定办理期限。此为本机关自定的办理目标（默认 20 个工作日），页面上标明“非法定期限”。',
    webhookUrl: '事件通知地址（选填，https）',
    webhookSecret: '签名密钥（Standard Webhooks，用于在接收端校验 webhook-signature）',
    proofOfWork: '提交时要求浏览器完成工作量证明（防机器人）',
    proofOfWorkHint: '自托管校验，不依赖境外服务；申请人的浏览器须启用 JavaScript。默认关闭。',
    save: '保存设置',
    saved: '设置已保存。',
    embedCode: '嵌入代码',
    embedCodeHint: '将以下代码放到门户网站页面中需要显示申请表的位置：',
    errors: {
      origin: '来源须为 https://域名[:端口]，不含路径（仅本机调试可用 http）',
      tooManyOrigins: '最多 20 个来源',
      feeWindowTooShort:
        '缴费期限为申请人收到收费通知之日起 20 个工作日，只能延长，不能缩短（国办函〔2020〕109号）',
      webhookUrl:
        '事件通知地址须为 https 地址，不含用户名或密码，且不得指向本机、内网、链路本地或云元数据地址',
      target: '更正申请的办理目标须为 1–250 个工作日',
    },
  },
  staffAdmin: {
    usernameFormat: '用户名须为 3–64 位字母、数字、点、下划线或连字符',
    displayNameRequired: '请输入姓名',
    displayNameTooLong: '姓名最多 64 个字',
    rolesRequired: '请至少选择一个角色',
    passwordTooShort: '密码至少 12 位',
    auditorAlone: '审计员角色不能与其他角色兼任',
    selfDisable: '不能停用自己的账号。',
    usernameTaken: '该用户名已被使用。',
    usernameNamespace: (prefix: string) => `用户名须以本单位的标识“${prefix}”开头`,
    auditorByOperator:
      '审计员账号由平台运营者设立、停用和重置，管理员不能授予、停用或重置审计员（三员分立）。',
    operatorOnlyAuditors: '平台运营者只设立审计员账号，其他工作人员由本机关管理员设立。',
    resetOwnPassword: '请在“修改密码”中修改自己的密码。',
    resetOwnMfa: '请在“两步验证”页面管理自己的两步验证。',
    transferTargetsOperatorOnly: '跨单位的转办对象由平台运营者设定。',
    unknownAgency: '没有这个机关，或不能选择本机关。',
    currentPasswordWrong: '当前密码不正确。',
    passwordUnchanged: '新密码不能与当前密码相同。',
    passwordProblems: {
      too_short: '密码至少 12 位',
      too_long: '密码最多 256 位',
      common: '该密码过于常见或容易猜到，请换一个',
      contains_username: '密码不能包含用户名',
    },
  },
  calendar: {
    title: '节假日安排',
    intro:
      '期限按工作日计算：周一至周五为工作日，法定节假日除外，调休上班的周末为工作日。每年的安排以国务院办公厅通知为准，由平台运营者核对后确认方可用于计算期限。',
    allYears: '← 全部年度',
    year: '年度',
    source: '依据',
    status: '状态',
    confirmed: '已确认',
    unconfirmed: '未确认',
    confirmedHint: '本年度安排已确认，可用于计算法定期限。',
    unconfirmedHint:
      '本年度安排尚未确认：跨入本年度的期限只显示已计入的工作日和尚余的工作日，确认后才计算出具体日期并重新计算在办案件。',
    yearNotLoaded: (year: number) => `${year} 年的节假日安排尚未载入。`,
    recomputeReason: (year: number) => `${year} 年节假日安排已更新`,
    localRecomputeReason: (agency: string, date: string) => `${agency}的地方假日（${date}）已更新`,
    /** How a local rule is named in "explain this date": the day and whose rule it is. */
    localDayName: (name: string, agency: string) => `${name}（${agency}地方规定）`,
    operatorOnly:
      '全国节假日安排由平台运营者维护，机关管理员不能修改或确认；本机关的地方性假日请在“地方假日”中设置。',
    weekdays: ['日', '一', '二', '三', '四', '五', '六'] as readonly string[],
    noticeTitle: (year: number) => `国务院办公厅关于${year}年部分节假日安排的通知`,
    dateInvalidInYear: (year: number) => `请输入本年度内的有效日期（${year} 年）`,
    workingDaysInteger: '工作日数须为整数',
    notLoaded: '本年度安排尚未载入。请在下方粘贴国务院办公厅通知原文，预览核对后导入，再确认。',
    confirm: '确认本年度安排',
    unconfirm: '撤销确认',
    days: '特殊日期',
    date: '日期',
    dateHint: '格式：YYYY-MM-DD，例如 2026-10-01',
    dateInvalid: '请输入本年度内的有效日期',
    dateOutOfRange: '日期无效，应为 2000–2100 年间的 YYYY-MM-DD',
    weekday: '星期',
    kind: '类型',
    holiday: '休息（节假日）',
    workday: '上班（调休）',
    name: '名称',
    actions: '操作',
    delete: '删除',
    addOrEdit: '添加或修改日期',
    save: '保存',
    saved: '已保存。相关在办案件的期限已重新计算。',
    import: '导入整年安排',
    importHint:
      '推荐直接粘贴国务院办公厅关于部分节假日安排的通知原文，先预览核对；也可粘贴 ICS 日历、CSV（日期,休/班,名称）或 JSON。导入将替换本年度全部特殊日期，导入后须确认方可用于计算期限。',
    formats: { notice: '国务院通知原文', ics: 'ICS 日历', csv: 'CSV', json: 'JSON' },
    format: '格式',
    formatRequired: '请选择导入格式',
    importText: '导入内容',
    importRequired: '请填写导入内容和依据',
    sourceRequired: '请填写依据（通知名称或文号）',
    importSubmit: '导入',
    previewSubmit: '预览',
    previewTitle: '预览：将导入的日期',
    previewHint:
      '预览不保存任何内容。请逐日核对；无误后点击“导入”。导入后本年度仍为“未确认”，确认后才用于计算期限并重新计算在办案件。',
    previewEmpty: '未识别出任何日期。',
    previewWarnings: '需要核对的问题',
    previewBlocking: '以下问题须先在原文中改正，才能导入：',
    previewIgnored: '未使用的文字（通知的标题、抬头、结尾等，仅供核对）',
    previewSections: (n: number, off: number, on: number) =>
      `识别出 ${n} 个节日，放假 ${off} 天，调休上班 ${on} 天。`,
    warning: '提示',
    off: '放假',
    on: '上班',
    imported: '已导入。请核对后点击“确认本年度安排”，确认后相关在办案件的期限将重新计算。',
    importPlaces: {
      line: (n: number) => `第 ${n} 行`,
      entry: (n: number) => `第 ${n} 项`,
      event: (n: number) => `第 ${n} 个日程`,
    },
    importIssues: {
      too_many_days: (p: Params) => `一年最多登记 ${p.max} 个特殊日期`,
      invalid_date: (p: Params) => `日期“${p.value}”无效，应为 YYYY-MM-DD`,
      outside_year: (p: Params) => `${p.date} 不属于 ${p.year} 年`,
      duplicate_date: (p: Params) => `${p.date} 重复出现`,
      invalid_name: (p: Params) => `${p.date} 的名称须为 1–${p.max} 个字`,
      workday_on_weekday: (p: Params) => `${p.date} 本是工作日，无需登记为调休上班日`,
      invalid_json: (_p: Params) => '不是有效的 JSON',
      json_shape: (_p: Params) => 'JSON 应为日期数组或含 days 数组的对象',
      json_entry: (_p: Params) => '每项须含 date（字符串）、isWorkday（布尔值）、name（字符串）',
      csv_kind: (p: Params) => `第二列应为“休”或“班”，而不是“${p.value}”`,
      csv_syntax: (p: Params) => `CSV 格式有误（${p.detail}）`,
      ics_syntax: (p: Params) => `不是有效的 iCalendar（ICS）文件（${p.detail}）`,
      ics_event: (p: Params) => `无法识别日程“${p.summary}”的日期或“休/班”标记`,
      ics_end: (p: Params) => `日程“${p.summary}”的结束日期无效`,
      empty: (_p: Params) => '文件中没有任何日期，未导入',
    },
    noticeErrors: {
      empty: '请粘贴通知原文。',
      too_long: (max: number) => `通知原文过长（最多 ${max} 个字符），请只粘贴通知正文。`,
      year_mismatch: (stated: number, expected: number) =>
        `这是 ${stated} 年的通知，不能导入到 ${expected} 年。请打开 ${stated} 年的页面导入。`,
      no_sections:
        '未找到任何节日安排（应为“一、元旦：1月1日放假……”这样的条目）。请粘贴国务院办公厅通知的正文。',
    },
    noticeWarnings: {
      weekday_mismatch: (p: Record<string, string | number>) =>
        `${p.date} 实为星期${p.actual}，通知中写的是星期${p.stated}`,
      day_count_mismatch: (p: Record<string, string | number>) =>
        `${p.from} 至 ${p.to} 共 ${p.actual} 天，与通知中的“共 ${p.stated} 天”不符`,
      makeup_not_weekend: (p: Record<string, string | number>) => `调休上班日 ${p.date} 不是周六或周日`,
      duplicate_date: (p: Record<string, string | number>) => `${p.date} 出现不止一次`,
      outside_year: (p: Record<string, string | number>) => `${p.date} 不在本年度内`,
      invalid_date: (p: Record<string, string | number>) => `${p.month}月${p.day}日 不是有效日期`,
      unread_text: () => '这句话未能识别，未用于导入，请人工核对',
    },
    missingBanner: (year: number, open: number) =>
      open > 0
        ? `${year} 年节假日安排尚未载入并确认：${open} 件在办申请的答复期限跨入 ${year} 年，暂无法确定具体日期。`
        : `${year} 年节假日安排尚未载入并确认：跨入 ${year} 年的答复期限将无法确定具体日期。`,
    missingBannerLink: (year: number) => `粘贴国务院通知，导入 ${year} 年安排`,
    missingBannerAskAdmin: '全国节假日安排由平台运营者导入并确认，系统已提醒平台运营者。',
    localTitle: '地方假日',
    localIntro:
      '本机关依地方性法规或规定放假的日期（如民族自治地方的传统节日）。设置后只适用于本机关及下级机关的案件，“期限如何计算”中会注明是地方规定。',
    localNone: '本机关没有设置地方假日。',
    localSetBy: '设置机关',
    localOwn: '本机关',
    localAdd: '保存地方假日',
    newYear: '打开或新建年度',
    open: '打开',
  },
  /** Task reporting (重点任务分解表, 任务填报, 工作台账). */
  tasks: {
    columns: {
      seq: '序号',
      name: '任务名称',
      requirements: '具体任务内容',
      carrier: '公开载体',
      deadline: '完成时限',
      lead: '牵头单位',
      responsible: '责任单位',
    } satisfies Record<TaskColumn, string>,
    periodLabel: (p: Pick<ReportingPeriod, 'kind' | 'year' | 'index' | 'dueOn' | 'milestones'>) => {
      const quarters = ['一', '二', '三', '四']
      switch (p.kind) {
        case 'month':
          return `${p.year}年${p.index}月`
        case 'quarter':
          return `${p.year}年第${quarters[(p.index ?? 1) - 1]}季度`
        case 'half-year':
          return `${p.year}年${p.index === 1 ? '上' : '下'}半年`
        case 'year':
          return `${p.year}年度`
        case 'milestone': {
          const [y, m, d] = p.dueOn.split('-').map(Number)
          const what = p.milestones.includes('start') && !p.milestones.includes('complete') ? '启动' : '完成'
          return `${y}年${m}月${d}日${what}节点`
        }
      }
    },
    milestone: {
      start: (by: string) => `${by} 前启动`,
      complete: (by: string) => `${by} 前完成`,
      every: { month: '每月', quarter: '每季度', 'half-year': '每半年', year: '每年' } as Record<
        string,
        string
      >,
      recurring: (every: string) => `${every}报送`,
      ongoing: '长期推进',
      unparsed: (text: string) => `未能识别：“${text}”，请人工设定`,
      manual: '人工设定',
    },
    progressStatus: {
      not_started: '未启动',
      in_progress: '推进中',
      completed: '已完成',
      ongoing: '长期推进',
      unreported: '未报送',
    } as Record<string, string>,
    errors: {
      unknownAgency: (ids: string) => `不是本级政府所属的单位：${ids}`,
      unitNameRequired: '请填写单位名称',
      unitsRequired: '请至少填写一个牵头单位或责任单位',
      duplicateTask: '本分解表已有同一分组下同名的任务',
      planExists: (year: number) => `该机关 ${year} 年的任务分解表已经存在`,
      invalidDate: '日期应写作 YYYY-MM-DD，并且是真实存在的日期',
    },
    import: {
      fileRequired: '请选择要导入的 .xlsx 或 .csv 文件',
      tooLarge: (max: number) => `文件过大：任务分解表不能超过 ${Math.round(max / 1024 / 1024)} MB`,
      tooMuchText: '表格内容过多，无法一次导入，请分成几个文件',
      unreadable: '无法读取该文件中的任务分解表',
      noRows: '找到了表头，但表头下面没有任务',
      alreadyCommitted: '这次导入已经确认过了',
      fileErrors: (e: TableFileError) => {
        switch (e.code) {
          case 'file_too_large':
            return `文件过大：不能超过 ${Math.round(e.max / 1024 / 1024)} MB`
          case 'unpacked_too_large':
            return '表格解压后过大，无法读取（可能不是正常的 Excel 文件）'
          case 'not_a_spreadsheet':
            return '这不是电子表格文件：请上传 .xlsx 或 .csv 格式的任务分解表'
          case 'legacy_or_encrypted_workbook':
            return '这是旧版 .xls 或设置了密码的工作簿：请在 Excel/WPS 中另存为 .xlsx（不设密码）后再导入'
          case 'unknown_text_encoding':
            return '无法识别 CSV 文件的文字编码：请另存为 UTF-8 编码的 CSV 或 .xlsx'
          case 'no_sheet':
            return '工作簿中没有可见的工作表'
          case 'too_many_rows':
            return `表格行数过多（第 ${e.rows} 行超过上限 ${e.max} 行）`
          case 'header_not_found':
            return `在前 ${e.searchedRows} 行中没有找到表头：表头应包含“任务名称”（或“任务事项”“重点任务”）等列`
        }
      },
      rowMessage: (m: Pick<PreviewMessage, 'code' | 'params'>) => {
        const p = m.params
        switch (m.code) {
          case 'missing_task_name':
            return '这一行没有任务名称，不会导入'
          case 'duplicate_task':
            return `与第 ${p.firstRow} 行是同一分组下的同名任务，不会重复导入`
          case 'duplicate_seq':
            return `序号 ${p.seq} 在本组中与第 ${p.firstRow} 行重复，请核对`
          case 'no_units':
            return '没有填写牵头单位或责任单位'
          case 'deadline_unparsed':
            return `完成时限“${p.text}”未能识别，导入后请人工设定`
          case 'unit_unmatched':
            return `单位“${p.name}”不在本级政府的单位名录中，请对应到具体单位`
          case 'unit_ambiguous':
            return `单位“${p.name}”对应多个单位，请选择其中一个`
        }
      },
      notice: (n: TableNotice) => {
        const p = n.params
        switch (n.code) {
          case 'column_ignored':
            return `第 ${p.column} 列“${p.header}”不是任务分解表的列，未导入`
          case 'duplicate_column':
            return `第 ${p.column} 列重复了“${zhCN.tasks.columns[p.field as TaskColumn] ?? p.field}”列，只读取第一列`
          case 'header_repeated':
            return `第 ${p.row} 行重复了表头（分页打印的表格），已跳过`
          case 'sheets_not_read':
            return `只读取了第一个包含任务的工作表，未读取：${p.sheets}`
        }
      },
    },
    report: {
      evidenceMissing: '佐证材料已失效或不属于本单位，请重新上传',
      notAReporter: '只有责任单位的任务填报员可以报送',
      chooseUnit: '您负责多个单位，请选择以哪个单位报送',
      unknownPeriod: '请选择本任务的一个报送期',
      alreadyFiled: '本单位该期已经报送；如需修改，请在退回后重新报送',
      tooManyFiles: (max: number) => `佐证材料最多 ${max} 个文件`,
    },
  },
  /** The ledger (工作台账): the page, the .xlsx and the per-unit 落实情况 summary. */
  ledger: {
    completionRate: '完成率',
    onTimeRate: '按时报送率',
    overdue: '逾期未报',
    yes: '是',
    no: '否',
    unitSummary: (u: {
      unitName: string
      planTitle: string
      rates: {
        assigned: number
        fulfilled: number
        overdue: number
        byStatus: Record<'completed' | 'ongoing' | 'in_progress' | 'not_started' | 'unreported', number>
      }
      completion: string
      onTime: string
      items: { seq: number | null; name: string; status: string; progress: string }[]
    }) => {
      const b = u.rates.byStatus
      const head =
        `${u.unitName}承担《${u.planTitle}》重点任务 ${u.rates.assigned} 项：已完成 ${b.completed} 项，` +
        `长期推进 ${b.ongoing} 项，推进中 ${b.in_progress} 项，未启动 ${b.not_started} 项，尚未报送 ${b.unreported} 项；` +
        `经审核确认完成（含长期推进）${u.rates.fulfilled} 项，完成率 ${u.completion}；按时报送率 ${u.onTime}` +
        (u.rates.overdue > 0 ? `，有 ${u.rates.overdue} 项任务逾期未报。` : '。')
      const lines = u.items.map((item, i) => {
        const progress = item.progress.replace(/\s+/g, ' ').trim()
        const short = progress.length > 120 ? `${progress.slice(0, 120)}……` : progress
        return `${i + 1}. ${item.name}：${item.status}。${short}`
      })
      return [head, ...lines].join('\n')
    },
    xlsx: {
      sheet: '工作台账',
      summarySheet: '落实情况汇总',
      title: (plan: string) => `${plan}落实情况工作台账`,
      summaryTitle: (plan: string) => `${plan}落实情况汇总`,
      subtitle: (asOf: string, tasks: number, completion: string, onTime: string) =>
        `统计截至 ${asOf}　任务 ${tasks} 项　完成率 ${completion}　按时报送率 ${onTime}`,
      group: '分组',
      status: '落实状态',
      review: '审核情况',
      lastReport: '最近报送',
      onTime: '是否按时',
      progress: '进展情况',
      unit: '单位',
      assigned: '承担任务',
      overdueCount: '逾期未报',
      summary: '落实情况',
    },
  },
  /** The task-reporting pages under /admin/plans. */
  plansUi: {
    title: '重点任务分解表',
    nav: '重点任务落实',
    none: '还没有任务分解表。',
    noneForUnit: '目前没有需要本单位落实的任务。',
    agency: '机关',
    year: '年度',
    planTitle: '名称',
    taskCount: '任务数',
    yourRole: '您的身份',
    roleCoordinator: '统筹（政务公开办）',
    roleReporter: '填报（责任单位）',
    create: '新建任务分解表',
    createSubmit: '新建',
    titleHint: '例如：2024年政务公开重点任务分解表',
    defaultTitle: (year: number) => `${year}年政务公开重点任务分解表`,
    unitSettings: '单位名录、分组与对应关系',
    open: '打开',
    back: '返回',
    allPlans: '全部任务分解表',
    // Plan page
    importTable: '导入任务分解表',
    addTask: '新增任务',
    ledger: '工作台账',
    tasks: '任务',
    noTasks: '还没有任务：可以导入 .xlsx 或 .csv 格式的任务分解表，或者逐项新增。',
    group: '分组',
    seq: '序号',
    name: '任务名称',
    requirements: '具体任务内容',
    carrier: '公开载体',
    deadline: '完成时限',
    parsed: '识别结果',
    lead: '牵头单位',
    responsible: '责任单位',
    units: '单位',
    unmapped: '未对应',
    actions: '操作',
    detail: '详情',
    report: '填报',
    imported: (r: { created: number; updated: number; unchanged: number }) =>
      `导入完成：新增 ${r.created} 项，更新 ${r.updated} 项，未变化 ${r.unchanged} 项。`,
    saved: '已保存。',
    // Import
    importHint:
      '上传 Excel（.xlsx）或 CSV 格式的重点任务分解表，不超过 5 MB。表头应包含“任务名称”，可以有序号、具体任务内容、公开载体、完成时限、牵头单位、责任单位等列；标题行、空行、合并单元格和按牵头单位分组的表格都可以识别。上传后先预览，确认后才会写入。',
    file: '任务分解表文件',
    preview: '上传并预览',
    previewTitle: '导入预览',
    previewHint: '以下是表格每一行将导入成的任务。确认导入之前，什么都不会写入。',
    fileName: '文件',
    summary: (s: {
      ok: number
      warning: number
      error: number
      create: number
      update: number
      unchanged: number
    }) =>
      `共 ${s.ok + s.warning + s.error} 行：正常 ${s.ok} 行，需要留意 ${s.warning} 行，有错误不导入 ${s.error} 行。确认后将新增 ${s.create} 项、更新 ${s.update} 项、${s.unchanged} 项未变化。`,
    row: '行',
    status: '状态',
    rowStatus: { ok: '正常', warning: '请留意', error: '不导入' } as Record<string, string>,
    action: { create: '新增', update: '更新', unchanged: '未变化' } as Record<string, string>,
    messages: '提示',
    mapTitle: '对应单位',
    mapHint:
      '以下单位名称没有在本级政府的单位名录中找到。请选择它对应的单位；对应关系会被记住，以后导入时自动使用。也可以先导入，之后再对应。',
    mapTo: (name: string) => `“${name}”对应的单位`,
    chooseAgency: '请选择单位',
    saveMappings: '保存对应关系',
    commit: '确认导入',
    commitHint: '有错误的行不会导入；已有的任务按任务名称和分组更新，不会重复导入。',
    committed: '这次导入已经确认。',
    importAgain: '重新上传',
    // Task
    taskTitle: '任务',
    milestones: '完成时限（识别结果）',
    periods: '报送期',
    period: '报送期',
    dueOn: '报送截止',
    current: '当前',
    reports: '报送记录',
    noReports: '还没有报送记录。',
    reportFor: (period: string) => `填报${period}落实情况`,
    edit: '修改任务',
    editTitle: '修改任务',
    newTitle: '新增任务',
    save: '保存',
    unitsHint: '按表格的写法填写，多个单位用顿号或逗号分隔，可以写“各乡镇”“县政府各部门”等分组。',
    milestoneMode: '完成时限的识别',
    milestoneAuto: '按“完成时限”文字自动识别',
    milestoneManual: '人工设定如下（用于无法识别的完成时限）',
    milestoneKind: '类型',
    milestoneDate: '日期',
    milestoneEvery: '报送频次',
    milestoneKinds: {
      '': '（不设）',
      start: '启动',
      complete: '完成',
      recurring: '定期报送',
      ongoing: '长期推进',
    } as Record<string, string>,
    version: '版本',
    // Reports
    reportTitle: '落实情况报送',
    unit: '报送单位',
    chooseUnit: '请选择报送单位',
    submitReport: '报送',
    reportState: '审核状态',
    submittedAt: '报送时间',
    onTime: '按时报送',
    late: '逾期报送',
    /** A ledger cell: of the periods due so far, how many the unit reported on time. */
    onTimeOf: (onTime: number, due: number) => `按时报送 ${onTime}/${due} 期`,
    files: '佐证材料',
    links: '公开载体链接',
    linkTitle: '载体或栏目名称',
    linkUrl: '网址',
    comment: '审核意见',
    commentOptional: '审核意见（选填）',
    accept: '审核通过',
    return: '退回修改',
    resubmit: '修改后重新报送',
    history: '审核记录',
    by: '经办人',
    at: '时间',
    done: '已完成操作。',
    returnedBanner: (comment: string) => `已退回修改：${comment}`,
    answers: '报送内容',
    // Ledger
    ledgerTitle: (plan: string) => `${plan}工作台账`,
    asOf: (date: string) => `统计截至 ${date}`,
    filter: '筛选',
    allUnits: '全部单位',
    allGroups: '全部分组',
    allStatuses: '全部状态',
    overdueOnly: '仅看逾期未报',
    export: '导出 Excel',
    byUnit: '各单位落实情况',
    assigned: '承担任务',
    fulfilled: '确认完成',
    overdueCount: '逾期未报',
    summaryTitle: '落实情况汇总（可复制到年度报告）',
    matrix: '任务落实情况',
    lastReport: '最近报送',
    noRows: '没有符合条件的任务。',
    total: (t: { assigned: number; completion: string; onTime: string }) =>
      `共 ${t.assigned} 项任务分工，完成率 ${t.completion}，按时报送率 ${t.onTime}。`,
    // Units page
    unitsTitle: '单位名录、分组与对应关系',
    directory: '本级政府单位名录',
    groups: '单位分组',
    groupsHint:
      '表格中写“各乡镇”“县政府各部门”等分组时，展开为下列单位。默认分组按单位类型自动生成；可以新增或覆盖分组（例如“园区管委会”）。',
    groupName: '分组名称',
    members: '包含的单位',
    configured: '自定义',
    builtIn: '默认',
    saveGroup: '保存分组',
    mappings: '已记住的对应关系',
    mappingsHint: '导入时没有找到的单位名称，经人工对应后记在这里，以后导入自动使用。',
    noMappings: '还没有记住的对应关系。',
    mappedName: '表格中的名称',
    mappedTo: '对应单位',
    addMapping: '新增对应关系',
    forget: '忘记',
  },
  /** Notification texts; {reference}, {dueOn} and the payload's own values are filled in. Unknown templates fall back to `generic`. */
  notifications: {
    generic: {
      subject: '政府信息公开申请 {reference} 有新进展',
      body: '您的申请（编号 {reference}）有新的办理进展，请凭查询码登录查询。',
    },
    record_correction_received: {
      subject: '更正申请已登记（{reference}）',
      body: '您要求更正政府信息记录的申请已登记，编号 {reference}。本机关将尽快审查，办理目标日期为 {dueOn}（本机关自定，非法定期限）。',
    },
    record_corrected: { subject: '记录已更正（{reference}）', body: '{notice}' },
    record_referred: { subject: '更正申请已转送有权机关（{reference}）', body: '{notice}' },
    record_refused: { subject: '更正申请审查结果（{reference}）', body: '{notice}' },
    receipt_copy_sms: {
      subject: '申请回执（{reference}）',
      body: '【{agencyName}】您的政府信息公开申请已提交，申请编号 {reference}。查询办理进度：{trackUrl}（需输入查询码）',
    },
    receipt_copy_email: {
      subject: '政府信息公开申请回执（{reference}）',
      body: '您向{agencyName}提交的政府信息公开申请已收到。\n申请编号：{reference}\n查询码：{queryCode}\n请妥善保管查询码。查询办理进度：{trackUrl}\n如非本人操作，请忽略本邮件。',
    },
    draft_resume_link: {
      subject: '继续填写您的{formTitle}',
      body: '您在{agencyName}填写的{formTitle}已保存，尚未提交。{expiresOn}前打开下面的链接即可继续填写：\n{resumeUrl}\n拿到此链接的人可以看到您已填写的内容，请不要转发。如非本人操作，请忽略本邮件。',
    },
    query_code_reset: {
      subject: '新的查询码（{reference}）',
      body: '您的政府信息公开申请（编号 {reference}）已生成新的查询码：{queryCode}，原查询码已失效。查询办理进度：{trackUrl}。如非本人操作，请联系受理机关。',
    },
    receipt_confirmed: {
      subject: '申请已登记（{reference}）',
      body: '您的政府信息公开申请已登记，编号 {reference}。答复期限：{dueOn}。',
    },
    correction_requested: {
      subject: '请补正申请（{reference}）',
      body: '您的申请（编号 {reference}）内容需要补正，请查看补正告知书并在期限内提交补正材料。',
    },
    correction_received: {
      subject: '已收到补正（{reference}）',
      body: '已收到您对申请 {reference} 的补正，答复期限重新计算。',
    },
    accepted: {
      subject: '申请已受理（{reference}）',
      body: '您的申请（编号 {reference}）已受理，正在办理。',
    },
    extended: {
      subject: '答复期限延长（{reference}）',
      body: '您的申请（编号 {reference}）答复期限经批准延长至 {dueOn}。',
    },
    fee_notice: {
      subject: '信息处理费缴费通知（{reference}）',
      body: '您的申请（编号 {reference}）需缴纳信息处理费，请查看收费通知书。',
    },
    reasons_requested: {
      subject: '请说明理由（{reference}）',
      body: '请就申请（编号 {reference}）说明理由，详见说明理由告知书。',
    },
    reply_date_set: {
      subject: '答复期限告知（{reference}）',
      body: '您的申请（编号 {reference}）将于 {dueOn} 前答复。',
    },
    reply_sent: {
      subject: '已答复（{reference}）',
      body: '您的申请（编号 {reference}）已作出答复，请查收答复书。',
    },
    transferred: {
      subject: '申请已转办（{reference}）',
      body: '您的申请（编号 {reference}）已转由有关机关办理。',
    },
    case_assigned: {
      subject: '新分派的申请 {reference}',
      body: '申请 {reference} 已分派给您承办，答复期限 {dueOn}。',
    },
    legal_review_requested: {
      subject: '待法制审核：{reference}',
      body: '申请 {reference} 的答复稿已提交法制审核。',
    },
    approval_requested: { subject: '待签发：{reference}', body: '申请 {reference} 的答复稿待签发。' },
    returned: { subject: '已退回：{reference}', body: '申请 {reference} 的答复稿已退回修改。' },
    consultation_lapsed: {
      subject: '征求意见期满：{reference}',
      body: '申请 {reference} 的征求意见期限已满，请决定是否公开。',
    },
    receipt_unconfirmed: {
      subject: '待确认收到：{reference}',
      body: '网上申请 {reference} 提交已超过 1 个工作日仍未确认收到，请尽快登记。',
    },
    due_soon: { subject: '即将到期：{reference}', body: '申请 {reference} 将于 {dueOn} 到期，请及时办理。' },
    target_due_soon: {
      subject: '办理目标日期临近：{reference}',
      body: '更正申请 {reference} 的办理目标日期为 {dueOn}（本机关自定，非法定期限），请及时办理。',
    },
    target_overdue: {
      subject: '已过办理目标日期：{reference}',
      body: '更正申请 {reference} 的办理目标日期 {dueOn}（本机关自定，非法定期限）已过，请尽快办理。',
    },
    correction_window_ended: {
      subject: '补正期限已满，请确认：{reference}',
      body: '申请 {reference} 的补正期限已于 {windowEndedOn} 届满，申请人未补正。请核查有无正当理由：无正当理由的，确认视为放弃并出具终止办理告知书；有正当理由的，登记理由并重新给予期限。',
    },
    fee_window_ended: {
      subject: '缴费期限已满，请确认：{reference}',
      body: '申请 {reference} 的缴费期限已于 {windowEndedOn} 届满，申请人未缴费。请核查有无正当理由：无正当理由的，确认视为放弃并出具终止办理告知书；有正当理由的，登记理由并重新给予期限。',
    },
    legal_review_overdue: {
      subject: '法制审核已超过内部期限：{reference}',
      body: '申请 {reference} 的答复书草稿应于 {dueOn} 前完成法制审核（本机关内部期限），请尽快审核。',
    },
    approval_overdue: {
      subject: '签发已超过内部期限：{reference}',
      body: '申请 {reference} 的答复书应于 {dueOn} 前签发（本机关内部期限），请尽快签发。',
    },
    grace_granted: {
      subject: '已重新给予期限（{reference}）',
      body: '您的申请（编号 {reference}）已重新给予期限，请于 {until} 前办理。',
    },
    reply_signed: {
      subject: '已签发，请发出答复：{reference}',
      body: '申请 {reference} 的答复书已签发，请尽快发出并登记送达。',
    },
    calendar_year_missing: {
      subject: '{year} 年节假日安排尚未公布',
      body: '{year} 年节假日安排尚未载入并确认，本机关有 {openCases} 件在办申请的答复期限跨入 {year} 年，暂无法确定具体日期。全国节假日安排由平台运营者导入并确认。',
    },
    calendar_year_missing_national: {
      subject: '请导入 {year} 年节假日安排',
      body: '{year} 年节假日安排尚未载入并确认，全平台有 {openCases} 件在办申请的答复期限跨入 {year} 年，暂无法确定具体日期。请在“节假日安排”中粘贴国务院办公厅通知，预览核对后导入并确认。',
    },
    task_report_submitted: {
      subject: '待审核：{unitName}报送了“{taskName}”',
      body: '{unitName}报送了重点任务“{taskName}”{period}的落实情况，请审核。',
    },
    task_report_resubmitted: {
      subject: '待审核：{unitName}重新报送了“{taskName}”',
      body: '{unitName}按退回意见修改后重新报送了重点任务“{taskName}”{period}的落实情况，请审核。',
    },
    task_report_returned: {
      subject: '已退回：“{taskName}”{period}的报送',
      body: '重点任务“{taskName}”{period}的落实情况已退回修改：{comment}',
    },
    task_report_accepted: {
      subject: '审核通过：“{taskName}”{period}的报送',
      body: '重点任务“{taskName}”{period}的落实情况已审核通过。{comment}',
    },
    task_due_soon: {
      subject: '即将到期：“{taskName}”{period}请于 {dueOn} 前报送',
      body: '{unitName}承担的重点任务“{taskName}”{period}的落实情况请于 {dueOn} 前报送。',
    },
    task_overdue: {
      subject: '逾期未报：{unitName}“{taskName}”{period}',
      body: '{unitName}承担的重点任务“{taskName}”{period}的落实情况应于 {dueOn} 前报送，至今未报送。',
    },
    overdue: {
      subject: '已逾期：{reference}',
      body: '申请 {reference} 的答复期限 {dueOn} 已过，请立即处理。',
    },
  },
  form: {
    optional: '（选填）',
    choose: '请选择',
    uploaded: '已上传：',
    conditionalNote: '仅在适用时填写：',
    step: (n: number, of: number) => `第 ${n} 步，共 ${of} 步`,
    next: '继续',
    back: '返回上一步',
    toCheck: '检查填写内容',
    checkTitle: '提交前请检查您的申请',
    change: '更改',
    declarationTitle: '提交申请',
    declarationText: '提交后，行政机关将确认收到您的申请；答复期限自确认收到之日起计算。',
    submit: '确认并提交申请',
    honeypot: '请勿填写此项',
    powNote: '提交时浏览器将自动完成一次安全校验，请稍候。',
    receiptTitle: '申请已提交',
    referenceLabel: '申请编号',
    queryCodeLabel: '查询码',
    receiptKeep:
      '请现在记下或打印本页：凭申请编号和查询码可以随时查询办理进度。为保护您的申请，查询码只显示这一次，本页链接 30 分钟后失效。',
    trackAddress: '查询网址',
    copyTitle: '发送回执副本',
    copyHint:
      '发送到您在申请中填写的联系方式。短信只含申请编号和查询网址，不含查询码；电子邮件含查询码。每种方式只发送一次。',
    copySms: '发送短信回执',
    copyEmail: '发送电子邮件回执',
    copySentSms: '短信回执已安排发送到您填写的手机号码。',
    copySentEmail: '电子邮件回执已安排发送到您填写的电子邮箱。',
    copyNoContact: '申请中没有填写这种联系方式，无法发送回执副本。',
    receiptClosedTitle: '回执页面已关闭',
    receiptClosedText:
      '为保护您的申请，查询码只在提交后显示一次。请凭申请编号和查询码查询办理进度；如未记下查询码，可以申请发送新的查询码到您填写的手机号码或电子邮箱。',
    agency: '受理机关',
    form: '申请事项',
    submittedAt: '提交时间',
    whatNext: '接下来',
    whatNextText: '行政机关将在确认收到申请后开始计算答复期限（一般为 20 个工作日），需要补正的会通知您。',
    trackLink: '查询办理进度',
    printHint: '可使用浏览器的打印功能保存本页。',
    tooFast: '提交过快，请检查填写内容后再次提交。',
    expired: '页面已过期，请重新填写。',
    invalidToken: '表单已失效，请重新打开申请页面。',
    rejected: '提交未被接受，请重新打开申请页面后再试。',
    powRequired: '安全校验未完成，请确认浏览器已启用 JavaScript 后重试。',
    attachmentsMissing: '上传的材料已失效，请重新上传。',
    /** An upload refused on a form page: which file, and why. */
    uploadRefused: (file: string, reason: string) => `${file}：${reason}`,
    uploadOneFile: '请上传一个文件（字段名 file）',
    idempotencyKeyFormat: '幂等键须为 8–200 位字母、数字或 ._:-',
    powNotEnabled: '该机关未启用工作量证明。',
    beijingTime: (dateTime: string) => `${dateTime}（北京时间）`,
    yes: '是',
  },
  /** The citizen form's server-side draft: save and come back, change from check-your-answers, expiry (issue 14). */
  formDraft: {
    save: '保存，稍后继续',
    saved: '已保存。请保存下面的链接，7 天内可以用它在任何设备上继续填写。',
    resumeTitle: '稍后继续填写',
    resumeText:
      '每次点击“继续”“返回上一步”或“保存，稍后继续”时，您填写的内容都会保存 7 天。7 天内打开下面的链接即可继续填写：',
    resumeWarning: '拿到此链接的人可以看到您已填写的内容，请不要转发或公开。',
    resumeEmailLabel: '把继续填写的链接发到邮箱（选填）',
    resumeEmailHint: '只发送继续填写的链接；邮箱地址与填写内容一起加密保存，7 天后删除。',
    resumeEmailSend: '保存并发送链接',
    resumeEmailInvalid: '请输入有效的电子邮箱地址，例如 name@example.cn',
    resumeEmailSent: (email: string) => `已保存，继续填写的链接将发送到 ${email}。`,
    toCheck: '保存并返回检查页面',
    changeRow: (label: string) => `更改“${label}”`,
    expiredTitle: '填写内容已过期',
    expiredText:
      '尚未提交的申请内容只保留 7 天。此链接对应的内容已过期并已删除，无法恢复。请重新开始填写；已经提交的申请不受影响。',
    startAgain: '重新开始填写',
    submittedTitle: '此申请已提交',
    submittedText: (reference: string) =>
      `此链接对应的申请已经提交，申请编号为 ${reference}。请凭申请编号和提交时取得的查询码查询办理进度。`,
    trackLink: '查询办理进度',
    /** Character counter beside a text box near its limit (filled in by the page script). */
    counterLeft: '还可以输入 {n} 个字',
    counterOver: '已超出 {n} 个字，请删减',
  },
  embed: embedMessages,
  /** What the due date of a case is: the statutory reply deadline, or an agency's own target (Art. 41 has none). */
  deadlines: {
    statutory: '答复期限',
    agency_target: '办理目标日期（本机关自定，非法定期限）',
    agencyTargetNote:
      '《政府信息公开条例》第四十一条未规定更正申请的办理期限；此日期是本机关设定的办理目标，不是法定期限。',
    notice: '告知内容',
  },
  /** Staff intake of applications received in person, by post, fax, e-mail or orally (Art. 29, 31). */
  intake: {
    title: '登记收到的申请',
    pageIntro:
      '登记当面、邮寄、传真、电子邮件提交或者口头提出（由工作人员代为填写）的申请。提交后案件即按下列收到申请之日登记收到，开始计算期限。',
    formLabel: '申请类型',
    channel: '申请渠道',
    channels: {
      in_person: '当面提交',
      post: '邮寄（以本机关签收之日为收到之日）',
      fax: '传真（以双方确认之日为收到之日）',
      email: '电子邮件（以双方确认之日为收到之日）',
      oral: '口头提出，由工作人员代为填写',
    },
    receivedOn: '收到申请之日',
    receivedOnHint:
      '当面提交或口头提出的，为提出之日；邮寄的，为本机关签收之日（可以早于今天录入）；传真、电子邮件的，为双方确认之日。不能晚于今天。',
    receivedOnInvalid: '收到申请之日应为有效日期（YYYY-MM-DD）',
    scan: '纸质申请的扫描件（选填）',
    scanHint: 'PDF、JPEG 或 PNG，不超过 10 MB。',
    scanRefused: (reason: string) => `扫描件未能保存：${reason}`,
    applicantSection: '申请内容（与网上申请表相同）',
    submit: '登记并开始计算期限',
    registrarOnly: '只有本机关的登记员可以登记收到的申请。',
    channelRequired: '请选择申请渠道',
    agencies: '登记收到的申请（当面、邮寄、传真、电子邮件、口头）',
    done: '申请已登记',
    doneIntro: '请将申请编号和查询码告知申请人（可打印本页交给申请人），申请人凭此查询办理进度。',
    openCase: '查看案件',
    another: '继续登记',
    noForms: '没有可登记的申请类型。',
  },
  /** Public timeline wording: what an applicant may see of each action (no staff names, no internal notes). */
  publicTimeline: {
    submit: '已提交申请',
    'staff-intake': '机关已登记收到申请',
    'start-review': '机关正在审查',
    'correct-record': '机关已更正记录并告知',
    'refer-record': '已转送有权更正的机关并告知',
    'refuse-record': '机关决定不予更正并说明理由',
    'confirm-receipt': '机关已确认收到申请',
    'request-correction': '机关要求补正申请内容',
    'receive-correction': '机关已收到补正材料，答复期限重新计算',
    'correction-lapsed': '逾期未补正，视为放弃申请',
    accept: '已受理',
    transfer: '已转由其他机关办理',
    'consult-third-party': '征求意见中（该期间不计入答复期限）',
    'consult-agency': '征求意见中（该期间不计入答复期限）',
    'receive-opinion': '征求意见结束，继续办理',
    'consultation-lapsed': '征求意见期满，继续办理',
    extend: '答复期限已延长',
    'request-reasons': '机关要求说明理由',
    'set-date': '机关已告知答复期限',
    'issue-fee-notice': '已发出信息处理费缴费通知（缴费期间不计入答复期限）',
    'record-payment': '已缴纳信息处理费，继续办理',
    'fee-lapsed': '逾期未缴费，不再处理',
    'send-reply': '已作出答复',
    'record-delivery': '答复已送达',
    withdraw: '申请人已撤回申请',
    'calendar-recomputed': '答复期限已按节假日安排重新计算',
    'letter-corrected': '机关已出具更正文书',
  },
  tracking: {
    title: '查询申请进度',
    agency: '办理机关',
    subject: '申请内容',
    daysLeft: (n: number) => (n >= 0 ? `（还有 ${n} 个工作日）` : `（已超过 ${-n} 个工作日）`),
    basis: '期限依据',
    basisReceived: (on: string, n: number) =>
      `自收到申请之日（${on}）起 ${n} 个工作日内答复（《政府信息公开条例》第三十三条）`,
    basisCorrected: (on: string, n: number) =>
      `自收到补正后的申请之日（${on}）起重新计算 ${n} 个工作日（《政府信息公开条例》第三十条、第三十三条）`,
    basisAgencyTarget: (on: string, n: number) =>
      `自收到申请之日（${on}）起 ${n} 个工作日，为本机关自定的办理目标（第四十一条未规定期限）`,
    basisExtended: (n: number) => `经政府信息公开工作机构负责人同意，延长 ${n} 个工作日（第三十三条）`,
    basisAgencySet: (on: string) => `机关依《政府信息公开条例》第三十五条确定并告知的答复日期：${on}`,
    pauses: '不计入期限的时间',
    pauseReason: {
      third_party: '征求第三方意见期间不计算在内（第三十三条）',
      other_agency: '征求其他机关意见期间不计算在内（第三十三条）',
      fee: '缴纳信息处理费期间不计算在内（国办函〔2020〕109号）',
      awaiting_correction: '等待补正期间不计算，收到补正后重新计算（第三十条）',
    } as Record<string, string>,
    pauseSpan: (from: string, to: string, days: number, open: boolean) =>
      open ? `自 ${from} 起（至今 ${days} 个工作日，仍在进行中）` : `${from} 至 ${to}（${days} 个工作日）`,
    otherLookup: '查询其他申请',
    recoverLink: '忘记查询码？发送新的查询码',
    recoverTitle: '找回查询码',
    recoverIntro:
      '请输入申请编号，以及您在申请中填写的手机号码或电子邮箱。核对无误后，新的查询码将发送到该手机号码或电子邮箱，原查询码随即失效。',
    recoverContact: '手机号码或电子邮箱',
    recoverContactHint: '须与申请中填写的一致',
    recoverContactRequired: '请输入申请中填写的手机号码或电子邮箱',
    recoverSubmit: '发送新的查询码',
    recoverDone:
      '如果申请编号和联系方式与申请中填写的一致，新的查询码已安排发送，原查询码已失效。几分钟内未收到的，请核对后重试，或联系受理机关。',
    intro: '请输入提交申请时获得的申请编号和查询码。',
    reference: '申请编号',
    referenceHint: '例如：2026-7KQ4-M9XZ',
    code: '查询码',
    codeHint: '6 位字母或数字',
    submit: '查询',
    notFound: '申请编号或查询码不正确，请核对后重试。',
    tooManyWrongCodes: (minutes: number) =>
      `该申请编号的查询码错误次数过多，已暂时停止查询，请在 ${minutes} 分钟后再试。如忘记查询码，可以找回查询码。`,
    referenceRequired: '请输入申请编号',
    codeRequired: '请输入查询码',
    status: '办理状态',
    submittedAt: '提交时间',
    receivedOn: '收到申请之日',
    dueOn: '答复期限',
    dueOnUnknown: '待确认收到后计算',
    dueOnClosed: '已办结',
    /** Said in place of a date (also in notifications) while the deadline waits for a year's holidays. */
    dueOnPendingShort: (year: number) => `待国务院公布 ${year} 年节假日安排后确定`,
    dueOnPaused: '补正期间暂停计算，收到补正后重新计算',
    receivedOnPending: '待机关确认收到',
    dueOnUnconfirmed: '所需年度节假日安排尚未公布，暂无法计算',
    dueOnPending: (p: PartialCount) =>
      p.countedThrough === null
        ? `答复期限需待国务院公布 ${p.missingYear} 年节假日安排后确定（共 ${p.remainingWorkingDays} 个工作日，尚未开始计算）。`
        : `答复期限需待国务院公布 ${p.missingYear} 年节假日安排后确定：截至 ${p.countedThrough.slice(0, 4)} 年 ${Number(p.countedThrough.slice(5, 7))} 月 ${Number(p.countedThrough.slice(8, 10))} 日已计 ${p.countedDays} 个工作日，还有 ${p.remainingWorkingDays} 个工作日将在公布后计入。`,
    paused: '暂停计时',
    pausedYes: '是（征求意见、补正或缴费期间不计入答复期限）',
    pausedNo: '否',
    timeline: '办理过程',
    withdraw: '撤回申请',
    withdrawHint: '答复作出前，您可以撤回申请。撤回后机关将不再处理本申请。',
    withdrawMeans:
      '撤回后：机关停止办理本申请，答复期限不再计算，已撤回的申请不能恢复。如仍需要这些信息，可以重新提出申请（重新计算答复期限）。',
    withdrawConfirmCheck: '我已了解上述后果，确认撤回本申请',
    withdrawConfirmRequired: '请勾选确认后再撤回申请',
    withdrawReason: '撤回理由（选填）',
    withdrawConfirm: '确认撤回',
    withdrawn: '您的申请已撤回。',
    letters: '机关出具的告知书和答复书',
    letterDownload: '下载（Word 文档）',
    correctionItems: '需要您补正的内容',
    correctionDue: (on: string) => `请于 ${on} 前提交补正材料；逾期无正当理由不补正的，视为放弃申请。`,
    correctionReceivedOn: '收到补正之日',
    correctionRestart: (on: string) => `${on}（答复期限自该日起重新计算）`,
  },
  /** Letters (告知书) at the edge: defaults, fee wording, the letter pages and their messages. */
  letters: {
    defaultNumberPrefix: (agencyName: string) => `${agencyName.replace(/人民政府$/, '')}依申请公开`,
    defaultReconsiderationBody: '上一级人民政府',
    applicant: '申请人',
    feeUnitRequest: '件',
    feeUnitPage: '页',
    feeBasis: (method: string, from: number, to: number) =>
      method === 'per_request' ? `按件计收，本月第${from}至${to}件` : `按量计收，第${from}至${to}页`,
    feeLine: (from: number, to: number, unit: string, rate: number, amount: number) =>
      `第${from}至${to}${unit}，每${unit}${rate}元，计${amount}元`,
    noTemplate: '没有适用于本案的告知书模板。',
    noDraft: '尚无答复书草稿，请先拟写答复。',
    incomplete: (what: string) => `告知书缺少内容：${what}`,
    signed: '告知书已签发，内容不能再修改；如需更正，请出具新的告知书。',
    notEditable: '当前不能修改该告知书（仅承办阶段的草稿可以修改）。',
    stale: '该告知书已被他人修改，请刷新后在最新内容上修改。',
    controlCharacters: '内容含有不可见的控制字符，请删除后重试。',
    slotEmpty: '段落内容不能为空：请填写该段内容（清空后该段会从告知书中消失，且无法再补回）。',
    deliveryUnsigned: '告知书签发后才能登记送达。',
    dateFuture: '日期不能晚于今天',
    servedBeforeIssue: (issuedOn: string) => `送达日期不能早于成文日期（${issuedOn}）`,
    receivedBeforeServed: '申请人收到日期不能早于交邮或发出日期',
    title: '告知书',
    list: '告知书与答复书',
    none: '尚无告知书。',
    status: { draft: '草稿', signed: '已签发', superseded: '已作废' },
    number: '文号',
    issuedOn: '成文日期',
    sha256: '签发件 SHA-256',
    download: '下载 Word 文档（.docx）',
    print: '打印',
    edit: '修改可编辑的内容',
    editHint: '浅黄色底的段落是可以修改的内容；法律依据、救济途径等固定表述不能修改。',
    save: '保存修改',
    saved: '已保存。',
    back: '← 返回案件',
    draftNote: '这是草稿：文号和成文日期在签发时生成。',
    delivery: '送达',
    deliveryMethod: '送达方式',
    servedOn: '交邮 / 发出 / 签收日期',
    applicantReceivedOn: '申请人收到日期',
    recordDelivery: '登记送达',
    deliveryRecorded: '送达已登记。',
    reviewHeading: '答复书草稿（审核和签发的内容）',
    reviewHistory: '审核记录（提交、退回及理由、同意）',
    openLetter: '打开答复书',
    statusLabel: '状态',
    returns: '退回记录',
    returnedBy: (who: string, on: string) => `${who} 于 ${on} 退回`,
    trackingList: '已出具的告知书',
    trackingDownload: '下载',
    correct: '更正本文书',
    correctHint:
      '已签发的文书不能修改。更正时出具一份新的文书：注明更正的文书和原因，另编文号，经签发后送达申请人；原文书保持原样存档。',
    correctionReason: '更正原因',
    startCorrection: '拟写更正文书',
    correctionReasonRequired: '请填写更正原因',
    correctionByHandler: '更正文书由承办人拟写。',
    correctionByApprover: '更正文书由签发人签发。',
    correctOnlySigned: '只有已签发的文书需要更正；草稿可以直接修改。',
    alreadyCorrected: (number: string) => `该文书已被更正（${number}），如仍有误，请更正最新的文书。`,
    correctionDrafted: '该文书已有更正草稿，请在草稿上修改后提交签发。',
    signOnlyCorrections: '这里只签发更正文书；答复书在案件的“签发”步骤中签发。',
    correctionFourEyes: '拟写更正文书的人不能签发同一更正文书（双人审核）。请由其他签发人签发。',
    signCorrection: '签发更正文书',
    correctionSigned: '更正文书已签发。请送达申请人并登记送达。',
    correctionStarted: '已生成更正文书草稿：请核对更正原因和正文后，交签发人签发。',
    correctedBy: '已被更正',
    corrects: '更正的文书',
  },
  /** The annual report (Tables 3 and 4), its self-checks, drill-down and the request register. */
  reports: {
    title: '政府信息公开工作年度报告（表三、表四）',
    table3Title: '三、收到和处理政府信息公开申请情况',
    table4Title: '四、政府信息公开行政复议、行政诉讼情况',
    applicantHeader: '申请人情况',
    legalPersonHeader: '法人或其他组织',
    reconsiderationHeader: '行政复议',
    litigationHeader: '行政诉讼',
    litigationDirect: '未经复议直接起诉',
    litigationAfter: '复议后起诉',
    agency: '机关',
    year: '年度',
    subAgencies: '含下级机关',
    show: '生成报表',
    checks: '自动校验',
    checkOk: '通过',
    checkFailed: '未通过',
    checkLabels: {
      balance: '一 + 二 = 三（七）+ 四（每一列）',
      results_sum: '（七）总计 = 21 项办理结果之和',
      columns_sum: '总计 = 六类申请人之和',
      carry_over: '本年“上年结转” = 上年“结转下年度继续办理”',
      closed_unchanged: '关账时公布的数字 = 当前重算的数字',
    },
    failure: (column: string, left: number, right: number) => `${column}：左边 ${left}，右边 ${right}`,
    faults: {
      no_outcome_row: '已办结，但办理结果不能计入表三的任何一行（结果缺失或无法识别）',
      decided_without_receipt: '未确认收到申请即已办结（例如登记前撤回），不计入表三',
      decided_before_receipt: '办结日期早于收到申请日期',
      recorded_after_closing: '关账后登记的办理结果或复议诉讼（关账后更正）',
    },
    futureYear: (year: number) => `${year} 年尚未到来，不能生成该年度的报告。`,
    calendarMissing: (year: number) =>
      `${year} 年的节假日安排尚未载入或尚未确认，该年度的办理期限无法核实，请先在“节假日安排”中载入并确认。`,
    download: '下载 Excel（.xlsx）',
    downloadDocx: '下载 Word（.docx，含文字说明草稿）',
    docxTitle: (agency: string, year: number) => `${agency}${year}年政府信息公开工作年度报告（表三、表四）`,
    draftHeading: '文字说明草稿（请核对后使用）',
    /** The 依申请公开 paragraph of the report's text with the numbers filled in. */
    draftText: (n: {
      year: number
      received: number
      carriedIn: number
      decided: number
      disclosed: number
      partial: number
      withheld: number
      unable: number
      notProcessed: number
      other: number
      carriedOut: number
      reconsideration: number
      litigation: number
      corrected: number
      feesCount: number
      feesYuan: number
      tasks: {
        title: string
        tasks: number
        assigned: number
        fulfilled: number
        completionText: string
        onTimeText: string
        overdue: number
      } | null
    }) =>
      `${n.year}年，本机关共新收政府信息公开申请${n.received}件，上年结转${n.carriedIn}件。本年度办结${n.decided}件，其中予以公开${n.disclosed}件，部分公开${n.partial}件，不予公开${n.withheld}件，无法提供${n.unable}件，不予处理${n.notProcessed}件，其他处理${n.other}件；结转下年度继续办理${n.carriedOut}件。本年度因政府信息公开工作被申请行政复议${n.reconsideration}件、被提起行政诉讼${n.litigation}件，其中被纠错${n.corrected}件。${
        n.feesCount > 0
          ? `本年度依照《政府信息公开信息处理费管理办法》收取信息处理费${n.feesCount}件，共计${n.feesYuan}元。`
          : '本年度未收取信息处理费。'
      }${
        n.tasks
          ? `本年度《${n.tasks.title}》共分解任务${n.tasks.tasks}项（涉及责任单位${n.tasks.assigned}项次），已落实${n.tasks.fulfilled}项次，落实率${n.tasks.completionText}；按期报送率${n.tasks.onTimeText}，逾期未报送${n.tasks.overdue}项次。`
          : ''
      }`,
    downloadCsv: '下载 CSV',
    cellCases: '该单元格对应的案件',
    /** Table 3 columns by their JSON names (the law's labels). */
    columnLabels: {
      natural_person: '自然人',
      commercial: '商业企业',
      research: '科研机构',
      social_welfare: '社会公益组织',
      legal_services: '法律服务机构',
      other: '其他',
      total: '总计',
    },
    noCases: '没有对应的案件。',
    back: '← 返回年度报告',
    more: '下一页',
    sheetTable3: '表三',
    sheetTable4: '表四',
    register: '依申请公开台账',
    registerDownload: '导出台账（.xlsx）',
    registerCsv: '导出台账（CSV）',
    registerColumns: {
      reference: '编号',
      applicant: '申请人',
      submittedOn: '申请日期',
      receivedOn: '收到日期',
      title: '内容',
      state: '状态',
      assignee: '承办人',
      dueOn: '答复期限',
      repliedOn: '答复日期',
      outcome: '答复结果',
      extended: '是否延期',
      onTime: '是否按期',
      remedies: '复议诉讼',
    },
    yes: '是',
    no: '否',
    pending: '未答复',
    lineNames: { new: '一、本年新收', carriedIn: '二、上年结转', carriedOut: '四、结转下年度继续办理' },
    systemActor: '系统（定时任务）',
    closing: '关账',
    closeNotAdmin: '只有本机关的管理员可以关账或重新开账。',
    closeYearNotOver: (year: number) => `${year} 年尚未结束，不能关账。`,
    notClosed: (year: number) => `${year} 年度报告尚未关账。`,
    yearClosedRefusal: (year: number) =>
      `${year} 年度报告已关账：这一操作会改变该年度“一、本年新收”的数字（收到申请的日期落在已关账年度），因此不予办理。如确需更正，请管理员先重新开账。`,
    closeButton: '关账（冻结本年度数字）',
    closeHint:
      '关账后，表三、表四按关账时的数字保存（谁、何时关账一并记录）。此后：改变已关账年度“本年新收”的操作（例如把收到日期登记在该年度）一律拒绝；其他改变该年度数字的操作（例如补登该年度内已发出的答复、补登复议诉讼或其结果）照常办理，并作为“关账后更正”逐条列在报告中，关账时公布的表保持不变。关账只对本机关本身（不含下级机关）生效。',
    closedBanner: (who: string, on: string) => `本年度报告已于 ${on} 由 ${who} 关账。`,
    reopenedBanner: (who: string, on: string, reason: string) =>
      `已由 ${who} 于 ${on} 重新开账，理由：${reason}`,
    reopenButton: '重新开账',
    reopenReason: '重新开账的理由',
    reopenReasonRequired: '请填写重新开账的理由',
    publishedTables: '关账时公布的数字',
    currentTables: '当前重算的数字',
    corrections: '关账后更正',
    noCorrections: '关账后没有更正。',
    correctionColumns: { case: '案件', on: '日期', actor: '操作人', action: '操作', cells: '影响的单元格' },
    closedYearBanner: '该年度已关账',
    channelLabels: {
      online: '网上申请',
      in_person: '当面提交',
      registered_post: '挂号信邮寄',
      ordinary_post: '平信邮寄',
      fax: '传真',
      email: '电子邮件',
      oral: '口头提出',
      unknown: '未注明',
    },
    statistics: '统计分析',
    statisticsIntro:
      '按本年度收到和办结的申请统计（含下级机关时一并计入）。图表由服务器生成，不依赖外部服务或浏览器脚本。',
    monthlyByChannel: '每月收到的申请（按渠道）',
    monthlyByApplicant: '每月收到的申请（按申请人类型）',
    outcomeMix: '办理结果构成（本年度办结）',
    replyFigures: '答复时效',
    replied: '本年度发出答复',
    onTimeRate: '按期答复率',
    medianDays: '答复用时中位数（工作日，自收到申请之日起）',
    extensionRate: '延期答复率（占本年度办结）',
    correctionRate: '告知补正率（占本年度办结）',
    disputes: '行政复议和行政诉讼',
    reconsiderationCount: '被申请行政复议',
    litigationCount: '被提起行政诉讼',
    correctedRate: '被纠错率（已审结的复议诉讼中结果纠正的比例）',
    lostRate: '败诉率（已审结的行政诉讼中结果纠正的比例）',
    frequent: '高频申请事项（《条例》第四十四条）',
    frequentIntro: (n: number) =>
      `标题相近的申请归为一组（去掉年份、数字和“申请公开”等通用词后按三字片段相似度比较）。同一事项申请达到 ${n} 件且至少一件予以公开或部分公开的，建议考虑纳入主动公开。`,
    frequentColumns: {
      title: '事项（最常见的标题）',
      requests: '申请数',
      disclosed: '予以公开/部分公开',
      flag: '建议',
    },
    considerProactive: '建议考虑主动公开',
    noteProactive: '记入主动公开建议清单',
    noted: '已记入清单',
    noFrequent: '本年度没有重复申请的事项。',
    proactiveList: '主动公开建议清单',
    proactiveEmpty: '清单中还没有条目。',
    proactiveColumns: {
      title: '事项',
      requests: '申请数',
      year: '年度',
      by: '记录人',
      at: '记录时间',
      note: '备注',
    },
    proactiveGroupMissing: '该年度的统计中找不到这一事项，请刷新统计页面后再试。',
    proactiveNoted: '已记入主动公开建议清单。',
    notApplicable: '—',
  },
  /** Summaries of the JSON API operations in /api/v1/openapi.json, by `METHOD /path`. */
  apiDocs: {
    title: '政务公开平台 API',
    errorResponse: '错误（统一的错误格式）',
    idempotencyKey: '幂等键（8–200 位字母、数字或 ._:-）：同一键重复提交只生成一份申请',
    altcha: '机关启用工作量证明时，challenge 接口题目的解答',
    uploadFile: '上传的文件',
    taskTableFile: '任务分解表：.xlsx 或 .csv（UTF-8、UTF-16 或 GB18030），不超过 5 MB',
    'GET /openapi.json': '本 API 的 OpenAPI 描述',
    'POST /auth/login':
      '登录，获取令牌；已启用两步验证的账号须同时提供 totp（当前 6 位验证码或一个恢复码），缺少时 401 mfa_required',
    'POST /auth/logout': '注销令牌',
    'GET /auth/me': '当前用户',
    'POST /auth/password': '修改自己的密码（current 当前密码，next 新密码）；其他会话随之失效',
    'POST /auth/mfa/enrolment':
      '开始设置两步验证：返回密钥（secret，base32）和 otpauth:// 地址，供身份验证器应用录入；已启用时 409',
    'POST /auth/mfa/enrolment/confirm':
      '以当前验证码（code）确认启用两步验证；返回 10 个一次性恢复码（仅此一次显示）',
    'POST /users/:id/mfa/reset': '重置工作人员的两步验证（管理员；审计员由平台运营者），其会话全部失效',
    'GET /deadline':
      '计算期限并说明计入的工作日（from, workingDays；agency：按该机关的地方假日计算）；所需年度未载入时 409，details 给出已计与尚余的工作日（missingYear, countedThrough, countedDays, remainingWorkingDays）',
    'GET /calendar': '已载入的节假日年度',
    'GET /calendar/:year': '某年的节假日安排',
    'PUT /calendar/:year': '替换某年的节假日安排',
    'POST /calendar/:year/import':
      '导入某年的节假日安排：notice（粘贴国务院办公厅通知原文）/ics/csv/json；preview 为 true 时只返回解析出的日期和提示 { year, days, warnings, ignored }，不写入',
    'POST /calendar/:year/confirm': '确认或撤销确认某年的安排',
    'PUT /calendar/:year/days/:date': '新增或修改一天',
    'DELETE /calendar/:year/days/:date': '删除一天',
    'GET /agencies/:agency/calendar/local': '本机关适用的地方假日（本机关及上级机关设置的）',
    'PUT /agencies/:agency/calendar/local/:date':
      '新增或修改本机关的地方假日（适用于本机关及下级机关的案件）',
    'DELETE /agencies/:agency/calendar/local/:date': '删除本机关的地方假日',
    'GET /track': '凭申请编号和查询码查询进度',
    'POST /track/withdraw': '申请人撤回申请',
    'POST /track/letters/:id': '申请人下载机关出具的告知书（请求体为申请编号和查询码）',
    'POST /track/recover':
      '遗失查询码：申请编号和申请中填写的手机号码或电子邮箱一致时，生成新的查询码发送到该联系方式（原查询码失效）；无论是否一致都返回 202，按地址和编号限流',
    'POST /track/receipt-copy':
      '凭申请编号和查询码把回执副本发送到申请中填写的联系方式（channel：sms 不含查询码，email 含查询码）；每种方式只发送一次，queued 为 false 表示此前已安排',
    'GET /agencies/:agency/forms/:form': '表单定义（JSON Schema）',
    'OPTIONS /agencies/:agency/forms/:form/*': '跨域预检（机关门户）',
    'GET /agencies/:agency/forms/:form/challenge':
      '工作量证明题目（机关启用时；解答放入提交请求的 X-Altcha 头）',
    'POST /agencies/:agency/forms/:form/submissions':
      '提交申请（可带 Idempotency-Key 头）：201 { reference, queryCode, status, submittedAt }',
    'POST /agencies/:agency/forms/:form/attachments': '上传材料（multipart，字段 file）',
    'POST /agencies/:agency/intake':
      '登记员登记当面、邮寄、传真、电子邮件或口头提出的申请（可带 Idempotency-Key 头）：201 { caseId, reference, queryCode }，案件按 receivedOn 登记收到；scan 为纸质申请扫描件的上传编号（选填）',
    'GET /cases': '案件列表（筛选与游标分页）',
    'GET /cases/:id': '案件详情、可执行操作、期限说明和办理记录',
    'POST /cases/:id/actions/:action':
      '执行操作：请求体为 components.schemas 中对应的 action.<名称>，并带 version',
    'GET /audit/verify':
      '先封存待封存的办理记录，再校验机关的审计哈希链：案件办理记录和工作人员审计日志（agency：机关标识或 id；不带 agency 时校验平台运营者的平台审计链）；unsealed 为校验时仍待封存的记录数、最早写入时间和封存延迟（毫秒）',
    'GET /audit/log': '工作人员审计日志（审计员；按操作、操作人、日期筛选，before 翻页；format=csv 导出）',
    'GET /cases/:id/applicant': '申请人信息（脱敏）',
    'POST /cases/:id/applicant/reveal': '查看完整个人信息（记录审计日志）',
    'GET /cases/:id/attachments': '案件的申请材料列表',
    'GET /attachments/:id': '下载材料（记录审计日志）',
    'GET /cases/:id/letters': '案件的告知书与答复书',
    'GET /letters/:id': '一份告知书：签发件或草稿（含可修改的段落）',
    'GET /letters/:id/docx': '下载告知书的 Word 文档；签发件为存档原件，响应头 X-Content-SHA256 为其哈希',
    'PUT /letters/:id': '修改草稿中可修改的段落（签发后 409）',
    'POST /letters/:id/delivery': '登记告知书的送达',
    'POST /letters/:id/corrections': '更正已签发的告知书：生成注明更正原因的新草稿',
    'POST /letters/:id/sign': '签发更正文书（另编文号，冻结并记入案件事件）',
    'GET /reports/annual':
      '政府信息公开工作年度报告表三、表四及自动校验（agency, year, subAgencies；format=xlsx|csv|docx 下载，docx 含文字说明草稿）',
    'GET /reports/annual/cases': '年度报告某一单元格对应的案件（line, column；游标分页）',
    'POST /reports/annual/close':
      '关账：冻结本机关某年度的表三、表四（记录关账人和时间，写入审计日志）；此后改变该年度“本年新收”的操作被拒绝（409 report_year_closed），其他改变作为关账后更正列入报告；已关账时重复提交不产生变化',
    'POST /reports/annual/reopen': '重新开账（reason 必填，写入审计日志）',
    'GET /reports/annual/remedy-cases': '表四某一单元格对应的案件（group, result；游标分页）',
    'GET /reports/statistics':
      '统计：按月、渠道、申请人类型的申请数，办理结果构成，按期答复率和答复用时中位数（工作日），延期率、补正率，复议诉讼及被纠错率、败诉率，高频申请事项（第四十四条）；format=json 或页面中的 SVG 图表',
    'GET /reports/proactive': '主动公开建议清单（从高频申请事项记下的条目）',
    'POST /reports/proactive':
      '把一组高频申请事项记入主动公开建议清单（写入审计日志；同一事项重复提交不重复记录）',
    'GET /reports/register':
      '依申请公开台账（筛选条件同案件列表；format=xlsx|csv；reveal=true 显示申请人姓名，须有案件角色并记录审计日志）',
    'GET /agencies': '所在机关',
    'GET /agencies/:id': '机关（id 或标识）',
    'GET /agencies/:id/settings': '机关设置；readOnly 中的内容只读，可原样提交回 PUT',
    'PUT /agencies/:id/settings': '修改机关设置（readOnly 被忽略）',
    'GET /agencies/:id/transfer-targets':
      '本机关可转办的机关：本单位体系内的机关，以及平台运营者列入的其他单位机关',
    'PUT /agencies/:id/transfer-targets': '设定本机关可转办的其他单位机关（仅平台运营者）',
    'GET /notifications': '站内提醒（分页，含未读数）',
    'POST /notifications/:id/read': '将站内提醒标为已读',
    'POST /notifications/:id/dismiss': '移除站内提醒',
    'GET /users': '工作人员',
    'POST /users': '新建工作人员',
    'GET /users/:id': '工作人员详情',
    'POST /users/:id/disable': '停用工作人员',
    'POST /users/:id/enable': '启用工作人员',
    'POST /users/:id/password': '重置工作人员的密码：其会话全部失效，下次登录须先设置新密码',
    'POST /agencies/:agency/plans':
      '新建某机关某年度的重点任务分解表 { year, title } → 201；同一机关同一年度只能有一个（409）',
    'GET /agencies/:agency/plans': '某机关的任务分解表（任务统筹员看全部，任务填报员只看有本单位任务的）',
    'GET /agencies/:agency/task-units':
      '本级政府的单位名录、单位分组（默认和自定义）以及已记住的单位对应关系',
    'PUT /agencies/:agency/task-units/groups':
      '设置单位分组 { name, agencyIds }（如“园区管委会”）；agencyIds 为空时删除自定义分组',
    'PUT /agencies/:agency/task-units/mappings':
      '把表格中的单位名称对应到具体单位 { name, agencyId }：记住供以后导入使用，并立即用于已导入的任务；agencyId 为 null 时忘记',
    'GET /plans/:plan': '任务分解表',
    'POST /plans/:plan/imports':
      '上传任务分解表（multipart，字段 file）并预览：{ importId, rows: [{ row, status, messages, task }], summary }，此时不写入任务',
    'GET /plans/:plan/imports/:importId': '再次查看导入预览（按当前的单位对应关系重新识别）',
    'POST /plans/:plan/imports/:importId/commit':
      '确认导入：{ created, updated, unchanged }；按任务键更新已有任务，不重复导入',
    'GET /plans/:plan/tasks':
      '任务列表 { items: [{ id, group, seq, name, requirements, carrier, deadlineText, milestones, leadUnits, responsibleUnits }] }',
    'POST /plans/:plan/tasks': '手工新增任务',
    'GET /plans/:plan/ledger':
      '工作台账：任务 × 单位的落实状态、最近报送、是否按时，各单位和各任务的完成率、按时报送率，各单位落实情况汇总；format=xlsx 导出 Excel',
    'GET /tasks/:task': '任务详情：报送期、责任单位、可见的报送记录',
    'PUT /tasks/:task': '修改任务（带 version）；milestones 可人工设定无法识别的完成时限',
    'POST /tasks/:task/reports':
      '报送落实情况 { period, agencyId?, data }，data 为任务报送表单的答案：status、progress、publishedLinks、evidence、problems、nextSteps',
    'POST /tasks/:task/attachments':
      '上传佐证材料（multipart，字段 file；agency：报送单位），在报送的 data.evidence 中引用',
    'GET /task-reports/:id': '报送记录详情、可执行操作和审核记录',
    'POST /task-reports/:id/actions/:action':
      '审核或重新报送：accept { version, comment? }、return { version, comment }、resubmit { version, data }',
    'GET /task-reports/:id/files/:file': '下载佐证材料',
  },
  audit: {
    title: '审计日志',
    intro:
      '登录、查看个人信息、下载材料、工作人员、机关设置和节假日安排的每一次变更都记入审计日志。日志与案件办理记录一样逐条哈希链接，任何修改、插入或删除都会在校验时发现。',
    chainOk: (rows: number, events: number) => `哈希链校验通过：审计日志 ${rows} 条，办理记录 ${events} 条。`,
    unsealed: (events: number, minutes: number) =>
      `另有 ${events} 条办理记录刚写入、尚待封存（计入哈希链），最早一条写入于 ${minutes} 分钟前；下次校验或定时任务时封存。`,
    chainBroken: '哈希链校验未通过：审计记录可能被篡改，请立即报告。',
    agency: '机关',
    platform: '平台（全国节假日安排等）',
    action: '操作',
    actor: '操作人（用户名）',
    from: '起始日期',
    to: '截止日期',
    dateHint: 'YYYY-MM-DD',
    filter: '筛选',
    export: '导出 CSV',
    none: '没有符合条件的记录。',
    next: '更早的记录',
    columns: {
      at: '时间（北京时间）',
      actor: '操作人',
      action: '操作',
      target: '对象',
      ip: 'IP 地址',
      payload: '详情',
      seq: '链序号',
    },
  },
  layout: {
    skipToContent: '跳到主要内容',
    footer: '依据《中华人民共和国政府信息公开条例》提供服务',
  },
} as const

export type Messages = typeof zhCN
export type ApiDocKey = Exclude<
  keyof typeof zhCN.apiDocs,
  'title' | 'errorResponse' | 'idempotencyKey' | 'altcha' | 'uploadFile' | 'taskTableFile'
>
export const messages: Messages = zhCN
