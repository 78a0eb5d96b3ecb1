// Public surface of the forms core: definitions, compiler, validation and input checks. No HTTP, no bindings.

export { type CompiledForm, compileForm, type RuleOptions } from './compiler/compile-form'
export type { FormInput } from './compiler/form-input'
export { nextPage, pageShown, previousPage, type RoutablePage, shownPages } from './compiler/page-routing'
export type {
  RenderControl,
  RenderField,
  RenderModel,
  RenderOption,
  RenderPage,
} from './compiler/render-model'
export {
  type ValidateOptions,
  type ValidatePageOptions,
  validatePage,
  validateSubmission,
} from './compiler/validate'
export type {
  AddressValue,
  FieldValue,
  GroupItem,
  IdDocumentValue,
  IssueCode,
  SubmissionData,
  SubmissionIssue,
  ValidationResult,
} from './compiler/values'
export {
  answersFromFields,
  type Condition,
  type ConditionValue,
  conditionLeaves,
  evaluateCondition,
} from './definition/condition'
export { canonicalJson, definitionHash, type FrozenDefinition, freezeDefinition } from './definition/freeze'
export {
  type Field,
  type FieldKind,
  type FieldOfKind,
  type FormDefinition,
  type FormDefinitionInput,
  type FormPage,
  formDefinitionSchema,
  type LeafField,
} from './definition/meta-schema'
export { DefinitionError, type DefinitionIssue, parseDefinition } from './definition/parse-definition'
export { type ApplicantCategory, applicantCategory, disclosureV1 } from './definitions/disclosure.v1'
export { disclosureV2 } from './definitions/disclosure.v2'
export { recordCorrectionV1 } from './definitions/record-correction.v1'
export { taskReportV1 } from './definitions/task-report.v1'
export { formatMessage, type I18n, localise, type MessageKey, type MessageParams, zhCN } from './i18n'
export type { Check } from './validators/check'
export { isIsoDate, isRealDate, validateDate } from './validators/date'
export { validateEmail } from './validators/email'
export { neutraliseFormula } from './validators/formula'
export { ID_DOCUMENT_TYPES, type IdDocumentType, validateIdNumber } from './validators/id-document'
export { type PhoneKind, validatePhone } from './validators/phone'
export {
  hasValidResidentIdChecksum,
  normaliseResidentId,
  residentIdCheckChar,
  validateResidentId,
} from './validators/resident-id'
export { looksLikeMarkup, normaliseText, stripInvisible, type TextRules } from './validators/text'
export {
  checkUpload,
  FILE_TYPES,
  type FileRules,
  type FileType,
  sanitiseFilename,
  sniffFileType,
  type UploadCheck,
  type UploadInput,
} from './validators/upload'
export { validateUrl } from './validators/url'
export { usccCheckChar, validateUscc } from './validators/uscc'
