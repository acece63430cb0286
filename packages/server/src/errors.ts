/**
 * API errors: every error body is `{ error: { id, message: { zh, en }, details? } }` with a stable id. Commands
 * throw `ApiError`; the error handler (server.ts) renders it, and maps validation, rate-limit and unknown errors.
 */
import type { Message } from '@kaohe/core';

export const ERRORS = {
  'auth.required': [401, '需要登录', 'Sign-in required'],
  'auth.invalid-credentials': [401, '用户名或密码错误', 'Wrong username or password'],
  'auth.throttled': [429, '登录失败次数过多，请稍后再试', 'Too many failed sign-ins; wait a moment and try again'],
  'auth.account-expired': [401, '账户已过期或停用', 'Account expired or disabled'],
  'auth.totp-required': [401, '需要动态口令', 'A one-time code (TOTP) is required'],
  'auth.totp-invalid': [401, '动态口令错误', 'Wrong one-time code'],
  'auth.session-expired': [401, '会话已超时，请重新登录', 'Session expired; sign in again'],
  'auth.csrf': [403, '缺少或错误的 CSRF 令牌', 'Missing or wrong CSRF token'],
  'auth.password-change-required': [403, '请先修改初始或过期密码', 'Change your initial or expired password first'],
  'auth.wrong-password': [400, '当前密码错误', 'Current password is wrong'],
  'auth.password-weak': [400, '新密码不符合密码策略', 'The new password does not meet the password policy'],
  'auth.password-reused': [400, '新密码不能与最近使用过的密码相同', 'The new password was used recently'],
  'auth.totp-not-pending': [400, '没有待确认的动态口令', 'No TOTP enrolment is pending'],
  'auth.totp-not-enrolled': [400, '尚未启用动态口令', 'No second factor is enrolled'],
  'auth.reauth-failed': [400, '身份确认失败：请输入正确的当前密码或动态口令', 'Re-authentication failed: give your current password or a current one-time code'],
  'access.forbidden': [403, '无权访问', 'Not allowed for your role'],
  'not-found': [404, '资源不存在', 'Not found'],
  'route.not-found': [404, '接口不存在', 'No such endpoint'],
  'validation': [400, '请求参数不合法', 'Invalid request'],
  'body.too-large': [413, '请求体过大', 'Request body too large'],
  'body.unsupported-type': [415, '不支持的请求体类型：上传接口只接受 application/octet-stream，其他接口只接受 application/json', 'Unsupported body type: upload routes take application/octet-stream, every other route application/json'],
  'rate-limited': [429, '请求过于频繁，请稍后再试', 'Too many requests; try again later'],
  'users.roles-conflict': [400, '角色冲突：三类管理员角色互斥，且不得兼任业务角色', 'Role conflict: the three admin roles exclude each other and every business role'],
  'users.scope-required': [400, '角色需要所属部门或区划', 'These roles need an agency or a region'],
  'users.username-taken': [409, '用户名已存在', 'Username already exists'],
  'users.self': [400, '不能修改自己的角色或状态', 'You cannot change your own roles or status'],
  'warnings.wrong-state': [409, '预警当前状态不允许此操作（已反馈、已审核或已消除）', 'Not possible in the warning\'s current state (already answered, decided or cleared)'],
  'review.wrong-state': [409, '该案卷评查表已提交，不能再次提交', 'This file\'s sheet was already submitted'],
  'matters.refused': [409, '该环节不能由您在此时办理', 'This step is not open to you now'],
  'internal': [500, '服务器内部错误', 'Internal server error'],
} as const satisfies Record<string, readonly [number, string, string]>;

export type ErrorId = keyof typeof ERRORS;

export interface ErrorBody {
  error: { id: string; message: Message; details?: unknown };
}

/** A business error with a stable id, an HTTP status and a bilingual message. */
export class ApiError extends Error {
  readonly status: number;
  readonly message2: Message;
  constructor(public readonly id: ErrorId, public readonly details?: unknown, message?: Message) {
    const [status, zh, en] = ERRORS[id];
    super(message?.en ?? en);
    this.status = status;
    this.message2 = message ?? { zh, en };
  }
  body(): ErrorBody {
    return { error: { id: this.id, message: this.message2, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

export function errorBody(id: ErrorId, details?: unknown): ErrorBody {
  return new ApiError(id, details).body();
}

/** zod issue codes → a Chinese reason (the English one is zod's own message). */
const ZH_REASONS: Record<string, string> = {
  invalid_type: '类型错误或缺失',
  too_small: '过短或过小',
  too_big: '过长或过大',
  invalid_format: '格式错误',
  invalid_value: '取值不在允许范围内',
  unrecognized_keys: '包含不允许的字段',
  not_multiple_of: '不是规定的倍数',
  invalid_union: '不符合任何允许的形式',
  custom: '不合法',
};

export interface FieldIssue {
  field: string;
  reason: Message;
}

/** Normalise zod issues into `[{ field, reason: {zh, en} }]`; unknown keys each get their own entry. */
export function fieldIssues(issues: readonly { code?: string; path?: readonly PropertyKey[]; message: string; keys?: readonly string[] }[], part?: string): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const i of issues) {
    const base = [part, ...(i.path ?? []).map(String)].filter(Boolean).join('.');
    const zh = ZH_REASONS[i.code ?? 'custom'] ?? '不合法';
    if (i.code === 'unrecognized_keys' && i.keys?.length) {
      for (const k of i.keys) out.push({ field: base ? `${base}.${k}` : k, reason: { zh, en: `unknown field "${k}"` } });
    } else out.push({ field: base, reason: { zh, en: i.message } });
  }
  return out;
}
