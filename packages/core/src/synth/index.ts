/**
 * Synthetic data: a deterministic province of agencies, officers, enforcement items, a holiday calendar and
 * `kaohe.case/v1` cases with faults injected at known rates (and the truth about them). Pure: the seed and the legal
 * calendar (a `LegalCalendar`, e.g. `chinaCalendar()`) are arguments; cases are generated one at a time so any number
 * streams in constant memory.
 */
export { SynthProvince } from './province.ts';
export type { SynthOptions, SynthCase } from './province.ts';
export {
  FAULTS as SYNTH_FAULTS, FAULT_KINDS as SYNTH_FAULT_KINDS, SIGNALS as SYNTH_SIGNALS,
  defaultRates as defaultFaultRates, resolveRates as resolveFaultRates,
} from './faults.ts';
export type { FaultKind, FaultRates, SignalKind, TruthEntry } from './faults.ts';
export { GROUP_SIZE as SYNTH_GROUP_SIZE } from './case.ts';
export { idCheckDigit, isValidIdNumber, makeIdNumber, creditCodeCheck, orgCodeCheck, isValidCreditCode, makeCreditCode } from './ids.ts';
