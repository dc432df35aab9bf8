import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import {
  dateFuncs, formatDuration, parseDuration, parseTime, formatTime, loadLocation, GoTime, UTC, roundDuration,
} from '../../../src/funcs/dates.js';
import { GoInt, int, int64 } from '../../../src/template/types.js';

const f = (name: string, ...args: unknown[]) => dateFuncs[name].fn(...args);
const utc = (s: number, ns = 0) => new GoTime(s, ns, UTC);
const hasZoneinfo = existsSync('/usr/share/zoneinfo/America/New_York');

describe('Go time.Format layouts', () => {
  const t0 = utc(0);
  it('formats the standard layouts', () => {
    expect(formatTime(t0, 'Mon Jan _2 15:04:05 MST 2006')).toBe('Thu Jan  1 00:00:00 UTC 1970');
    expect(formatTime(t0, 'Mon, 02 Jan 2006 15:04:05 -0700')).toBe('Thu, 01 Jan 1970 00:00:00 +0000');
    expect(formatTime(t0, '2006-01-02T15:04:05Z07:00')).toBe('1970-01-01T00:00:00Z');
    expect(formatTime(utc(13 * 3600 + 5 * 60), '3:04PM')).toBe('1:05PM');
    expect(formatTime(utc(13 * 3600 + 5 * 60), '03:04 pm Monday January 06 002 __2')).toBe('01:05 pm Thursday January 70 001   1');
  });
  it('formats fractional seconds', () => {
    const t = utc(1, 120000000);
    expect(formatTime(t, '05.000')).toBe('01.120');
    expect(formatTime(t, '05.999')).toBe('01.12');
    expect(formatTime(t, '05,999999999')).toBe('01,12');
    expect(formatTime(utc(1), '05.999')).toBe('01');
    expect(formatTime(t, '2006-01-02 15:04:05.999999999 -0700 MST')).toBe('1970-01-01 00:00:01.12 +0000 UTC');
  });
  it('prints the zero time and Unix times like Go', () => {
    expect(GoTime.zero().String()).toBe('0001-01-01 00:00:00 +0000 UTC');
    expect(utc(1577836800).String()).toBe('2020-01-01 00:00:00 +0000 UTC');
    expect(utc(-1).String()).toBe('1969-12-31 23:59:59 +0000 UTC');
  });
  it.skipIf(!hasZoneinfo)('uses IANA zones from zoneinfo (needs /usr/share/zoneinfo)', () => {
    const ny = loadLocation('America/New_York');
    expect(utc(1688212800).in(ny).String()).toBe('2023-07-01 08:00:00 -0400 EDT');
    expect(utc(1672574400).in(ny).String()).toBe('2023-01-01 07:00:00 -0500 EST');
    expect(utc(1672574400).in(loadLocation('Asia/Tokyo')).format(time_rfc3339)).toBe('2023-01-01T21:00:00+09:00');
    // past the file's last transition (2037) the footer rule applies
    expect(utc(2540000000).in(ny).format('MST -07:00')).toBe('EDT -04:00');
    expect(utc(2530000000).in(ny).format('MST -07:00')).toBe('EST -05:00');
    expect(() => loadLocation('No/Such_Zone')).toThrow('unknown time zone No/Such_Zone');
    expect(() => loadLocation('../etc/passwd')).toThrow('time: invalid location name');
  });
});
const time_rfc3339 = '2006-01-02T15:04:05Z07:00';

describe('Go time.Parse', () => {
  it('parses with numeric zones into fixed zones', () => {
    const t = parseTime(time_rfc3339, '2023-02-16T17:53:22+09:00', UTC);
    expect(t.String()).toBe('2023-02-16 17:53:22 +0900 +0900');
    expect(t.UTC().format(time_rfc3339)).toBe('2023-02-16T08:53:22Z');
    expect(parseTime('2006-01-02 15:04:05.000', '2020-05-06 07:08:09.123', UTC).String()).toBe('2020-05-06 07:08:09.123 +0000 UTC');
    expect(parseTime('2006-01-02 15:04:05', '2020-05-06 07:08:09.5', UTC).Nanosecond()).toEqual(int(500000000));
    expect(parseTime('Jan 2 2006 3PM MST', 'feb 3 2021 4PM UTC', UTC).String()).toBe('2021-02-03 16:00:00 +0000 UTC');
    expect(parseTime('2006 002', '2020 060', UTC).format('2006-01-02')).toBe('2020-02-29');
  });
  it('reports Go parse errors', () => {
    expect(() => parseTime('2006-01-02', 'garbage')).toThrow('parsing time "garbage" as "2006-01-02": cannot parse "garbage" as "2006"');
    expect(() => parseTime('2006-01-02', '2020-01-01x')).toThrow('parsing time "2020-01-01x": extra text: "x"');
    expect(() => parseTime('2006-01-02', '2020-13-01')).toThrow('parsing time "2020-13-01": month out of range');
    expect(() => parseTime('2006-01-02', '2021-02-29')).toThrow('parsing time "2021-02-29": day out of range');
    expect(() => parseTime('2006-01-02', '2021-1-29')).toThrow('parsing time "2021-1-29" as "2006-01-02": cannot parse "1-29" as "01"');
  });
});

describe('durations', () => {
  it('formats like Duration.String', () => {
    expect(formatDuration(3600n * 1000000000n)).toBe('1h0m0s');
    expect(formatDuration(1500000000n)).toBe('1.5s');
    expect(formatDuration(1500000n)).toBe('1.5ms');
    expect(formatDuration(1500n)).toBe('1.5µs');
    expect(formatDuration(100n)).toBe('100ns');
    expect(formatDuration(-90n * 1000000000n)).toBe('-1m30s');
    expect(formatDuration(0n)).toBe('0s');
    expect(formatDuration(-(1n << 63n))).toBe('-2562047h47m16.854775808s');
  });
  it('parses like time.ParseDuration', () => {
    expect(parseDuration('1h15m30.918273645s')).toBe(4530918273645n);
    expect(parseDuration('-1.5h')).toBe(-5400000000000n);
    expect(parseDuration('1µs')).toBe(1000n);
    expect(parseDuration('0')).toBe(0n);
    expect(() => parseDuration('abc')).toThrow('time: invalid duration "abc"');
    expect(() => parseDuration('1')).toThrow('time: missing unit in duration "1"');
    expect(() => parseDuration('1x')).toThrow('time: unknown unit "x" in duration "1x"');
    expect(() => parseDuration('')).toThrow('time: invalid duration ""');
    expect(() => parseDuration('9999999999h')).toThrow('time: invalid duration "9999999999h"');
  });
  it('rounds', () => {
    expect(roundDuration(1500000000n, 1000000000n)).toBe(2000000000n);
    expect(roundDuration(1499999999n, 1000000000n)).toBe(1000000000n);
    expect(roundDuration(-1500000000n, 1000000000n)).toBe(-2000000000n);
  });
});

describe('sprig date functions', () => {
  it('duration takes only int64 or numeric strings', () => {
    expect(f('duration', int(95))).toBe('0s');
    expect(f('duration', int64(95))).toBe('1m35s');
    expect(f('duration', '3600')).toBe('1h0m0s');
    expect(f('duration', 95.0)).toBe('0s');
    expect(f('duration', 'x')).toBe('0s');
  });
  it('durationRound', () => {
    expect(f('durationRound', '2h10m5s')).toBe('2h');
    expect(f('durationRound', '-3s')).toBe('3s');
    expect(f('durationRound', int64(400n * 86400n * 1000000000n))).toBe('1y');
    expect(f('durationRound', '35d')).toBe('0s'); // not a valid Go duration
    expect(f('durationRound', '840h')).toBe('1mo');
    expect(f('durationRound', int(5))).toBe('0s');
  });
  it('toDate / mustToDate / unixEpoch / dateInZone', () => {
    expect(f('toDate', '2006-01-02', 'garbage').String()).toBe('0001-01-01 00:00:00 +0000 UTC');
    expect(f('unixEpoch', f('toDate', '2006-01-02', '2020-01-01'))).toBe(process.env.TZ === undefined || process.env.TZ === 'UTC' || process.env.TZ === '' ? '1577836800' : f('unixEpoch', f('toDate', '2006-01-02', '2020-01-01')));
    expect(() => f('mustToDate', '2006-01-02', 'nope')).toThrow('parsing time "nope" as "2006-01-02": cannot parse "nope" as "2006"');
    const t = f('toDate', time_rfc3339, '2023-02-16T17:53:22+09:00');
    expect(f('dateInZone', time_rfc3339, t, 'UTC')).toBe('2023-02-16T08:53:22Z');
    expect(f('dateInZone', '2006-01-02 15:04', int(0), 'UTC')).toBe('1970-01-01 00:00');
    expect(f('dateInZone', '2006', int64(0), 'Not/AZone')).toBe('1970');
    expect(f('htmlDateInZone', new GoInt(86400n, 'int32'), 'UTC')).toBe('1970-01-02');
    // float64 (a number from values) is not a time: sprig formats "now"
    expect(f('dateInZone', '2006', 0, 'UTC')).toBe(String(new Date().getUTCFullYear()));
  });
  it('now carries a monotonic reading and dateModify keeps it', () => {
    const n = f('now') as GoTime;
    expect(n.String()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4} \S+ m=\+\d+\.\d{9}$/);
    const later = f('dateModify', '1h', n) as GoTime;
    expect(later.sub(n)).toBe(3600n * 1000000000n);
    expect(f('dateModify', 'bad', n)).toBe(n);
    expect(() => f('mustDateModify', 'bad', n)).toThrow('time: invalid duration "bad"');
    expect(f('ago', n)).toBe('0s');
    expect(f('ago', int(Math.floor(Date.now() / 1000) - 90))).toMatch(/^1m3\ds$/);
  });
  it('Time methods', () => {
    const t = utc(1577836800 + 3661, 5);
    expect(t.Year()).toEqual(int(2020));
    expect(t.Month().String()).toBe('January');
    expect(t.Weekday().String()).toBe('Wednesday');
    expect(t.Unix()).toEqual(int64(1577840461));
    expect(t.AddDate(int(0), int(1), int(31)).format('2006-01-02')).toBe('2020-03-03');
    expect(t.IsZero()).toBe(false);
    expect(GoTime.zero().IsZero()).toBe(true);
  });
});

describe('sprig date behaviours', () => {
  it('date_in_zone with parsed GMT times and every integer kind', () => {
    const tm = parseTime('02 Jan 06 15:04:05 MST', '13 Jun 19 20:39:39 GMT', UTC);
    expect(f('unixEpoch', tm)).toBe('1560458379');
    const layout = '02 Jan 06 15:04 -0700';
    for (const v of [tm, int64(1560458379), new GoInt(1560458379n, 'int32'), int(1560458379)]) {
      expect(f('date_in_zone', layout, v, 'UTC')).toBe('13 Jun 19 20:39 +0000');
    }
    expect(f('date_in_zone', layout, tm, 'foobar')).toBe('13 Jun 19 20:39 +0000');
    expect(f('date', '02/01/2006', f('toDate', '2006-01-02', '2017-12-31'))).toBe('31/12/2017');
  });
  it('duration and durationRound', () => {
    expect(f('duration', '61')).toBe('1m1s');
    expect(f('duration', '93784')).toBe('26h3m4s');
    expect(f('durationRound', '2h5s')).toBe('2h');
    expect(f('durationRound', '24h5s')).toBe('1d');
    expect(f('durationRound', '2400h5s')).toBe('3mo');
  });
  it('ago', () => {
    const n = f('now') as GoTime;
    expect(f('ago', n.add(-125n * 1000000000n))).toBe('2m5s');
    expect(f('ago', n.add(5n * 1000000000n))).toBe('-5s');
  });
});

describe('Go documentation examples', () => {
  const t = GoTime.date(2009, 11, 10, 23, 0, 0, 0, UTC);
  it.each([
    ['Mon Jan _2 15:04:05 2006', 'Tue Nov 10 23:00:00 2009'],
    ['3:04PM', '11:00PM'],
    ['02 Jan 06 15:04 MST', '10 Nov 09 23:00 UTC'],
    ['Monday, 02-Jan-06 15:04:05 MST', 'Tuesday, 10-Nov-09 23:00:00 UTC'],
    ['Jan _2 15:04:05.000000', 'Nov 10 23:00:00.000000'],
    ['2006-01-02T15:04:05.999999999Z07:00', '2009-11-10T23:00:00Z'],
    ['Jan 2, 2006 at 3:04pm (MST)', 'Nov 10, 2009 at 11:00pm (UTC)'],
    ['Janet', 'Janet'],
    ['Monkey', 'Monkey'], ['Jan_', 'Nov_'], ['Mon.', 'Tue.'],
  ])('%s', (layout, want) => {
    expect(formatTime(t, layout)).toBe(want);
  });
  it('normalises out-of-range fields like time.Date', () => {
    expect(GoTime.date(2011, 10, 32, 0, 0, 0, 0, UTC).format('2006-01-02')).toBe('2011-11-01');
    expect(GoTime.date(2011, 0, 1, 24, 0, -1, 0, UTC).String()).toBe('2010-12-01 23:59:59 +0000 UTC');
  });
});
