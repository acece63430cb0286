import type { Agency, BenchmarkTier, Circumstance, Domain, EnforcementItem, PartyType, PenaltyKind, Person, Post } from '../model.ts';
import { makeIdNumber } from './ids.ts';
import { GIVEN_CHARS, SURNAMES } from './names.ts';
import { Rng, deriveSeed } from './rng.ts';

/** A district/county of the synthetic city (real 行政区划代码 of Hangzhou). */
interface Region {
  code: string;
  name: string;
  /** the one-character abbreviation used in decision numbers */
  short: string;
  rural: boolean;
}

export const CITY: Region = { code: '330100', name: '杭州市', short: '杭', rural: false };
export const DISTRICTS: readonly Region[] = [
  { code: '330102', name: '上城区', short: '上', rural: false },
  { code: '330105', name: '拱墅区', short: '拱', rural: false },
  { code: '330106', name: '西湖区', short: '西', rural: false },
  { code: '330108', name: '滨江区', short: '滨', rural: false },
  { code: '330109', name: '萧山区', short: '萧', rural: true },
  { code: '330110', name: '余杭区', short: '余', rural: true },
  { code: '330111', name: '富阳区', short: '富', rural: true },
  { code: '330112', name: '临安区', short: '临', rural: true },
  { code: '330113', name: '临平区', short: '平', rural: false },
  { code: '330114', name: '钱塘区', short: '钱', rural: false },
  { code: '330122', name: '桐庐县', short: '桐', rural: true },
  { code: '330127', name: '淳安县', short: '淳', rural: true },
  { code: '330182', name: '建德市', short: '建', rural: true },
];

interface DomainSpec {
  domain: Domain;
  /** suffix of the agency code, e.g. SCJG → 330100-SCJG */
  suffix: string;
  /** prefix of case ids */
  casePrefix: string;
  /** abbreviation in decision numbers (杭市监罚〔2026〕1号) */
  docShort: string;
  cityName: string;
  countyName: (r: Region) => string;
  /** which districts have an agency of this domain */
  inCounty: (r: Region) => boolean;
  cityWeight: number;
  countyWeight: number;
  /** share of simple-procedure (当场) cases */
  simpleShare: number;
  /** share of org parties */
  orgShare: number;
}

const bare = (r: Region) => r.name.replace(/(区|县|市)$/, '');

export const DOMAIN_SPECS: readonly DomainSpec[] = [
  { domain: 'market', suffix: 'SCJG', casePrefix: 'SJ', docShort: '市监', cityName: '杭州市市场监督管理局', countyName: (r) => `${r.name}市场监督管理局`, inCounty: () => true, cityWeight: 3, countyWeight: 2, simpleShare: 0.32, orgShare: 0.7 },
  { domain: 'ecology', suffix: 'STHJ', casePrefix: 'ST', docShort: '环', cityName: '杭州市生态环境局', countyName: (r) => `杭州市生态环境局${bare(r)}分局`, inCounty: () => true, cityWeight: 1, countyWeight: 0.6, simpleShare: 0.02, orgShare: 0.95 },
  { domain: 'transport', suffix: 'JTYS', casePrefix: 'JT', docShort: '交', cityName: '杭州市交通运输局', countyName: (r) => `${r.name}交通运输局`, inCounty: (r) => r.rural || r.code === '330109', cityWeight: 2.2, countyWeight: 0.9, simpleShare: 0.55, orgShare: 0.35 },
  { domain: 'urban', suffix: 'ZHZF', casePrefix: 'ZF', docShort: '综执', cityName: '杭州市城市管理局', countyName: (r) => `${r.name}综合行政执法局`, inCounty: () => true, cityWeight: 1, countyWeight: 2.2, simpleShare: 0.65, orgShare: 0.3 },
  { domain: 'emergency', suffix: 'YJGL', casePrefix: 'YJ', docShort: '应急', cityName: '杭州市应急管理局', countyName: (r) => `${r.name}应急管理局`, inCounty: () => true, cityWeight: 0.8, countyWeight: 0.5, simpleShare: 0.12, orgShare: 0.95 },
  { domain: 'agriculture', suffix: 'NYNC', casePrefix: 'NY', docShort: '农', cityName: '杭州市农业农村局', countyName: (r) => `${r.name}农业农村局`, inCounty: (r) => r.rural, cityWeight: 0.4, countyWeight: 0.35, simpleShare: 0.2, orgShare: 0.5 },
  { domain: 'culture', suffix: 'WGLY', casePrefix: 'WH', docShort: '文', cityName: '杭州市文化广电旅游局', countyName: (r) => `${r.name}文化和广电旅游体育局`, inCounty: (r) => r.code === '330106' || r.code === '330127', cityWeight: 0.5, countyWeight: 0.3, simpleShare: 0.3, orgShare: 0.8 },
  { domain: 'health', suffix: 'WSJK', casePrefix: 'WS', docShort: '卫', cityName: '杭州市卫生健康委员会', countyName: (r) => `${r.name}卫生健康局`, inCounty: (r) => r.code === '330110' || r.code === '330182', cityWeight: 0.5, countyWeight: 0.3, simpleShare: 0.4, orgShare: 0.6 },
];

/** Agencies kept deliberately tiny (≤ 3 cases): a test of small-sample handling in assessment. */
export const TINY_AGENCIES = ['330127-WGLY', '330182-WSJK'] as const;

/** Generator-side facts about an agency (not part of the interchange record). */
export interface AgencyInfo {
  agency: Agency;
  spec: DomainSpec;
  /** prefix of decision numbers, e.g. 杭上市监罚 */
  docPrefix: string;
  /** relative case volume */
  weight: number;
  tiny: boolean;
}

export function buildAgencies(): AgencyInfo[] {
  const out: AgencyInfo[] = [];
  for (const spec of DOMAIN_SPECS) {
    const cityCode = `${CITY.code}-${spec.suffix}`;
    out.push({
      agency: { code: cityCode, name: spec.cityName, region: CITY.code, domain: spec.domain, level: 'city' },
      spec, docPrefix: `杭${spec.docShort}罚`, weight: spec.cityWeight, tiny: false,
    });
    for (const r of DISTRICTS) {
      if (!spec.inCounty(r)) continue;
      const code = `${r.code}-${spec.suffix}`;
      const tiny = (TINY_AGENCIES as readonly string[]).includes(code);
      out.push({
        agency: { code, name: spec.countyName(r), region: r.code, domain: spec.domain, level: 'county', parent: cityCode },
        spec, docPrefix: `杭${r.short}${spec.docShort}罚`, weight: tiny ? 0 : spec.countyWeight * (r.rural ? 0.8 : 1), tiny,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- enforcement items and benchmark tiers

interface ItemSpec {
  code: string;
  name: string;
  domain: Domain;
  violatedArticle: string;
  penaltyArticle: string;
  kinds: PenaltyKind[];
  min: number;
  max: number;
  /** party types this item is typically applied to */
  parties: PartyType[];
  /** relative frequency within the domain */
  weight: number;
}

const ITEM_SPECS: readonly ItemSpec[] = [
  // market 市场监管
  { code: 'SC-FOOD-124-1', name: '生产经营超范围、超限量使用食品添加剂的食品（货值金额不足一万元）', domain: 'market', violatedArticle: '《中华人民共和国食品安全法》第三十四条第（四）项', penaltyArticle: '《中华人民共和国食品安全法》第一百二十四条第一款第（三）项', kinds: ['fine', 'confiscation', 'revoke-license'], min: 50000, max: 100000, parties: ['org', 'person'], weight: 2 },
  { code: 'SC-FOOD-125-1', name: '生产经营标签、说明书不符合规定的食品（货值金额不足一万元）', domain: 'market', violatedArticle: '《中华人民共和国食品安全法》第六十七条', penaltyArticle: '《中华人民共和国食品安全法》第一百二十五条第一款第（二）项', kinds: ['fine', 'confiscation'], min: 5000, max: 50000, parties: ['org', 'person'], weight: 3 },
  { code: 'SC-FOOD-126-1', name: '食品经营者未按规定建立并遵守进货查验记录制度', domain: 'market', violatedArticle: '《中华人民共和国食品安全法》第五十三条', penaltyArticle: '《中华人民共和国食品安全法》第一百二十六条第一款第（三）项', kinds: ['warning', 'fine'], min: 5000, max: 50000, parties: ['org', 'person'], weight: 3 },
  { code: 'SC-PRICE-13', name: '经营者不明码标价或者不按规定明码标价', domain: 'market', violatedArticle: '《中华人民共和国价格法》第十三条', penaltyArticle: '《价格违法行为行政处罚规定》第十三条', kinds: ['warning', 'fine'], min: 0, max: 5000, parties: ['org', 'person'], weight: 4 },
  { code: 'SC-AD-55-1', name: '发布虚假广告（广告费用无法计算）', domain: 'market', violatedArticle: '《中华人民共和国广告法》第二十八条', penaltyArticle: '《中华人民共和国广告法》第五十五条第一款', kinds: ['fine', 'confiscation'], min: 200000, max: 1000000, parties: ['org'], weight: 1 },
  { code: 'SC-LIC-13', name: '从事无照经营', domain: 'market', violatedArticle: '《无证无照经营查处办法》第二条', penaltyArticle: '《无证无照经营查处办法》第十三条', kinds: ['warning', 'fine', 'confiscation'], min: 0, max: 10000, parties: ['person'], weight: 2 },
  { code: 'SC-SE-84-1', name: '使用未经定期检验的特种设备', domain: 'market', violatedArticle: '《中华人民共和国特种设备安全法》第四十条', penaltyArticle: '《中华人民共和国特种设备安全法》第八十四条第（一）项', kinds: ['fine', 'order-closure'], min: 30000, max: 300000, parties: ['org'], weight: 1 },
  // ecology 生态环境
  { code: 'ST-AIR-99-2', name: '超过大气污染物排放标准排放大气污染物', domain: 'ecology', violatedArticle: '《中华人民共和国大气污染防治法》第十八条', penaltyArticle: '《中华人民共和国大气污染防治法》第九十九条第（二）项', kinds: ['fine', 'restrict-activity', 'order-closure'], min: 100000, max: 1000000, parties: ['org'], weight: 2 },
  { code: 'ST-AIR-108-1', name: '产生含挥发性有机物废气的生产活动未在密闭空间或设备中进行', domain: 'ecology', violatedArticle: '《中华人民共和国大气污染防治法》第四十五条', penaltyArticle: '《中华人民共和国大气污染防治法》第一百零八条第（一）项', kinds: ['fine', 'restrict-activity'], min: 20000, max: 200000, parties: ['org'], weight: 3 },
  { code: 'ST-WATER-83-2', name: '超过水污染物排放标准排放水污染物', domain: 'ecology', violatedArticle: '《中华人民共和国水污染防治法》第十条', penaltyArticle: '《中华人民共和国水污染防治法》第八十三条第（二）项', kinds: ['fine', 'restrict-activity', 'order-closure'], min: 100000, max: 1000000, parties: ['org'], weight: 2 },
  { code: 'ST-SOLID-102-1', name: '未按照国家环境保护标准贮存、利用、处置工业固体废物', domain: 'ecology', violatedArticle: '《中华人民共和国固体废物污染环境防治法》第四十条', penaltyArticle: '《中华人民共和国固体废物污染环境防治法》第一百零二条第一款第（六）项', kinds: ['fine'], min: 100000, max: 1000000, parties: ['org'], weight: 1 },
  { code: 'ST-NOISE-77', name: '夜间违规进行产生噪声的建筑施工作业', domain: 'ecology', violatedArticle: '《中华人民共和国噪声污染防治法》第四十三条', penaltyArticle: '《中华人民共和国噪声污染防治法》第七十七条', kinds: ['fine'], min: 10000, max: 100000, parties: ['org'], weight: 3 },
  // transport 交通运输
  { code: 'JT-ROAD-63', name: '未取得道路运输经营许可，擅自从事道路普通货物运输经营', domain: 'transport', violatedArticle: '《中华人民共和国道路运输条例》第二十四条', penaltyArticle: '《中华人民共和国道路运输条例》第六十三条', kinds: ['fine', 'confiscation'], min: 10000, max: 100000, parties: ['person', 'org'], weight: 2 },
  { code: 'JT-OVER-64', name: '车辆违法超限运输（超限不足1000千克）', domain: 'transport', violatedArticle: '《公路安全保护条例》第三十五条', penaltyArticle: '《公路安全保护条例》第六十四条', kinds: ['fine'], min: 0, max: 500, parties: ['person', 'org'], weight: 4 },
  { code: 'JT-TAXI-34', name: '未取得网络预约出租汽车运输证从事网约车经营', domain: 'transport', violatedArticle: '《网络预约出租汽车经营服务管理暂行办法》第十七条', penaltyArticle: '《网络预约出租汽车经营服务管理暂行办法》第三十四条', kinds: ['warning', 'fine'], min: 3000, max: 10000, parties: ['person'], weight: 3 },
  { code: 'JT-ROAD-64', name: '不符合规定条件的人员驾驶道路运输经营车辆', domain: 'transport', violatedArticle: '《中华人民共和国道路运输条例》第九条', penaltyArticle: '《中华人民共和国道路运输条例》第六十四条', kinds: ['fine'], min: 200, max: 2000, parties: ['person'], weight: 3 },
  // urban 城市管理（综合行政执法）
  { code: 'ZF-SR-34', name: '在城市人流密集地区随意倾倒垃圾、乱扔废弃物', domain: 'urban', violatedArticle: '《城市市容和环境卫生管理条例》第二十二条', penaltyArticle: '《城市市容和环境卫生管理条例》第三十四条第（一）项', kinds: ['warning', 'fine'], min: 0, max: 200, parties: ['person'], weight: 3 },
  { code: 'ZF-STALL-36', name: '擅自占用城市道路、公共场所设摊经营', domain: 'urban', violatedArticle: '《城市市容和环境卫生管理条例》第十四条', penaltyArticle: '《城市市容和环境卫生管理条例》第三十六条第（二）项', kinds: ['warning', 'fine'], min: 0, max: 500, parties: ['person', 'org'], weight: 4 },
  { code: 'ZF-CW-26', name: '随意倾倒、抛撒、堆放建筑垃圾（单位）', domain: 'urban', violatedArticle: '《城市建筑垃圾管理规定》第十五条', penaltyArticle: '《城市建筑垃圾管理规定》第二十六条', kinds: ['fine'], min: 5000, max: 50000, parties: ['org'], weight: 2 },
  { code: 'ZF-BUILD-64', name: '未取得建设工程规划许可证进行建设（尚可采取改正措施）', domain: 'urban', violatedArticle: '《中华人民共和国城乡规划法》第四十条', penaltyArticle: '《中华人民共和国城乡规划法》第六十四条', kinds: ['fine', 'confiscation'], min: 20000, max: 400000, parties: ['org', 'person'], weight: 1 },
  // emergency 应急管理
  { code: 'YJ-SAFE-97-3', name: '未按照规定对从业人员进行安全生产教育和培训', domain: 'emergency', violatedArticle: '《中华人民共和国安全生产法》第二十八条', penaltyArticle: '《中华人民共和国安全生产法》第九十七条第（三）项', kinds: ['fine', 'order-closure'], min: 0, max: 100000, parties: ['org'], weight: 3 },
  { code: 'YJ-SAFE-99-1', name: '未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志', domain: 'emergency', violatedArticle: '《中华人民共和国安全生产法》第三十五条', penaltyArticle: '《中华人民共和国安全生产法》第九十九条第（一）项', kinds: ['fine', 'order-closure'], min: 0, max: 50000, parties: ['org'], weight: 3 },
  { code: 'YJ-SAFE-102', name: '未采取措施消除事故隐患', domain: 'emergency', violatedArticle: '《中华人民共和国安全生产法》第四十一条', penaltyArticle: '《中华人民共和国安全生产法》第一百零二条', kinds: ['fine', 'order-closure'], min: 0, max: 50000, parties: ['org'], weight: 2 },
  { code: 'YJ-HAZ-80', name: '危险化学品生产企业、经营企业未对危险化学品储存场所进行安全管理', domain: 'emergency', violatedArticle: '《危险化学品安全管理条例》第二十四条', penaltyArticle: '《危险化学品安全管理条例》第八十条', kinds: ['fine', 'order-closure'], min: 50000, max: 100000, parties: ['org'], weight: 1 },
  // agriculture 农业农村
  { code: 'NY-PEST-56', name: '农药经营者经营劣质农药（货值金额不足一万元）', domain: 'agriculture', violatedArticle: '《农药管理条例》第四十五条', penaltyArticle: '《农药管理条例》第五十六条', kinds: ['fine', 'confiscation'], min: 2000, max: 20000, parties: ['person', 'org'], weight: 2 },
  { code: 'NY-FISH-38', name: '在禁渔区、禁渔期进行捕捞', domain: 'agriculture', violatedArticle: '《中华人民共和国渔业法》第三十条', penaltyArticle: '《中华人民共和国渔业法》第三十八条', kinds: ['fine', 'confiscation'], min: 0, max: 50000, parties: ['person'], weight: 2 },
  // culture 文化市场
  { code: 'WH-NET-31', name: '互联网上网服务营业场所接纳未成年人进入', domain: 'culture', violatedArticle: '《互联网上网服务营业场所管理条例》第二十一条', penaltyArticle: '《互联网上网服务营业场所管理条例》第三十一条第（二）项', kinds: ['warning', 'fine', 'order-closure'], min: 0, max: 15000, parties: ['org'], weight: 3 },
  { code: 'WH-ENT-48', name: '娱乐场所未按规定悬挂警示标志、未成年人禁入标志', domain: 'culture', violatedArticle: '《娱乐场所管理条例》第三十条', penaltyArticle: '《娱乐场所管理条例》第五十条', kinds: ['warning', 'fine'], min: 0, max: 10000, parties: ['org'], weight: 1 },
  // health 卫生健康
  { code: 'WS-PUB-36', name: '公共场所经营者未取得卫生许可证擅自营业', domain: 'health', violatedArticle: '《公共场所卫生管理条例》第八条', penaltyArticle: '《公共场所卫生管理条例实施细则》第三十五条', kinds: ['warning', 'fine'], min: 500, max: 5000, parties: ['org', 'person'], weight: 3 },
  { code: 'WS-SMOKE-14', name: '在禁止吸烟场所吸烟且不听劝阻', domain: 'health', violatedArticle: '《杭州市公共场所控制吸烟条例》第十条', penaltyArticle: '《杭州市公共场所控制吸烟条例》第二十二条', kinds: ['warning', 'fine'], min: 50, max: 200, parties: ['person'], weight: 3 },
  { code: 'WS-MED-44', name: '未取得《医疗机构执业许可证》擅自执业', domain: 'health', violatedArticle: '《医疗机构管理条例》第十四条', penaltyArticle: '《医疗机构管理条例》第四十三条', kinds: ['fine', 'confiscation'], min: 50000, max: 500000, parties: ['person', 'org'], weight: 1 },
];

/** Rounding unit of money amounts in a range whose maximum is `max`. */
export function moneyUnit(max: number): number {
  return max <= 1000 ? 10 : max <= 20000 ? 100 : max <= 200000 ? 1000 : 10000;
}

function tiersOf(min: number, max: number): BenchmarkTier[] {
  const u = moneyUnit(max);
  const r = (x: number) => Math.round(x / u) * u;
  const d = max - min;
  const t: BenchmarkTier[] = [];
  if (min > 0) t.push({ tier: '减轻', min: r(min * 0.3), max: min, circumstances: ['mitigated'] });
  t.push({ tier: '从轻', min, max: r(min + 0.3 * d), circumstances: min > 0 ? ['lighter'] : ['mitigated', 'lighter'] });
  t.push({ tier: '一般', min: r(min + 0.3 * d), max: r(min + 0.7 * d), circumstances: ['general'] });
  t.push({ tier: '从重', min: r(min + 0.7 * d), max, circumstances: ['heavier'] });
  return t;
}

/** Generator-side facts about an item. */
export interface ItemInfo {
  item: EnforcementItem;
  parties: PartyType[];
  weight: number;
  min: number;
  max: number;
}

export function buildItems(year: number): ItemInfo[] {
  return ITEM_SPECS.map((s) => ({
    item: {
      code: s.code, name: s.name, domain: s.domain, violatedArticle: s.violatedArticle, penaltyArticle: s.penaltyArticle,
      kinds: s.kinds, range: { min: s.min, max: s.max }, tiers: tiersOf(s.min, s.max),
      issuer: '浙江省司法厅（合成数据）', version: `${year - 1}.1`, effective: `${year - 1}-07-01`,
    },
    parties: s.parties, weight: s.weight, min: s.min, max: s.max,
  }));
}

/** The benchmark tier that covers a circumstance (`none` has no tier). */
export function tierFor(item: EnforcementItem, c: Circumstance): BenchmarkTier | undefined {
  return item.tiers?.find((t) => t.circumstances.includes(c));
}

// ---------------------------------------------------------------- people

/** Generator-side facts about a person. */
export interface PersonInfo {
  person: Person;
  /** credential validity as day numbers are not needed: ISO dates compare as strings */
  validFrom: string;
  validTo: string;
}

export function personName(rng: Rng): string {
  const s = rng.weighted(SURNAMES);
  const g = rng.pick(GIVEN_CHARS) + (rng.chance(0.7) ? rng.pick(GIVEN_CHARS) : '');
  return s + g;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/**
 * The personnel of one agency: handlers (承办人, most), reviewers (法制审核), approvers (负责人) and a supervisor.
 * Credentials: most valid through the year; some expire during it; in every agency of four or more at least one
 * handler's credential has already expired (for the expired-credential fault).
 */
export function buildPeople(seed: number, year: number, agencyIndex: number, a: AgencyInfo): PersonInfo[] {
  const rng = new Rng(deriveSeed(seed, 'people', agencyIndex));
  const nHandlers = a.tiny ? 3 : Math.max(4, Math.round(4 + a.weight * 7 + rng.int(0, 4)));
  const nReviewers = a.tiny ? 1 : a.weight >= 1.5 ? 3 : 2;
  const nApprovers = a.tiny ? 1 : 2;
  const out: PersonInfo[] = [];
  let seq = 1;
  const add = (posts: Post[], credential: 'valid' | 'expiring' | 'expired') => {
    const code = `P${pad(agencyIndex + 1, 3)}${pad(seq, 2)}`;
    const vfYear = credential === 'expired' ? year - rng.int(5, 7) : year - rng.int(0, 4);
    let validFrom = `${vfYear}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`;
    if (validFrom > `${year}-01-01` && credential !== 'expiring') validFrom = `${year - 1}-${validFrom.slice(5)}`;
    let validTo: string;
    if (credential === 'expired') validTo = `${year - 1}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`;
    else if (credential === 'expiring') {
      validFrom = `${year - 5}-${pad(rng.int(3, 10), 2)}-${pad(rng.int(1, 28), 2)}`;
      validTo = `${year}-${validFrom.slice(5)}`;
    } else validTo = `${vfYear + 5 + (vfYear + 5 <= year ? 1 : 0)}-${validFrom.slice(5)}`;
    if (credential === 'valid' && validTo <= `${year + 1}-01-31`) validTo = `${year + 1}-${validFrom.slice(5)}`;
    const birth = `${rng.int(1966, 1999)}${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 28), 2)}`;
    const person: Person = {
      code, name: personName(rng), agency: a.agency.code, posts,
      credential: { number: `浙${a.agency.region}${pad(agencyIndex + 1, 3)}${pad(seq, 3)}`, validFrom, validTo },
      idNumber: makeIdNumber(a.agency.region, birth, rng.int(0, 999)),
    };
    out.push({ person, validFrom, validTo });
    seq++;
  };
  for (let i = 0; i < nHandlers; i++) {
    // the first three handlers are always valid, so every agency can staff a clean case all year
    const c = i < 3 ? 'valid' : i === 3 ? 'expired' : rng.weighted([['valid', 75], ['expiring', 15], ['expired', 10]] as const);
    add(['handler'], c);
  }
  if (a.tiny) add(['handler'], 'expired');
  for (let i = 0; i < nReviewers; i++) add(['reviewer'], 'valid');
  for (let i = 0; i < nApprovers; i++) add(i === 0 ? ['approver', 'supervisor'] : ['approver'], 'valid');
  if (!a.tiny) add(['supervisor'], 'valid');
  return out;
}
