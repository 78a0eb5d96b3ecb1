// Letter templates, version 1: the wording of every notice and every reply (DOMAIN.md §5–§6), as data. Fixed text
// cites the Regulation; {{values}} come from the case; slots are the free text staff may edit. Frozen once published.
import type { LetterTemplate, TemplateBlock } from './types'

export const LETTER_TEMPLATES_VERSION = 1

/** Where the seal goes under the signature (盖章). */
export const SEAL_PLACEHOLDER = '（印章）'

const R = '《中华人民共和国政府信息公开条例》'

// The opening every letter to the applicant shares: when the request came in and what it asks for.
const RECEIVED: TemplateBlock[] = [
  {
    text: `本机关于{{receivedOn}}收到您提出的政府信息公开申请（申请编号：{{reference}}），您申请获取“{{requestTitle}}”。`,
    unless: 'correctedOn',
  },
  {
    text: `本机关于{{receivedOn}}收到您提出的政府信息公开申请（申请编号：{{reference}}），并于{{correctedOn}}收到补正后的申请，您申请获取“{{requestTitle}}”。`,
    when: 'correctedOn',
  },
]

const REMEDIES: TemplateBlock = { text: '{{remedies}}' }
const CLOSING: TemplateBlock = { text: '特此告知。' }

function reply(variant: string, blocks: TemplateBlock[]): LetterTemplate {
  return {
    type: 'reply',
    variant,
    title: '政府信息公开申请答复书',
    addressee: 'applicant',
    blocks: [...RECEIVED, { text: '经审查，现答复如下：' }, ...blocks, REMEDIES],
  }
}

const reasons = (label = '理由'): TemplateBlock => ({ slot: 'reasons', label, prefix: `${label}：` })

// Refusals under Art. 14–16 share one shape: the ground, the basis, the reasons.
function withheld(variant: string, ground: string): LetterTemplate {
  return reply(variant, [
    { text: `您申请获取的政府信息${ground}。根据{{legalBasis}}的规定，本机关决定不予公开。` },
    reasons(),
  ])
}

export const LETTER_TEMPLATES_V1: readonly LetterTemplate[] = [
  {
    type: 'receipt_acknowledgement',
    variant: '',
    title: '政府信息公开申请登记回执',
    addressee: 'applicant',
    blocks: [
      {
        text: `本机关于{{receivedOn}}收到您提出的政府信息公开申请，已予登记，申请编号：{{reference}}。您申请获取“{{requestTitle}}”。`,
      },
      {
        text: `根据${R}第三十三条的规定，本机关将自收到申请之日起20个工作日内予以答复，答复期限为{{replyDueOn}}。需要延长答复期限的，本机关将另行书面告知，延长的期限最长不超过20个工作日。`,
        when: 'replyDueOn',
      },
      {
        text: `根据${R}第三十三条的规定，本机关将自收到申请之日起20个工作日内予以答复。{{replyDuePending}}`,
        when: 'replyDuePending',
      },
      { text: '您可以凭申请编号和查询码随时查询办理进度。' },
    ],
  },
  {
    type: 'correction_notice',
    variant: '',
    title: '政府信息公开申请补正告知书',
    addressee: 'applicant',
    blocks: [
      ...RECEIVED,
      {
        text: `经审查，您的申请内容不明确。根据${R}第三十条的规定，请您于{{correctionDueOn}}前对下列内容作出补正：`,
      },
      { list: 'correctionItems' },
      {
        text: '答复期限自本机关收到补正后的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。',
      },
      CLOSING,
    ],
  },
  {
    type: 'reasons_request',
    variant: '',
    title: '说明理由告知书',
    addressee: 'applicant',
    blocks: [
      ...RECEIVED,
      {
        text: `经审查，您申请公开政府信息的数量、频次明显超过合理范围。根据${R}第三十五条的规定，请您说明理由：`,
      },
      { slot: 'questions', label: '需要说明的事项' },
      {
        text: '本机关认为申请理由不合理的，告知您不予处理；认为申请理由合理，但是无法在规定期限内答复的，将确定延迟答复的合理期限并告知您。',
      },
      CLOSING,
    ],
  },
  {
    type: 'deadline_notice',
    variant: '',
    title: '延迟答复期限告知书',
    addressee: 'applicant',
    blocks: [
      ...RECEIVED,
      {
        text: `经审查，您的申请理由合理，但本机关无法在规定期限内答复。根据${R}第三十五条的规定，本机关确定于{{agencyDueOn}}前作出答复。`,
      },
      { slot: 'dateReason', label: '理由', prefix: '理由：' },
      CLOSING,
    ],
  },
  {
    type: 'extension_notice',
    variant: '',
    title: '延期答复告知书',
    addressee: 'applicant',
    blocks: [
      ...RECEIVED,
      {
        text: `本机关不能在规定的期限内作出答复。经政府信息公开工作机构负责人同意，根据${R}第三十三条第二款的规定，答复期限延长{{extensionDays}}个工作日，延长后的答复期限为{{replyDueOn}}。`,
      },
      { slot: 'extensionReason', label: '延期理由', prefix: '延期理由：' },
      CLOSING,
    ],
  },
  {
    type: 'third_party_consultation',
    variant: '',
    title: '政府信息公开征求第三方意见书',
    addressee: 'consultee',
    blocks: [
      {
        text: '本机关收到一份政府信息公开申请，申请公开的政府信息“{{matter}}”可能涉及您（单位）的商业秘密、个人隐私等合法权益。',
      },
      {
        text: `根据${R}第三十二条的规定，现书面征求您（单位）的意见。请自收到本意见书之日起15个工作日内提出意见，并说明是否同意公开及理由。逾期未提出意见的，由本机关依照${R}的规定决定是否公开。`,
      },
      {
        text: '第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方。',
      },
      CLOSING,
    ],
  },
  {
    type: 'agency_consultation',
    variant: '',
    title: '政府信息公开征求意见函',
    addressee: 'consultee',
    blocks: [
      {
        text: '本机关收到一份政府信息公开申请，申请公开的政府信息“{{matter}}”由本机关与贵机关共同制作（或需要征求贵机关意见）。',
      },
      {
        text: `根据${R}第三十四条的规定，现征求贵机关意见。请自收到本函之日起15个工作日内提出意见；逾期未提出意见的，视为同意公开。`,
      },
      { text: '特此函告。' },
    ],
  },
  {
    type: 'third_party_override_notice',
    variant: '',
    title: '政府信息公开决定告知书',
    addressee: 'consultee',
    blocks: [
      {
        text: '本机关于{{consultedOn}}就政府信息“{{matter}}”的公开书面征求您（单位）的意见，您（单位）不同意公开。',
      },
      {
        text: `本机关认为不公开可能对公共利益造成重大影响，根据${R}第三十二条的规定，决定予以公开。决定公开的政府信息内容如下：`,
      },
      { slot: 'disclosedContent', label: '决定公开的内容' },
      { slot: 'overrideReasons', label: '决定公开的理由', prefix: '理由：' },
      {
        text: '如对本决定不服，可以自知道该行政行为之日起六十日内向{{reconsiderationBody}}申请行政复议，或者自知道该行政行为之日起六个月内向人民法院提起行政诉讼。',
      },
      CLOSING,
    ],
  },
  {
    type: 'fee_notice',
    variant: '',
    title: '政府信息公开信息处理费缴费通知书',
    addressee: 'applicant',
    blocks: [
      ...RECEIVED,
      {
        text: `经审查，您申请公开政府信息的数量、频次明显超过合理范围。根据${R}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，您应当缴纳信息处理费人民币{{feeAmount}}元（{{feeBasis}}）。`,
      },
      { list: 'feeLines' },
      {
        text: '请于收到本通知之日起20个工作日内缴纳（缴费截止日为{{payBy}}）。缴费期间不计算在答复期限内。您逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。',
      },
      { slot: 'paymentMethod', label: '缴费方式', prefix: '缴费方式：' },
      CLOSING,
    ],
  },
  {
    type: 'termination_notice',
    variant: 'correction_lapsed',
    title: '政府信息公开申请终止办理告知书',
    addressee: 'applicant',
    blocks: [
      ...RECEIVED,
      {
        text: `本机关于{{correctionRequestedOn}}书面告知您对申请作出补正，补正期限为{{correctionDueOn}}。您无正当理由逾期未补正，根据${R}第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。`,
      },
      REMEDIES,
    ],
  },
  {
    type: 'termination_notice',
    variant: 'fee_lapsed',
    title: '政府信息公开申请终止办理告知书',
    addressee: 'applicant',
    blocks: [
      ...RECEIVED,
      {
        text: `本机关于{{feeIssuedOn}}向您发出信息处理费缴费通知，缴费截止日为{{payBy}}。您逾期未缴纳，根据${R}第四十二条和《政府信息公开信息处理费管理办法》的规定，视为放弃申请，本机关不再处理该政府信息公开申请。`,
      },
      REMEDIES,
    ],
  },
  reply('already_published', [
    {
      text: `您申请获取的政府信息已经主动公开。根据${R}第三十六条第（一）项的规定，现告知您获取该政府信息的方式和途径：`,
    },
    { slot: 'location', label: '获取方式和途径' },
  ]),
  reply('disclosed', [
    { text: `您申请获取的政府信息属于公开范围。根据${R}第三十六条第（二）项的规定，本机关决定予以公开。` },
    { slot: 'howToObtain', label: '获取方式、途径和时间', prefix: '获取方式、途径和时间：' },
  ]),
  reply('partially_disclosed', [
    {
      text: `您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理。根据${R}第三十七条的规定，本机关决定向您提供可以公开的政府信息内容：`,
    },
    { list: 'disclosedParts' },
    { slot: 'howToObtain', label: '获取方式、途径和时间', prefix: '获取方式、途径和时间：' },
    { text: '对下列内容不予公开：' },
    { list: 'withheldParts' },
  ]),
  withheld('withheld_state_secret', '属于国家秘密'),
  withheld('withheld_prohibited_by_law', '属于法律、行政法规禁止公开的信息'),
  withheld('withheld_security_stability', '公开后可能危及国家安全、公共安全、经济安全、社会稳定'),
  withheld('withheld_third_party_rights', '涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害'),
  withheld('withheld_internal_affairs', '属于人事管理、后勤管理、内部工作流程等内部事务信息'),
  withheld(
    'withheld_process_information',
    '属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息',
  ),
  withheld('withheld_enforcement_files', '属于行政执法案卷信息'),
  reply('administrative_query', [
    {
      text: '您申请获取的信息属于行政查询事项，不属于政府信息公开申请的处理范围，请您通过相应的查询渠道办理。',
    },
    reasons('说明'),
  ]),
  reply('not_exist', [
    {
      text: `经检索，本机关没有制作或者获取您申请的政府信息，该政府信息不存在。根据${R}第三十六条第（四）项的规定，特此告知。`,
    },
    reasons('说明'),
  ]),
  reply('not_held', [
    { text: `您申请获取的政府信息不属于本机关负责公开。根据${R}第三十六条第（五）项的规定，特此告知。` },
    { text: '经确定，负责公开该政府信息的机关为{{rightAgencyName}}。', when: 'rightAgencyName' },
    { text: '联系方式：{{rightAgencyContact}}。', when: 'rightAgencyContact' },
    reasons(),
  ]),
  reply('requires_new_processing', [
    {
      text: `您申请获取的政府信息需要本机关对现有政府信息进行加工、分析。根据${R}第三十八条的规定，本机关不予提供。`,
    },
    reasons(),
  ]),
  reply('unclear_after_correction', [
    {
      text: `您的申请经补正后，所需政府信息的名称、文号或者便于查询的其他特征性描述仍不明确，本机关无法确定您申请获取的政府信息。根据${R}第三十条的规定，特此告知。`,
    },
    reasons(),
  ]),
  reply('petition_disguised', [
    {
      text: `您以政府信息公开申请的形式进行信访、投诉、举报等活动。根据${R}第三十九条第一款的规定，本机关不作为政府信息公开申请处理，请您通过相应渠道提出。`,
    },
    reasons('渠道和说明'),
  ]),
  reply('repeat_request', [
    {
      text: `您向本机关重复申请公开相同的政府信息，本机关已就该申请作出答复。根据${R}第三十六条第（六）项的规定，本机关不予重复处理。`,
    },
    reasons(),
  ]),
  reply('published_materials', [
    {
      text: `您申请获取的是公开出版物。根据${R}第三十九条第二款的规定，本机关可以告知您获取的途径，不作为政府信息公开申请处理。`,
    },
    reasons('获取途径'),
  ]),
  reply('excessive_requests', [
    {
      text: `您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，申请理由不合理。根据${R}第三十五条的规定，本机关不予处理。`,
    },
    reasons(),
  ]),
  reply('confirm_or_reissue', [
    {
      text: '您要求本机关确认或者重新出具已经获取的信息，不属于政府信息公开申请的处理范围，本机关不作为政府信息公开申请处理。',
    },
    reasons(),
  ]),
  reply('special_regime', [
    {
      text: `有关法律、行政法规对您申请获取的信息的获取有特别规定。根据${R}第三十六条第（七）项的规定，请您依照{{regime}}的规定办理。`,
    },
    { slot: 'howToApply', label: '办理途径', prefix: '办理途径：' },
  ]),
  reply('other', [reasons('答复内容')]),
]

/** The template of a type and variant in this version, if there is one. */
export function letterTemplate(type: string, variant = ''): LetterTemplate | undefined {
  return LETTER_TEMPLATES_V1.find((t) => t.type === type && t.variant === variant)
}
