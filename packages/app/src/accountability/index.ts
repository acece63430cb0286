/** Accountability (责任追究): matters, due process, liability and tolerance, decisions and their effects, documents. */
export * from './result.ts';
export { checkAttachment, ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_STEP, type AttachmentInput } from './attachments.ts';
export { openMatter, chainOfCase, type OpenMatterInput, type ChainPerson, type ChainRole, type MatterScope } from './open.ts';
export { listMatters, getMatter, getMatterAttachment, type MatterFilter, type MatterSummary, type MatterDetail, type MatterPerson } from './queries.ts';
export { runStep, type MatterActor, type MatterActorRole } from './steps.ts';
export {
  investigateMatter, notifyMatter, answerMatter, decideMatter, serveMatter, appealMatter, decideAppeal, executeMatter, closeMatter, dismissMatter, waiveMatter,
  type Proposal, type DecisionInput, type StepInput,
} from './commands.ts';
export { assessMatter } from './liability.ts';
export { applyDecisionEffects, reevaluatePeopleFrom, accountabilityDecisions, DEFAULT_SUSPENSION_DAYS } from './effects.ts';
export { buildDocument, availableDocuments, DOCUMENT_KINDS, DOCUMENT_TITLES, type DocumentKind, type DocumentOptions } from './documents.ts';
export { chineseDate, PAGE } from './docx-layout.ts';
