import type { Message, SchemaId } from '@kaohe/core';

/** The record kinds that have a CSV file / XLSX sheet of their own. `event` rows join onto `case` rows by case id. */
export const TABLE_KINDS = ['case', 'event', 'record', 'agency', 'person', 'item', 'calendar'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

/** The interchange schema each table kind produces (`event` rows become part of `kaohe.case/v1` records). */
export const KIND_SCHEMA: Record<TableKind, SchemaId> = {
  case: 'kaohe.case/v1', event: 'kaohe.case/v1', record: 'kaohe.record/v1', agency: 'kaohe.agency/v1',
  person: 'kaohe.person/v1', item: 'kaohe.item/v1', calendar: 'kaohe.calendar/v1',
};

/** Sheet names (and CSV file-name stems) recognised for each kind; the first two are the template names (en, zh). */
export const SHEET_NAMES: Record<TableKind, string[]> = {
  case: ['cases', '案件', 'case', '案件信息'],
  event: ['events', '事件', 'event', '办案环节', '案件事件'],
  record: ['records', '外部记录', 'record', 'external'],
  agency: ['agencies', '执法主体', 'agency'],
  person: ['people', '执法人员', 'persons', 'person', '人员'],
  item: ['items', '执法事项', 'item'],
  calendar: ['calendar', '节假日', 'calendars', '日历'],
};
/** Sheet names that hold explanations, skipped on reading. */
export const NOTE_SHEETS = ['notes', '说明', '填写说明', 'readme'];

/** How a cell is turned into a value. */
export type FieldType = 'string' | 'number' | 'boolean' | 'list' | 'date' | 'instant' | 'json';

export interface FieldDef {
  /** English dotted path: the English header and the place in the record */
  path: string;
  /** the Chinese header label */
  zh: string;
  type: FieldType;
  required?: boolean;
  /** name of an ENUM_LABELS entry: cells may hold the code or its Chinese label */
  enum?: string;
  /** a short explanation for the template's notes sheet */
  note?: Message;
}

/** Chinese labels of enumerated values (interchange.md); readers accept either the code or the label. */
export const ENUM_LABELS: Record<string, Record<string, string>> = {
  domain: {
    market: '市场监管', ecology: '生态环境', transport: '交通运输', urban: '城市管理', emergency: '应急管理',
    agriculture: '农业农村', culture: '文化市场', health: '卫生健康', other: '其他',
  },
  procedure: { simple: '简易程序', general: '普通程序' },
  partyType: { person: '自然人', org: '法人或其他组织' },
  circumstance: { none: '不予处罚情形', mitigated: '减轻', lighter: '从轻', general: '一般', heavier: '从重' },
  penaltyKind: {
    warning: '警告', criticism: '通报批评', fine: '罚款', confiscation: '没收违法所得/非法财物', 'suspend-license': '暂扣许可证件',
    downgrade: '降低资质等级', 'revoke-license': '吊销许可证件', 'restrict-activity': '限制开展生产经营活动',
    'order-closure': '责令停产停业/关闭', 'restrict-practice': '限制从业', detention: '行政拘留', none: '不予处罚',
  },
  recordMedium: { text: '文字', av: '音像', photo: '照片', electronic: '电子数据' },
  eventType: {
    'lead.registered': '线索登记', 'lead.extended': '核查延期', 'case.opened': '立案', 'case.declined': '不予立案',
    investigation: '调查取证', 'evidence.preserved': '证据先行登记保存', 'evidence.preservation-decided': '先行登记保存处理决定',
    'case.suspended': '中止', 'case.resumed': '恢复', 'period.excluded': '不计入办案期限的期间', 'deadline.extended': '办案期限延长',
    'notice.issued': '行政处罚事先告知', 'defense.received': '陈述申辩', 'rights.waived': '放弃陈述申辩/听证',
    'hearing.requested': '申请听证', 'hearing.notified': '听证通知', 'hearing.held': '举行听证',
    'review.submitted': '提交法制审核', 'review.completed': '法制审核', 'discussion.held': '集体讨论',
    'decision.made': '作出处罚决定', 'decision.served': '送达', 'decision.published': '公示', 'publication.withdrawn': '撤回公示',
    'payment.received': '缴纳罚款', 'rectification.ordered': '责令改正', 'rectification.verified': '整改验收',
    'enforcement.applied': '申请强制执行', 'case.closed': '结案',
  },
  leadSource: { inspection: '检查发现', complaint: '投诉举报', referral: '移送', assigned: '上级交办', monitoring: '监测发现' },
  periodUnit: { working: '工作日', calendar: '自然日' },
  excludedReason: { testing: '检测检验', hearing: '听证', 'public-notice': '公告', appraisal: '鉴定' },
  reviewResult: { passed: '通过', rejected: '不通过' },
  serviceMethod: {
    'on-site': '当场送达', direct: '直接送达', left: '留置送达', mail: '邮寄送达', electronic: '电子送达',
    entrusted: '委托送达', publication: '公告送达',
  },
  right: { defense: '陈述申辩', hearing: '听证' },
  recordKind: { complaint: '投诉', rating: '好差评', survey: '满意度调查', reconsideration: '行政复议', litigation: '行政诉讼' },
  complaintCategory: { attitude: '态度', procedure: '程序', inaction: '不作为', abuse: '滥用职权', other: '其他' },
  surveyMode: { online: '线上', interview: '访谈' },
  outcome: {
    upheld: '维持', dismissed: '驳回', revoked: '撤销', changed: '变更', 'confirmed-illegal': '确认违法',
    'ordered-to-act': '责令履行', withdrawn: '撤诉',
  },
  level: { province: '省级', city: '市级', county: '县级', township: '乡镇' },
  post: { handler: '承办人', reviewer: '审核人', approver: '批准人', supervisor: '监督人员' },
};

const f = (path: string, zh: string, type: FieldType = 'string', more: Partial<FieldDef> = {}): FieldDef => ({ path, zh, type, ...more });
const R = { required: true };

/** The bilingual field dictionary of every table kind: English path ↔ Chinese label, with the cell type. */
export const FIELD_DEFS: Record<TableKind, FieldDef[]> = {
  case: [
    f('id', '案件编号', 'string', R), f('agency', '执法主体编码', 'string', R),
    f('domain', '执法领域', 'string', { enum: 'domain' }), f('procedure', '程序类型', 'string', { enum: 'procedure' }),
    f('party.type', '当事人类型', 'string', { enum: 'partyType' }), f('party.name', '当事人名称'),
    f('party.idNumber', '当事人身份证件号码', 'string', { note: { zh: '个人信息，加密存储', en: 'personal information, stored encrypted' } }),
    f('party.creditCode', '统一社会信用代码'), f('party.phone', '当事人联系电话'), f('party.address', '当事人地址'),
    f('violation.item', '执法事项编码'), f('violation.occurredOn', '违法行为发生日期', 'date'),
    f('violation.circumstance', '裁量情节', 'string', { enum: 'circumstance' }),
    f('violation.firstOffense', '首次违法', 'boolean'), f('violation.minor', '违法行为轻微', 'boolean'),
    f('violation.corrected', '及时改正', 'boolean'), f('violation.noHarm', '无危害后果', 'boolean'),
    f('violation.longLimitation', '适用五年追责期限', 'boolean'),
    f('major', '重大执法决定', 'boolean'), f('complex', '案情疑难复杂', 'boolean'),
    f('staff.handlers', '承办人', 'list', { note: { zh: '人员编码，多个用分号分隔', en: 'person codes, separated by ;' } }),
    f('staff.reviewer', '审核人'), f('staff.approver', '批准人'),
    f('penalty.kinds', '处罚种类', 'list', { enum: 'penaltyKind' }), f('penalty.fine', '罚款金额', 'number'),
    f('penalty.confiscated', '没收金额', 'number'),
  ],
  event: [
    f('caseId', '案件编号', 'string', R), f('agency', '执法主体编码'),
    f('id', '事件编号', 'string', { note: { zh: '案件内唯一；留空时按 类型@时间 生成', en: 'unique within the case; if empty, type@at is used' } }),
    f('type', '事件类型', 'string', { ...R, enum: 'eventType' }),
    f('at', '发生时间', 'instant', { ...R, note: { zh: '须带时区偏移，如 2026-03-02T09:10:00+08:00', en: 'with offset, e.g. 2026-03-02T09:10:00+08:00' } }),
    f('by', '执行人员', 'list'), f('records', '记录形式', 'list', { enum: 'recordMedium' }), f('note', '备注'),
    f('source', '线索来源', 'string', { enum: 'leadSource' }), f('days', '天数', 'number'),
    f('unit', '期限单位', 'string', { enum: 'periodUnit' }), f('approvedBy', '批准人'), f('reason', '原因'),
    f('credentialShown', '出示执法证件', 'boolean'), f('from', '期间起始日期', 'date'), f('to', '期间截止日期', 'date'),
    f('collective', '经集体讨论', 'boolean'), f('proposed.kinds', '拟处罚种类', 'list', { enum: 'penaltyKind' }),
    f('proposed.fine', '拟罚款金额', 'number'), f('hearingRight', '告知听证权利', 'boolean'),
    f('rights', '放弃的权利', 'list', { enum: 'right' }), f('hearingOn', '听证日期', 'date'),
    f('result', '审核结果', 'string', { enum: 'reviewResult' }), f('opinions', '审核意见数', 'number'),
    f('adopted', '采纳意见数', 'number'), f('penalty.kinds', '处罚种类', 'list', { enum: 'penaltyKind' }),
    f('penalty.fine', '罚款金额', 'number'), f('penalty.confiscated', '没收金额', 'number'),
    f('number', '决定书文号'), f('onSite', '当场处罚', 'boolean'), f('method', '送达方式', 'string', { enum: 'serviceMethod' }),
    f('channel', '公示渠道'), f('amount', '缴纳金额', 'number'), f('dueOn', '整改期限', 'date'),
  ],
  record: [
    f('kind', '记录类型', 'string', { ...R, enum: 'recordKind' }), f('id', '记录编号', 'string', R),
    f('agency', '执法主体编码', 'string', R), f('caseId', '关联案件编号'), f('receivedAt', '受理时间', 'instant'),
    f('at', '评价时间', 'instant'), f('decidedAt', '决定时间', 'instant'), f('closedAt', '办结时间', 'instant'),
    f('category', '投诉类别', 'string', { enum: 'complaintCategory' }), f('verified', '是否属实', 'boolean'),
    f('score', '评分', 'number'), f('mode', '调查方式', 'string', { enum: 'surveyMode' }),
    f('answers', '问卷答案', 'json', { note: { zh: 'JSON 对象，如 {"q1":5,"q2":4}', en: 'a JSON object, e.g. {"q1":5,"q2":4}' } }),
    f('outcome', '结果', 'string', { enum: 'outcome' }),
  ],
  agency: [
    f('code', '主体编码', 'string', R), f('name', '主体名称', 'string', R), f('region', '行政区划代码', 'string', R),
    f('domain', '执法领域', 'string', { ...R, enum: 'domain' }), f('level', '层级', 'string', { ...R, enum: 'level' }),
    f('parent', '上级主体编码'),
  ],
  person: [
    f('code', '人员编码', 'string', R), f('name', '姓名', 'string', R), f('agency', '所属主体编码', 'string', R),
    f('posts', '岗位', 'list', { ...R, enum: 'post' }), f('credential.number', '执法证号'),
    f('credential.validFrom', '执法证有效期起', 'date'), f('credential.validTo', '执法证有效期止', 'date'),
    f('idNumber', '身份证号码'),
  ],
  item: [
    f('code', '事项编码', 'string', R), f('name', '事项名称', 'string', R), f('domain', '执法领域', 'string', { ...R, enum: 'domain' }),
    f('violatedArticle', '违法依据'), f('penaltyArticle', '处罚依据'), f('kinds', '处罚种类', 'list', { ...R, enum: 'penaltyKind' }),
    f('range.min', '罚款下限', 'number'), f('range.max', '罚款上限', 'number'), f('multiple.base', '倍数基数'),
    f('multiple.min', '最低倍数', 'number'), f('multiple.max', '最高倍数', 'number'),
    f('tiers', '裁量阶次', 'json', { note: { zh: 'JSON 数组，如 [{"tier":"一般","min":5000,"max":20000,"circumstances":["general"]}]', en: 'a JSON array, e.g. [{"tier":"general","min":5000,"max":20000,"circumstances":["general"]}]' } }),
    f('issuer', '制定机关'), f('version', '版本'), f('effective', '生效日期', 'date'),
  ],
  calendar: [
    f('year', '年份', 'number', R), f('holidays', '法定节假日', 'list'), f('workdays', '调休工作日', 'list'), f('source', '来源文件'),
  ],
};

/** English path ↔ Chinese label, per table kind (the header dictionary of templates and readers). */
export const FIELD_LABELS: Record<TableKind, Record<string, string>> = Object.fromEntries(
  TABLE_KINDS.map((k) => [k, Object.fromEntries(FIELD_DEFS[k].map((d) => [d.path, d.zh]))]),
) as Record<TableKind, Record<string, string>>;

const norm = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, '').toLowerCase();

/** Find the field of a header cell: the English path or the Chinese label (case, width and spaces ignored). */
export function lookupField(kind: TableKind, header: string): FieldDef | undefined {
  const h = norm(header);
  return FIELD_DEFS[kind].find((d) => norm(d.path) === h || norm(d.zh) === h);
}

/** Kind of a sheet or file by its name (`案件`, `cases`, `cases.csv` …). */
export function kindFromName(name: string): TableKind | undefined {
  const n = norm(name.replace(/\.(csv|xlsx)$/i, ''));
  for (const k of TABLE_KINDS) if (SHEET_NAMES[k].some((s) => norm(s) === n)) return k;
  return undefined;
}

/** Kind of a table from its header: the kind whose required columns are all present and that knows most columns. */
export function kindFromHeader(headers: string[]): TableKind | undefined {
  let best: TableKind | undefined;
  let bestScore = 0;
  for (const k of TABLE_KINDS) {
    const known = headers.map((h) => lookupField(k, h)).filter((d): d is FieldDef => !!d);
    const paths = new Set(known.map((d) => d.path));
    if (!FIELD_DEFS[k].filter((d) => d.required).every((d) => paths.has(d.path))) continue;
    if (known.length > bestScore) { best = k; bestScore = known.length; }
  }
  return best;
}

/** Map a cell holding an enum code or its Chinese label to the code. */
export function enumCode(enumName: string, value: string): string {
  const labels = ENUM_LABELS[enumName];
  if (!labels || value in labels) return value;
  const n = norm(value);
  for (const [code, zh] of Object.entries(labels)) if (norm(zh) === n || norm(code) === n) return code;
  return value;
}
