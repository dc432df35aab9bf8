// Go's fmt printing (Sprint, Sprintln, Sprintf and %v), strconv's FormatFloat/Quote, and text/template's
// escapers, over the Go value model of ./types.ts. Written from the documented semantics of Go 1.21
// src/fmt/{print.go,format.go} and src/strconv.
//
// Pointers: Go prints addresses (%p, func values, pointers nested below the top level) that differ per run.
// We print stable fake addresses instead: each distinct object gets 0xc000010000 + 0x10*n in order of
// first print within the process.

import { GoDuration, GoFuncValue, GoInt, GoStruct, goTypeName, isGoMap } from './types.js';

// ---------------------------------------------------------------------------------------------------------
// strconv.FormatFloat

interface Digits {
  d: string; // significant digits, no leading or trailing zeros ('' for zero)
  dp: number; // decimal point position: value = 0.d * 10^dp
}

const f64buf = new DataView(new ArrayBuffer(8));

/** Exact decimal expansion of a finite, non-negative double. */
function exactDigits(a: number): Digits {
  if (a === 0) return { d: '', dp: 0 };
  f64buf.setFloat64(0, a);
  const hi = f64buf.getUint32(0);
  const lo = f64buf.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = bexp - 1075;
  }
  let s: string;
  let dp: number;
  if (e >= 0) {
    s = (mant << BigInt(e)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-e)).toString();
    dp = s.length + e;
  }
  s = s.replace(/0+$/, '');
  return { d: s, dp };
}

/** Shortest digits that round-trip (as Go's shortest formatting produces). */
function shortestDigits(a: number, bitSize: number): Digits {
  if (a === 0) return { d: '', dp: 0 };
  let s: string;
  if (bitSize === 32) {
    const f = Math.fround(a);
    s = f.toExponential();
    for (let p = 1; p <= 9; p++) {
      const t = f.toExponential(p - 1);
      if (Math.fround(Number(t)) === f) {
        s = t;
        break;
      }
    }
  } else s = a.toExponential();
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s)!;
  const d = (m[1] + (m[2] ?? '')).replace(/0+$/, '');
  return { d, dp: parseInt(m[3], 10) + 1 };
}

/** decimal.Round(nd) of Go's strconv (round half to even on the exact value). */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0 || nd >= x.d.length) return x;
  const c = x.d.charCodeAt(nd);
  let up: boolean;
  if (c === 53 /* '5' */ && nd + 1 === x.d.length) up = nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = c >= 53;
  if (!up) return { d: x.d.slice(0, nd).replace(/0+$/, ''), dp: x.d.slice(0, nd).replace(/0+$/, '') === '' ? 0 : x.dp };
  let i = nd - 1;
  while (i >= 0 && x.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  return { d: x.d.slice(0, i) + String.fromCharCode(x.d.charCodeAt(i) + 1), dp: x.dp };
}

function fmtE(neg: boolean, x: Digits, prec: number, fmt: string): string {
  let out = neg ? '-' : '';
  out += x.d.length === 0 ? '0' : x.d[0];
  if (prec > 0) {
    out += '.';
    let i = 1;
    const m = Math.min(x.d.length, prec + 1);
    if (i < m) {
      out += x.d.slice(i, m);
      i = m;
    }
    out += '0'.repeat(Math.max(0, prec + 1 - i));
  }
  out += fmt;
  let exp = x.dp - 1;
  if (x.d.length === 0) exp = 0;
  out += exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  out += exp < 10 ? '0' + exp : String(exp);
  return out;
}

function fmtF(neg: boolean, x: Digits, prec: number): string {
  let out = neg ? '-' : '';
  if (x.dp > 0) {
    const m = Math.min(x.d.length, x.dp);
    out += x.d.slice(0, m) + '0'.repeat(x.dp - m);
  } else out += '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = x.dp + i - 1;
      out += j >= 0 && j < x.d.length ? x.d[j] : '0';
    }
  }
  return out;
}

function fmtB(neg: boolean, a: number, bitSize: number): string {
  let mant: bigint;
  let exp: number;
  if (bitSize === 32) {
    const dv = new DataView(new ArrayBuffer(4));
    dv.setFloat32(0, a);
    const bits = dv.getUint32(0);
    const be = (bits >>> 23) & 0xff;
    mant = BigInt(bits & 0x7fffff);
    if (be === 0) exp = -149;
    else {
      mant |= 1n << 23n;
      exp = be - 150;
    }
  } else {
    f64buf.setFloat64(0, a);
    const hi = f64buf.getUint32(0);
    const lo = f64buf.getUint32(4);
    const be = (hi >>> 20) & 0x7ff;
    mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (be === 0) exp = -1074;
    else {
      mant |= 1n << 52n;
      exp = be - 1075;
    }
  }
  return (neg ? '-' : '') + mant.toString() + 'p' + (exp >= 0 ? '+' : '-') + Math.abs(exp);
}

function fmtX(neg: boolean, a: number, prec: number, fmt: string, bitSize: number): string {
  let mant = 0n;
  let exp = 0;
  if (a !== 0) {
    f64buf.setFloat64(0, bitSize === 32 ? Math.fround(a) : a);
    const hi = f64buf.getUint32(0);
    const lo = f64buf.getUint32(4);
    const be = (hi >>> 20) & 0x7ff;
    mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (be === 0) exp = -1074 + 52;
    else {
      mant |= 1n << 52n;
      exp = be - 1023;
    }
    // normalise so that bit 52 is the leading 1
    while (mant < 1n << 52n) {
      mant <<= 1n;
      exp--;
    }
  }
  // mant has 53 bits: 1 + 52 fraction bits = 13 hex digits of fraction
  const shift = 52n;
  if (prec >= 0 && prec < 13) {
    const drop = BigInt(4 * (13 - prec));
    const extra = mant & ((1n << drop) - 1n);
    const half = 1n << (drop - 1n);
    mant >>= drop;
    if (extra > half || (extra === half && (mant & 1n) === 1n)) mant++;
    mant <<= drop;
    if (mant >= 1n << (shift + 1n)) {
      mant >>= 1n;
      exp++;
    }
  }
  const hexd = fmt === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  let out = (neg ? '-' : '') + '0' + fmt + (mant >> shift).toString();
  let frac = mant & ((1n << shift) - 1n);
  let fd = '';
  for (let i = 0; i < 13; i++) {
    frac <<= 4n;
    fd += hexd[Number(frac >> shift)];
    frac &= (1n << shift) - 1n;
  }
  if (prec < 0) fd = fd.replace(/0+$/, '');
  else fd = fd.slice(0, prec) + '0'.repeat(Math.max(0, prec - 13));
  if (fd.length > 0) out += '.' + fd;
  out += fmt === 'X' ? 'P' : 'p';
  out += exp < 0 ? '-' : '+';
  const ae = Math.abs(exp);
  out += ae < 10 ? '0' + ae : String(ae);
  return out;
}

/** strconv.FormatFloat(f, fmt, prec, bitSize). fmt is one of 'b','e','E','f','g','G','x','X'. */
export function formatFloat(f: number, fmt: string, prec: number, bitSize = 64): string {
  if (bitSize === 32) f = Math.fround(f);
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const a = Math.abs(f);
  if (fmt === 'b') return fmtB(neg, a, bitSize);
  if (fmt === 'x' || fmt === 'X') return fmtX(neg, a, prec, fmt, bitSize);
  const shortest = prec < 0;
  let x: Digits;
  if (shortest) {
    x = shortestDigits(a, bitSize);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(x.d.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(x.d.length - x.dp, 0);
    else if (fmt === 'g' || fmt === 'G') prec = x.d.length;
  } else {
    x = exactDigits(a);
    if (fmt === 'e' || fmt === 'E') x = roundDigits(x, prec + 1);
    else if (fmt === 'f') x = roundDigits(x, x.dp + prec);
    else if (fmt === 'g' || fmt === 'G') {
      if (prec === 0) prec = 1;
      x = roundDigits(x, prec);
    } else return '%' + fmt;
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, x, prec, fmt);
    case 'f':
      return fmtF(neg, x, prec);
    case 'g':
    case 'G': {
      let eprec = prec;
      if (eprec > x.d.length && x.d.length >= x.dp) eprec = x.d.length;
      if (shortest) eprec = 6;
      const exp = x.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > x.d.length) prec = x.d.length;
        return fmtE(neg, x, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > x.dp) prec = x.d.length;
      return fmtF(neg, x, Math.max(prec - x.dp, 0));
    }
  }
  return '%' + fmt;
}

// ---------------------------------------------------------------------------------------------------------
// strconv quoting

const PRINT_RE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** unicode.IsPrint / strconv.IsPrint */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  return PRINT_RE.test(String.fromCodePoint(r));
}

function hex(n: number, w: number): string {
  return n.toString(16).padStart(w, '0');
}

function escapeRune(r: number, q: string, asciiOnly: boolean): string {
  const ch = String.fromCodePoint(r);
  if (ch === q || ch === '\\') return '\\' + ch;
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) return ch;
  } else if (isPrint(r)) return ch;
  switch (r) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hex(r, 2);
  if (r < 0x10000) return '\\u' + hex(r, 4);
  return '\\U' + hex(r, 8);
}

/** Code points of a JS string as Go would decode the UTF-8 bytes; lone surrogates become their (invalid)
 *  3-byte sequences, reported as negative byte values (-1 - byte). */
function* runes(s: string): Generator<number> {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) {
      for (const b of Buffer.from([0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)])) yield -1 - b;
    } else yield c;
  }
}

function quoteWith(s: string, q: string, asciiOnly: boolean): string {
  let out = q;
  for (const r of runes(s)) {
    if (r < 0) out += '\\x' + hex(-1 - r, 2);
    else out += escapeRune(r, q, asciiOnly);
  }
  return out + q;
}

/** strconv.Quote */
export function quote(s: string): string {
  return quoteWith(s, '"', false);
}

/** strconv.QuoteToASCII */
export function quoteToASCII(s: string): string {
  return quoteWith(s, '"', true);
}

/** strconv.QuoteRune (invalid runes print as U+FFFD) */
export function quoteRune(r: number, asciiOnly = false): string {
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  return "'" + escapeRune(r, "'", asciiOnly) + "'";
}

/** strconv.CanBackquote */
export function canBackquote(s: string): boolean {
  for (const r of runes(s)) {
    if (r < 0) return false;
    if (r === 0xfeff) return false;
    if ((r < 0x20 && r !== 9) || r === 0x60 || r === 0x7f) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// The printer

const LDIGITS = '0123456789abcdefx';
const UDIGITS = '0123456789ABCDEFX';

const fakeAddrs = new WeakMap<object, bigint>();
let nextAddr = 0xc000010000n;
function addressOf(o: object): bigint {
  let a = fakeAddrs.get(o);
  if (a === undefined) {
    a = nextAddr;
    nextAddr += 0x10n;
    fakeAddrs.set(o, a);
  }
  return a;
}

function hasMethod(v: unknown, name: string): boolean {
  if (!(v instanceof GoStruct)) return false;
  const ctor = v.constructor as typeof GoStruct;
  return (ctor.goMethods ?? []).includes(name) && typeof (v as any)[name] === 'function';
}

function structFields(v: GoStruct): string[] {
  return Object.keys(v).filter((k) => k !== 'goType');
}

function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const decoder = new TextDecoder('utf-8');
function bytesToString(b: Uint8Array): string {
  return decoder.decode(b);
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Go int value (as bigint) and signedness of an integer-kinded value, or null. */
function intOf(v: unknown): { u: bigint; signed: boolean } | null {
  if (v instanceof GoInt) return { u: v.value, signed: !v.isUnsigned() };
  if (v instanceof GoDuration) return { u: v.nanos, signed: true };
  if (typeof v === 'bigint') return { u: v, signed: true };
  return null;
}

class Printer {
  buf = '';
  // flags
  plus = false;
  minus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  wid = 0;
  widPresent = false;
  prec = 0;
  precPresent = false;
  // state
  arg: unknown = null;
  erroring = false;
  /** text/template's printableValue: a top-level pointer to a struct prints as the struct (no "&"). */
  indirectTop = false;

  clearflags(): void {
    this.plus = this.minus = this.sharp = this.space = this.zero = false;
    this.plusV = this.sharpV = false;
    this.wid = this.prec = 0;
    this.widPresent = this.precPresent = false;
  }

  writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.zero ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  padSpaces(s: string): void {
    const z = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = z;
  }

  truncate(s: string): string {
    if (this.precPresent) {
      let n = 0;
      let i = 0;
      for (const ch of s) {
        if (n === this.prec) return s.slice(0, i);
        n++;
        i += ch.length;
      }
    }
    return s;
  }

  fmtBoolean(b: boolean): void {
    this.pad(b ? 'true' : 'false');
  }

  fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) this.pad('`' + s + '`');
    else if (this.plus) this.pad(quoteToASCII(s));
    else this.pad(quote(s));
  }

  fmtSbx(bytes: Uint8Array, digits: string): void {
    let length = bytes.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) width += 2;
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    let out = '';
    if (this.sharp) out += '0' + digits[16];
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        out += ' ';
        if (this.sharp) out += '0' + digits[16];
      }
      const c = bytes[i];
      out += digits[c >> 4] + digits[c & 15];
    }
    this.buf += out;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  fmtInteger(u: bigint, base: number, signed: boolean, verb: string, digits: string): void {
    const negative = signed && u < 0n;
    if (negative) u = -u;
    else if (!signed && u < 0n) u = u + (1n << 64n);
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        this.padSpaces('');
        return;
      }
    } else if (this.zero && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let s = u.toString(base);
    if (digits === UDIGITS) s = s.toUpperCase();
    if (s.length < prec) s = '0'.repeat(prec - s.length) + s;
    if (this.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8) {
        if (s[0] !== '0') s = '0' + s;
      } else if (base === 16) s = '0' + digits[16] + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (this.plus) s = '+' + s;
    else if (this.space) s = ' ' + s;
    this.padSpaces(s);
  }

  fmtUnicode(u: bigint): void {
    if (u < 0n) u += 1n << 64n;
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    let s = 'U+' + u.toString(16).toUpperCase().padStart(prec, '0');
    if (this.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
    this.padSpaces(s);
  }

  fmtC(u: bigint): void {
    let r = u < 0n || u > 0x10ffffn ? 0xfffd : Number(u);
    if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
    this.pad(String.fromCodePoint(r));
  }

  fmtQc(u: bigint): void {
    const r = u < 0n || u > 0x10ffffn ? 0xfffd : Number(u);
    this.pad(quoteRune(r, this.plus));
  }

  fmtFloat(v: number, size: number, verb: string, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, verb === 'F' ? 'f' : verb === 'v' ? 'g' : verb, prec, size);
    if (num[0] === '-' || num[0] === '+') {
      /* keep */
    } else num = '+' + num;
    if (this.space && num[0] === '+' && !this.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.padSpaces(num);
      return;
    }
    if (this.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') {
        digits = prec;
        if (digits === -1) digits = 6;
      }
      let tail = '';
      let hasDot = false;
      let sawNonzero = false;
      let body = num;
      for (let i = 1; i < body.length; i++) {
        const c = body[i];
        if (c === '.') hasDot = true;
        else if (c === 'p' || c === 'P') {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else if ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X') {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else {
          if (c !== '0') sawNonzero = true;
          if (sawNonzero) digits--;
        }
      }
      if (!hasDot) {
        if (body.length === 2 && body[1] === '0') digits--;
        body += '.';
      }
      if (digits > 0) body += '0'.repeat(digits);
      num = body + tail;
    }
    if (this.plus || num[0] !== '+') {
      if (this.zero && !this.minus && this.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  fmt0x64(v: bigint, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.fmtInteger(v, 16, false, 'v', LDIGITS);
    this.sharp = sharp;
  }

  // ---- verbs by type

  fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.fmtBoolean(v);
    else this.badVerb(verb);
  }

  fmtInt(u: bigint, signed: boolean, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.sharpV && !signed) this.fmt0x64(u, true);
        else this.fmtInteger(u, 10, signed, verb, LDIGITS);
        break;
      case 'd':
        this.fmtInteger(u, 10, signed, verb, LDIGITS);
        break;
      case 'b':
        this.fmtInteger(u, 2, signed, verb, LDIGITS);
        break;
      case 'o':
      case 'O':
        this.fmtInteger(u, 8, signed, verb, LDIGITS);
        break;
      case 'x':
        this.fmtInteger(u, 16, signed, verb, LDIGITS);
        break;
      case 'X':
        this.fmtInteger(u, 16, signed, verb, UDIGITS);
        break;
      case 'c':
        this.fmtC(signed || u >= 0n ? u : u + (1n << 64n));
        break;
      case 'q':
        this.fmtQc(u);
        break;
      case 'U':
        this.fmtUnicode(u);
        break;
      default:
        this.badVerb(verb);
    }
  }

  fmtFloatVerb(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        this.fmtFloat(v, 64, 'g', -1);
        break;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloat(v, 64, verb, -1);
        break;
      case 'f':
      case 'e':
      case 'E':
      case 'F':
        this.fmtFloat(v, 64, verb, 6);
        break;
      default:
        this.badVerb(verb);
    }
  }

  fmtString(v: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(v);
        else this.fmtS(v);
        break;
      case 's':
        this.fmtS(v);
        break;
      case 'x':
        this.fmtSbx(Buffer.from(v, 'utf8'), LDIGITS);
        break;
      case 'X':
        this.fmtSbx(Buffer.from(v, 'utf8'), UDIGITS);
        break;
      case 'q':
        this.fmtQ(v);
        break;
      default:
        this.badVerb(verb);
    }
  }

  fmtBytes(v: Uint8Array, verb: string, typeString: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        if (this.sharpV) {
          this.buf += typeString + '{';
          v.forEach((c, i) => {
            if (i > 0) this.buf += ', ';
            this.fmt0x64(BigInt(c), true);
          });
          this.buf += '}';
        } else {
          this.buf += '[';
          v.forEach((c, i) => {
            if (i > 0) this.buf += ' ';
            this.fmtInteger(BigInt(c), 10, false, verb, LDIGITS);
          });
          this.buf += ']';
        }
        break;
      case 's':
        this.fmtS(bytesToString(v));
        break;
      case 'x':
        this.fmtSbx(v, LDIGITS);
        break;
      case 'X':
        this.fmtSbx(v, UDIGITS);
        break;
      case 'q':
        this.fmtQ(bytesToString(v));
        break;
      default:
        this.printValue(v, verb, 0);
    }
  }

  fmtPointer(v: object | null, verb: string): void {
    const u = v === null ? 0n : addressOf(v);
    switch (verb) {
      case 'v':
        if (this.sharpV) {
          this.buf += '(' + goTypeName(v) + ')(';
          if (u === 0n) this.buf += 'nil';
          else this.fmt0x64(u, true);
          this.buf += ')';
        } else if (u === 0n) this.padSpaces('<nil>');
        else this.fmt0x64(u, !this.sharp);
        break;
      case 'p':
        this.fmt0x64(u, !this.sharp);
        break;
      case 'b':
      case 'o':
      case 'd':
      case 'x':
      case 'X':
        this.fmtInt(u, false, verb);
        break;
      default:
        this.badVerb(verb);
    }
  }

  badVerb(verb: string): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    const a = this.arg;
    if (a !== null && a !== undefined) {
      this.buf += goTypeName(a) + '=';
      this.printArg(a, 'v');
    } else this.buf += '<nil>';
    this.buf += ')';
    this.erroring = false;
  }

  catchPanic(e: unknown, verb: string, method: string): void {
    const oldFlags = this.saveFlags();
    this.clearflags();
    this.buf += '%!' + verb + '(PANIC=' + method + ' method: ' + errMessage(e) + ')';
    this.restoreFlags(oldFlags);
  }

  saveFlags(): unknown[] {
    return [this.plus, this.minus, this.sharp, this.space, this.zero, this.plusV, this.sharpV, this.wid, this.widPresent, this.prec, this.precPresent];
  }
  restoreFlags(f: unknown[]): void {
    [this.plus, this.minus, this.sharp, this.space, this.zero, this.plusV, this.sharpV, this.wid, this.widPresent, this.prec, this.precPresent] = f as any;
  }

  handleMethods(verb: string): boolean {
    if (this.erroring) return false;
    const a = this.arg;
    if (this.sharpV) return false; // no GoStringer in the value model
    if (verb !== 'v' && verb !== 's' && verb !== 'x' && verb !== 'X' && verb !== 'q') return false;
    let method: string | null = null;
    if (hasMethod(a, 'Error')) method = 'Error';
    else if (hasMethod(a, 'String')) method = 'String';
    else if (a instanceof GoDuration) {
      this.fmtString(durationString(a.nanos), verb);
      return true;
    }
    if (method === null) return false;
    let s: string;
    try {
      s = String((a as any)[method]());
    } catch (e) {
      this.catchPanic(e, verb, method);
      return true;
    }
    this.fmtString(s, verb);
    return true;
  }

  printArg(arg: unknown, verb: string): void {
    this.arg = arg;
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') {
      this.fmtS(goTypeName(arg));
      return;
    }
    if (verb === 'p') {
      if (typeof arg === 'object' && !(arg instanceof GoInt) && !(arg instanceof GoDuration) && !(arg instanceof GoStruct && !(arg as GoStruct).goType.startsWith('*')))
        this.fmtPointer(arg, 'p');
      else this.badVerb(verb);
      return;
    }
    switch (typeof arg) {
      case 'boolean':
        this.fmtBool(arg, verb);
        return;
      case 'number':
        this.fmtFloatVerb(arg, verb);
        return;
      case 'string':
        this.fmtString(arg, verb);
        return;
      case 'bigint':
        this.fmtInt(arg, true, verb);
        return;
    }
    if (arg instanceof GoInt) {
      this.fmtInt(arg.value, !arg.isUnsigned(), verb);
      return;
    }
    if (arg instanceof Uint8Array) {
      this.fmtBytes(arg, verb, '[]byte');
      return;
    }
    if (!this.handleMethods(verb)) this.printValue(arg, verb, 0);
  }

  printValue(v: unknown, verb: string, depth: number): void {
    if (depth > 0 && v !== null && v !== undefined) {
      this.arg = v;
      if (this.handleMethods(verb)) return;
    }
    this.arg = v;
    if (v === null || v === undefined) {
      // a nil interface element
      if (this.sharpV) this.buf += 'interface {}(nil)';
      else this.padSpaces('<nil>');
      return;
    }
    switch (typeof v) {
      case 'boolean':
        this.fmtBool(v, verb);
        return;
      case 'number':
        this.fmtFloatVerb(v, verb);
        return;
      case 'string':
        this.fmtString(v, verb);
        return;
      case 'bigint':
        this.fmtInt(v, true, verb);
        return;
    }
    if (v instanceof GoInt) {
      this.fmtInt(v.value, !v.isUnsigned(), verb);
      return;
    }
    if (v instanceof GoDuration) {
      this.fmtInt(v.nanos, true, verb);
      return;
    }
    if (v instanceof GoFuncValue) {
      this.fmtPointer(v, verb);
      return;
    }
    if (v instanceof Uint8Array) {
      if (verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') {
        this.fmtBytes(v, verb, '[]uint8');
        return;
      }
      if (this.sharpV) {
        this.buf += '[]uint8{';
        v.forEach((c, i) => {
          if (i > 0) this.buf += ', ';
          this.printValue(new GoInt(BigInt(c), 'uint8'), verb, depth + 1);
        });
        this.buf += '}';
        return;
      }
      this.buf += '[';
      v.forEach((c, i) => {
        if (i > 0) this.buf += ' ';
        this.printValue(new GoInt(BigInt(c), 'uint8'), verb, depth + 1);
      });
      this.buf += ']';
      return;
    }
    if (Array.isArray(v)) {
      if (this.sharpV) {
        this.buf += goTypeName(v) + '{';
        v.forEach((e, i) => {
          if (i > 0) this.buf += ', ';
          this.printValue(e, verb, depth + 1);
        });
        this.buf += '}';
        return;
      }
      this.buf += '[';
      v.forEach((e, i) => {
        if (i > 0) this.buf += ' ';
        this.printValue(e, verb, depth + 1);
      });
      this.buf += ']';
      return;
    }
    if (v instanceof GoStruct) {
      const ptr = v.goType.startsWith('*');
      if (ptr) {
        if (depth > 0) {
          this.fmtPointer(v, verb);
          return;
        }
        if (!this.indirectTop) this.buf += '&';
      }
      if (this.sharpV) this.buf += ptr ? v.goType.slice(1) : v.goType;
      this.buf += '{';
      structFields(v).forEach((k, i) => {
        if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
        if (this.plusV || this.sharpV) this.buf += k + ':';
        this.printValue((v as any)[k], verb, depth + 1);
      });
      this.buf += '}';
      return;
    }
    if (isGoMap(v)) {
      if (this.sharpV) this.buf += goTypeName(v) + '{';
      else this.buf += 'map[';
      const keys = sortedKeys(v);
      keys.forEach((k, i) => {
        if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
        this.printValue(k, verb, depth + 1);
        this.buf += ':';
        this.printValue((v as any)[k], verb, depth + 1);
      });
      this.buf += this.sharpV ? '}' : ']';
      return;
    }
    if (typeof v === 'object') {
      this.fmtPointer(v, verb);
      return;
    }
    this.fmtS(String(v));
  }

  doPrint(args: unknown[]): void {
    let prevString = false;
    args.forEach((arg, i) => {
      const isString = typeof arg === 'string';
      if (i > 0 && !isString && !prevString) this.buf += ' ';
      this.printArg(arg, 'v');
      prevString = isString;
    });
  }

  doPrintln(args: unknown[]): void {
    args.forEach((arg, i) => {
      if (i > 0) this.buf += ' ';
      this.printArg(arg, 'v');
    });
    this.buf += '\n';
  }

  doPrintf(format: string, a: unknown[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    let reordered = false;
    let goodArgNum = true;

    const argNumber = (i: number): [number, boolean] => {
      if (i >= end || format[i] !== '[') return [i, false];
      reordered = true;
      const [index, wid, ok] = parseArgNumber(format.slice(i));
      if (ok && index >= 0 && index < a.length) {
        argNum = index;
        return [i + wid, true];
      }
      goodArgNum = false;
      return [i + wid, ok];
    };

    let i = 0;
    formatLoop: while (i < end) {
      goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== '%') i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.clearflags();
      simple: for (; i < end; i++) {
        const c = format[i];
        switch (c) {
          case '#':
            this.sharp = true;
            break;
          case '0':
            this.zero = !this.minus;
            break;
          case '+':
            this.plus = true;
            break;
          case '-':
            this.minus = true;
            this.zero = false;
            break;
          case ' ':
            this.space = true;
            break;
          default:
            if (c >= 'a' && c <= 'z' && argNum < a.length) {
              if (c === 'v') {
                this.sharpV = this.sharp;
                this.sharp = false;
                this.plusV = this.plus;
                this.plus = false;
              }
              this.printArg(a[argNum], c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simple;
        }
      }

      [i, afterIndex] = argNumber(i);

      if (i < end && format[i] === '*') {
        i++;
        const [n, ok, na] = intFromArg(a, argNum);
        argNum = na;
        this.wid = n;
        this.widPresent = ok;
        if (!ok) this.buf += '%!(BADWIDTH)';
        if (this.wid < 0) {
          this.wid = -this.wid;
          this.minus = true;
          this.zero = false;
        }
        afterIndex = false;
      } else {
        const [n, ok, ni] = parsenum(format, i, end);
        this.wid = n;
        this.widPresent = ok;
        i = ni;
        if (afterIndex && this.widPresent) goodArgNum = false;
      }

      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) goodArgNum = false;
        [i, afterIndex] = argNumber(i);
        if (i < end && format[i] === '*') {
          i++;
          const [n, ok, na] = intFromArg(a, argNum);
          argNum = na;
          this.prec = n;
          this.precPresent = ok;
          if (this.prec < 0) {
            this.prec = 0;
            this.precPresent = false;
          }
          if (!this.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          const [n, ok, ni] = parsenum(format, i, end);
          this.prec = n;
          this.precPresent = ok;
          i = ni;
          if (!this.precPresent) {
            this.prec = 0;
            this.precPresent = true;
          }
        }
      }

      if (!afterIndex) [i, afterIndex] = argNumber(i);

      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }
      const verb = String.fromCodePoint(format.codePointAt(i)!);
      i += verb.length;

      if (verb === '%') this.buf += '%';
      else if (!goodArgNum) this.buf += '%!' + verb + '(BADINDEX)';
      else if (argNum >= a.length) this.buf += '%!' + verb + '(MISSING)';
      else {
        if (verb === 'v') {
          this.sharpV = this.sharp;
          this.sharp = false;
          this.plusV = this.plus;
          this.plus = false;
        }
        this.printArg(a[argNum], verb);
        argNum++;
      }
    }

    if (!reordered && argNum < a.length) {
      this.clearflags();
      this.buf += '%!(EXTRA ';
      a.slice(argNum).forEach((arg, k) => {
        if (k > 0) this.buf += ', ';
        if (arg === null || arg === undefined) this.buf += '<nil>';
        else {
          this.buf += goTypeName(arg) + '=';
          this.printArg(arg, 'v');
        }
      });
      this.buf += ')';
    }
  }
}

function tooLarge(n: number): boolean {
  return n > 1e6 || n < -1e6;
}

function parsenum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
    if (tooLarge(num)) return [0, false, end];
    num = num * 10 + (s.charCodeAt(i) - 48);
    isnum = true;
  }
  return [num, isnum, i];
}

function parseArgNumber(format: string): [number, number, boolean] {
  if (format.length < 3) return [0, 1, false];
  for (let i = 1; i < format.length; i++) {
    if (format[i] === ']') {
      const [width, ok, newi] = parsenum(format, 1, i);
      if (!ok || newi !== i) return [0, i + 1, false];
      return [width - 1, i + 1, true];
    }
  }
  return [0, 1, false];
}

function intFromArg(a: unknown[], argNum: number): [number, boolean, number] {
  let num = 0;
  let isInt = false;
  let newArgNum = argNum;
  if (argNum < a.length) {
    const v = a[argNum];
    let n: bigint | null = null;
    if (v instanceof GoInt) n = v.value;
    else if (v instanceof GoDuration) n = v.nanos;
    else if (typeof v === 'bigint') n = v;
    if (n !== null && n >= -(1n << 63n) && n < 1n << 63n) {
      num = Number(n);
      isInt = true;
    }
    newArgNum = argNum + 1;
    if (tooLarge(num)) {
      num = 0;
      isInt = false;
    }
  }
  return [num, isInt, newArgNum];
}

/** Map keys in internal/fmtsort order (string keys: byte-wise lexicographic). */
function sortedKeys(m: object): string[] {
  const keys = Object.keys(m);
  const ascii = keys.every((k) => /^[\x00-\x7f]*$/.test(k));
  if (ascii) return keys.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return keys.sort((x, y) => Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8')));
}

// ---------------------------------------------------------------------------------------------------------
// time.Duration.String

/** time.Duration(d).String() */
export function durationString(d: bigint): string {
  if (d === 0n) return '0s';
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < 1000000000n) {
    // sub-second: ns, µs, ms with fraction
    let prec: number;
    let unit: string;
    if (u < 1000n) return (neg ? '-' : '') + u.toString() + 'ns';
    if (u < 1000000n) {
      prec = 3;
      unit = 'µs';
    } else {
      prec = 6;
      unit = 'ms';
    }
    out = fracString(u, prec) + unit;
  } else {
    out = fracString(u % 60000000000n, 9) + 's';
    u /= 1000000000n;
    u /= 60n;
    if (u > 0n) {
      out = (u % 60n).toString() + 'm' + out;
      u /= 60n;
      if (u > 0n) out = u.toString() + 'h' + out;
    }
  }
  return (neg ? '-' : '') + out;
}

/** v / 10^prec printed with the fraction's trailing zeros (and a bare '.') removed. */
function fracString(v: bigint, prec: number): string {
  const p = 10n ** BigInt(prec);
  const ip = v / p;
  let frac = (v % p).toString().padStart(prec, '0').replace(/0+$/, '');
  return ip.toString() + (frac ? '.' + frac : '');
}

// ---------------------------------------------------------------------------------------------------------
// Public API

/** %v of one value, as `{{ x }}` prints it. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  const p = new Printer();
  p.printArg(v, 'v');
  return p.buf;
}

/** How text/template prints the value of an action (exec.go's printValue): printableValue first indirects a
 *  pointer, so a pointer to a struct without String or Error methods prints as `{...}`, not `&{...}`. */
export function formatPrintable(v: unknown): string {
  if (typeof v === 'string') return v;
  const p = new Printer();
  p.indirectTop = true;
  p.printArg(v, 'v');
  return p.buf;
}

/** fmt.Sprint */
export function sprint(...args: unknown[]): string {
  const p = new Printer();
  p.doPrint(args);
  return p.buf;
}

/** fmt.Sprintln */
export function sprintln(...args: unknown[]): string {
  const p = new Printer();
  p.doPrintln(args);
  return p.buf;
}

/** fmt.Sprintf */
export function sprintf(format: string, ...args: unknown[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}

// ---------------------------------------------------------------------------------------------------------
// text/template escapers

/** template.HTMLEscapeString */
export function htmlEscapeString(s: string): string {
  if (!/[<>&'"\0]/.test(s)) return s;
  return s.replace(/[<>&'"\0]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD' })[c]!);
}

/** template.JSEscapeString */
export function jsEscapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      switch (ch) {
        case '\\':
          out += '\\\\';
          continue;
        case "'":
          out += "\\'";
          continue;
        case '"':
          out += '\\"';
          continue;
        case '<':
          out += '\\u003C';
          continue;
        case '>':
          out += '\\u003E';
          continue;
        case '&':
          out += '\\u0026';
          continue;
        case '=':
          out += '\\u003D';
          continue;
      }
      if (c < 0x20) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
      else out += ch;
      continue;
    }
    if (isPrint(c)) out += ch;
    else out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** url.QueryEscape */
export function urlQueryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x5f || b === 0x2e || b === 0x7e) out += String.fromCharCode(b);
    else if (b === 0x20) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** text/template's evalArgs: a single string argument as is, else fmt.Sprint of all (nil prints as
 *  `<no value>`, as printableValue makes it). */
export function evalArgsString(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  const p = new Printer();
  p.indirectTop = true;
  p.doPrint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
  return p.buf;
}
