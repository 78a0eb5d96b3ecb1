// All staff- and citizen-facing text of the Worker (zh-CN). Other languages copy this shape.

export const zhCN = {
  product: {
    name: '政务公开申请与办理平台',
    short: '政务公开平台',
  },
  errors: {
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
    forbidden: '您没有执行此操作的权限。',
    csrf_failed: '表单已失效或来源不可信，请刷新页面后重试。',
    conflict: '该记录已被他人修改，请刷新后重试。',
    idempotency_conflict: '同一幂等键已用于不同的请求内容。',
    calendar_year_not_loaded: '所需年度的节假日安排尚未载入或尚未确认，无法计算期限。',
    internal: '系统内部错误，请稍后再试。如问题持续，请联系管理员并提供请求编号。',
    service_unavailable: '服务暂时不可用。',
  },
  errorPage: {
    titlePrefix: '错误：',
    summaryTitle: '出现问题',
    requestId: '请求编号',
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
  roles: {
    registrar: '登记员',
    handler: '承办人',
    legal_reviewer: '法制审核员',
    approver: '签发人',
    admin: '管理员',
    auditor: '审计员',
  },
  admin: {
    dashboardTitle: '工作台',
    yourAgencies: '您所在的机关及角色',
    users: '工作人员',
    disable: '停用',
    enable: '启用',
    disabled: '已停用',
    active: '正常',
  },
  layout: {
    skipToContent: '跳到主要内容',
    footer: '依据《中华人民共和国政府信息公开条例》提供服务',
  },
} as const

export type Messages = typeof zhCN
export const messages: Messages = zhCN
