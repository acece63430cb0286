import type { CaseDoc, CaseEvent, Circumstance, ExternalRecord, Party, PartyType, Penalty, PenaltyKind, RecordMedium } from '../model.ts';
import { fromDayNumber } from '../calendar/dates.ts';
import { FAULTS } from './faults.ts';
import type { FaultKind, TruthEntry } from './faults.ts';
import { makeCreditCode, makeIdNumber } from './ids.ts';
import { TRADE_WORDS } from './names.ts';
import { moneyUnit, personName, tierFor } from './registry.ts';
import type { ItemInfo, PersonInfo } from './registry.ts';
import { Rng, deriveSeed } from './rng.ts';
import type { AgencyCtx, ProvinceCtx, SynthCase } from './province.ts';

/** Group of similar cases (同案不同罚): six consecutive indices per period, one of them the outlier. */
export const GROUP_SIZE = 6;

/** Hearing thresholds of the market-regulation default (rules.md): person ≥ 10 000, org ≥ 100 000 yuan. */
const HEARING_THRESHOLD: Record<PartyType, number> = { person: 10_000, org: 100_000 };
/** Simple-procedure limits (art. 51): person ≤ 200, org ≤ 3 000 yuan. */
const SIMPLE_LIMIT: Record<PartyType, number> = { person: 200, org: 3_000 };
const HEARING_KINDS: PenaltyKind[] = ['revoke-license', 'downgrade', 'order-closure', 'restrict-activity', 'restrict-practice'];
const MAJOR_KINDS: PenaltyKind[] = ['revoke-license', 'downgrade', 'order-closure', 'restrict-activity'];
const RESTRICTIVE: PenaltyKind[] = ['restrict-activity', 'order-closure', 'revoke-license'];

/** Whether a penalty gives the party the right to a hearing (art. 63). */
function hearingRequired(p: Penalty, party: PartyType): boolean {
  const t = HEARING_THRESHOLD[party];
  return p.kinds.some((k) => HEARING_KINDS.includes(k)) || (p.fine ?? 0) >= t || (p.confiscated ?? 0) >= t;
}

function isMajor(p: Penalty, party: PartyType): boolean {
  return p.kinds.some((k) => MAJOR_KINDS.includes(k)) || (p.fine ?? 0) >= (party === 'org' ? 200_000 : 50_000);
}

function money(rng: Rng, lo: number, hi: number, unit: number): number {
  const a = Math.ceil(Math.max(lo, unit) / unit);
  const b = Math.floor(hi / unit);
  return (b >= a ? rng.int(a, b) : a) * unit;
}

const INDUSTRY: Record<string, string[]> = {
  market: ['食品', '餐饮管理', '商贸', '电子商务', '超市', '酒店管理'],
  ecology: ['化工', '印染', '电镀', '建材', '新材料', '环保科技'],
  transport: ['物流', '货运', '汽车服务', '运输'],
  urban: ['建筑工程', '装饰工程', '物业管理', '广告'],
  emergency: ['机械制造', '化工', '金属制品', '仓储'],
  agriculture: ['农资', '生态农业', '水产'],
  culture: ['网络科技', '文化娱乐', '网吧'],
  health: ['医疗门诊', '美容', '健康管理', '足浴'],
};
const ORG_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function makeParty(rng: Rng, type: PartyType, domain: string, region: string): Party {
  if (type === 'person') {
    const birth = `${rng.int(1960, 2003)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
    return { type, name: personName(rng), idNumber: makeIdNumber(region, birth, rng.int(0, 999)) };
  }
  let body = 'MA2';
  for (let k = 0; k < 5; k++) body += ORG_CHARS[rng.int(0, ORG_CHARS.length - 1)];
  const ind = rng.pick(INDUSTRY[domain] ?? ['商贸']);
  return { type, name: `杭州${rng.pick(TRADE_WORDS)}${ind}有限公司`, creditCode: makeCreditCode('91', region, body) };
}

interface Ev {
  day: number;
  type: string;
  attrs: Record<string, unknown>;
  by?: string[];
  records?: RecordMedium[];
}

type HearingPath = 'none' | 'requested' | 'waived' | 'silent';

/** Per-case timeline parameters, drawn once so that a rebuilt timeline uses the same choices. */
interface Params {
  gOpen: number;
  gInv: number[];
  gNotice: number;
  gReq: number; gNotif: number; gHeld: number;
  gWaive: number; gDefense: number;
  gRevSub: number; gRevDone: number; gRevAgain: number; gRevDone2: number;
  gDisc: number; gDec: number;
  gServe: number; gPub: number; payDays: number; gClose: number;
  testFrom: number; testLen: number; gPreserve: number;
}

interface Timeline {
  events: Ev[];
  open: number; decision: number; service: number; publication: number | undefined;
  lastCore: number;
}

/** Builds one case. @internal */
export function buildCase(ctx: ProvinceCtx, i: number): SynthCase {
  const rng = new Rng(deriveSeed(ctx.seed, 'case', i));
  const { cal, year } = ctx;

  // ------------------------------------------------------------ similar-case group (同案不同罚)
  let group: { id: string; agency: number; item: ItemInfo; party: PartyType; outlier: boolean; low: boolean } | undefined;
  if (ctx.groupPeriod && i % ctx.groupPeriod < GROUP_SIZE && i - (i % ctx.groupPeriod) + GROUP_SIZE <= ctx.cases) {
    const g = Math.floor(i / ctx.groupPeriod);
    const gr = new Rng(deriveSeed(ctx.seed, 'group', g));
    let agency = pickAgency(ctx, gr);
    let items = ctx.itemsByDomain.get(ctx.agencies[agency]!.info.agency.domain)!.filter((t) => t.max >= 5000);
    while (items.length === 0) {
      agency = pickAgency(ctx, gr);
      items = ctx.itemsByDomain.get(ctx.agencies[agency]!.info.agency.domain)!.filter((t) => t.max >= 5000);
    }
    const item = gr.weighted(items.map((t) => [t, t.weight] as const));
    group = { id: `G${String(g + 1).padStart(5, '0')}`, agency, item, party: gr.pick(item.parties), outlier: i % ctx.groupPeriod === gr.int(0, GROUP_SIZE - 1), low: gr.chance(0.5) };
  }

  // ------------------------------------------------------------ agency, item, party, penalty
  const agencyIdx = ctx.tinyAt.get(i) ?? group?.agency ?? pickAgency(ctx, rng);
  const ag = ctx.agencies[agencyIdx]!;
  const domain = ag.info.agency.domain;
  const spec = ag.info.spec;
  const items = ctx.itemsByDomain.get(domain)!;
  // simple procedure (当场处罚) only for items whose lighter tier can go as low as the art. 51 limits
  const simpleItems = items.filter((t) => t.parties.some((p) => t.min <= SIMPLE_LIMIT[p]));
  let procedure: 'simple' | 'general' = !group && simpleItems.length > 0 && rng.chance(spec.simpleShare) ? 'simple' : 'general';
  const itemInfo = group?.item ?? rng.weighted((procedure === 'simple' ? simpleItems : items).map((t) => [t, t.weight] as const));
  const item = itemInfo.item;
  const parties = procedure === 'simple' ? itemInfo.parties.filter((p) => itemInfo.min <= SIMPLE_LIMIT[p]) : itemInfo.parties;
  const partyType: PartyType = group?.party ?? (parties.length === 1 ? parties[0]! : rng.chance(spec.orgShare) ? 'org' : 'person');

  let circumstance: Circumstance;
  let penalty: Penalty;
  const unit = moneyUnit(itemInfo.max);
  if (procedure === 'simple') {
    circumstance = rng.chance(0.4) ? 'lighter' : 'general';
    const tier = tierFor(item, circumstance)!;
    const cap = Math.min(tier.max, SIMPLE_LIMIT[partyType]);
    const u = moneyUnit(cap);
    if (tier.min <= cap && cap >= u && !(item.kinds.includes('warning') && rng.chance(0.25))) penalty = { kinds: ['fine'], fine: money(rng, tier.min, cap, u) };
    else if (item.kinds.includes('warning') && tier.min === 0) penalty = { kinds: ['warning'] };
    else {
      procedure = 'general';
      penalty = { kinds: ['fine'], fine: money(rng, tier.min, tier.max, unit) };
    }
  } else {
    circumstance = group ? 'general' : rng.weighted([['none', 4], ['mitigated', 6], ['lighter', 25], ['general', 55], ['heavier', 10]] as const);
    if (circumstance === 'none') penalty = { kinds: ['none'] };
    else {
      const tier = tierFor(item, circumstance)!;
      let fine: number;
      if (group) {
        // peers sit together at one end of the tier; the outlier is at least ~3× away from them
        const span = tier.max - tier.min;
        if (!group.outlier) fine = group.low ? money(rng, tier.min, tier.min + span * 0.1, unit) : money(rng, tier.max - span * 0.05, tier.max, unit);
        else if (group.low) {
          const ref = tier.min + span * 0.1, up = Math.ceil((ref * 3.5) / unit) * unit;
          fine = up <= itemInfo.max ? money(rng, up, Math.min(itemInfo.max, up * 1.3), unit) : money(rng, unit, Math.max(unit, tier.min / 3.5), unit);
        } else fine = money(rng, unit, Math.max(unit, (tier.max - span * 0.05) / 3.5), unit);
      } else fine = money(rng, tier.min, tier.max, unit);
      penalty = { kinds: ['fine'], fine };
      if (!group && circumstance === 'lighter' && item.kinds.includes('warning') && rng.chance(0.15)) penalty = { kinds: ['warning'] };
      if (!group && item.kinds.includes('confiscation') && rng.chance(0.3)) {
        penalty.kinds.push('confiscation');
        penalty.confiscated = money(rng, 300, partyType === 'person' ? 8000 : 60000, 100);
      }
      const restrictive = item.kinds.filter((k) => RESTRICTIVE.includes(k));
      if (!group && circumstance === 'heavier' && restrictive.length > 0 && rng.chance(0.25)) penalty.kinds.push(rng.pick(restrictive));
    }
  }
  const declined = procedure === 'general' && !group && rng.chance(0.03);
  const complex = procedure === 'general' && rng.chance(0.05);

  // ------------------------------------------------------------ fault selection
  const fineKind = penalty.kinds.includes('fine');
  const warningOnly = penalty.kinds.length === 1 && penalty.kinds[0] === 'warning';
  const none = penalty.kinds[0] === 'none';
  const gen = procedure === 'general';
  const eligible: FaultKind[] = [];
  const expected: Partial<Record<FaultKind, number>> = {};
  let fault: FaultKind | undefined;
  if (group) { eligible.push('disparate-penalty'); expected['disparate-penalty'] = 1 / GROUP_SIZE; }
  if (!group && !declined) {
    const major0 = isMajor(penalty, partyType);
    const hear0 = hearingRequired(penalty, partyType);
    const can: Record<string, boolean> = {
      'late-service': true,
      'missing-notice': gen && !none && !hear0,
      'missing-legal-review': gen && major0,
      'no-collective-discussion': gen && major0,
      'simple-over-limit': !gen,
      'single-investigator': gen,
      'investigation-without-av': gen,
      'late-decision': gen && !complex,
      'late-filing': gen && domain === 'market',
      'late-publication': gen && !none && !warningOnly,
      'reviewer-is-handler': gen,
      'heavier-after-defense': gen && fineKind,
      'hearing-right-missing': gen && hear0,
      'request-window': gen && hear0,
      'credential-not-shown': true,
      'expired-credential': gen && ag.expiredHandlers.length > 0,
      'outside-tier': gen && fineKind && !none,
    };
    let total = 0;
    for (const k of Object.keys(can) as FaultKind[]) if (can[k]) total += ctx.rates[k] * ag.multiplier;
    const scale = total > 0.95 ? 0.95 / total : 1;
    let u = rng.next();
    for (const k of Object.keys(can) as FaultKind[]) {
      if (!can[k]) continue;
      eligible.push(k);
      const p = ctx.rates[k] * ag.multiplier * scale;
      expected[k] = p;
      if (fault === undefined) {
        if (u < p) fault = k;
        else u -= p;
      }
    }
  }

  // penalty changes of the discretion / limit faults
  if (fault === 'outside-tier') {
    const tier = tierFor(item, circumstance)!;
    const up = tier.max < itemInfo.max && (rng.chance(0.6) || tier.min < 2 * unit);
    let f = up ? money(rng, tier.max + unit, Math.min(itemInfo.max * 1.5, tier.max * 2.5), unit) : money(rng, unit, Math.max(unit, tier.min * 0.5), unit);
    if (f >= tier.min && f <= tier.max) f = tier.max + unit;
    penalty.fine = f;
  }
  if (fault === 'simple-over-limit') {
    const lim = SIMPLE_LIMIT[partyType];
    penalty = { kinds: ['fine'], fine: money(rng, lim * 1.5, lim * 5, moneyUnit(lim * 5)) };
  }
  const major = gen && !declined && isMajor(penalty, partyType);
  let proposed: Penalty = { ...penalty, kinds: [...penalty.kinds] };
  if (fault === 'heavier-after-defense') {
    proposed = { ...proposed, fine: Math.max(unit, Math.round(((penalty.fine ?? 0) * rng.int(55, 80)) / 100 / unit) * unit) };
    if (proposed.fine! >= penalty.fine!) proposed.fine = penalty.fine! - unit;
  }
  const hearDecided = hearingRequired(penalty, partyType);
  let defense = gen && !none && rng.chance(0.25);
  if (defense && fault === undefined && fineKind && rng.chance(0.3)) {
    // the defence was partly adopted: the notice proposed more than was decided
    proposed = { ...proposed, fine: Math.max(penalty.fine!, Math.min(itemInfo.max, Math.round((penalty.fine! * 1.25) / unit) * unit)) };
  }
  let hearingRight = hearingRequired(proposed, partyType) || hearDecided;
  let hearingPath: HearingPath = hearingRight ? rng.weighted([['requested', 20], ['waived', 30], ['silent', 50]] as const) : rng.chance(0.2) ? 'waived' : 'none';
  if (fault === 'heavier-after-defense') { defense = true; if (hearingPath !== 'none') hearingPath = hearingRight ? 'silent' : 'none'; }
  if (fault === 'hearing-right-missing') { hearingRight = false; hearingPath = 'none'; }
  if (fault === 'request-window') { hearingPath = 'silent'; defense = false; }
  if (fault === 'late-decision' && hearingPath === 'requested') hearingPath = 'silent';
  const noNotice = fault === 'missing-notice' || none;
  if (noNotice) { defense = false; hearingPath = 'none'; hearingRight = false; }
  const testing = gen && !declined && (domain === 'market' || domain === 'agriculture' || domain === 'ecology') && fault !== 'late-decision' && rng.chance(0.08);
  const preserve = gen && rng.chance(0.1);
  const secondReview = rng.chance(0.05);
  const unpaid = rng.chance(0.06);
  const extendIfNeeded = complex && rng.chance(0.7);

  // ------------------------------------------------------------ staff
  const approver = rng.pick(ag.approvers);
  const reviewer = rng.pick(ag.reviewers);

  // ------------------------------------------------------------ timeline
  const P: Params = {
    gOpen: fault === 'late-filing' ? rng.int(16, 24) : rng.weighted([[1, 10], [2, 15], [3, 15], [5, 20], [8, 20], [12, 15], [15, 5]] as const),
    gInv: [rng.int(0, 4), ...Array.from({ length: rng.weighted([[0, 30], [1, 55], [2, 15]] as const) }, () => rng.int(2, 12))],
    gNotice: rng.int(5, 20),
    gReq: rng.int(1, 4), gNotif: rng.int(1, 3), gHeld: rng.int(7, 10),
    gWaive: rng.int(0, 2), gDefense: rng.int(1, 4),
    gRevSub: rng.int(1, 3), gRevDone: rng.int(1, 5), gRevAgain: rng.int(2, 5), gRevDone2: rng.int(1, 3),
    gDisc: rng.int(1, 4), gDec: rng.int(0, 2),
    gServe: fault === 'late-service' ? rng.int(8, 15) : rng.weighted([[0, 30], [1, 30], [2, 20], [3, 12], [4, 8]] as const),
    gPub: 0, payDays: rng.int(1, 14), gClose: rng.int(1, 10),
    testFrom: rng.int(1, 3), testLen: rng.int(3, 15), gPreserve: rng.int(2, 7),
  };
  P.gPub = fault === 'late-publication' ? rng.int(8, 20) : rng.int(Math.min(7, Math.max(1, P.gServe)), 7);
  const gLateDecision = rng.int(1, 12);
  const simpleDayPick = rng.next();
  const simpleWeekend = (domain === 'urban' || domain === 'transport') && rng.chance(0.25);
  const onSitePay = rng.chance(0.5);
  const leadPick = rng.next();
  const source = rng.weighted([['inspection', 45], ['complaint', 25], ['referral', 10], ['assigned', 10], ['monitoring', 10]] as const);

  // handlers are chosen once the investigation days are known
  const handlerPool = ag.handlers;
  const h1 = rng.pick(handlerPool);
  let h2 = rng.pick(handlerPool);
  const h2alt = rng.int(0, handlerPool.length - 1);
  const expired = ag.expiredHandlers.length ? rng.pick(ag.expiredHandlers) : undefined;

  const docNo = `${ag.info.docPrefix}${procedure === 'simple' ? '〔当场〕' : ''}〔${year}〕${i + 1}号`;
  const faulty = fault !== undefined || (group?.outlier ?? false);
  const hearingOfficer = reviewer.person.code;

  let tl: Timeline;
  if (procedure === 'simple') {
    const pool = simpleWeekend ? ctx.openDays : ctx.workdays;
    const upTo = simpleWeekend ? ctx.openDaysToUntil : ctx.workdaysToUntil;
    const X = fault ? pool[Math.floor(simpleDayPick * upTo * 0.75)]! : pool[spread(simpleDayPick, pool.length, upTo)]!;
    const evs: Ev[] = [];
    const rec: RecordMedium[] = rng.chance(0.7) ? ['av', 'photo'] : ['text', 'photo'];
    evs.push({ day: X, type: 'investigation', by: [h1.person.code, h2.person.code], records: rec, attrs: { credentialShown: fault !== 'credential-not-shown' } });
    evs.push({ day: X, type: 'decision.made', by: [h1.person.code, h2.person.code], records: ['text'], attrs: { penalty: clonePenalty(penalty), number: docNo, onSite: true } });
    const S = fault === 'late-service' ? cal.addWorkingDaysNum(X, rng.int(1, 3)) : X;
    evs.push({ day: S, type: 'decision.served', by: [h1.person.code], records: ['text'], attrs: { method: S === X ? 'on-site' : 'direct' } });
    let last = S;
    if (fineKind && !unpaid) {
      const pay = (penalty.fine ?? 0) <= 100 && onSitePay ? S : cal.rollForwardNum(S + P.payDays);
      evs.push({ day: pay, type: 'payment.received', attrs: { amount: penalty.fine } });
      last = pay;
    }
    if (!fineKind || !unpaid) evs.push({ day: cal.addWorkingDaysNum(cal.rollForwardNum(last), Math.min(P.gClose, 5)), type: 'case.closed', by: [h1.person.code], records: ['text'], attrs: {} });
    tl = { events: evs, open: X, decision: X, service: S, publication: undefined, lastCore: S };
  } else {
    // lead day: faulty cases start early enough for the fault to be visible by the cut-off day
    const maxLead = fault ? Math.floor(ctx.workdaysToUntil * (fault === 'late-decision' ? 0.45 : 0.62)) : ctx.workdays.length;
    let leadIdx = spread(leadPick, maxLead, ctx.workdaysToUntil);
    for (;;) {
      tl = buildGeneral(ctx.workdays[leadIdx]!);
      if (!fault || tl.lastCore <= ctx.until - 7 || leadIdx === 0) break;
      leadIdx = Math.max(0, leadIdx - 20);
    }
  }

  function buildGeneral(L: number): Timeline {
    let p = { ...P, gInv: [...P.gInv] };
    let extended = false;
    for (let attempt = 0; ; attempt++) {
      const t = generalOnce(L, p, extended);
      if (declined) return t;
      const limit = t.open + (extended ? 120 : 90);
      if (fault === 'late-decision') {
        const due = cal.rollForwardNum(t.open + 90);
        if (t.decision > due) return t;
        p = { ...p, gNotice: p.gNotice + cal.workingDaysBetweenNum(t.decision, cal.addWorkingDaysNum(due, gLateDecision)) };
        continue;
      }
      if (t.decision <= limit || attempt > 40) return t;
      if (extendIfNeeded && !extended) { extended = true; continue; }
      // compress: shorten the wait before the notice, then the investigation gaps, then review
      let over = cal.workingDaysBetweenNum(limit, t.decision) + 1;
      const cut = (v: number, floor: number) => { const c = Math.min(over, Math.max(0, v - floor)); over -= c; return v - c; };
      p.gNotice = cut(p.gNotice, 3);
      for (let k = p.gInv.length - 1; k >= 1; k--) p.gInv[k] = cut(p.gInv[k]!, 1);
      p.gRevDone = cut(p.gRevDone, 1);
      p.gDisc = cut(p.gDisc, 1);
      p.gRevSub = cut(p.gRevSub, 1);
      p.gHeld = cut(p.gHeld, 7);
    }
  }

  function generalOnce(L: number, p: Params, extended: boolean): Timeline {
    const evs: Ev[] = [];
    const A = approver.person.code, R = reviewer.person.code;
    evs.push({ day: L, type: 'lead.registered', attrs: { source } });
    const O = cal.addWorkingDaysNum(L, p.gOpen);
    if (declined) {
      evs.push({ day: O, type: 'case.declined', by: [A], records: ['text'], attrs: { reason: '违法事实不能成立' } });
      return { events: evs, open: O, decision: O, service: O, publication: undefined, lastCore: O };
    }
    evs.push({ day: O, type: 'case.opened', by: [A], records: ['text'], attrs: {} });
    const invDays: number[] = [];
    let x = O;
    for (const g of p.gInv) invDays.push((x = cal.addWorkingDaysNum(x, g)));
    const lastInv = x;
    if (testing) {
      const from = invDays[0]! + p.testFrom, to = from + p.testLen;
      evs.push({ day: cal.rollForwardNum(to), type: 'period.excluded', attrs: { from: fromDayNumber(from), to: fromDayNumber(to), reason: 'testing' } });
    }
    invDays.forEach((d, k) => {
      evs.push({ day: d, type: 'investigation', by: [], records: [], attrs: { credentialShown: !(fault === 'credential-not-shown' && k === invDays.length - 1) }, });
    });
    if (preserve) {
      evs.push({ day: invDays[0]!, type: 'evidence.preserved', attrs: {} });
      evs.push({ day: cal.addWorkingDaysNum(invDays[0]!, p.gPreserve), type: 'evidence.preservation-decided', attrs: {} });
    }
    const N = cal.addWorkingDaysNum(lastInv, p.gNotice);
    let ready: number; // the day from which review may be submitted
    let windowEnd = cal.addWorkingDaysNum(N, 5);
    if (!noNotice) evs.push({ day: N, type: 'notice.issued', by: [], records: ['text'], attrs: { proposed: clonePenalty(proposed), hearingRight } });
    if (fault === 'request-window') {
      evs.push({ day: N, type: 'review.submitted', by: [], attrs: {} });
      const rc = cal.addWorkingDaysNum(N, 1);
      evs.push({ day: rc, type: 'review.completed', by: [R], records: ['text'], attrs: { result: 'passed', opinions: 1, adopted: 1 } });
      if (major) evs.push({ day: cal.addWorkingDaysNum(N, 2), type: 'discussion.held', by: discussants(), records: ['text'], attrs: {} });
      const D = cal.addWorkingDaysNum(N, rng.int(3, 5));
      return finish(evs, O, D);
    }
    if (hearingPath === 'requested') {
      const rq = cal.addWorkingDaysNum(N, p.gReq);
      const nf = cal.addWorkingDaysNum(rq, p.gNotif);
      const held = cal.addWorkingDaysNum(nf, p.gHeld);
      evs.push({ day: rq, type: 'hearing.requested', attrs: {} });
      evs.push({ day: nf, type: 'hearing.notified', by: [hearingOfficer], attrs: { hearingOn: fromDayNumber(held) } });
      evs.push({ day: held, type: 'hearing.held', by: [hearingOfficer], records: ['text', 'av'], attrs: {} });
      evs.push({ day: held, type: 'period.excluded', attrs: { from: fromDayNumber(rq), to: fromDayNumber(held), reason: 'hearing' } });
      ready = held;
    } else if (hearingPath === 'waived') {
      const w = cal.addWorkingDaysNum(N, p.gWaive);
      evs.push({ day: w, type: 'rights.waived', attrs: { rights: hearingRight ? ['defense', 'hearing'] : ['defense'] } });
      ready = w;
      windowEnd = w;
    } else ready = noNotice ? N : windowEnd;
    if (defense && hearingPath !== 'waived') evs.push({ day: cal.addWorkingDaysNum(N, p.gDefense), type: 'defense.received', attrs: {} });
    let rs = cal.addWorkingDaysNum(ready, p.gRevSub);
    const reviewed = fault !== 'missing-legal-review';
    let last = rs;
    if (reviewed) {
      evs.push({ day: rs, type: 'review.submitted', by: [], attrs: {} });
      let rc = cal.addWorkingDaysNum(rs, p.gRevDone);
      if (secondReview) {
        evs.push({ day: rc, type: 'review.completed', by: [R], records: ['text'], attrs: { result: 'rejected', opinions: 2, adopted: 0 } });
        rs = cal.addWorkingDaysNum(rc, p.gRevAgain);
        evs.push({ day: rs, type: 'review.submitted', by: [], attrs: {} });
        rc = cal.addWorkingDaysNum(rs, p.gRevDone2);
      }
      const ops = rng.int(0, 3);
      evs.push({ day: rc, type: 'review.completed', by: [R], records: ['text'], attrs: { result: 'passed', opinions: ops, adopted: ops - (ops > 0 && rng.chance(0.2) ? 1 : 0) } });
      last = rc;
    }
    if (major && fault !== 'no-collective-discussion') {
      last = cal.addWorkingDaysNum(last, p.gDisc);
      evs.push({ day: last, type: 'discussion.held', by: discussants(), records: ['text'], attrs: {} });
    }
    let D = cal.addWorkingDaysNum(last, p.gDec);
    if (D <= windowEnd && !noNotice) D = cal.addWorkingDaysNum(windowEnd, 1);
    // extension approved on the last working day on or before day 80
    if (extended) evs.push({ day: cal.addWorkingDaysNum(O + 81, -1), type: 'deadline.extended', attrs: { days: 30, approvedBy: A, collective: false } });
    return finish(evs, O, D);
  }

  function discussants(): string[] {
    const others = ag.approvers.filter((a) => a !== approver).map((a) => a.person.code);
    return [approver.person.code, ...others, reviewer.person.code];
  }

  function finish(evs: Ev[], O: number, D: number): Timeline {
    const A = approver.person.code;
    evs.push({ day: D, type: 'decision.made', by: [A], records: ['text'], attrs: { penalty: clonePenalty(penalty), number: docNo } });
    const S = cal.addWorkingDaysNum(D, P.gServe);
    const method = rng.weighted([['direct', 50], ['mail', 20], ['electronic', 20], ['left', 10]] as const);
    evs.push({ day: S, type: 'decision.served', records: method === 'electronic' ? ['electronic'] : ['text'], attrs: { method } });
    const publishes = !none;
    const Pd = publishes ? cal.addWorkingDaysNum(D, P.gPub) : undefined;
    if (Pd !== undefined) evs.push({ day: Pd, type: 'decision.published', attrs: { channel: domain === 'market' ? '国家企业信用信息公示系统' : '信用中国（浙江）' } });
    let last = Math.max(S, Pd ?? S);
    if (fineKind && unpaid) {
      evs.push({ day: cal.rollForwardNum(S + 100 + P.payDays), type: 'enforcement.applied', by: [A], records: ['text'], attrs: {} });
    } else {
      if (fineKind) {
        const pay = cal.rollForwardNum(S + P.payDays);
        evs.push({ day: pay, type: 'payment.received', attrs: { amount: (penalty.fine ?? 0) + (penalty.confiscated ?? 0) } });
        last = Math.max(last, pay);
      }
      evs.push({ day: cal.addWorkingDaysNum(last, P.gClose), type: 'case.closed', by: [A], records: ['text'], attrs: {} });
    }
    return { events: evs, open: O, decision: D, service: S, publication: Pd, lastCore: Math.max(S, Pd ?? S) };
  }

  // ------------------------------------------------------------ investigators (credentials valid on the days)
  const invEvents = tl.events.filter((e) => e.type === 'investigation');
  const firstInv = fromDayNumber((invEvents[0] ?? tl.events[0]!).day), lastInv = fromDayNumber((invEvents[invEvents.length - 1] ?? tl.events[0]!).day);
  const valid = (p: PersonInfo) => p.validFrom <= firstInv && p.validTo >= lastInv;
  const okPool = handlerPool.filter(valid);
  let a1 = valid(h1) ? h1 : okPool[0]!;
  h2 = valid(h2) && h2 !== a1 ? h2 : okPool[h2alt % okPool.length]!;
  if (h2 === a1) h2 = okPool.find((p) => p !== a1)!;
  const investigators = fault === 'single-investigator' ? [a1.person.code] : fault === 'expired-credential' ? [a1.person.code, expired!.person.code] : [a1.person.code, h2.person.code];
  const handlers = fault === 'expired-credential' ? [a1.person.code, expired!.person.code] : [a1.person.code, h2.person.code];
  for (const [k, e] of invEvents.entries()) {
    e.by = investigators;
    if (procedure === 'general') {
      e.records = fault === 'investigation-without-av' && k === 0 ? ['text', 'photo'] : rng.chance(0.5) ? ['text', 'av'] : ['text', 'av', 'photo'];
    } else e.by = handlers;
  }
  for (const e of tl.events) {
    if (e.type === 'notice.issued' || e.type === 'review.submitted' || e.type === 'evidence.preserved' || e.type === 'evidence.preservation-decided') e.by = [...handlers];
    if (e.type === 'decision.made' && procedure === 'simple') e.by = [...handlers];
    if (e.type === 'decision.served' && !e.by) e.by = [handlers[0]!];
  }
  const reviewerCode = fault === 'reviewer-is-handler' ? handlers[0]! : reviewer.person.code;
  if (fault === 'reviewer-is-handler') for (const e of tl.events) if (e.type === 'review.completed') e.by = [reviewerCode];

  // ------------------------------------------------------------ records (may add a withdrawal of publication)
  const caseId = `${spec.casePrefix}-${year}-${String(i + 1).padStart(ctx.idWidth, '0')}`;
  const agencyCode = ag.info.agency.code;
  const records: ExternalRecord[] = [];
  const truth: TruthEntry[] = [];
  if (fault) truth.push(entry(fault));
  if (group?.outlier) truth.push({ case: caseId, agency: agencyCode, fault: 'disparate-penalty', group: group.id });
  const rid = (p: string, k: number) => `${p}-${year}-${String(i + 1).padStart(ctx.idWidth, '0')}-${k}`;
  const decided = !declined && tl.decision <= ctx.until;
  const served = decided && tl.service <= ctx.until;
  const firstDay = tl.events[0]!.day;
  if (rng.chance(faulty ? 0.15 : 0.03)) {
    const day = Math.min(ctx.until, firstDay + rng.int(1, 60));
    const verified = rng.chance(faulty ? 0.5 : 0.1);
    const closed = cal.addWorkingDaysNum(day, rng.int(2, 15));
    const id = rid('TS', 1);
    records.push({ schema: 'kaohe.record/v1', kind: 'complaint', id, receivedAt: instant(fromDayNumber(day), rng.int(480, 1260)), agency: agencyCode,
      category: rng.pick(faulty ? (['procedure', 'abuse', 'attitude'] as const) : (['attitude', 'other', 'inaction'] as const)), caseId, verified,
      ...(closed <= ctx.until ? { closedAt: instant(fromDayNumber(closed), rng.int(540, 1020)) } : {}) });
    if (verified) truth.push({ case: caseId, agency: agencyCode, fault: 'complaint-verified', record: id });
  }
  if (rng.chance(Math.min(1, 0.02 * ag.multiplier))) {
    const day = ctx.yearStart + rng.int(0, ctx.until - ctx.yearStart);
    const closed = cal.addWorkingDaysNum(day, rng.int(2, 15));
    records.push({ schema: 'kaohe.record/v1', kind: 'complaint', id: rid('TS', 2), receivedAt: instant(fromDayNumber(day), rng.int(480, 1260)), agency: agencyCode,
      category: rng.pick(['inaction', 'attitude', 'other'] as const), verified: rng.chance(Math.min(1, 0.25 * ag.multiplier)),
      ...(closed <= ctx.until ? { closedAt: instant(fromDayNumber(closed), rng.int(540, 1020)) } : {}) });
  }
  if (served && rng.chance(0.25)) {
    const day = tl.service + rng.int(0, 5);
    if (day <= ctx.until) {
      const score = faulty ? rng.weighted([[5, 30], [4, 25], [3, 20], [2, 15], [1, 10]] as const) : rng.weighted([[5, 62], [4, 25], [3, 8], [2, 3], [1, 2]] as const);
      records.push({ schema: 'kaohe.record/v1', kind: 'rating', id: rid('HP', 3), at: instant(fromDayNumber(day), rng.int(480, 1320)), agency: agencyCode, caseId, score });
    }
  }
  if (served && rng.chance(0.03)) {
    const day = tl.service + rng.int(3, 30);
    if (day <= ctx.until) {
      const base = faulty ? 3 : 4;
      const s = () => Math.max(1, Math.min(5, base + rng.int(-1, 1)));
      records.push({ schema: 'kaohe.record/v1', kind: 'survey', id: rid('DC', 4), at: instant(fromDayNumber(day), rng.int(540, 1080)), agency: agencyCode,
        mode: rng.chance(0.7) ? 'online' : 'interview', caseId, answers: { 执法规范: s(), 公正文明: s(), 办事效率: s(), 总体满意: s() } });
    }
  }
  const appeal = (kind: 'reconsideration' | 'litigation', p: number, lo: number, hi: number) => {
    if (!served || !rng.chance(p)) return;
    const day = cal.rollForwardNum(tl.service + rng.int(lo, hi));
    if (day > ctx.until - 8) return;
    const outcome = faulty
      ? rng.weighted([['revoked', 20], ['changed', 15], ['confirmed-illegal', 15], ['upheld', 35], ['dismissed', 15]] as const)
      : kind === 'reconsideration'
        ? rng.weighted([['upheld', 70], ['dismissed', 20], ['changed', 6], ['revoked', 4]] as const)
        : rng.weighted([['upheld', 65], ['dismissed', 15], ['withdrawn', 15], ['changed', 5]] as const);
    const id = rid(kind === 'reconsideration' ? 'FY' : 'SS', kind === 'reconsideration' ? 5 : 6);
    const t = rng.int(540, 1020);
    records.push({ schema: 'kaohe.record/v1', kind, id, agency: agencyCode, caseId, decidedAt: instant(fromDayNumber(day), t), outcome });
    if (outcome === 'upheld' || outcome === 'dismissed' || outcome === 'withdrawn') return;
    truth.push({ case: caseId, agency: agencyCode, fault: kind === 'reconsideration' ? 'reconsideration-corrected' : 'litigation-lost', record: id });
    // art. 48: a published decision that is revoked, changed or confirmed illegal is withdrawn within 3 working days
    if (tl.publication === undefined || tl.publication > day) return;
    eligible.push('missing-withdrawal');
    const pw = ctx.rates['missing-withdrawal'] * ag.multiplier;
    expected['missing-withdrawal'] = (expected['missing-withdrawal'] ?? 0) + Math.min(1, pw);
    // missing: listed once its 3 working days are over by the cut-off day (always so when the cut-off is 31 Dec)
    if (rng.chance(pw)) { if (cal.addWorkingDaysNum(day, 3) < ctx.until) truth.push({ ...entry('missing-withdrawal') }); }
    else tl.events.push({ day: cal.addWorkingDaysNum(day, rng.int(1, 3)), type: 'publication.withdrawn', by: [approver.person.code], attrs: {} });
  };
  if (procedure === 'general') {
    appeal('reconsideration', faulty ? 0.08 : 0.015, 30, 100);
    appeal('litigation', faulty ? 0.03 : 0.005, 120, 240);
  }

  // ------------------------------------------------------------ events: sort, cut at the cut-off day, times
  const sorted = tl.events.map((e, k) => ({ e, k })).sort((a, b) => a.e.day - b.e.day || a.k - b.k);
  const events: CaseEvent[] = [];
  let prevDay = -1, minute = 0, open = false;
  for (const { e } of sorted) {
    if (e.day > ctx.until) { open = true; continue; }
    if (e.day !== prevDay) {
      minute = rng.chance(0.55) ? rng.int(510, 660) : rng.int(810, 960);
    } else minute = Math.min(1438, minute + rng.int(8, 55));
    prevDay = e.day;
    const attrs = e.attrs;
    const ev: CaseEvent = { id: `e${events.length + 1}`, type: e.type, at: instant(fromDayNumber(e.day), minute) };
    if (e.by && e.by.length) ev.by = e.by;
    if (e.records && e.records.length) ev.records = e.records;
    Object.assign(ev, attrs);
    events.push(ev);
  }
  const hasDecision = events.some((e) => e.type === 'decision.made');

  const party = makeParty(rng, partyType, domain, ag.info.agency.region);
  const occurred = firstDay - rng.int(0, procedure === 'simple' ? 0 : 60);
  const firstOffense = !none && rng.chance(0.2);
  const doc: CaseDoc = {
    schema: 'kaohe.case/v1',
    id: caseId,
    agency: agencyCode,
    domain,
    procedure,
    party,
    violation: {
      item: item.code, occurredOn: fromDayNumber(occurred), circumstance,
      firstOffense, minor: none, corrected: none || rng.chance(0.5), noHarm: none,
    },
    major,
    complex,
    staff: procedure === 'simple' ? { handlers } : { handlers, reviewer: reviewerCode, approver: approver.person.code },
    ...(hasDecision ? { penalty: clonePenalty(penalty) } : {}),
    events,
  };
  // a fault whose evidence lies after the cut-off day is not observable: do not claim it
  const realized = truth.filter((t) => t.fault !== fault || !open || evidenceDay(fault) <= ctx.until);
  return { index: i, doc, records, truth: realized, eligible, expected, open };

  /**
   * The first day on which the fault shows in the case file as of which a reviewer (the rules of `cn-apl-2021`)
   * sees it: the day of the faulty act, or for a late act the day after its deadline if that comes first.
   */
  function evidenceDay(f: FaultKind): number {
    const lead = tl.events[0]!.day;
    const inv = tl.events.filter((e) => e.type === 'investigation').map((e) => e.day);
    const D = tl.decision;
    switch (f) {
      case 'late-service': return Math.min(tl.service, (procedure === 'simple' ? D : cal.addWorkingDaysNum(D, 7)) + 1);
      case 'late-publication': return Math.min(tl.publication ?? Infinity, cal.addWorkingDaysNum(D, 7) + 1);
      case 'late-filing': return Math.min(tl.open, cal.addWorkingDaysNum(lead, 15) + 1);
      case 'late-decision': return Math.min(D, cal.rollForwardNum(tl.open + 90) + 1);
      // the case file names the reviewer from the start
      case 'reviewer-is-handler': return lead;
      case 'investigation-without-av': return inv[0] ?? D;
      case 'credential-not-shown': return inv[inv.length - 1] ?? D;
      // judged at the decision
      default: return D;
    }
  }

  function entry(f: FaultKind): TruthEntry {
    const rule = FAULTS[f].rule;
    return rule ? { case: caseId, agency: agencyCode, fault: f, rule } : { case: caseId, agency: agencyCode, fault: f };
  }
}

/**
 * Index into a list of days for a uniform pick `u` ∈ [0, 1) over its first `max` entries, of which only the first
 * `upTo` (those on or before the cut-off day) may be used: picks beyond them are spread again over [0, upTo), so the
 * picks stay uniform over the usable days and a pick that was usable is unchanged. Equals ⌊u·max⌋ when max ≤ upTo.
 */
function spread(u: number, max: number, upTo: number): number {
  const x = u * max;
  if (x < upTo) return Math.floor(x);
  return Math.min(upTo - 1, Math.floor(((x - upTo) / (max - upTo)) * upTo));
}

function pickAgency(ctx: ProvinceCtx, rng: Rng): number {
  const total = ctx.cumWeights[ctx.cumWeights.length - 1]!;
  const x = rng.next() * total;
  let lo = 0, hi = ctx.cumWeights.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ctx.cumWeights[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function clonePenalty(p: Penalty): Penalty {
  const o: Penalty = { kinds: [...p.kinds] };
  if (p.fine !== undefined) o.fine = p.fine;
  if (p.confiscated !== undefined) o.confiscated = p.confiscated;
  return o;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** An instant at minute-of-day `m` of local date `iso`, with the +08:00 offset. */
export function instant(iso: string, m: number): string {
  return `${iso}T${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:00+08:00`;
}

export type { AgencyCtx };
