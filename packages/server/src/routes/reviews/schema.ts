import { z } from 'zod';
import { listQuery, listResponse } from '../../route.ts';

export const REVIEW_STATES = ['not-submitted', 'submitted', 'rejected'] as const;
export const legalQueueQuery = listQuery({
  agency: z.string().max(64).optional(),
  q: z.string().max(64).optional(),
  state: z.enum(REVIEW_STATES).optional(),
}, ['openedOn', 'agency', 'id', 'submittedAt']);
export const legalQueueItem = z.object({
  agency: z.string(), id: z.string(), region: z.string(), domain: z.string().nullable(), procedure: z.string().nullable(),
  openedOn: z.string().nullable(), item: z.string().nullable(),
  party: z.object({ type: z.string().nullable(), name: z.string().nullable(), creditCode: z.string().nullable(), address: z.string().nullable(), masked: z.boolean() }).nullable(),
  /** why art. 58 requires a legal review here */
  reasons: z.array(z.enum(['major', 'complex', 'hearing'])),
  /** not-submitted: no review.submitted yet; submitted: waiting for the review; rejected: the last review did not pass */
  state: z.enum(REVIEW_STATES),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
});
export const legalQueue = listResponse(legalQueueItem);
