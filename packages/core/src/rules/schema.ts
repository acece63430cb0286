import { z } from 'zod';
import type { Cond, ValueRef } from './types.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
export const localDateSchema = date;

export const valueRefSchema: z.ZodType<ValueRef> = z.lazy(() => z.union([
  z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown()),
  z.object({ field: z.string(), default: z.unknown().optional() }).strict(),
  z.object({ param: z.string(), by: z.string().optional() }).strict(),
  z.object({ sum: z.array(valueRefSchema) }).strict(),
]));

const fieldCond = z.object({
  field: z.string(),
  default: z.unknown().optional(),
  eq: valueRefSchema.optional(), ne: valueRefSchema.optional(),
  lt: valueRefSchema.optional(), le: valueRefSchema.optional(), gt: valueRefSchema.optional(), ge: valueRefSchema.optional(),
  in: z.array(z.unknown()).optional(), notIn: z.array(z.unknown()).optional(),
  exists: z.boolean().optional(), nonEmpty: z.boolean().optional(),
  contains: z.unknown().optional(), containsAny: z.array(z.unknown()).optional(),
  subsetOf: z.array(z.unknown()).optional(), someNotIn: z.array(z.unknown()).optional(),
}).strict();

export const condSchema: z.ZodType<Cond> = z.lazy(() => z.union([
  z.object({ all: z.array(condSchema) }).strict(),
  z.object({ any: z.array(condSchema) }).strict(),
  z.object({ not: condSchema }).strict(),
  z.object({ hasEvent: z.union([z.string(), z.array(z.string())]) }).strict(),
  fieldCond,
])) as z.ZodType<Cond>;

/** An act selector: a type, several types, or {type, where, occurrence}. */
export const eventSpecSchema = z.union([
  z.string(),
  z.array(z.string()).min(1),
  z.object({
    type: z.union([z.string(), z.array(z.string()).min(1)]),
    where: condSchema.optional(),
    occurrence: z.enum(['first', 'last']).optional(),
  }).strict(),
]);
export type EventSpec = z.infer<typeof eventSpecSchema>;

/** A number, or a pack parameter (optionally per party type). */
export const numberRefSchema = z.union([z.number(), z.object({ param: z.string(), by: z.string().optional() }).strict()]);
export type NumberRef = z.infer<typeof numberRefSchema>;

const message = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

const exampleSchema = z.object({
  kind: z.enum(['pass', 'violation', 'due-day', 'day-after', 'pending', 'not-applicable', 'other']),
  name: z.string().optional(),
  asOf: date.optional(),
  case: z.record(z.string(), z.unknown()),
  records: z.array(z.record(z.string(), z.unknown())).optional(),
  registry: z.record(z.string(), z.boolean()).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  expect: z.array(z.record(z.string(), z.unknown())),
  checked: z.boolean().optional(),
}).strict();

export const ruleFileSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(\.[a-z0-9-]+)+$/, 'expected a dotted id like cn.apl.61.service'),
  title: message,
  citation: z.object({ law: z.string().min(1), article: z.string().min(1), paragraph: z.string().optional(), url: z.string().optional() }).strict(),
  quote: z.string().min(1),
  effective: z.object({ from: date, to: date.optional() }).strict(),
  applies: condSchema.optional(),
  severity: z.enum(['high', 'medium', 'low']),
  advisory: z.boolean().optional(),
  template: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  examples: z.array(exampleSchema).default([]),
}).strict();

export const packFileSchema = z.object({
  id: z.string().min(1),
  title: message,
  version: z.string().min(1),
  timezone: z.string().min(1),
  pendingWorkingDays: z.number().int().min(0).default(3),
  decisionEvent: z.string().optional(),
  params: z.record(z.string(), z.unknown()).default({}),
}).strict();
