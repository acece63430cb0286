/**
 * @kaohe/ingest — streaming readers (JSON, JSONL, CSV, XLSX, XES) → validated interchange records with row-level
 * bilingual errors; CSV/XLSX templates; the bilingual field dictionary.
 */
export { readFile, detectFormat, sha256File } from './read.ts';
export type { Format, DetectedFormat, ReadOptions } from './read.ts';
export type { ReadItem } from './types.ts';
export type { RowError, SourceRef, Issue } from './errors.ts';
export { MESSAGES, toRowError, isPersonalField } from './errors.ts';
export { validateRecord, validateEvent, isRealDate, instantProblem, eventBaseSchema, EVENT_FIELD_SCHEMAS } from './validate.ts';
export type { ValidateOptions, ValidationResult } from './validate.ts';
export {
  FIELD_LABELS, FIELD_DEFS, ENUM_LABELS, SHEET_NAMES, TABLE_KINDS, KIND_SCHEMA, lookupField, kindFromHeader, kindFromName, enumCode,
} from './labels.ts';
export type { TableKind, FieldDef, FieldType } from './labels.ts';
export { writeTemplate, csvCell, TEMPLATE_EXAMPLES } from './templates.ts';
export type { TemplateLang } from './templates.ts';
export { readJson, readJsonl } from './json.ts';
export { readCsv } from './csv.ts';
export { readXlsx } from './xlsx.ts';
export { readXes } from './xes.ts';
export { checkZip } from './zipguard.ts';
export type { ZipLimits } from './zipguard.ts';
