// Go's time package as templates see it (time.Time, time.Duration, Format/Parse with the reference-time
// layouts, IANA locations read from the system's zoneinfo as Go reads them) and sprig v3.2.3's date functions.
import { readFileSync, readlinkSync } from 'node:fs';
import { def, GoDuration, GoInt, GoStruct, isGoInt, type FuncMap } from '../template/types.js';

// ---------------------------------------------------------------------------------------------------------
// Locations

interface Zone {
  name: string;
  offset: number; // seconds east of UTC
  isDST: boolean;
}
interface ZoneLookup extends Zone {
  start: number;
  end: number;
}

const ALPHA = -Number.MAX_SAFE_INTEGER;
const OMEGA = Number.MAX_SAFE_INTEGER;

/** Go's *time.Location. */
export class Location {
  constructor(
    readonly name: string,
    private readonly zones: Zone[] = [],
    private readonly tx: { when: number; index: number }[] = [],
    private readonly ianaName?: string,
    private readonly extendNames?: { std: string; stdOffset: number; dst?: string },
  ) {}

  static fixed(name: string, offset: number): Location {
    return new Location(name, [{ name, offset, isDST: false }], [{ when: ALPHA, index: 0 }]);
  }

  toString(): string {
    return this.name;
  }

  /** Zone in effect at the instant `sec` (Unix seconds), with the span it is valid for. */
  lookup(sec: number): ZoneLookup {
    if (this.zones.length === 0) return { name: 'UTC', offset: 0, isDST: false, start: ALPHA, end: OMEGA };
    const tx = this.tx;
    if (tx.length === 0 || sec < tx[0].when) {
      const z = this.zones[this.lookupFirstZone()];
      return { ...z, start: ALPHA, end: tx.length > 0 ? tx[0].when : OMEGA };
    }
    let lo = 0;
    let hi = tx.length;
    let end = OMEGA;
    while (hi - lo > 1) {
      const m = (lo + hi) >>> 1;
      if (sec < tx[m].when) {
        end = tx[m].when;
        hi = m;
      } else lo = m;
    }
    const z = this.zones[tx[lo].index];
    if (lo === tx.length - 1 && this.ianaName && this.extendNames) {
      const ext = this.extendLookup(sec, tx[lo].when);
      if (ext) return ext;
    }
    return { ...z, start: tx[lo].when, end };
  }

  /** Past the last transition Go evaluates the TZ rule of the file's footer; we ask ICU for the offset. */
  private extendLookup(sec: number, start: number): ZoneLookup | undefined {
    const off = intlOffset(this.ianaName!, sec);
    if (off === undefined) return undefined;
    const ext = this.extendNames!;
    const isDST = ext.dst !== undefined && off !== ext.stdOffset;
    const name = isDST ? ext.dst! : ext.std;
    // The span is approximate (a day around sec) — enough for Date()'s normalisation.
    return { name, offset: off, isDST, start: Math.max(start, sec - 86400), end: sec + 86400 };
  }

  private lookupFirstZone(): number {
    if (!this.tx.some((t) => t.index === 0)) return 0;
    if (this.tx.length > 0 && this.zones[this.tx[0].index].isDST) {
      for (let zi = this.tx[0].index - 1; zi >= 0; zi--) if (!this.zones[zi].isDST) return zi;
    }
    for (let zi = 0; zi < this.zones.length; zi++) if (!this.zones[zi].isDST) return zi;
    return 0;
  }

  /** Offset of the named zone abbreviation around `unix` (Go's lookupName). */
  lookupName(name: string, unix: number): number | undefined {
    for (const z of this.zones) {
      if (z.name === name) {
        const l = this.lookup(unix - z.offset);
        if (l.name === z.name) return l.offset;
      }
    }
    for (const z of this.zones) if (z.name === name) return z.offset;
    return undefined;
  }
}

export const UTC = new Location('UTC');

const intlCache = new Map<string, Intl.DateTimeFormat | null>();
function intlOffset(tz: string, sec: number): number | undefined {
  let f = intlCache.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
      });
    } catch {
      f = null;
    }
    intlCache.set(tz, f);
  }
  if (!f) return undefined;
  const ms = sec * 1000;
  if (Math.abs(ms) > 8.64e15) return undefined;
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const local = daysFromCivil(year, Number(parts.month), Number(parts.day)) * 86400 +
    Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
  return local - sec;
}

/** Parse a TZif file (RFC 8536) the way Go's LoadLocationFromTZData does. */
function parseTZif(name: string, data: Buffer, ianaName?: string): Location {
  const bad = () => new Error('unknown time zone ' + name);
  if (data.length < 44 || data.toString('latin1', 0, 4) !== 'TZif') throw bad();
  const version = data[4] === 0 ? 1 : data[4] - 0x30;
  let p = 20;
  const counts = () => {
    const c = [0, 1, 2, 3, 4, 5].map((i) => data.readUInt32BE(p + i * 4));
    p += 24;
    return { isutcnt: c[0], isstdcnt: c[1], leapcnt: c[2], timecnt: c[3], typecnt: c[4], charcnt: c[5] };
  };
  let n = counts();
  let is64 = false;
  if (version >= 2) {
    // skip the v1 block and its header
    p += n.timecnt * 4 + n.timecnt + n.typecnt * 6 + n.charcnt + n.leapcnt * 8 + n.isstdcnt + n.isutcnt;
    if (data.toString('latin1', p, p + 4) !== 'TZif') throw bad();
    p += 20;
    n = counts();
    is64 = true;
  }
  const when: number[] = [];
  for (let i = 0; i < n.timecnt; i++) {
    when.push(is64 ? Number(data.readBigInt64BE(p)) : data.readInt32BE(p));
    p += is64 ? 8 : 4;
  }
  const idx: number[] = [];
  for (let i = 0; i < n.timecnt; i++) idx.push(data[p++]);
  const types: { off: number; dst: boolean; abbr: number }[] = [];
  for (let i = 0; i < n.typecnt; i++) {
    types.push({ off: data.readInt32BE(p), dst: data[p + 4] !== 0, abbr: data[p + 5] });
    p += 6;
  }
  const chars = data.toString('latin1', p, p + n.charcnt);
  p += n.charcnt;
  p += n.leapcnt * (is64 ? 12 : 8) + n.isstdcnt + n.isutcnt;
  let extend = '';
  if (is64 && p < data.length && data[p] === 0x0a) {
    const endNl = data.indexOf(0x0a, p + 1);
    if (endNl > p) extend = data.toString('latin1', p + 1, endNl);
  }
  const zones: Zone[] = types.map((t) => {
    const e = chars.indexOf('\0', t.abbr);
    return { name: chars.slice(t.abbr, e < 0 ? undefined : e), offset: t.off, isDST: t.dst };
  });
  const tx = when.map((w, i) => ({ when: w, index: idx[i] }));
  if (tx.length === 0) tx.push({ when: ALPHA, index: 0 });
  return new Location(name, zones, tx, ianaName, extend ? parseExtendNames(extend) : undefined);
}

/** Names and standard offset of a POSIX TZ string such as "EST5EDT,M3.2.0,M11.1.0" or "<+09>-9". */
function parseExtendNames(s: string): { std: string; stdOffset: number; dst?: string } | undefined {
  const m = /^(<[^>]*>|[A-Za-z]+)([+-]?\d+(?::\d+){0,2})(<[^>]*>|[A-Za-z]+)?/.exec(s);
  if (!m) return undefined;
  const strip = (x: string) => (x.startsWith('<') ? x.slice(1, -1) : x);
  const [h, mi = '0', se = '0'] = m[2].replace(/^[+-]/, '').split(':');
  const sign = m[2].startsWith('-') ? 1 : -1; // POSIX offsets are west-positive
  return { std: strip(m[1]), stdOffset: sign * (Number(h) * 3600 + Number(mi) * 60 + Number(se)), dst: m[3] ? strip(m[3]) : undefined };
}

const ZONE_SOURCES = ['/usr/share/zoneinfo/', '/usr/share/lib/zoneinfo/', '/usr/lib/locale/TZ/', '/etc/zoneinfo/'];
const locCache = new Map<string, Location>();

function loadFrom(name: string, dirs: string[], ianaName: string | undefined): Location | undefined {
  for (const dir of dirs) {
    try {
      return parseTZif(name, readFileSync(dir + ianaName), name === 'Local' ? ianaName : name);
    } catch {
      /* next source */
    }
  }
  return undefined;
}

let localLoc: Location | undefined;
/** Go's time.Local, initialised from $TZ or /etc/localtime as Go's initLocal does. */
export function localLocation(): Location {
  if (localLoc) return localLoc;
  const tz = process.env.TZ;
  let loc: Location | undefined;
  if (tz === undefined) {
    try {
      const data = readFileSync('/etc/localtime');
      let iana: string | undefined;
      try {
        const target = readlinkSync('/etc/localtime');
        const i = target.indexOf('zoneinfo/');
        if (i >= 0) iana = target.slice(i + 9);
      } catch {
        /* not a link */
      }
      loc = parseTZif('Local', data, iana);
    } catch {
      loc = undefined;
    }
  } else {
    let t = tz.startsWith(':') ? tz.slice(1) : tz;
    if (t !== '' && t.startsWith('/')) {
      try {
        loc = parseTZif('Local', readFileSync(t));
      } catch {
        loc = undefined;
      }
    } else if (t !== '' && t !== 'UTC') {
      const zi = process.env.ZONEINFO;
      loc = loadFrom('Local', zi ? [zi.endsWith('/') ? zi : zi + '/', ...ZONE_SOURCES] : ZONE_SOURCES, t);
    }
  }
  localLoc = loc ?? new Location('UTC');
  if (loc) (localLoc as any).name = 'Local';
  return localLoc;
}

/** Go's time.LoadLocation. Throws Go's error text. */
export function loadLocation(name: string): Location {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return localLocation();
  if (name.includes('..') || name[0] === '/' || name[0] === '\\') throw new Error('time: invalid location name');
  const cached = locCache.get(name);
  if (cached) return cached;
  const zi = process.env.ZONEINFO;
  const loc = loadFrom(name, zi ? [zi.endsWith('/') ? zi : zi + '/', ...ZONE_SOURCES] : ZONE_SOURCES, name);
  if (!loc) throw new Error('unknown time zone ' + name);
  locCache.set(name, loc);
  return loc;
}

// ---------------------------------------------------------------------------------------------------------
// Civil calendar helpers (proleptic Gregorian, as Go)

export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [y + (m <= 2 ? 1 : 0), m, d];
}
const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
function daysIn(month: number, year: number): number {
  if (month === 2 && isLeap(year)) return 29;
  return DAYS_BEFORE[month] - DAYS_BEFORE[month - 1];
}

const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_MONTHS = LONG_MONTHS.map((m) => m.slice(0, 3));
const SHORT_DAYS = LONG_DAYS.map((d) => d.slice(0, 3));

// ---------------------------------------------------------------------------------------------------------
// Durations

const NS = 1n;
const US = 1000n;
const MS = 1000000n;
const SEC = 1000000000n;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
const wrap64 = (v: bigint) => BigInt.asIntN(64, v);

/** time.Duration.String(). */
export function formatDuration(d: bigint): string {
  let u = BigInt.asUintN(64, d);
  const neg = d < 0n;
  if (neg) u = BigInt.asUintN(64, -u);
  let out = '';
  const frac = (v: bigint, prec: number): [string, bigint] => {
    let s = '';
    let print = false;
    for (let i = 0; i < prec; i++) {
      const digit = v % 10n;
      print = print || digit !== 0n;
      if (print) s = digit.toString() + s;
      v /= 10n;
    }
    if (print) s = '.' + s;
    return [s, v];
  };
  if (u < SEC) {
    if (u === 0n) return '0s';
    let prec: number;
    let unit: string;
    if (u < US) {
      prec = 0;
      unit = 'ns';
    } else if (u < MS) {
      prec = 3;
      unit = 'µs';
    } else {
      prec = 6;
      unit = 'ms';
    }
    const [f, rest] = frac(u, prec);
    out = rest.toString() + f + unit;
  } else {
    const [f, secs] = frac(u, 9);
    let v = secs;
    out = (v % 60n).toString() + f + 's';
    v /= 60n;
    if (v > 0n) {
      out = (v % 60n).toString() + 'm' + out;
      v /= 60n;
      if (v > 0n) out = v.toString() + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}

/** Go's time.quote (for error messages). */
function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

const UNITS: Record<string, bigint> = { ns: NS, us: US, 'µs': US, 'μs': US, ms: MS, s: SEC, m: MIN, h: HOUR };

/** time.ParseDuration; throws Go's error text. */
export function parseDuration(orig: string): bigint {
  let s = orig;
  let d = 0n;
  let neg = false;
  const invalid = () => new Error('time: invalid duration ' + goTimeQuote(orig));
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  const LIM = 1n << 63n;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0] >= '0' && s[0] <= '9'))) throw invalid();
    // leadingInt
    let i = 0;
    let v = 0n;
    for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
      if (v > LIM / 10n) throw invalid();
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > LIM) throw invalid();
    }
    const pre = i > 0;
    s = s.slice(i);
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && s[j] >= '0' && s[j] <= '9'; j++) {
        if (overflow) continue;
        if (f > (LIM - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > LIM) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    let k = 0;
    for (; k < s.length; k++) {
      const c = s[k];
      if (c === '.' || (c >= '0' && c <= '9')) break;
    }
    if (k === 0) throw new Error('time: missing unit in duration ' + goTimeQuote(orig));
    const u = s.slice(0, k);
    s = s.slice(k);
    const unit = UNITS[u];
    if (unit === undefined) throw new Error('time: unknown unit ' + goTimeQuote(u) + ' in duration ' + goTimeQuote(orig));
    if (v > LIM / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > LIM) throw invalid();
    }
    d += v;
    if (d > LIM) throw invalid();
  }
  if (neg) return wrap64(-d);
  if (d > I64_MAX) throw invalid();
  return d;
}

/** time.Duration.Round. */
export function roundDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m;
  const lessThanHalf = (x: bigint, y: bigint) => BigInt.asUintN(64, x + x) < BigInt.asUintN(64, y);
  if (d < 0n) {
    r = -r;
    if (lessThanHalf(r, m)) return d + r;
    const d1 = d - m + r;
    return d1 < d && d1 >= I64_MIN ? d1 : I64_MIN;
  }
  if (lessThanHalf(r, m)) return d - r;
  const d1 = d + m - r;
  return d1 > d && d1 <= I64_MAX ? d1 : I64_MAX;
}

// ---------------------------------------------------------------------------------------------------------
// time.Time

const hr0 = process.hrtime.bigint();
const wall0 = BigInt(Date.now()) * MS;
// Go's monotonic readings count from process start (never 0 for a real reading)
const monoStart = hr0 - 1n;

/** A time.Duration that knows Go's String() (what fmt prints for it). */
export class Duration extends GoDuration {
  String(): string {
    return formatDuration(this.nanos);
  }
  override toString(): string {
    return this.String();
  }
}

/** time.Month: prints as "January". */
export class GoMonth extends GoStruct {
  static override goMethods = ['String'] as const;
  readonly goType = 'time.Month';
  constructor(readonly value: number) {
    super();
  }
  String(): string {
    return this.value >= 1 && this.value <= 12 ? LONG_MONTHS[this.value - 1] : `%!Month(${this.value})`;
  }
  override toString(): string {
    return this.String();
  }
}
/** time.Weekday: prints as "Monday". */
export class GoWeekday extends GoStruct {
  static override goMethods = ['String'] as const;
  readonly goType = 'time.Weekday';
  constructor(readonly value: number) {
    super();
  }
  String(): string {
    return this.value >= 0 && this.value <= 6 ? LONG_DAYS[this.value] : `%!Weekday(${this.value})`;
  }
  override toString(): string {
    return this.String();
  }
}

/** Go's time.Time (a struct value; no exported fields). */
export class GoTime extends GoStruct {
  static override goMethods = [
    'String', 'Format', 'Unix', 'UnixMilli', 'UnixMicro', 'UnixNano', 'Year', 'Month', 'Day', 'Hour', 'Minute',
    'Second', 'Nanosecond', 'YearDay', 'Weekday', 'UTC', 'Local', 'Add', 'AddDate', 'Sub', 'Before', 'After',
    'Equal', 'Compare', 'IsZero', 'Truncate', 'Round', 'Location',
  ] as const;
  readonly goType = 'time.Time';
  #sec: number; // Unix seconds (integer)
  #nsec: number; // 0..999999999
  #loc: Location;
  #mono: bigint | undefined; // monotonic reading (ns since process start), as time.Now() carries

  constructor(sec: number, nsec: number, loc: Location = UTC, mono?: bigint) {
    super();
    this.#sec = sec + Math.floor(nsec / 1e9);
    this.#nsec = ((nsec % 1e9) + 1e9) % 1e9;
    this.#loc = loc;
    this.#mono = mono;
  }

  static now(): GoTime {
    const hr = process.hrtime.bigint();
    const wall = wall0 + (hr - hr0);
    return new GoTime(Number(wall / SEC), Number(wall % SEC), localLocation(), hr - monoStart);
  }
  static unix(sec: number, nsec = 0, loc: Location = localLocation()): GoTime {
    return new GoTime(sec, nsec, loc);
  }
  /** The zero Time: January 1, year 1, 00:00:00 UTC. */
  static zero(): GoTime {
    return new GoTime(ZERO_UNIX, 0, UTC);
  }
  /** time.Date with Go's normalisation of out-of-range fields. */
  static date(year: number, month: number, day: number, hour: number, min: number, sec: number, nsec: number, loc: Location): GoTime {
    const m0 = month - 1;
    const y = year + Math.floor(m0 / 12);
    const m = ((m0 % 12) + 12) % 12;
    let unix = (daysFromCivil(y, m + 1, 1) + day - 1) * 86400 + hour * 3600 + min * 60 + sec + Math.floor(nsec / 1e9);
    const ns = ((nsec % 1e9) + 1e9) % 1e9;
    const z = loc.lookup(unix);
    let offset = z.offset;
    if (offset !== 0) {
      const utc = unix - offset;
      if (utc < z.start || utc >= z.end) offset = loc.lookup(utc).offset;
      unix -= offset;
    }
    return new GoTime(unix, ns, loc);
  }

  get unixSeconds(): number { return this.#sec; }
  get nanos(): number { return this.#nsec; }
  get location(): Location { return this.#loc; }
  get monotonic(): bigint | undefined { return this.#mono; }

  /** Offset, abbreviation and civil fields in the time's location. */
  civil() {
    const z = this.#loc.lookup(this.#sec);
    const local = this.#sec + z.offset;
    const days = Math.floor(local / 86400);
    const secOfDay = local - days * 86400;
    const [year, month, day] = civilFromDays(days);
    const weekday = (((days + 4) % 7) + 7) % 7;
    const yday = daysFromCivil(year, month, day) - daysFromCivil(year, 1, 1) + 1;
    return {
      zone: z, year, month, day, weekday, yday,
      hour: Math.floor(secOfDay / 3600), min: Math.floor((secOfDay % 3600) / 60), sec: secOfDay % 60,
    };
  }

  format(layout: string): string {
    return formatTime(this, layout);
  }
  /** Go's Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST" plus " m=±..." for a monotonic reading. */
  override toString(): string {
    let s = this.format('2006-01-02 15:04:05.999999999 -0700 MST');
    if (this.#mono !== undefined) {
      let m2 = this.#mono;
      let sign = '+';
      if (m2 < 0n) {
        sign = '-';
        m2 = -m2;
      }
      const secs = m2 / SEC;
      const frac = m2 % SEC;
      s += ' m=' + sign + secs.toString() + '.' + frac.toString().padStart(9, '0');
    }
    return s;
  }
  /** encoding/json uses Time.MarshalJSON: RFC 3339 with nanoseconds. */
  toJSON(): string {
    return this.format('2006-01-02T15:04:05.999999999Z07:00');
  }
  in(loc: Location): GoTime {
    return new GoTime(this.#sec, this.#nsec, loc);
  }
  add(d: bigint): GoTime {
    const total = BigInt(this.#sec) * SEC + BigInt(this.#nsec) + d;
    const sec = total / SEC - (total % SEC < 0n ? 1n : 0n);
    const ns = total - sec * SEC;
    return new GoTime(Number(sec), Number(ns), this.#loc, this.#mono !== undefined ? this.#mono + d : undefined);
  }
  sub(u: GoTime): bigint {
    let d: bigint;
    if (this.#mono !== undefined && u.#mono !== undefined) d = this.#mono - u.#mono;
    else d = (BigInt(this.#sec) - BigInt(u.#sec)) * SEC + BigInt(this.#nsec - u.#nsec);
    return d > I64_MAX ? I64_MAX : d < I64_MIN ? I64_MIN : d;
  }
  compare(u: GoTime): number {
    if (this.#mono !== undefined && u.#mono !== undefined) return this.#mono < u.#mono ? -1 : this.#mono > u.#mono ? 1 : 0;
    if (this.#sec !== u.#sec) return this.#sec < u.#sec ? -1 : 1;
    return this.#nsec < u.#nsec ? -1 : this.#nsec > u.#nsec ? 1 : 0;
  }

  // ---- Go methods ----
  String(): string { return this.toString(); }
  Format(layout: string): string { return this.format(layout); }
  Unix(): GoInt { return new GoInt(BigInt(this.#sec), 'int64'); }
  UnixMilli(): GoInt { return new GoInt(BigInt(this.#sec) * 1000n + BigInt(Math.floor(this.#nsec / 1e6)), 'int64'); }
  UnixMicro(): GoInt { return new GoInt(BigInt(this.#sec) * 1000000n + BigInt(Math.floor(this.#nsec / 1e3)), 'int64'); }
  UnixNano(): GoInt { return new GoInt(wrap64(BigInt(this.#sec) * SEC + BigInt(this.#nsec)), 'int64'); }
  Year(): GoInt { return new GoInt(BigInt(this.civil().year), 'int'); }
  Month(): GoMonth { return new GoMonth(this.civil().month); }
  Day(): GoInt { return new GoInt(BigInt(this.civil().day), 'int'); }
  Hour(): GoInt { return new GoInt(BigInt(this.civil().hour), 'int'); }
  Minute(): GoInt { return new GoInt(BigInt(this.civil().min), 'int'); }
  Second(): GoInt { return new GoInt(BigInt(this.civil().sec), 'int'); }
  Nanosecond(): GoInt { return new GoInt(BigInt(this.#nsec), 'int'); }
  YearDay(): GoInt { return new GoInt(BigInt(this.civil().yday), 'int'); }
  Weekday(): GoWeekday { return new GoWeekday(this.civil().weekday); }
  UTC(): GoTime { return this.in(UTC); }
  Local(): GoTime { return this.in(localLocation()); }
  Location(): string { return this.#loc.name; }
  Add(d: GoDuration | GoInt): GoTime { return this.add(durationArg(d)); }
  AddDate(y: GoInt | number, m: GoInt | number, d: GoInt | number): GoTime {
    const c = this.civil();
    return GoTime.date(c.year + num(y), c.month + num(m), c.day + num(d), c.hour, c.min, c.sec, this.#nsec, this.#loc);
  }
  Sub(u: GoTime): GoDuration { return new Duration(this.sub(u)); }
  Before(u: GoTime): boolean { return this.compare(u) < 0; }
  After(u: GoTime): boolean { return this.compare(u) > 0; }
  Equal(u: GoTime): boolean { return this.compare(u) === 0; }
  Compare(u: GoTime): GoInt { return new GoInt(BigInt(this.compare(u)), 'int'); }
  IsZero(): boolean { return this.#sec === ZERO_UNIX && this.#nsec === 0; }
  Truncate(d: GoDuration | GoInt): GoTime {
    const dd = durationArg(d);
    const stripped = new GoTime(this.#sec, this.#nsec, this.#loc);
    if (dd <= 0n) return stripped;
    const sinceZero = (BigInt(this.#sec) - BigInt(ZERO_UNIX)) * SEC + BigInt(this.#nsec);
    return stripped.add(-(sinceZero % dd));
  }
  Round(d: GoDuration | GoInt): GoTime {
    const dd = durationArg(d);
    const stripped = new GoTime(this.#sec, this.#nsec, this.#loc);
    if (dd <= 0n) return stripped;
    const sinceZero = (BigInt(this.#sec) - BigInt(ZERO_UNIX)) * SEC + BigInt(this.#nsec);
    const r = sinceZero % dd;
    return r + r < dd ? stripped.add(-r) : stripped.add(dd - r);
  }
}

const ZERO_UNIX = -62135596800;
const num = (v: GoInt | number) => (isGoInt(v) ? Number(v.value) : Number(v));
function durationArg(d: unknown): bigint {
  if (d instanceof GoDuration) return d.nanos;
  if (isGoInt(d)) return d.value;
  if (typeof d === 'number') return BigInt(Math.trunc(d));
  throw new Error('wrong type for value; expected time.Duration; got ' + typeof d);
}

// ---------------------------------------------------------------------------------------------------------
// Layouts: Go's nextStdChunk

const enum Std {
  None = 0, LongMonth, Month, NumMonth, ZeroMonth, LongWeekDay, WeekDay, Day, UnderDay, ZeroDay, UnderYearDay,
  ZeroYearDay, Hour, Hour12, ZeroHour12, Minute, ZeroMinute, Second, ZeroSecond, LongYear, Year, PM, pm, TZ,
  ISO8601TZ, ISO8601SecondsTZ, ISO8601ShortTZ, ISO8601ColonTZ, ISO8601ColonSecondsTZ, NumTZ, NumSecondsTz,
  NumShortTZ, NumColonTZ, NumColonSecondsTZ, FracSecond0, FracSecond9,
}
interface Chunk {
  prefix: string;
  std: Std;
  suffix: string;
  digits?: number; // fractional seconds
  sep?: string;
}
const STD0X = [Std.ZeroMonth, Std.ZeroDay, Std.ZeroHour12, Std.ZeroMinute, Std.ZeroSecond, Std.Year];
const isLower = (s: string) => s.length > 0 && s[0] >= 'a' && s[0] <= 'z';
const isDigitAt = (s: string, i: number) => i < s.length && s[i] >= '0' && s[i] <= '9';

function nextStdChunk(layout: string): Chunk {
  const L = layout;
  const at = (i: number, w: string) => L.startsWith(w, i);
  for (let i = 0; i < L.length; i++) {
    const c = L[i];
    const r = (std: Std, len: number): Chunk => ({ prefix: L.slice(0, i), std, suffix: L.slice(i + len) });
    switch (c) {
      case 'J':
        if (at(i, 'Jan')) {
          if (at(i, 'January')) return r(Std.LongMonth, 7);
          if (!isLower(L.slice(i + 3))) return r(Std.Month, 3);
        }
        break;
      case 'M':
        if (at(i, 'Mon')) {
          if (at(i, 'Monday')) return r(Std.LongWeekDay, 6);
          if (!isLower(L.slice(i + 3))) return r(Std.WeekDay, 3);
        }
        if (at(i, 'MST')) return r(Std.TZ, 3);
        break;
      case '0':
        if (i + 1 < L.length && L[i + 1] >= '1' && L[i + 1] <= '6') return r(STD0X[L.charCodeAt(i + 1) - 49], 2);
        if (at(i, '002')) return r(Std.ZeroYearDay, 3);
        break;
      case '1':
        if (i + 1 < L.length && L[i + 1] === '5') return r(Std.Hour, 2);
        return r(Std.NumMonth, 1);
      case '2':
        if (at(i, '2006')) return r(Std.LongYear, 4);
        return r(Std.Day, 1);
      case '_':
        if (i + 1 < L.length && L[i + 1] === '2') {
          if (at(i + 1, '2006')) return { prefix: L.slice(0, i + 1), std: Std.LongYear, suffix: L.slice(i + 5) };
          return r(Std.UnderDay, 2);
        }
        if (at(i, '__2')) return r(Std.UnderYearDay, 3);
        break;
      case '3':
        return r(Std.Hour12, 1);
      case '4':
        return r(Std.Minute, 1);
      case '5':
        return r(Std.Second, 1);
      case 'P':
        if (i + 1 < L.length && L[i + 1] === 'M') return r(Std.PM, 2);
        break;
      case 'p':
        if (i + 1 < L.length && L[i + 1] === 'm') return r(Std.pm, 2);
        break;
      case '-':
        if (at(i, '-070000')) return r(Std.NumSecondsTz, 7);
        if (at(i, '-07:00:00')) return r(Std.NumColonSecondsTZ, 9);
        if (at(i, '-0700')) return r(Std.NumTZ, 5);
        if (at(i, '-07:00')) return r(Std.NumColonTZ, 6);
        if (at(i, '-07')) return r(Std.NumShortTZ, 3);
        break;
      case 'Z':
        if (at(i, 'Z070000')) return r(Std.ISO8601SecondsTZ, 7);
        if (at(i, 'Z07:00:00')) return r(Std.ISO8601ColonSecondsTZ, 9);
        if (at(i, 'Z0700')) return r(Std.ISO8601TZ, 5);
        if (at(i, 'Z07:00')) return r(Std.ISO8601ColonTZ, 6);
        if (at(i, 'Z07')) return r(Std.ISO8601ShortTZ, 3);
        break;
      case '.':
      case ',':
        if (i + 1 < L.length && (L[i + 1] === '0' || L[i + 1] === '9')) {
          const ch = L[i + 1];
          let j = i + 1;
          while (j < L.length && L[j] === ch) j++;
          if (!isDigitAt(L, j)) {
            return { prefix: L.slice(0, i), std: ch === '0' ? Std.FracSecond0 : Std.FracSecond9, suffix: L.slice(j), digits: j - (i + 1), sep: c };
          }
        }
        break;
    }
  }
  return { prefix: L, std: Std.None, suffix: '' };
}

const pad = (n: number, w: number) => {
  const neg = n < 0;
  const s = Math.abs(n).toString().padStart(w, '0');
  return neg ? '-' + s : s;
};

/** Go's Time.Format. */
export function formatTime(t: GoTime, layout: string): string {
  const c = t.civil();
  const nsec = t.nanos;
  let out = '';
  let rest = layout;
  for (;;) {
    const ch = nextStdChunk(rest);
    out += ch.prefix;
    if (ch.std === Std.None) break;
    rest = ch.suffix;
    switch (ch.std) {
      case Std.Year: {
        let y = c.year;
        if (y < 0) y = -y;
        out += pad(y % 100, 2);
        break;
      }
      case Std.LongYear: out += pad(c.year, 4); break;
      case Std.Month: out += SHORT_MONTHS[c.month - 1]; break;
      case Std.LongMonth: out += LONG_MONTHS[c.month - 1]; break;
      case Std.NumMonth: out += String(c.month); break;
      case Std.ZeroMonth: out += pad(c.month, 2); break;
      case Std.WeekDay: out += SHORT_DAYS[c.weekday]; break;
      case Std.LongWeekDay: out += LONG_DAYS[c.weekday]; break;
      case Std.Day: out += String(c.day); break;
      case Std.UnderDay: out += (c.day < 10 ? ' ' : '') + String(c.day); break;
      case Std.ZeroDay: out += pad(c.day, 2); break;
      case Std.UnderYearDay: out += String(c.yday).padStart(3, ' '); break;
      case Std.ZeroYearDay: out += pad(c.yday, 3); break;
      case Std.Hour: out += pad(c.hour, 2); break;
      case Std.Hour12: out += String(c.hour % 12 === 0 ? 12 : c.hour % 12); break;
      case Std.ZeroHour12: out += pad(c.hour % 12 === 0 ? 12 : c.hour % 12, 2); break;
      case Std.Minute: out += String(c.min); break;
      case Std.ZeroMinute: out += pad(c.min, 2); break;
      case Std.Second: out += String(c.sec); break;
      case Std.ZeroSecond: out += pad(c.sec, 2); break;
      case Std.PM: out += c.hour >= 12 ? 'PM' : 'AM'; break;
      case Std.pm: out += c.hour >= 12 ? 'pm' : 'am'; break;
      case Std.ISO8601TZ: case Std.ISO8601ColonTZ: case Std.ISO8601SecondsTZ: case Std.ISO8601ShortTZ:
      case Std.ISO8601ColonSecondsTZ: case Std.NumTZ: case Std.NumColonTZ: case Std.NumSecondsTz:
      case Std.NumShortTZ: case Std.NumColonSecondsTZ: {
        const std = ch.std;
        const offset = c.zone.offset;
        const iso = std === Std.ISO8601TZ || std === Std.ISO8601ColonTZ || std === Std.ISO8601SecondsTZ ||
          std === Std.ISO8601ShortTZ || std === Std.ISO8601ColonSecondsTZ;
        if (offset === 0 && iso) {
          out += 'Z';
          break;
        }
        let zone = Math.trunc(offset / 60);
        let abs = offset;
        if (zone < 0) {
          out += '-';
          zone = -zone;
          abs = -abs;
        } else out += '+';
        out += pad(Math.trunc(zone / 60), 2);
        if (std === Std.ISO8601ColonTZ || std === Std.NumColonTZ || std === Std.ISO8601ColonSecondsTZ || std === Std.NumColonSecondsTZ) out += ':';
        if (std !== Std.NumShortTZ && std !== Std.ISO8601ShortTZ) out += pad(zone % 60, 2);
        if (std === Std.ISO8601SecondsTZ || std === Std.NumSecondsTz || std === Std.NumColonSecondsTZ || std === Std.ISO8601ColonSecondsTZ) {
          if (std === Std.NumColonSecondsTZ || std === Std.ISO8601ColonSecondsTZ) out += ':';
          out += pad(abs % 60, 2);
        }
        break;
      }
      case Std.TZ: {
        if (c.zone.name !== '') {
          out += c.zone.name;
          break;
        }
        let zone = Math.trunc(c.zone.offset / 60);
        if (zone < 0) {
          out += '-';
          zone = -zone;
        } else out += '+';
        out += pad(Math.trunc(zone / 60), 2) + pad(zone % 60, 2);
        break;
      }
      case Std.FracSecond0:
      case Std.FracSecond9: {
        const buf = pad(nsec, 9);
        let n = Math.min(ch.digits!, 9);
        if (ch.std === Std.FracSecond9) {
          while (n > 0 && buf[n - 1] === '0') n--;
          if (n === 0) break;
        }
        out += ch.sep! + buf.slice(0, n);
        break;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing: Go's time.Parse / ParseInLocation

class ParseError extends Error {
  constructor(layout: string, value: string, layoutElem: string, valueElem: string, message: string) {
    super(
      message === ''
        ? 'parsing time ' + goTimeQuote(value) + ' as ' + goTimeQuote(layout) + ': cannot parse ' + goTimeQuote(valueElem) + ' as ' + goTimeQuote(layoutElem)
        : 'parsing time ' + goTimeQuote(value) + message,
    );
  }
}
class Bad extends Error {}

function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw new Bad();
  if (!isDigitAt(s, 1)) {
    if (fixed) throw new Bad();
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}
function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + (s.charCodeAt(i) - 48);
  if (i === 0 || (fixed && i !== 3)) throw new Bad();
  return [n, s.slice(i)];
}
function cutspace(s: string): string {
  let i = 0;
  while (i < s.length && s[i] === ' ') i++;
  return s.slice(i);
}
function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new Bad();
      prefix = cutspace(prefix);
      value = cutspace(value);
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new Bad();
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}
function lookupName(tab: string[], val: string): [number, string] {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i];
    if (val.length >= v.length && val.slice(0, v.length).toLowerCase() === v.toLowerCase()) {
      // Go's match folds ASCII letters only
      let ok = true;
      for (let j = 0; j < v.length; j++) {
        let a = val.charCodeAt(j);
        let b = v.charCodeAt(j);
        if (a !== b) {
          a |= 0x20;
          b |= 0x20;
          if (a !== b || a < 97 || a > 122) {
            ok = false;
            break;
          }
        }
      }
      if (ok) return [i, val.slice(v.length)];
    }
  }
  throw new Bad();
}
function atoi(s: string): number {
  // Go's time.atoi: optional sign, then leadingInt, whole string consumed
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '' || !/^[0-9]+$/.test(s)) throw new Bad();
  const x = Number(s);
  if (x > 2 ** 63) throw new Bad();
  return neg ? -x : x;
}
function parseSignedOffset(value: string): number {
  const sign = value[0];
  if (sign !== '-' && sign !== '+') return 0;
  const m = /^[0-9]*/.exec(value.slice(1))![0];
  if (m === '') return 0;
  const x = Number(m);
  if (x > 12) return 0;
  return 1 + m.length;
}
function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) {
    const v = value.slice(3);
    if (v.length === 0) return 3;
    return 3 + parseSignedOffset(v);
  }
  if (value[0] === '+' || value[0] === '-') return parseSignedOffset(value);
  let nUpper = 0;
  for (; nUpper < 6; nUpper++) {
    if (nUpper >= value.length) break;
    const ch = value[nUpper];
    if (ch < 'A' || ch > 'Z') break;
  }
  switch (nUpper) {
    case 5:
      return value[4] === 'T' ? 5 : 0;
    case 4:
      return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0;
    case 3:
      return 3;
    default:
      return 0;
  }
}
const commaOrPeriod = (c: string | undefined) => c === '.' || c === ',';
function parseNanoseconds(value: string, nbytes: number): [number, string] {
  if (!commaOrPeriod(value[0])) throw new Bad();
  if (nbytes > 10) {
    value = value.slice(0, 10);
    nbytes = 10;
  }
  const ns = atoi(value.slice(1, nbytes));
  if (ns < 0) return [0, 'fractional second'];
  return [ns * 10 ** (10 - nbytes), ''];
}

/** Go's time.ParseInLocation(layout, value, loc). Throws Go's ParseError text. */
export function parseTime(layout: string, value: string, loc: Location = UTC, local: Location = loc): GoTime {
  const alayout = layout;
  const avalue = value;
  let rangeErr = '';
  let amSet = false;
  let pmSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let z: Location | undefined;
  let zoneOffset = -1;
  let zoneName = '';
  for (;;) {
    const ch = nextStdChunk(layout);
    const stdstr = layout.slice(ch.prefix.length, layout.length - ch.suffix.length);
    try {
      value = skip(value, ch.prefix);
    } catch {
      throw new ParseError(alayout, avalue, ch.prefix, value, '');
    }
    if (ch.std === Std.None) {
      if (value.length !== 0) throw new ParseError(alayout, avalue, '', value, ': extra text: ' + goTimeQuote(value));
      break;
    }
    layout = ch.suffix;
    const hold = value;
    try {
      switch (ch.std) {
        case Std.Year: {
          if (value.length < 2) throw new Bad();
          const p = value.slice(0, 2);
          value = value.slice(2);
          year = atoi(p);
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case Std.LongYear: {
          if (value.length < 4 || !isDigitAt(value, 0)) throw new Bad();
          const p = value.slice(0, 4);
          value = value.slice(4);
          year = atoi(p);
          break;
        }
        case Std.Month:
          [month, value] = lookupName(SHORT_MONTHS, value);
          month++;
          break;
        case Std.LongMonth:
          [month, value] = lookupName(LONG_MONTHS, value);
          month++;
          break;
        case Std.NumMonth:
        case Std.ZeroMonth:
          [month, value] = getnum(value, ch.std === Std.ZeroMonth);
          if (month <= 0 || month > 12) rangeErr = 'month';
          break;
        case Std.WeekDay:
          [, value] = lookupName(SHORT_DAYS, value);
          break;
        case Std.LongWeekDay:
          [, value] = lookupName(LONG_DAYS, value);
          break;
        case Std.Day:
        case Std.UnderDay:
        case Std.ZeroDay:
          if (ch.std === Std.UnderDay && value.length > 0 && value[0] === ' ') value = value.slice(1);
          [day, value] = getnum(value, ch.std === Std.ZeroDay);
          break;
        case Std.UnderYearDay:
        case Std.ZeroYearDay:
          for (let i = 0; i < 2; i++) if (ch.std === Std.UnderYearDay && value.length > 0 && value[0] === ' ') value = value.slice(1);
          [yday, value] = getnum3(value, ch.std === Std.ZeroYearDay);
          break;
        case Std.Hour:
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) rangeErr = 'hour';
          break;
        case Std.Hour12:
        case Std.ZeroHour12:
          [hour, value] = getnum(value, ch.std === Std.ZeroHour12);
          if (hour < 0 || hour > 12) rangeErr = 'hour';
          break;
        case Std.Minute:
        case Std.ZeroMinute:
          [min, value] = getnum(value, ch.std === Std.ZeroMinute);
          if (min < 0 || min >= 60) rangeErr = 'minute';
          break;
        case Std.Second:
        case Std.ZeroSecond: {
          [sec, value] = getnum(value, ch.std === Std.ZeroSecond);
          if (sec < 0 || sec >= 60) {
            rangeErr = 'second';
            break;
          }
          if (value.length >= 2 && commaOrPeriod(value[0]) && isDigitAt(value, 1)) {
            const next = nextStdChunk(layout).std;
            if (next === Std.FracSecond0 || next === Std.FracSecond9) break;
            let n = 2;
            while (n < value.length && isDigitAt(value, n)) n++;
            [nsec, rangeErr] = parseNanoseconds(value, n);
            value = value.slice(n);
          }
          break;
        }
        case Std.PM:
        case Std.pm: {
          if (value.length < 2) throw new Bad();
          const p = value.slice(0, 2);
          value = value.slice(2);
          const [P, A] = ch.std === Std.PM ? ['PM', 'AM'] : ['pm', 'am'];
          if (p === P) pmSet = true;
          else if (p === A) amSet = true;
          else throw new Bad();
          break;
        }
        case Std.ISO8601TZ: case Std.ISO8601ShortTZ: case Std.ISO8601ColonTZ: case Std.ISO8601SecondsTZ:
        case Std.ISO8601ColonSecondsTZ: case Std.NumTZ: case Std.NumShortTZ: case Std.NumColonTZ:
        case Std.NumSecondsTz: case Std.NumColonSecondsTZ: {
          const std = ch.std;
          const iso = std === Std.ISO8601TZ || std === Std.ISO8601ShortTZ || std === Std.ISO8601ColonTZ ||
            std === Std.ISO8601SecondsTZ || std === Std.ISO8601ColonSecondsTZ;
          if (iso && value.length >= 1 && value[0] === 'Z') {
            value = value.slice(1);
            z = UTC;
            break;
          }
          let sign: string, hh: string, mm: string, ss: string;
          if (std === Std.ISO8601ColonTZ || std === Std.NumColonTZ) {
            if (value.length < 6 || value[3] !== ':') throw new Bad();
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), '00', value.slice(6)];
          } else if (std === Std.NumShortTZ || std === Std.ISO8601ShortTZ) {
            if (value.length < 3) throw new Bad();
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), '00', '00', value.slice(3)];
          } else if (std === Std.ISO8601ColonSecondsTZ || std === Std.NumColonSecondsTZ) {
            if (value.length < 9 || value[3] !== ':' || value[6] !== ':') throw new Bad();
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)];
          } else if (std === Std.ISO8601SecondsTZ || std === Std.NumSecondsTz) {
            if (value.length < 7) throw new Bad();
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)];
          } else {
            if (value.length < 5) throw new Bad();
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), '00', value.slice(5)];
          }
          const [h] = getnum(hh, true);
          const [m] = getnum(mm, true);
          const [s] = getnum(ss, true);
          zoneOffset = (h * 60 + m) * 60 + s;
          if (sign === '-') zoneOffset = -zoneOffset;
          else if (sign !== '+') throw new Bad();
          break;
        }
        case Std.TZ: {
          if (value.startsWith('UTC')) {
            z = UTC;
            value = value.slice(3);
            break;
          }
          const n = parseTimeZone(value);
          if (n === 0) throw new Bad();
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case Std.FracSecond0: {
          const ndigit = 1 + ch.digits!;
          if (value.length < ndigit) throw new Bad();
          [nsec, rangeErr] = parseNanoseconds(value, ndigit);
          value = value.slice(ndigit);
          break;
        }
        case Std.FracSecond9: {
          if (value.length < 2 || !commaOrPeriod(value[0]) || value[1] < '0' || value[1] > '9') break;
          let i = 0;
          while (i + 1 < value.length && value[i + 1] >= '0' && value[i + 1] <= '9') i++;
          [nsec, rangeErr] = parseNanoseconds(value, 1 + i);
          value = value.slice(1 + i);
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof Bad)) throw e;
      if (rangeErr !== '') throw new ParseError(alayout, avalue, stdstr, value, ': ' + rangeErr + ' out of range');
      throw new ParseError(alayout, avalue, stdstr, hold, '');
    }
    if (rangeErr !== '') throw new ParseError(alayout, avalue, stdstr, value, ': ' + rangeErr + ' out of range');
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365) throw new ParseError(alayout, avalue, '', value, ': day-of-year out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (DAYS_BEFORE[m] < yday) m++;
      d = yday - DAYS_BEFORE[m - 1];
    }
    if (month >= 0 && month !== m) throw new ParseError(alayout, avalue, '', value, ': day-of-year does not match month');
    month = m;
    if (day >= 0 && day !== d) throw new ParseError(alayout, avalue, '', value, ': day-of-year does not match day');
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) throw new ParseError(alayout, avalue, '', value, ': day out of range');

  if (z) return GoTime.date(year, month, day, hour, min, sec, nsec, z);
  if (zoneOffset !== -1) {
    const t = GoTime.date(year, month, day, hour, min, sec, nsec, UTC);
    const unix = t.unixSeconds - zoneOffset;
    const l = local.lookup(unix);
    if (l.offset === zoneOffset && (zoneName === '' || l.name === zoneName)) return new GoTime(unix, nsec, local);
    return new GoTime(unix, nsec, Location.fixed(zoneName, zoneOffset));
  }
  if (zoneName !== '') {
    const t = GoTime.date(year, month, day, hour, min, sec, nsec, UTC);
    const off = local.lookupName(zoneName, t.unixSeconds);
    if (off !== undefined) return new GoTime(t.unixSeconds - off, nsec, local);
    let offset = 0;
    if (zoneName.length > 3 && zoneName.startsWith('GMT')) offset = atoi(zoneName.slice(3)) * 3600;
    return new GoTime(t.unixSeconds, nsec, Location.fixed(zoneName, offset));
  }
  return GoTime.date(year, month, day, hour, min, sec, nsec, loc);
}

// ---------------------------------------------------------------------------------------------------------
// sprig's date functions

/** The time sprig's date/dateInZone/htmlDate use for a value: time.Time, int, int64, int32 (Unix seconds), else now. */
function timeOf(v: unknown, allowInt32 = true): GoTime {
  if (v instanceof GoTime) return v;
  if (isGoInt(v) && (v.kind === 'int' || v.kind === 'int64' || (allowInt32 && v.kind === 'int32'))) {
    return GoTime.unix(Number(v.value));
  }
  return GoTime.now();
}

function dateInZone(fmt: string, date: unknown, zone: string): string {
  const t = timeOf(date);
  let loc: Location;
  try {
    loc = loadLocation(zone);
  } catch {
    loc = UTC;
  }
  return t.in(loc).format(fmt);
}

function durationOf(sec: unknown): string {
  let n = 0n;
  if (typeof sec === 'string') n = parseIntClamped(sec);
  else if (isGoInt(sec) && sec.kind === 'int64') n = sec.value;
  return formatDuration(wrap64(n * SEC));
}

/** strconv.ParseInt(s, 10, 64) with the value Go returns on error (0 for syntax, ±max for range). */
function parseIntClamped(s: string): bigint {
  const m = /^([+-]?)([0-9]+)$/.exec(s);
  if (!m) return 0n;
  let v = BigInt(m[2]);
  if (m[1] === '-') v = -v;
  if (v > I64_MAX) return I64_MAX;
  if (v < I64_MIN) return I64_MIN;
  return v;
}

function durationRound(duration: unknown): string {
  let d = 0n;
  if (typeof duration === 'string') {
    try {
      d = parseDuration(duration);
    } catch {
      d = 0n;
    }
  } else if (isGoInt(duration) && duration.kind === 'int64') d = duration.value;
  else if (duration instanceof GoTime) d = GoTime.now().sub(duration);
  let u = BigInt.asUintN(64, d);
  if (d < 0n) u = BigInt.asUintN(64, -u);
  const day = 24n * HOUR;
  const year = 365n * day;
  const month = 30n * day;
  if (u > year) return (u / year).toString() + 'y';
  if (u > month) return (u / month).toString() + 'mo';
  if (u > day) return (u / day).toString() + 'd';
  if (u > HOUR) return (u / HOUR).toString() + 'h';
  if (u > MIN) return (u / MIN).toString() + 'm';
  if (u > SEC) return (u / SEC).toString() + 's';
  return '0s';
}

function dateAgo(date: unknown): string {
  const t = timeOf(date, false);
  return formatDuration(roundDuration(GoTime.now().sub(t), SEC));
}

function dateModify(fmt: string, date: GoTime): GoTime {
  let d: bigint;
  try {
    d = parseDuration(fmt);
  } catch {
    return date;
  }
  return date.add(d);
}

function mustDateModify(fmt: string, date: GoTime): GoTime {
  return date.add(parseDuration(fmt));
}

function toDate(fmt: string, str: string): GoTime {
  try {
    return parseTime(fmt, str, localLocation());
  } catch {
    return GoTime.zero();
  }
}

const T = 'time.Time';
export const dateFuncs: FuncMap = {
  ago: def(['interface {}'], 'string', dateAgo),
  date: def(['string', 'interface {}'], 'string', (fmt: string, d: unknown) => dateInZone(fmt, d, 'Local')),
  date_in_zone: def(['string', 'interface {}', 'string'], 'string', dateInZone),
  dateInZone: def(['string', 'interface {}', 'string'], 'string', dateInZone),
  date_modify: def(['string', T], T, dateModify),
  dateModify: def(['string', T], T, dateModify),
  duration: def(['interface {}'], 'string', durationOf),
  durationRound: def(['interface {}'], 'string', durationRound),
  htmlDate: def(['interface {}'], 'string', (d: unknown) => dateInZone('2006-01-02', d, 'Local')),
  htmlDateInZone: def(['interface {}', 'string'], 'string', (d: unknown, zone: string) => dateInZone('2006-01-02', d, zone)),
  must_date_modify: def(['string', T], T, mustDateModify, { err: true }),
  mustDateModify: def(['string', T], T, mustDateModify, { err: true }),
  mustToDate: def(['string', 'string'], T, (fmt: string, s: string) => parseTime(fmt, s, localLocation()), { err: true }),
  now: def([], T, () => GoTime.now()),
  toDate: def(['string', 'string'], T, toDate),
  unixEpoch: def([T], 'string', (t: GoTime) => String(t.unixSeconds)),
};
