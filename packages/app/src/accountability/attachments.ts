/**
 * Attachments of a matter (陈述申辩 evidence, appeal grounds): kept in the database (bytea), so a backup of either
 * database holds them and reading one is scoped like its matter. The type is judged by the file's first bytes, not by
 * what the uploader claims; the name's extension must agree with it.
 */
import { createHash } from 'node:crypto';
import type { Message } from '@kaohe/core';

/** 5 MB: a scanned page or a phone photo fits; the column's CHECK holds the same limit. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
/** per answer or appeal */
export const ATTACHMENTS_PER_STEP = 10;

const KINDS = [
  { type: 'application/pdf', ext: ['pdf'], magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/jpeg', ext: ['jpg', 'jpeg'], magic: [0xff, 0xd8, 0xff] },
  { type: 'image/png', ext: ['png'], magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // DOCX and OFD (GB/T 33190) are ZIP containers
  { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: ['docx'], magic: [0x50, 0x4b, 0x03, 0x04] },
  { type: 'application/ofd', ext: ['ofd'], magic: [0x50, 0x4b, 0x03, 0x04] },
] as const;

export interface AttachmentInput {
  name: string;
  content: Uint8Array;
}

export interface CheckedAttachment {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Uint8Array;
}

export type AttachmentCheck = { ok: true; file: CheckedAttachment } | { ok: false; reason: Message };

/** Accepts a PDF, JPEG, PNG, DOCX or OFD file of at most 5 MB whose content matches its extension. */
export function checkAttachment(a: AttachmentInput): AttachmentCheck {
  const name = a.name.trim();
  if (!name || name.length > 200 || /[/\\\u0000]/.test(name)) return { ok: false, reason: { zh: '附件名称不合法', en: 'invalid attachment name' } };
  if (a.content.length === 0) return { ok: false, reason: { zh: `附件「${name}」为空`, en: `attachment "${name}" is empty` } };
  if (a.content.length > ATTACHMENT_MAX_BYTES) {
    return { ok: false, reason: { zh: `附件「${name}」超过 5 MB`, en: `attachment "${name}" is larger than 5 MB` } };
  }
  const ext = (/\.([A-Za-z0-9]+)$/.exec(name)?.[1] ?? '').toLowerCase();
  const kind = KINDS.find((k) => (k.ext as readonly string[]).includes(ext));
  if (!kind) return { ok: false, reason: { zh: `附件「${name}」类型不允许（仅限 PDF、JPG、PNG、DOCX、OFD）`, en: `attachment "${name}": only PDF, JPG, PNG, DOCX and OFD files are accepted` } };
  if (!kind.magic.every((b, i) => a.content[i] === b)) {
    return { ok: false, reason: { zh: `附件「${name}」的内容与扩展名不符`, en: `attachment "${name}": the content is not a ${ext.toUpperCase()} file` } };
  }
  return {
    ok: true,
    file: { name, contentType: kind.type, size: a.content.length, sha256: createHash('sha256').update(a.content).digest('hex'), content: a.content },
  };
}
