import type { CaseDoc, CaseEvent, ExternalRecord, Message } from '../model.ts';
import type { LegalCalendar } from '../calendar/legal-calendar.ts';

export type FindingStatus = 'violated' | 'pending' | 'advisory';
export type Severity = 'high' | 'medium' | 'low';

/** A finding is data: a code and named fields, rendered later through the message catalogues. */
export interface Finding {
  case: string;
  agency: string;
  rule: string;
  status: FindingStatus;
  dueOn?: string;
  actOn?: string;
  /** years without a loaded holiday schedule that the due day depended on */
  provisional?: number[];
  code: string;
  fields: Record<string, unknown>;
  eventId?: string;
}

export interface Citation {
  law: string;
  article: string;
  paragraph?: string;
  url?: string;
}

/** A condition (the small expression language of packs); see docs/rule-packs.md. */
export type Cond =
  | { all: Cond[] }
  | { any: Cond[] }
  | { not: Cond }
  | { hasEvent: string | string[] }
  | FieldCond;

export type ValueRef =
  | string | number | boolean | null
  | unknown[]
  | { field: string; default?: unknown }
  | { param: string; by?: string }
  | { sum: ValueRef[] };

export interface FieldCond {
  field: string;
  default?: unknown;
  eq?: ValueRef; ne?: ValueRef; lt?: ValueRef; le?: ValueRef; gt?: ValueRef; ge?: ValueRef;
  in?: unknown[]; notIn?: unknown[];
  exists?: boolean; nonEmpty?: boolean;
  contains?: unknown; containsAny?: unknown[]; subsetOf?: unknown[]; someNotIn?: unknown[];
}

/** One example case of a rule, run by the conformance suite. */
export interface RuleExample {
  kind: 'pass' | 'violation' | 'due-day' | 'day-after' | 'pending' | 'not-applicable' | 'other';
  name?: string;
  asOf?: string;
  case: Partial<CaseDoc> & { events?: Array<Partial<CaseEvent> & { type: string; at: string }> };
  records?: ExternalRecord[];
  registry?: Record<string, boolean>;
  params?: Record<string, unknown>;
  /** expected findings (compared on the keys given); [] = checked and clean */
  expect: Array<Partial<Finding>>;
  checked?: boolean;
}

/** One version of a rule, as loaded from its pack file. */
export interface RuleDef {
  id: string;
  title: Message;
  citation: Citation;
  quote: string;
  effective: { from: string; to?: string };
  applies?: Cond;
  severity: Severity;
  /** report breaches as `advisory` (提示) rather than `violated` */
  advisory?: boolean;
  template: string;
  params: Record<string, unknown>;
  examples: RuleExample[];
  /** file the rule came from */
  source: string;
}

export interface Pack {
  id: string;
  title: Message;
  version: string;
  /** IANA zone of the jurisdiction, or 'own-offset' to read each timestamp's own local date */
  timezone: string;
  /** pending = not done and due on or before this many working days after the as-of date */
  pendingWorkingDays: number;
  /** event whose local date selects the rule version (else the as-of date) */
  decisionEvent?: string;
  params: Record<string, unknown>;
  rules: RuleDef[];
  source: string;
}

/** Personnel registry lookup: undefined when the person or credential is unknown. */
export interface PersonRegistry {
  personCredentialValid(code: string, date: string): boolean | undefined;
}

export interface EvalContext {
  /** the as-of date (YYYY-MM-DD); events after it are not seen */
  asOf: string;
  calendar: LegalCalendar;
  records?: readonly ExternalRecord[];
  registry?: PersonRegistry;
  /** pack parameter overrides (e.g. a bureau's hearing thresholds), by parameter name */
  params?: Record<string, unknown>;
}

export interface CaseResult {
  case: string;
  agency: string;
  findings: Finding[];
  /** ids of the rules that were checked on this case */
  checked: string[];
}
