/**
 * Domain records of the interchange format `kaohe.case/v1` / `kaohe.record/v1` and the registries
 * (see ../shared/spec/interchange.md). These types are the contract between ingest, store, engines and edges.
 */

export const DOMAINS = ['market', 'ecology', 'transport', 'urban', 'emergency', 'agriculture', 'culture', 'health', 'other'] as const;
export type Domain = (typeof DOMAINS)[number];

export const PROCEDURES = ['simple', 'general'] as const;
export type Procedure = (typeof PROCEDURES)[number];

export const PARTY_TYPES = ['person', 'org'] as const;
export type PartyType = (typeof PARTY_TYPES)[number];

export const CIRCUMSTANCES = ['none', 'mitigated', 'lighter', 'general', 'heavier'] as const;
export type Circumstance = (typeof CIRCUMSTANCES)[number];

export const PENALTY_KINDS = [
  'warning', 'criticism', 'fine', 'confiscation', 'suspend-license', 'downgrade', 'revoke-license',
  'restrict-activity', 'order-closure', 'restrict-practice', 'detention', 'none',
] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];

export const RECORD_MEDIA = ['text', 'av', 'photo', 'electronic'] as const;
export type RecordMedium = (typeof RECORD_MEDIA)[number];

export const EVENT_TYPES = [
  'lead.registered', 'lead.extended', 'case.opened', 'case.declined', 'investigation', 'evidence.preserved',
  'evidence.preservation-decided', 'case.suspended', 'case.resumed', 'period.excluded', 'deadline.extended',
  'notice.issued', 'defense.received', 'rights.waived', 'hearing.requested', 'hearing.notified', 'hearing.held',
  'review.submitted', 'review.completed', 'discussion.held', 'decision.made', 'decision.served',
  'decision.published', 'publication.withdrawn', 'payment.received', 'rectification.ordered',
  'rectification.verified', 'enforcement.applied', 'case.closed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface Penalty {
  kinds: PenaltyKind[];
  fine?: number;
  confiscated?: number;
}

export interface Party {
  type: PartyType;
  name?: string;
  idNumber?: string;
  creditCode?: string;
  phone?: string;
  address?: string;
}

export interface Violation {
  item?: string;
  occurredOn?: string; // YYYY-MM-DD
  circumstance?: Circumstance;
  firstOffense?: boolean;
  minor?: boolean;
  corrected?: boolean;
  noHarm?: boolean;
  longLimitation?: boolean;
}

export interface Staff {
  handlers?: string[];
  reviewer?: string;
  approver?: string;
}

/**
 * One act of a case. `at` is an ISO-8601 instant with offset. Type-specific attributes
 * (`proposed`, `hearingRight`, `result`, `penalty`, `method`, `days`, `from`, `to`, ...) live on the object;
 * attributes of other logs (XES) are kept as they come.
 */
export interface CaseEvent {
  id: string;
  type: string;
  at: string;
  by?: string[];
  records?: RecordMedium[];
  note?: string;
  [attr: string]: unknown;
}

export interface CaseDoc {
  schema?: 'kaohe.case/v1';
  id: string;
  agency: string;
  domain?: Domain;
  procedure?: Procedure;
  party?: Party;
  violation?: Violation;
  major?: boolean;
  complex?: boolean;
  staff?: Staff;
  penalty?: Penalty;
  events: CaseEvent[];
  /** unknown fields, kept as they came */
  extra?: Record<string, unknown>;
}

export const RECORD_KINDS = ['complaint', 'rating', 'survey', 'reconsideration', 'litigation'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export const CORRECTED_OUTCOMES = ['revoked', 'changed', 'confirmed-illegal', 'ordered-to-act'] as const;

export interface ExternalRecord {
  schema?: 'kaohe.record/v1';
  kind: RecordKind;
  id: string;
  agency: string;
  caseId?: string;
  /** receivedAt (complaint), at (rating, survey), decidedAt (reconsideration, litigation) */
  receivedAt?: string;
  at?: string;
  decidedAt?: string;
  closedAt?: string;
  category?: 'attitude' | 'procedure' | 'inaction' | 'abuse' | 'other';
  verified?: boolean;
  score?: number;
  mode?: 'online' | 'interview';
  answers?: Record<string, number>;
  outcome?: string;
  extra?: Record<string, unknown>;
}

export const AGENCY_LEVELS = ['province', 'city', 'county', 'township'] as const;
export interface Agency {
  code: string;
  name: string;
  region: string; // 6-digit 行政区划代码
  domain: Domain;
  level: (typeof AGENCY_LEVELS)[number];
  parent?: string;
}

export const POSTS = ['handler', 'reviewer', 'approver', 'supervisor'] as const;
export type Post = (typeof POSTS)[number];
export interface Credential {
  number: string;
  validFrom: string;
  validTo: string;
}
export interface Person {
  code: string;
  name: string;
  agency: string;
  posts: Post[];
  credential?: Credential;
  idNumber?: string;
}

export interface BenchmarkTier {
  tier: string;
  min: number;
  max: number;
  circumstances: Circumstance[];
}
export interface EnforcementItem {
  code: string;
  name: string;
  domain: Domain;
  violatedArticle?: string;
  penaltyArticle?: string;
  kinds: PenaltyKind[];
  range?: { min: number; max: number };
  multiple?: { base: string; min: number; max: number };
  tiers?: BenchmarkTier[];
  issuer?: string;
  version?: string;
  effective?: string;
}

export interface CalendarYear {
  year: number;
  holidays: string[];
  workdays: string[];
  source?: string;
}

/** Any record of the interchange, tagged by its schema. */
export type InterchangeRecord =
  | { schema: 'kaohe.case/v1'; value: CaseDoc }
  | { schema: 'kaohe.record/v1'; value: ExternalRecord }
  | { schema: 'kaohe.agency/v1'; value: Agency }
  | { schema: 'kaohe.person/v1'; value: Person }
  | { schema: 'kaohe.item/v1'; value: EnforcementItem }
  | { schema: 'kaohe.calendar/v1'; value: CalendarYear };

export type SchemaId = InterchangeRecord['schema'];
export const SCHEMA_IDS: SchemaId[] = ['kaohe.case/v1', 'kaohe.record/v1', 'kaohe.agency/v1', 'kaohe.person/v1', 'kaohe.item/v1', 'kaohe.calendar/v1'];

/** A bilingual message: every error and finding a user sees has both. */
export interface Message {
  zh: string;
  en: string;
}
