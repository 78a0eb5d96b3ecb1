// Every Simplified Chinese string the forms core shows to people, keyed so other locales can mirror it.

/** zh-CN messages; `{name}` placeholders are filled by `formatMessage`. */
export const zhCN = {
  // Missing answers
  required: '请输入{label}',
  'required.choose': '请选择{label}',
  'required.upload': '请上传{label}',
  'required.consent': '请阅读并勾选“{label}”',

  // Any field
  invalid_type: '{label}的格式不正确',
  unknown_field: '表单中没有“{key}”这一项',
  too_long: '{label}不能超过{max}个字',
  too_short: '{label}至少需要{min}个字',
  control_chars: '{label}含有无法识别的控制字符，请删除后重新输入',
  markup_not_allowed: '{label}不能包含“<”“>”或网页脚本等内容',
  name_format: '{label}应包含文字，不能只填写数字或符号',
  invalid_option: '请从给出的选项中选择{label}',
  option_unavailable: '{label}不能选择“{option}”：与您前面的回答不一致，请重新选择',
  too_few: '{label}至少需要{min}项',
  too_many: '{label}最多只能有{max}项',
  'too_many.files': '{label}最多只能上传{max}个文件',

  // Dates
  date_format: '{label}应为有效日期，例如 2024-05-30',
  date_future: '{label}不能晚于今天',
  date_before_min: '{label}不能早于{min}',
  date_after_max: '{label}不能晚于{max}',

  // 居民身份证 (GB 11643)
  resident_id_format: '身份证号码应为18位，前17位为数字，最后一位为数字或字母X',
  resident_id_region: '身份证号码前两位的地区代码不正确',
  resident_id_birth_date: '身份证号码中的出生日期无效',
  resident_id_checksum: '身份证号码校验位不正确，请核对后重新输入',

  // Other identity documents
  passport_format: '护照号码应为5至17位字母或数字',
  hk_macao_permit_format: '港澳居民来往内地通行证号码应为字母H或M加8位或10位数字',
  taiwan_permit_format: '台湾居民来往大陆通行证号码应为8位或10位数字',
  foreign_permanent_residence_format:
    '外国人永久居留身份证号码应为15位（3位字母加12位数字）或以9开头的18位号码',
  id_number_format: '证件号码应为2至30位文字、字母、数字或连字符',

  // 统一社会信用代码 (GB 32100-2015)
  uscc_format: '统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）',
  uscc_checksum: '统一社会信用代码校验位不正确，请核对后重新输入',

  // Contact details
  phone_format: '请输入有效的电话号码：11位手机号码，或带区号的固定电话，例如 010-12345678',
  mobile_format: '请输入有效的11位手机号码，例如 13812345678',
  landline_format: '请输入带区号的固定电话，例如 010-12345678',
  email_format: '请输入有效的电子邮箱地址，例如 name@example.com',
  postcode_format: '邮政编码应为6位数字',
  url_format: '{label}应为以 http:// 或 https:// 开头的网址，例如 https://www.example.gov.cn/xxgk/',

  // Uploads
  file_reference: '{label}的文件标识无效，请重新上传',
  file_empty: '上传的文件是空文件',
  file_too_large: '文件大小不能超过{max}',
  file_size_mismatch: '文件大小与上传内容不一致，请重新上传',
  file_type_not_allowed: '仅支持上传{types}格式的文件',
  file_content_not_type:
    '文件名或类型表明这是{type}文件，但文件内容不是{type}格式（可能已损坏，或只是改了扩展名），请上传真实的{type}文件',
  file_type_mismatch: '文件内容与声明的文件类型不符，请上传真实的{types}文件',
  'file.defaultName': '附件',

  // Parts of composite fields
  'part.idType': '证件类型',
  'part.idNumber': '证件号码',
  'part.region': '所在地区（省、市、区县）',
  'part.detail': '详细地址',
  'part.postcode': '邮政编码',

  // Identity document types
  'idType.resident_id': '居民身份证',
  'idType.passport': '护照',
  'idType.hk_macao_permit': '港澳居民来往内地通行证',
  'idType.taiwan_permit': '台湾居民来往大陆通行证',
  'idType.foreign_permanent_residence': '外国人永久居留身份证',
  'idType.other': '其他证件',

  // Form definitions (shown to administrators who author or import forms)
  'definition.invalid': '表单定义无效',
  'definition.duplicate_page': '页面标识“{id}”重复',
  'definition.duplicate_field': '字段名称“{name}”重复',
  'definition.duplicate_option': '字段“{name}”的选项值“{value}”重复',
  'definition.unknown_field_ref': '字段“{name}”的条件引用了不存在的字段“{ref}”',
  'definition.forward_field_ref': '字段“{name}”的条件只能引用在它之前出现的字段，不能引用“{ref}”',
  'definition.unknown_sub_ref': '字段“{name}”的条件引用了“{ref}”，但该字段没有这一子项',
  'definition.invalid_condition_value': '字段“{name}”的条件值“{value}”不是“{ref}”的有效选项',
  'definition.condition_too_deep': '字段“{name}”的条件嵌套超过{max}层',
  'definition.min_exceeds_max': '字段“{name}”的最小值大于最大值',
  'definition.unknown_pii_field': '个人信息字段列表引用了不存在的字段“{name}”',
  'definition.too_many_fields': '表单字段数量不能超过{max}个',
  'definition.date_format': '日期应写作 YYYY-MM-DD，并且是真实存在的日期',
} as const

/** A key into the message catalogue; issue codes and labels are looked up by it. */
export type MessageKey = keyof typeof zhCN
