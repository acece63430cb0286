import type { Message } from '@kaohe/core';

/**
 * A business outcome, returned, not thrown: `not-found` (also outside the caller's scope), `refused` (a step out of
 * order or by the wrong role: the state machine's reason), `validation` (bad input).
 */
export type MatterFailure = { ok: false; error: 'not-found' | 'refused' | 'validation'; reason: Message };
export type MatterResult<T> = { ok: true; value: T } | MatterFailure;

export const failure = (error: MatterFailure['error'], reason: Message): MatterFailure => ({ ok: false, error, reason });
