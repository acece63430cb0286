import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInflateRaw } from 'node:zlib';
import type { Issue } from './errors.ts';

export interface ZipLimits {
  /** largest archive accepted, bytes (default 100 MiB) */
  maxBytes?: number;
  /** largest total uncompressed size, bytes (default 1 GiB) */
  maxUncompressed?: number;
  /** largest compression ratio of an entry over 1 MiB (default 200; real XLSX sheets run 5–30) */
  maxRatio?: number;
  /** most entries (default 10 000) */
  maxEntries?: number;
}

interface Entry { name: string; method: number; csize: number; usize: number; offset: number; }

const bomb = (detail: string, detailZh: string): Issue => ({ field: '', code: 'zip.bomb', params: { detail, detailZh } });
const invalid = (detail: string): Issue => ({ field: '', code: 'zip.invalid', params: { detail } });

/**
 * Check an XLSX (ZIP) archive before it is opened: file size, entry count, declared sizes and ratios from the
 * central directory, then each entry is inflated once, streaming and counting, so that a lying header cannot
 * smuggle a bomb past the declared sizes (inflation stops at the limit). Returns the problem, or null.
 */
export async function checkZip(path: string, limits: ZipLimits = {}): Promise<Issue | null> {
  const maxBytes = limits.maxBytes ?? 100 * 1024 * 1024;
  const maxTotal = limits.maxUncompressed ?? 1024 * 1024 * 1024;
  const maxRatio = limits.maxRatio ?? 200;
  const maxEntries = limits.maxEntries ?? 10_000;
  const fh = await open(path, 'r');
  let entries: Entry[] = [];
  try {
    const { size } = await fh.stat();
    if (size > maxBytes) return { field: '', code: 'file.too-large', params: { size, limit: maxBytes } };
    const tailLen = Math.min(size, 22 + 65535);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
    if (eocd < 0) return invalid('no end-of-central-directory record');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) return bomb('ZIP64 archives are not accepted', '不接受 ZIP64 格式');
    if (count > maxEntries) return bomb(`${count} entries (limit ${maxEntries})`, `条目数 ${count} 超过上限 ${maxEntries}`);
    if (cdOffset + cdSize > size) return invalid('central directory outside the file');
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    let p = 0;
    let total = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) return invalid('bad central directory entry');
      const method = cd.readUInt16LE(p + 10);
      const csize = cd.readUInt32LE(p + 20);
      const usize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28), extraLen = cd.readUInt16LE(p + 30), commentLen = cd.readUInt16LE(p + 32);
      const offset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      p += 46 + nameLen + extraLen + commentLen;
      if (csize === 0xffffffff || usize === 0xffffffff) return bomb('ZIP64 entries are not accepted', '不接受 ZIP64 条目');
      total += usize;
      if (total > maxTotal) return bomb(`uncompressed size over ${maxTotal} bytes`, `解压后总大小超过 ${maxTotal} 字节`);
      if (usize > 1024 * 1024 && usize / Math.max(csize, 1) > maxRatio) {
        return bomb(`entry ${name} expands ${Math.round(usize / Math.max(csize, 1))}× (limit ${maxRatio}×)`, `条目 ${name} 压缩比 ${Math.round(usize / Math.max(csize, 1))} 倍，超过上限 ${maxRatio} 倍`);
      }
      if (method !== 0 && method !== 8) return invalid(`entry ${name} uses compression method ${method}`);
      entries.push({ name, method, csize, usize, offset });
    }
    // Locate each entry's data (after its local header) for the verification pass.
    const lh = Buffer.alloc(30);
    for (const e of entries) {
      await fh.read(lh, 0, 30, e.offset);
      if (lh.readUInt32LE(0) !== 0x04034b50) return invalid(`bad local header of ${e.name}`);
      e.offset += 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
    }
  } finally {
    await fh.close();
  }
  // Inflate every entry, counting: the real size may not exceed the declared size (nor the total budget).
  let budget = maxTotal;
  for (const e of entries) {
    if (e.method === 0 || e.csize === 0) continue;
    const limit = Math.min(e.usize, budget);
    const got = await new Promise<number | 'over' | Error>((resolve) => {
      let n = 0;
      const src = createReadStream(path, { start: e.offset, end: e.offset + e.csize - 1 });
      const inflate = createInflateRaw();
      inflate.on('data', (d: Buffer) => {
        n += d.length;
        if (n > limit) { src.destroy(); inflate.destroy(); resolve('over'); }
      });
      inflate.on('end', () => resolve(n));
      inflate.on('error', (err) => resolve(err));
      src.on('error', (err) => resolve(err));
      src.pipe(inflate);
    });
    if (got === 'over') return bomb(`entry ${e.name} inflates beyond its declared ${e.usize} bytes`, `条目 ${e.name} 实际解压大小超过声明的 ${e.usize} 字节`);
    if (got instanceof Error) return invalid(`entry ${e.name}: ${got.message}`);
    budget -= got;
  }
  entries = [];
  return null;
}
