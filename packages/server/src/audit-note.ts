/**
 * What a chain check cannot prove. The hash chain shows that the rows present are unaltered and in order; whoever can
 * write the database can also delete rows at the tail and leave a consistent, shorter chain. Only a signed checkpoint
 * kept outside the system (`kaohe audit checkpoint`, checked with `kaohe audit verify-checkpoint`) proves the tail.
 */
export const AUDIT_TAIL_NOTE = {
  zh: '本校验只证明现有记录未被篡改且顺序完整；若末尾记录被删除且链头一并改写，本校验无法发现。只有保存在系统之外的签名检查点（kaohe audit checkpoint / verify-checkpoint）能证明末尾完整。',
  en: 'This proves the rows present are unaltered and in order; a deletion at the tail with the chain head rewritten is not detected. Only a signed checkpoint held outside the system (kaohe audit checkpoint / verify-checkpoint) proves the tail.',
} as const;
