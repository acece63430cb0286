export type * from './types.ts';
export { CaseContext } from './context.ts';
export { compileCond, compilePath, num, latestBefore, type Env, type Pred, type Getter } from './expr.ts';
export {
  registerTemplate, getTemplate, templateNames, judgeDeadline, compileSpec, pick,
  type Template, type CheckFn, type Out, type EmitOpts, type DeadlineJudgement,
} from './template.ts';
export { condSchema, eventSpecSchema, ruleFileSchema, packFileSchema, type EventSpec } from './schema.ts';
export { compilePack, evaluateCase, evaluateCaseDetailed, Summary, type RuleCounts } from './engine.ts';
export { parsePack, withParams, ruleIds, PackLoadError, type PackSource } from './load.ts';
export { loadPack, builtInPackIds } from './load-fs.ts';
export { renderFinding, findRule, type Lang } from './render.ts';
export { FINDING_MESSAGES } from './messages.ts';
export * from './packs/checks.ts';
