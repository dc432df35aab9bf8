// sprig v3.2.3's string functions (strings.go, functions.go), with the semantics of the Go libraries they call:
// Go's strings package (byte-oriented slicing, simple Unicode case mappings, strings.Title's separators),
// Masterminds/goutils v1.1.1 (abbreviate, wrap, initials, swapcase, crypto random strings) and
// huandu/xstrings v1.4.0 (snakecase, camelcase, kebabcase, shuffle) as Helm v3.13.3 pins them.
import { randomInt } from 'node:crypto';
import { def, GoInt, namedMap, sliceOf, type FuncMap } from '../template/types.js';
import { formatValue, quote as goQuote } from '../template/fmt.js';
import { goBytes, goString, isAscii, sliceString, strslice, strval } from './misc.js';

// ---------------------------------------------------------------------------------------------------------
// Go's unicode package predicates and simple case mappings

const RE_LU = /^\p{Lu}$/u;
const RE_LL = /^\p{Ll}$/u;
const RE_LT = /^\p{Lt}$/u;
const RE_L = /^\p{L}$/u;
const RE_ND = /^\p{Nd}$/u;
const RE_N = /^\p{N}$/u;
const RE_P = /^\p{P}$/u;
const RE_WS = /^\p{White_Space}$/u;

const ch = (r: number) => String.fromCodePoint(r);

export function isSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return RE_WS.test(ch(r));
}
export const isUpper = (r: number): boolean => (r < 0x80 ? r >= 0x41 && r <= 0x5a : RE_LU.test(ch(r)));
export const isLower = (r: number): boolean => (r < 0x80 ? r >= 0x61 && r <= 0x7a : RE_LL.test(ch(r)));
export const isTitle = (r: number): boolean => r >= 0x80 && RE_LT.test(ch(r));
export const isLetter = (r: number): boolean =>
  r < 0x80 ? (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a) : RE_L.test(ch(r));
export const isDigit = (r: number): boolean => (r < 0x80 ? r >= 0x30 && r <= 0x39 : RE_ND.test(ch(r)));
export const isNumber = (r: number): boolean => (r < 0x80 ? r >= 0x30 && r <= 0x39 : RE_N.test(ch(r)));
export const isPunct = (r: number): boolean => RE_P.test(ch(r));

function single(s: string): number | undefined {
  const c = s.codePointAt(0)!;
  return s.length === (c > 0xffff ? 2 : 1) ? c : undefined;
}

/** Greek letters with ypogegrammeni: their simple upper/title case is the prosgegrammeni form (JS gives two chars). */
function greekIota(r: number): number | undefined {
  if ((r >= 0x1f80 && r <= 0x1f87) || (r >= 0x1f90 && r <= 0x1f97) || (r >= 0x1fa0 && r <= 0x1fa7)) return r + 8;
  if (r === 0x1fb3 || r === 0x1fc3 || r === 0x1ff3) return r + 9;
  return undefined;
}

/** unicode.ToUpper (simple mapping). */
export function toUpperRune(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  const g = greekIota(r);
  if (g !== undefined) return g;
  return single(ch(r).toUpperCase()) ?? r;
}
/** unicode.ToLower (simple mapping). */
export function toLowerRune(r: number): number {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a ? r + 32 : r;
  if (r === 0x130) return 0x69;
  return single(ch(r).toLowerCase()) ?? r;
}
/** unicode.ToTitle (simple mapping). */
export function toTitleRune(r: number): number {
  if (r < 0x80) return toUpperRune(r);
  if (r >= 0x1c4 && r <= 0x1cc) return r - ((r - 0x1c4) % 3) + 1;
  if (r >= 0x1f1 && r <= 0x1f3) return 0x1f2;
  if ((r >= 0x10d0 && r <= 0x10fa) || (r >= 0x10fd && r <= 0x10ff)) return r;
  return toUpperRune(r);
}

function mapRunes(s: string, f: (r: number) => number): string {
  let out = '';
  for (const c of s) out += String.fromCodePoint(f(c.codePointAt(0)!));
  return out;
}

export const goToUpper = (s: string): string => (isAscii(s) ? s.toUpperCase() : mapRunes(s, toUpperRune));
export const goToLower = (s: string): string => (isAscii(s) ? s.toLowerCase() : mapRunes(s, toLowerRune));

/** strings.Title: the first letter of each word (after a separator) to title case. */
export function goTitle(s: string): string {
  let prev = 0x20;
  return mapRunes(s, (r) => {
    const sep = isSeparator(prev);
    prev = r;
    return sep ? toTitleRune(r) : r;
  });
}
function isSeparator(r: number): boolean {
  if (r <= 0x7f) {
    if ((r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f) return false;
    return true;
  }
  if (isLetter(r) || isDigit(r)) return false;
  return isSpace(r);
}

/** strings.TrimSpace. */
export function trimSpace(s: string): string {
  const runes = Array.from(s);
  let i = 0;
  let j = runes.length;
  while (i < j && isSpace(runes[i].codePointAt(0)!)) i++;
  while (j > i && isSpace(runes[j - 1].codePointAt(0)!)) j--;
  return i === 0 && j === runes.length ? s : runes.slice(i, j).join('');
}

/** strings.Trim(s, cutset): runes of cutset removed from both ends. */
export function trimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const set = new Set(Array.from(cutset));
  const runes = Array.from(s);
  let i = 0;
  let j = runes.length;
  while (i < j && set.has(runes[i])) i++;
  while (j > i && set.has(runes[j - 1])) j--;
  return runes.slice(i, j).join('');
}

/** strings.Split(s, sep): empty sep splits into UTF-8 sequences. */
export function goSplit(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const runes = Array.from(s);
    if (n < 0 || n > runes.length) n = runes.length;
    const out = runes.slice(0, n - 1);
    if (n > 0) out.push(runes.slice(n - 1).join(''));
    return n === 0 ? [] : out;
  }
  if (n < 0) return s.split(sep);
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// sprig string helpers

function substring(start: number, end: number, s: string): string {
  if (start < 0) return sliceString(s, 0, end);
  const len = isAscii(s) ? s.length : goBytes(s).length;
  if (end < 0 || end > len) return sliceString(s, start);
  return sliceString(s, start, end);
}

function trunc(c: number, s: string): string {
  const len = isAscii(s) ? s.length : goBytes(s).length;
  if (c < 0 && len + c > 0) return sliceString(s, len + c);
  if (c >= 0 && len > c) return sliceString(s, 0, c);
  return s;
}

/** goutils.AbbreviateFull (byte offsets; errors swallowed by sprig as ""). */
function abbreviateFull(str: string, offset: number, maxWidth: number): string {
  if (str === '') return '';
  if (maxWidth < 4) return '';
  const len = isAscii(str) ? str.length : goBytes(str).length;
  if (len <= maxWidth) return str;
  if (offset > len) offset = len;
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  const marker = '...';
  if (offset <= 4) return sliceString(str, 0, maxWidth - 3) + marker;
  if (maxWidth < 7) return '';
  if (offset + maxWidth - 3 < len) return marker + abbreviateFull(sliceString(str, offset), 0, maxWidth - 3);
  return marker + sliceString(str, len - (maxWidth - 3));
}

function abbrev(width: number, s: string): string {
  if (width < 4) return s;
  return abbreviateFull(s, 0, width);
}

function abbrevboth(left: number, right: number, s: string): string {
  if (right < 4 || (left > 0 && right < 7)) return s;
  return abbreviateFull(s, left, right);
}

/** Bytes read as runes one by one (goutils' rune(str[i])), written back as UTF-8. */
function latin1Runes(bytes: Uint8Array, keep: (r: number, i: number) => boolean): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) if (keep(bytes[i], i)) out += String.fromCharCode(bytes[i]);
  return out;
}

/** goutils.Initials: byte-wise, whitespace-delimited. */
function initials(s: string): string {
  if (s === '') return s;
  let lastWasGap = true;
  return latin1Runes(goBytes(s), (r) => {
    if (isSpace(r)) {
      lastWasGap = true;
      return false;
    }
    if (lastWasGap) {
      lastWasGap = false;
      return true;
    }
    return false;
  });
}

/** goutils.DeleteWhiteSpace: byte-wise (Latin-1 view of the bytes when something is removed). */
function deleteWhiteSpace(s: string): string {
  if (s === '') return s;
  const b = goBytes(s);
  let removed = false;
  const out = latin1Runes(b, (r) => {
    if (isSpace(r)) {
      removed = true;
      return false;
    }
    return true;
  });
  return removed ? out : s;
}

/** goutils.SwapCase. */
function swapCase(s: string): string {
  if (s === '') return s;
  let whitespace = true;
  return mapRunes(s, (r) => {
    if (isUpper(r) || isTitle(r)) {
      whitespace = false;
      return toLowerRune(r);
    }
    if (isLower(r)) {
      if (whitespace) {
        whitespace = false;
        return toTitleRune(r);
      }
      return toUpperRune(r);
    }
    whitespace = isSpace(r);
    return r;
  });
}

/** goutils.Uncapitalize (whitespace delimiters). */
function uncapitalize(s: string): string {
  if (s === '') return s;
  let next = true;
  return mapRunes(s, (r) => {
    if (isSpace(r)) {
      next = true;
      return r;
    }
    if (next) {
      next = false;
      return toLowerRune(r);
    }
    return r;
  });
}

/** goutils.WrapCustom (byte offsets, ' ' as the only break). */
export function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (str === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const b = goBytes(str);
  const nl = goBytes(newLine);
  const len = b.length;
  let offset = 0;
  const parts: Uint8Array[] = [];
  const lastSpace = (from: number, to: number) => {
    for (let i = to - 1; i >= from; i--) if (b[i] === 0x20) return i - from;
    return -1;
  };
  while (len - offset > wrapLength) {
    if (b[offset] === 0x20) {
      offset++;
      continue;
    }
    const end = wrapLength + offset + 1;
    let spaceToWrapAt = lastSpace(offset, end) + offset;
    if (spaceToWrapAt >= offset) {
      parts.push(b.subarray(offset, spaceToWrapAt), nl);
      offset = spaceToWrapAt + 1;
    } else if (wrapLongWords) {
      const e = wrapLength + offset;
      parts.push(b.subarray(offset, e), nl);
      offset += wrapLength;
    } else {
      const e = wrapLength + offset;
      let index = -1;
      for (let i = e; i < len; i++)
        if (b[i] === 0x20) {
          index = i - e;
          break;
        }
      if (index === -1) {
        parts.push(b.subarray(offset, len));
        offset = len;
      } else {
        spaceToWrapAt = index + e;
        parts.push(b.subarray(offset, spaceToWrapAt), nl);
        offset = spaceToWrapAt + 1;
      }
    }
  }
  parts.push(b.subarray(offset, len));
  return goString(Buffer.concat(parts));
}

// ---------------------------------------------------------------------------------------------------------
// goutils crypto random strings (CryptoRandom with start/end/letters/numbers)

function cryptoRandom(count: number, start: number, end: number, letters: boolean, numbers: boolean): string {
  if (count <= 0) return '';
  if (start === 0 && end === 0) {
    if (!letters && !numbers) end = 0x7fffffff;
    else {
      end = 0x7a + 1;
      start = 0x20;
    }
  }
  const gap = end - start;
  const out: string[] = [];
  while (out.length < count) {
    const r = randomInt(gap) + start;
    if ((letters && isLetter(r)) || (numbers && isDigit(r)) || (!letters && !numbers)) out.push(String.fromCharCode(r));
  }
  return out.join('');
}

// ---------------------------------------------------------------------------------------------------------
// huandu/xstrings v1.4.0

const isConnector = (r: number): boolean => r === 0x2d || r === 0x5f || isSpace(r);

function isAlphabet(r: number): boolean {
  if (!isLetter(r)) return false;
  if (r < 0x3400) return true;
  if (r >= 0x4e00 && r <= 0x9fcc) return false;
  if (r >= 0x3400 && r <= 0x4d85) return false;
  if (r >= 0x20000 && r <= 0x2b81d) return false;
  return true;
}

/** xstrings.ToCamelCase. */
export function toCamelCase(str: string): string {
  if (str === '') return '';
  const runes = Array.from(str, (c) => c.codePointAt(0)!);
  let out = '';
  const w = (r: number) => (out += String.fromCodePoint(r));
  let i = 0;
  let r0 = 0;
  while (i < runes.length) {
    r0 = runes[i++];
    if (!isConnector(r0)) {
      r0 = toUpperRune(r0);
      break;
    }
    w(r0);
  }
  if (i >= runes.length) {
    // Go writes the last rune read once more here, even when it was a connector already written
    w(r0);
    return out;
  }
  let r1 = 0;
  while (i < runes.length) {
    r1 = r0;
    r0 = runes[i++];
    if (isConnector(r0) && isConnector(r1)) {
      w(r1);
      continue;
    }
    if (isConnector(r1)) r0 = toUpperRune(r0);
    else w(r1);
  }
  w(r0);
  return out;
}

const enum WT {
  invalid,
  number,
  upperCase,
  alphabet,
  connector,
  punct,
  other,
}

/** xstrings' nextWord over an array of runes from position p: [type, start, end (exclusive)]. */
function nextWord(rs: number[], p: number): [WT, number, number] {
  const n = rs.length;
  if (p >= n) return [WT.invalid, p, p];
  let r = rs[p];
  let q = p + 1;
  if (isConnector(r)) {
    while (q < n && isConnector(rs[q])) q++;
    return [WT.connector, p, q];
  }
  if (isPunct(r)) {
    while (q < n && isPunct(rs[q])) q++;
    return [WT.punct, p, q];
  }
  if (isUpper(r)) {
    if (q >= n) return [WT.upperCase, p, q];
    r = rs[q];
    if (isUpper(r)) {
      q++;
      let last = r;
      while (q < n) {
        last = rs[q];
        if (!isUpper(last)) break;
        q++;
      }
      // "HTTPServer": the last upper letter starts the next word when a lower-case letter follows
      if (q < n && isAlphabet(last)) q--;
      return [WT.upperCase, p, q];
    }
    if (isAlphabet(r)) {
      q++;
      while (q < n && isAlphabet(rs[q]) && !isUpper(rs[q])) q++;
    }
    return [WT.upperCase, p, q];
  }
  if (isAlphabet(r)) {
    while (q < n && isAlphabet(rs[q]) && !isUpper(rs[q])) q++;
    return [WT.alphabet, p, q];
  }
  if (isNumber(r)) {
    while (q < n && isNumber(rs[q])) q++;
    return [WT.number, p, q];
  }
  while (q < n) {
    const c = rs[q];
    if (isConnector(c) || isAlphabet(c) || isNumber(c) || isPunct(c)) break;
    q++;
  }
  return [WT.other, p, q];
}

/** xstrings' camelCaseToLowerCase (snakecase / kebabcase). */
export function camelCaseToLowerCase(str: string, connector: string): string {
  if (str === '') return '';
  const rs = Array.from(str, (c) => c.codePointAt(0)!);
  let out = '';
  const lower = (wt: WT, a: number, b: number) => {
    if (wt !== WT.upperCase && wt !== WT.connector) {
      for (let i = a; i < b; i++) out += String.fromCodePoint(rs[i]);
      return;
    }
    for (let i = a; i < b; i++) {
      const r = rs[i];
      if (isConnector(r)) out += connector;
      else if (isUpper(r)) out += String.fromCodePoint(toLowerRune(r));
      else out += String.fromCodePoint(r);
    }
  };
  let [wt, ws, we] = nextWord(rs, 0);
  let pos = we;
  const next = () => {
    [wt, ws, we] = nextWord(rs, pos);
    pos = we;
  };
  const is = (t: WT) => wt === t;
  while (pos < rs.length) {
    if (!is(WT.connector)) lower(wt, ws, we);
    const prev = wt;
    const lastS = ws;
    const lastE = we;
    next();
    switch (prev) {
      case WT.number:
        while (is(WT.alphabet) || is(WT.number)) {
          lower(wt, ws, we);
          next();
        }
        if (!is(WT.invalid) && !is(WT.punct) && !is(WT.connector)) out += connector;
        break;
      case WT.connector:
        lower(prev, lastS, lastE);
        break;
      case WT.punct:
        break;
      default: {
        if (!is(WT.number)) {
          if (!is(WT.connector) && !is(WT.punct)) out += connector;
          break;
        }
        if (pos >= rs.length) break;
        const numS = ws;
        const numE = we;
        next();
        if (!is(WT.alphabet)) {
          lower(WT.number, numS, numE);
          if (!is(WT.connector) && !is(WT.punct)) out += connector;
          break;
        }
        out += connector;
        lower(WT.number, numS, numE);
        while (is(WT.alphabet) || is(WT.number)) {
          lower(wt, ws, we);
          next();
        }
        if (!is(WT.invalid) && !is(WT.connector) && !is(WT.punct)) out += connector;
      }
    }
  }
  lower(wt, ws, we);
  return out;
}

/** xstrings.Shuffle (with crypto randomness). */
function shuffle(s: string): string {
  if (s === '') return s;
  const runes = Array.from(s);
  for (let i = runes.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    if (i !== j) [runes[i], runes[j]] = [runes[j], runes[i]];
  }
  return runes.join('');
}

// ---------------------------------------------------------------------------------------------------------

function quote(...args: unknown[]): string {
  const out: string[] = [];
  for (const a of args) if (a !== null && a !== undefined) out.push(goQuote(strval(a)));
  return out.join(' ');
}

function squote(...args: unknown[]): string {
  const out: string[] = [];
  for (const a of args) if (a !== null && a !== undefined) out.push(`'${formatValue(a)}'`);
  return out.join(' ');
}

function cat(...args: unknown[]): string {
  return args
    .filter((a) => a !== null && a !== undefined)
    .map((a) => formatValue(a))
    .join(' ');
}

function indent(spaces: number, v: string): string {
  const pad = repeatString(spaces, ' ');
  return pad + v.split('\n').join('\n' + pad);
}

function repeatString(count: number, s: string): string {
  if (count < 0) throw new Error('strings: negative Repeat count');
  if (s.length * count > 1 << 29) throw new Error('strings: Repeat output length overflow');
  return s.repeat(count);
}

function splitMap(parts: string[]): Record<string, string> {
  const res: Record<string, string> = {};
  parts.forEach((p, i) => (res['_' + i] = p));
  return namedMap(res, 'map[string]string');
}

/** strings.Replace(s, old, new, -1): an empty old inserts new around every rune. */
function replaceAll(old: string, nu: string, src: string): string {
  if (old === '') {
    if (nu === '') return src;
    return nu + Array.from(src).join(nu) + (src === '' ? '' : nu);
  }
  return src.split(old).join(nu);
}

export const stringFuncs: FuncMap = {
  abbrev: def(['int', 'string'], 'string', (w: GoInt, s: string) => abbrev(Number(w.value), s)),
  abbrevboth: def(['int', 'int', 'string'], 'string', (l: GoInt, r: GoInt, s: string) => abbrevboth(Number(l.value), Number(r.value), s)),
  trunc: def(['int', 'string'], 'string', (c: GoInt, s: string) => trunc(Number(c.value), s)),
  trim: def(['string'], 'string', trimSpace),
  upper: def(['string'], 'string', goToUpper),
  lower: def(['string'], 'string', goToLower),
  title: def(['string'], 'string', goTitle),
  untitle: def(['string'], 'string', uncapitalize),
  substr: def(['int', 'int', 'string'], 'string', (a: GoInt, b: GoInt, s: string) => substring(Number(a.value), Number(b.value), s)),
  repeat: def(['int', 'string'], 'string', (c: GoInt, s: string) => repeatString(Number(c.value), s)),
  trimall: def(['string', 'string'], 'string', (a: string, b: string) => trimCutset(b, a)),
  trimAll: def(['string', 'string'], 'string', (a: string, b: string) => trimCutset(b, a)),
  trimSuffix: def(['string', 'string'], 'string', (a: string, b: string) => (a !== '' && b.endsWith(a) ? b.slice(0, b.length - a.length) : b)),
  trimPrefix: def(['string', 'string'], 'string', (a: string, b: string) => (a !== '' && b.startsWith(a) ? b.slice(a.length) : b)),
  nospace: def(['string'], 'string', deleteWhiteSpace),
  initials: def(['string'], 'string', initials),
  randAlphaNum: def(['int'], 'string', (n: GoInt) => cryptoRandom(Number(n.value), 0, 0, true, true)),
  randAlpha: def(['int'], 'string', (n: GoInt) => cryptoRandom(Number(n.value), 0, 0, true, false)),
  randAscii: def(['int'], 'string', (n: GoInt) => cryptoRandom(Number(n.value), 32, 127, false, false)),
  randNumeric: def(['int'], 'string', (n: GoInt) => cryptoRandom(Number(n.value), 0, 0, false, true)),
  swapcase: def(['string'], 'string', swapCase),
  shuffle: def(['string'], 'string', shuffle),
  snakecase: def(['string'], 'string', (s: string) => camelCaseToLowerCase(s, '_')),
  camelcase: def(['string'], 'string', toCamelCase),
  kebabcase: def(['string'], 'string', (s: string) => camelCaseToLowerCase(s, '-')),
  wrap: def(['int', 'string'], 'string', (l: GoInt, s: string) => wrapCustom(s, Number(l.value), '', false)),
  wrapWith: def(['int', 'string', 'string'], 'string', (l: GoInt, sep: string, s: string) => wrapCustom(s, Number(l.value), sep, true)),
  contains: def(['string', 'string'], 'bool', (sub: string, s: string) => s.includes(sub)),
  hasPrefix: def(['string', 'string'], 'bool', (sub: string, s: string) => s.startsWith(sub)),
  hasSuffix: def(['string', 'string'], 'bool', (sub: string, s: string) => s.endsWith(sub)),
  quote: def(['interface {}'], 'string', quote, { variadic: true }),
  squote: def(['interface {}'], 'string', squote, { variadic: true }),
  cat: def(['interface {}'], 'string', cat, { variadic: true }),
  indent: def(['int', 'string'], 'string', (n: GoInt, v: string) => indent(Number(n.value), v)),
  nindent: def(['int', 'string'], 'string', (n: GoInt, v: string) => '\n' + indent(Number(n.value), v)),
  replace: def(['string', 'string', 'string'], 'string', replaceAll),
  plural: def(['string', 'string', 'int'], 'string', (one: string, many: string, n: GoInt) => (n.value === 1n ? one : many)),
  join: def(['string', 'interface {}'], 'string', (sep: string, v: unknown) => strslice(v).join(sep)),
  split: def(['string', 'string'], 'map[string]string', (sep: string, s: string) => splitMap(goSplit(s, sep))),
  splitList: def(['string', 'string'], '[]string', (sep: string, s: string) => sliceOf(goSplit(s, sep), '[]string')),
  splitn: def(['string', 'int', 'string'], 'map[string]string', (sep: string, n: GoInt, s: string) => splitMap(goSplit(s, sep, Number(n.value)))),
};
