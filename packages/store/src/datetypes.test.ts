/**
 * Item 1 of issue 11: on PostgreSQL under TZ=Asia/Shanghai a `date[]` came back as Date objects at local midnight
 * and `toISOString()` read 2027-01-01 as 2026-12-31. Every date/time column type is read back here in a child
 * process under UTC and under Asia/Shanghai (and, on PostgreSQL, with the database's own default zone set to
 * Asia/Shanghai, as initdb on a Chinese server sets it): the values must be the same strings in every case.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArray, parseTimestamptz, parseTimestamp, dayOf, daysOf, isoOf } from './parsers.ts';

const probe = fileURLToPath(new URL('./datetypes-probe.ts', import.meta.url));

function run(tz: string, serverZone?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', probe], {
    env: { ...process.env, TZ: tz, ...(serverZone ? { PROBE_SERVER_ZONE: serverZone } : {}) }, encoding: 'utf8', timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { rows: Record<string, { kind: string; v: unknown }>[]; casts: Record<string, unknown> };
}

// Expected values, by hand:
//  - date '2027-01-01' is that day in every zone; the array keeps its NULL element.
//  - timestamptz '2027-01-01 00:30:00.123+08' is 8 h ahead of UTC: 2026-12-31T16:30:00.123Z; '2026-12-31 23:59:59Z' is itself.
//  - timestamp (no zone) '2027-01-01 00:30:00' is a wall clock: no zone is added or removed.
//  - int8 9007199254740993 = 2^53 + 1 is not exact as a JS number: kept as its decimal string.
//  - copyRows '2026-10-01T00:00:00+08:00' = 2026-09-30T16:00:00.000Z.
//  - session zone UTC: DATE '2027-01-01' as timestamptz is 2027-01-01T00:00:00Z; 2026-12-31 20:00 UTC is on 2026-12-31.
const expected = [
  {
    k: { kind: 'number', v: 1 },
    d: { kind: 'string', v: '2027-01-01' },
    da: { kind: 'array:string,string,null', v: ['2027-01-01', '2027-02-11', null] },
    tz: { kind: 'string', v: '2026-12-31T16:30:00.123Z' },
    tza: { kind: 'array:string,string', v: ['2026-12-31T16:30:00.000Z', '2026-12-31T23:59:59.000Z'] },
    ts: { kind: 'string', v: '2027-01-01T00:30:00' },
    tsa: { kind: 'array:string', v: ['2027-01-01T00:30:00'] },
    t: { kind: 'string', v: '08:30:00' },
    n: { kind: 'string', v: '9007199254740993' },
    na: { kind: 'array:number,number', v: [5, 6] },
  },
  {
    k: { kind: 'number', v: 2 },
    d: { kind: 'string', v: '2026-10-01' },
    da: { kind: 'array:string,string', v: ['2026-10-01', '2026-10-08'] },
    tz: { kind: 'string', v: '2026-09-30T16:00:00.000Z' },
    tza: { kind: 'array:string', v: ['2026-09-30T16:00:00.000Z'] },
    ts: { kind: 'null', v: null },
    tsa: { kind: 'null', v: null },
    t: { kind: 'null', v: null },
    n: { kind: 'null', v: null },
    na: { kind: 'null', v: null },
  },
];
const expectedCasts = { midnight: '2027-01-01T00:00:00.000Z', day_of_instant: '2026-12-31', zone: 'UTC' };

for (const tz of ['UTC', 'Asia/Shanghai']) {
  test(`every date/time column type reads back as the same strings under TZ=${tz}`, () => {
    const got = run(tz);
    assert.deepEqual(got.rows, expected);
    assert.deepEqual(got.casts, expectedCasts);
  });
}

test('PostgreSQL whose database defaults to Asia/Shanghai: sessions still run in UTC', { skip: !process.env.DATABASE_URL && 'PostgreSQL only' }, () => {
  const got = run('Asia/Shanghai', 'Asia/Shanghai');
  assert.deepEqual(got.rows, expected);
  assert.deepEqual(got.casts, expectedCasts);
});

test('parseArray: quoting, escapes, NULL, nesting, dimension decoration', () => {
  const id = (s: string) => s;
  assert.deepEqual(parseArray('{}', id), []);
  assert.deepEqual(parseArray('{a,"b c","d\\"e",NULL,"NULL"}', id), ['a', 'b c', 'd"e', null, 'NULL']);
  assert.deepEqual(parseArray('{{1,2},{3,4}}', Number), [[1, 2], [3, 4]]);
  assert.deepEqual(parseArray('[0:1]={x,y}', id), ['x', 'y']);
  assert.throws(() => parseArray('2027-01-01', id), /not an array literal/);
});

test('parseTimestamptz: offsets with minutes and seconds, fractions, infinity', () => {
  // 10:00 at +05:45 (Nepal) is 04:15 UTC; at -03:30 it is 13:30 UTC
  assert.equal(parseTimestamptz('2026-05-01 10:00:00+05:45'), '2026-05-01T04:15:00.000Z');
  assert.equal(parseTimestamptz('2026-05-01 10:00:00-03:30'), '2026-05-01T13:30:00.000Z');
  assert.equal(parseTimestamptz('2026-05-01 00:00:00.999999+08'), '2026-04-30T16:00:00.999Z');
  assert.equal(parseTimestamptz('infinity'), 'infinity');
  assert.equal(parseTimestamp('2026-05-01 10:00:00.5'), '2026-05-01T10:00:00.5');
});

test('readers refuse a Date object and read the strings the store gives', () => {
  assert.throws(() => dayOf(new Date('2027-01-01T00:00:00+08:00')), /Date object/);
  assert.throws(() => isoOf(new Date()), /Date object/);
  assert.equal(dayOf('2027-01-01'), '2027-01-01');
  assert.deepEqual(daysOf(['2027-01-01']), ['2027-01-01']);
  assert.deepEqual(daysOf('{2027-01-01,2027-01-02}'), ['2027-01-01', '2027-01-02']);
  assert.deepEqual(daysOf(null), []);
  assert.equal(isoOf('2027-01-01 08:00:00+08'), '2027-01-01T00:00:00.000Z');
  assert.equal(isoOf('2027-01-01T00:00:00.000Z'), '2027-01-01T00:00:00.000Z');
});
