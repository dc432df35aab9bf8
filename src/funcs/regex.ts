// Go's regexp (RE2 syntax, Go 1.21) on top of JavaScript's RegExp, and sprig v3.2.3's regex functions.
//
// compileRegexp parses a pattern exactly as Go's regexp/syntax does with the Perl flags regexp.Compile uses
// (same accepted syntax, same error texts), then emits an equivalent JavaScript RegExp ('u' mode) in which
// everything Go defines differently is spelled out: ASCII \d \s \w and POSIX classes, (?i) case folding as
// explicit classes, (?m) line anchors as lookarounds, '.' never matching \n unless (?s), (?U) greediness,
// named groups as plain groups (names kept on the side). Matching is leftmost-first in both engines.
// The Go methods sprig calls (FindAllString, ReplaceAllString with Go's $-expansion, Split, ...) are
// implemented over it with Go's rules for empty matches.
import { def, GoInt, sliceOf, type FuncMap } from '../template/types.js';
import { quote as goQuote } from '../template/fmt.js';
import { isDigit, isLetter } from './strings.js';

// ---------------------------------------------------------------------------------------------------------
// Syntax tree

type Node =
  | { t: 'lit'; r: number; fold: boolean }
  | { t: 'class'; c: CharClass }
  | { t: 'any'; nl: boolean }
  | { t: 'assert'; js: string }
  | { t: 'cap'; sub: Node }
  | { t: 'group'; sub: Node }
  | { t: 'rep'; min: number; max: number; greedy: boolean; sub: Node }
  | { t: 'cat'; subs: Node[] }
  | { t: 'alt'; subs: Node[] }
  | { t: 'empty' };

/** A character class: union of code point ranges (pairs) and JS property escapes, possibly negated. */
interface CharClass {
  ranges: number[];
  props: string[];
  neg: boolean;
}

const MAX_RUNE = 0x10ffff;
const MAX_REPEAT = 1000;

interface Flags {
  i: boolean; // FoldCase
  m: boolean; // multi-line (not OneLine)
  s: boolean; // DotNL
  U: boolean; // NonGreedy
}

class SyntaxError_ extends Error {}

function perr(code: string, expr: string): SyntaxError_ {
  return new SyntaxError_(`error parsing regexp: ${code}: \`${expr}\``);
}

// ---------------------------------------------------------------------------------------------------------
// Case folding (unicode.SimpleFold orbits, derived from the JS case mappings)

let foldOrbits: Map<number, number[]> | undefined;
const MIN_FOLD = 0x41;
const MAX_FOLD = 0x1e943;

function singleCp(s: string): number | undefined {
  const c = s.codePointAt(0);
  if (c === undefined) return undefined;
  return s.length === (c > 0xffff ? 2 : 1) ? c : undefined;
}

function foldKey(c: number): number {
  if (c === 0x131 || c === 0x130) return c; // dotless ı and dotted İ fold to nothing in Go
  if (c >= 0xd800 && c <= 0xdfff) return c;
  const s = String.fromCodePoint(c);
  const u = singleCp(s.toUpperCase()) ?? c;
  const l = singleCp(String.fromCodePoint(u).toLowerCase()) ?? singleCp(s.toLowerCase()) ?? c;
  return l === 0x130 || l === 0x131 ? c : l;
}

// Blocks holding every code point Unicode gives a case mapping (scanning only these keeps the table cheap).
const CASED_BLOCKS: [number, number][] = [
  [0x41, 0x2af], [0x345, 0x345], [0x370, 0x58f], [0x10a0, 0x10ff], [0x13a0, 0x13ff], [0x1c80, 0x1cbf],
  [0x1d79, 0x1d8e], [0x1e00, 0x1fff], [0x2100, 0x218f], [0x24b6, 0x24e9], [0x2c00, 0x2d2f], [0xa640, 0xa7ff],
  [0xab30, 0xabbf], [0xff21, 0xff5a], [0x10400, 0x104ff], [0x10570, 0x105bf], [0x10c80, 0x10cff],
  [0x118a0, 0x118df], [0x16e40, 0x16e7f], [0x1e900, 0x1e94b],
];

function orbits(): Map<number, number[]> {
  if (foldOrbits) return foldOrbits;
  const groups = new Map<number, number[]>();
  for (const [lo, hi] of CASED_BLOCKS) {
    for (let c = lo; c <= hi; c++) {
      const k = foldKey(c);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push(c);
    }
  }
  const m = new Map<number, number[]>();
  for (const g of groups.values()) if (g.length > 1) for (const c of g) m.set(c, g);
  return (foldOrbits = m);
}

function foldOrbit(r: number): number[] {
  if (r < MIN_FOLD || r > MAX_FOLD) return [r];
  return orbits().get(r) ?? [r];
}

// ---------------------------------------------------------------------------------------------------------
// Range helpers (Go's appendRange / cleanClass / negateClass)

function appendRange(r: number[], lo: number, hi: number): void {
  const n = r.length;
  for (let i = 2; i <= 4; i += 2) {
    if (n >= i) {
      const rlo = r[n - i];
      const rhi = r[n - i + 1];
      if (lo <= rhi + 1 && rlo <= hi + 1) {
        if (lo < rlo) r[n - i] = lo;
        if (hi > rhi) r[n - i + 1] = hi;
        return;
      }
    }
  }
  r.push(lo, hi);
}

function appendFoldedRange(r: number[], lo: number, hi: number): void {
  if (lo <= MIN_FOLD && hi >= MAX_FOLD) return appendRange(r, lo, hi);
  if (hi < MIN_FOLD || lo > MAX_FOLD) return appendRange(r, lo, hi);
  if (lo < MIN_FOLD) {
    appendRange(r, lo, MIN_FOLD - 1);
    lo = MIN_FOLD;
  }
  if (hi > MAX_FOLD) {
    appendRange(r, MAX_FOLD + 1, hi);
    hi = MAX_FOLD;
  }
  const o = orbits();
  for (let c = lo; c <= hi; c++) {
    appendRange(r, c, c);
    const g = o.get(c);
    if (g) for (const f of g) if (f !== c) appendRange(r, f, f);
  }
}

function cleanClass(r: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) pairs.push([r[i], r[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    if (out.length && lo <= out[out.length - 1] + 1) {
      if (hi > out[out.length - 1]) out[out.length - 1] = hi;
      continue;
    }
    out.push(lo, hi);
  }
  return out;
}

function negateRanges(r: number[]): number[] {
  const out: number[] = [];
  let nextLo = 0;
  for (let i = 0; i < r.length; i += 2) {
    if (nextLo <= r[i] - 1) out.push(nextLo, r[i] - 1);
    nextLo = r[i + 1] + 1;
  }
  if (nextLo <= MAX_RUNE) out.push(nextLo, MAX_RUNE);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Named groups: Perl (\d \s \w) and POSIX ([:alpha:])

const PERL_GROUPS: Record<string, [number, number[]]> = {
  '\\d': [1, [0x30, 0x39]],
  '\\D': [-1, [0x30, 0x39]],
  '\\s': [1, [0x9, 0xa, 0xc, 0xd, 0x20, 0x20]],
  '\\S': [-1, [0x9, 0xa, 0xc, 0xd, 0x20, 0x20]],
  '\\w': [1, [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]],
  '\\W': [-1, [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]],
};

const POSIX: Record<string, number[]> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x0, 0x7f],
  blank: [0x9, 0x9, 0x20, 0x20],
  cntrl: [0x0, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x9, 0xd, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

function appendGroup(cls: CharClass, sign: number, ranges: number[], fold: boolean): void {
  let r = ranges;
  if (fold) {
    const tmp: number[] = [];
    for (let i = 0; i < r.length; i += 2) appendFoldedRange(tmp, r[i], r[i + 1]);
    r = cleanClass(tmp);
  }
  if (sign < 0) r = negateRanges(r);
  for (let i = 0; i < r.length; i += 2) appendRange(cls.ranges, r[i], r[i + 1]);
}

// Go's unicode.Categories (no Cn, no LC) and the scripts JavaScript knows by the same names.
const CATEGORIES = new Set([
  'C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No',
  'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs',
]);
const scriptOk = new Map<string, boolean>();

function isScript(name: string): boolean {
  let ok = scriptOk.get(name);
  if (ok === undefined) {
    ok = /^[A-Z][A-Za-z_]*$/.test(name);
    if (ok) {
      try {
        new RegExp(`\\p{Script=${name}}`, 'u');
      } catch {
        ok = false;
      }
    }
    scriptOk.set(name, ok);
  }
  return ok;
}

/** JS class items for a Go Unicode table name (positive); undefined when Go does not know the name. */
function unicodeTable(name: string, fold: boolean): { items: string[]; ranges?: number[] } | undefined {
  if (name === 'Any') return { items: [], ranges: [0, MAX_RUNE] };
  if (CATEGORIES.has(name)) {
    if (name === 'C') return { items: ['\\p{Cc}', '\\p{Cf}', '\\p{Co}', '\\p{Cs}'] };
    if (fold && (name === 'Lu' || name === 'Ll' || name === 'Lt')) return { items: ['\\p{Lu}', '\\p{Ll}', '\\p{Lt}'] };
    return { items: [`\\p{${name}}`] };
  }
  if (isScript(name)) return { items: [`\\p{Script=${name}}`] };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Parser (regexp/syntax parse with Perl flags: ClassNL | OneLine | PerlX | UnicodeGroups)

interface Frame {
  alts: Node[][];
  cur: Node[];
  cap: boolean;
  flags: Flags;
}

interface Parsed {
  node: Node;
  names: string[]; // index 0 = whole match ""
}

function isalnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function unhex(c: string | undefined): number {
  if (c === undefined) return -1;
  const x = c.charCodeAt(0);
  if (x >= 0x30 && x <= 0x39) return x - 0x30;
  if (x >= 0x61 && x <= 0x66) return x - 0x61 + 10;
  if (x >= 0x41 && x <= 0x46) return x - 0x41 + 10;
  return -1;
}

/** First code point of t and its length in UTF-16 units. */
function nextRune(t: string): [number, number] {
  const c = t.codePointAt(0)!;
  return [c, c > 0xffff ? 2 : 1];
}

/** parseEscape: t starts with a backslash. Returns [rune, rest]. */
function parseEscape(s: string): [number, string] {
  let t = s.slice(1);
  if (t === '') throw perr('trailing backslash at end of expression', '');
  const [c, w] = nextRune(t);
  t = t.slice(w);
  const bad = () => perr('invalid escape sequence', s.slice(0, s.length - t.length));
  if (c >= 0x31 && c <= 0x37) {
    // a single non-zero digit would be a backreference: unsupported
    if (t === '' || t[0] < '0' || t[0] > '7') throw bad();
  }
  if (c >= 0x30 && c <= 0x37) {
    let r = c - 0x30;
    for (let i = 1; i < 3; i++) {
      if (t === '' || t[0] < '0' || t[0] > '7') break;
      r = r * 8 + t.charCodeAt(0) - 0x30;
      t = t.slice(1);
    }
    return [r, t];
  }
  switch (c) {
    case 0x78: {
      // \x
      if (t === '') throw bad();
      let [d, dw] = nextRune(t);
      t = t.slice(dw);
      if (d === 0x7b) {
        let nhex = 0;
        let r = 0;
        for (;;) {
          if (t === '') throw bad();
          [d, dw] = nextRune(t);
          t = t.slice(dw);
          if (d === 0x7d) break;
          const v = unhex(String.fromCodePoint(d));
          if (v < 0) throw bad();
          r = r * 16 + v;
          if (r > MAX_RUNE) throw bad();
          nhex++;
        }
        if (nhex === 0) throw bad();
        return [r, t];
      }
      const x = unhex(String.fromCodePoint(d));
      if (t === '') throw bad();
      const [e, ew] = nextRune(t);
      t = t.slice(ew);
      const y = unhex(String.fromCodePoint(e));
      if (x < 0 || y < 0) throw bad();
      return [x * 16 + y, t];
    }
    case 0x61:
      return [7, t];
    case 0x66:
      return [12, t];
    case 0x6e:
      return [10, t];
    case 0x72:
      return [13, t];
    case 0x74:
      return [9, t];
    case 0x76:
      return [11, t];
  }
  if (c < 0x80 && !isalnum(c)) return [c, t];
  throw bad();
}

class Parser {
  flags: Flags = { i: false, m: false, s: false, U: false };
  stack: Frame[] = [];
  names: string[] = [''];

  constructor(readonly whole: string) {
    this.stack.push({ alts: [], cur: [], cap: false, flags: { ...this.flags } });
  }

  get frame(): Frame {
    return this.stack[this.stack.length - 1];
  }

  push(n: Node): void {
    this.frame.cur.push(n);
  }

  literal(r: number): void {
    this.push({ t: 'lit', r, fold: this.flags.i && foldOrbit(r).length > 1 });
  }

  parse(): Parsed {
    let t = this.whole;
    let lastRepeat = '';
    while (t !== '') {
      let repeat = '';
      const c = t[0];
      switch (c) {
        case '(':
          if (t.length >= 2 && t[1] === '?') {
            t = this.parsePerlFlags(t);
            break;
          }
          this.names.push('');
          this.stack.push({ alts: [], cur: [], cap: true, flags: { ...this.flags } });
          t = t.slice(1);
          break;
        case '|':
          this.frame.alts.push(this.frame.cur);
          this.frame.cur = [];
          t = t.slice(1);
          break;
        case ')': {
          if (this.stack.length < 2) throw perr('unexpected )', this.whole);
          const f = this.stack.pop()!;
          const body = finishFrame(f);
          this.flags = f.flags;
          this.push(f.cap ? { t: 'cap', sub: body } : { t: 'group', sub: body });
          t = t.slice(1);
          break;
        }
        case '^':
          this.push({ t: 'assert', js: this.flags.m ? '(?<![^\\n])' : '^' });
          t = t.slice(1);
          break;
        case '$':
          this.push({ t: 'assert', js: this.flags.m ? '(?![^\\n])' : '$' });
          t = t.slice(1);
          break;
        case '.':
          this.push({ t: 'any', nl: this.flags.s });
          t = t.slice(1);
          break;
        case '[':
          t = this.parseClass(t);
          break;
        case '*':
        case '+':
        case '?': {
          const before = t;
          const [min, max] = c === '*' ? [0, -1] : c === '+' ? [1, -1] : [0, 1];
          t = this.repeat(min, max, false, before, t.slice(1), lastRepeat);
          repeat = before;
          break;
        }
        case '{': {
          const before = t;
          const rp = parseRepeat(t);
          if (!rp) {
            this.literal(0x7b);
            t = t.slice(1);
            break;
          }
          const [min, max, after] = rp;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
            throw perr('invalid repeat count', before.slice(0, before.length - after.length));
          }
          t = this.repeat(min, max, true, before, after, lastRepeat);
          repeat = before;
          break;
        }
        case '\\': {
          if (t.length >= 2) {
            const e = t[1];
            if (e === 'A') {
              this.push({ t: 'assert', js: '^' });
              t = t.slice(2);
              break;
            }
            if (e === 'b' || e === 'B') {
              this.push({ t: 'assert', js: '\\' + e });
              t = t.slice(2);
              break;
            }
            if (e === 'C') throw perr('invalid escape sequence', t.slice(0, 2));
            if (e === 'Q') {
              const rest = t.slice(2);
              const end = rest.indexOf('\\E');
              const lit = end < 0 ? rest : rest.slice(0, end);
              t = end < 0 ? '' : rest.slice(end + 2);
              for (const ch of lit) this.literal(ch.codePointAt(0)!);
              break;
            }
            if (e === 'z') {
              this.push({ t: 'assert', js: '$' });
              t = t.slice(2);
              break;
            }
          }
          if (t.length >= 2 && (t[1] === 'p' || t[1] === 'P')) {
            const cls: CharClass = { ranges: [], props: [], neg: false };
            t = this.parseUnicodeClass(t, cls);
            this.push({ t: 'class', c: cls });
            break;
          }
          const g = PERL_GROUPS[t.slice(0, 2)];
          if (g) {
            const cls: CharClass = { ranges: [], props: [], neg: false };
            appendGroup(cls, g[0], g[1], this.flags.i);
            this.push({ t: 'class', c: cls });
            t = t.slice(2);
            break;
          }
          const [r, rest] = parseEscape(t);
          this.literal(r);
          t = rest;
          break;
        }
        default: {
          const [r, w] = nextRune(t);
          this.literal(r);
          t = t.slice(w);
        }
      }
      lastRepeat = repeat;
    }
    if (this.stack.length !== 1) throw perr('missing closing )', this.whole);
    return { node: finishFrame(this.stack[0]), names: this.names };
  }

  repeat(min: number, max: number, counted: boolean, before: string, after: string, lastRepeat: string): string {
    let greedy = !this.flags.U;
    if (after.length > 0 && after[0] === '?') {
      after = after.slice(1);
      greedy = !greedy;
    }
    if (lastRepeat !== '') throw perr('invalid nested repetition operator', lastRepeat.slice(0, lastRepeat.length - after.length));
    const cur = this.frame.cur;
    if (cur.length === 0) throw perr('missing argument to repetition operator', before.slice(0, before.length - after.length));
    const sub = cur[cur.length - 1];
    const re: Node = { t: 'rep', min, max, greedy, sub };
    cur[cur.length - 1] = re;
    if (counted && (min >= 2 || max >= 2) && !repeatIsValid(re, MAX_REPEAT)) {
      throw perr('invalid repeat count', before.slice(0, before.length - after.length));
    }
    return after;
  }

  parsePerlFlags(s: string): string {
    let t = s;
    if (t.length > 4 && t[2] === 'P' && t[3] === '<') {
      const end = t.indexOf('>');
      if (end < 0) throw perr('invalid named capture', s);
      const capture = t.slice(0, end + 1);
      const name = t.slice(4, end);
      if (name === '' || !/^[A-Za-z0-9_]+$/.test(name)) throw perr('invalid named capture', capture);
      this.names.push(name);
      this.stack.push({ alts: [], cur: [], cap: true, flags: { ...this.flags } });
      return t.slice(end + 1);
    }
    t = t.slice(2);
    const flags = { ...this.flags };
    let sign = 1;
    let sawFlag = false;
    while (t !== '') {
      const [c, w] = nextRune(t);
      t = t.slice(w);
      const ch = String.fromCodePoint(c);
      if (ch === 'i' || ch === 'm' || ch === 's' || ch === 'U') {
        flags[ch as keyof Flags] = sign > 0;
        sawFlag = true;
        continue;
      }
      if (ch === '-') {
        if (sign < 0) break;
        sign = -1;
        sawFlag = false;
        continue;
      }
      if (ch === ':' || ch === ')') {
        if (sign < 0 && !sawFlag) break;
        if (ch === ':') this.stack.push({ alts: [], cur: [], cap: false, flags: { ...this.flags } });
        this.flags = flags;
        return t;
      }
      break;
    }
    throw perr('invalid or unsupported Perl syntax', s.slice(0, s.length - t.length));
  }

  /** \p{Name}, \pN, \P..., \p{^Name}: t starts with the backslash. */
  parseUnicodeClass(s: string, cls: CharClass): string {
    let sign = s[1] === 'P' ? -1 : 1;
    let t = s.slice(2);
    let seq: string;
    let name: string;
    if (t === '' || t[0] !== '{') {
      const w = t === '' ? 0 : nextRune(t)[1];
      t = t.slice(w);
      seq = s.slice(0, s.length - t.length);
      name = seq.slice(2);
    } else {
      const end = s.indexOf('}');
      if (end < 0) throw perr('invalid character class range', s);
      seq = s.slice(0, end + 1);
      t = s.slice(end + 1);
      name = s.slice(3, end);
    }
    if (name !== '' && name[0] === '^') {
      sign = -sign;
      name = name.slice(1);
    }
    const tab = unicodeTable(name, this.flags.i);
    if (!tab) throw perr('invalid character class range', seq);
    if (tab.ranges) {
      const r = sign > 0 ? tab.ranges : negateRanges(tab.ranges);
      for (let i = 0; i < r.length; i += 2) appendRange(cls.ranges, r[i], r[i + 1]);
    } else if (sign > 0) cls.props.push(...tab.items);
    else if (tab.items.length === 1) cls.props.push(tab.items[0].replace('\\p', '\\P'));
    else cls.props.push(...negatedUnion(tab.items));
    return t;
  }

  /** [...]: s starts with '['. */
  parseClass(s: string): string {
    let t = s.slice(1);
    const cls: CharClass = { ranges: [], props: [], neg: false };
    if (t !== '' && t[0] === '^') {
      cls.neg = true;
      t = t.slice(1);
    }
    let first = true;
    while (t === '' || t[0] !== ']' || first) {
      first = false;
      if (t.length > 2 && t[0] === '[' && t[1] === ':') {
        const i = t.indexOf(':]', 2);
        if (i >= 0) {
          const nm = t.slice(0, i + 2);
          let inner = nm.slice(2, -2);
          let sign = 1;
          if (inner.startsWith('^')) {
            sign = -1;
            inner = inner.slice(1);
          }
          const g = Object.prototype.hasOwnProperty.call(POSIX, inner) ? POSIX[inner] : undefined;
          if (!g) throw perr('invalid character class range', nm);
          appendGroup(cls, sign, g, this.flags.i);
          t = t.slice(i + 2);
          continue;
        }
      }
      if (t.length >= 2 && t[0] === '\\' && (t[1] === 'p' || t[1] === 'P')) {
        t = this.parseUnicodeClass(t, cls);
        continue;
      }
      const g = PERL_GROUPS[t.slice(0, 2)];
      if (g) {
        appendGroup(cls, g[0], g[1], this.flags.i);
        t = t.slice(2);
        continue;
      }
      const rng = t;
      let lo: number;
      [lo, t] = parseClassChar(t, s);
      let hi = lo;
      if (t.length >= 2 && t[0] === '-' && t[1] !== ']') {
        t = t.slice(1);
        [hi, t] = parseClassChar(t, s);
        if (hi < lo) throw perr('invalid character class range', rng.slice(0, rng.length - t.length));
      }
      if (this.flags.i) appendFoldedRange(cls.ranges, lo, hi);
      else appendRange(cls.ranges, lo, hi);
    }
    t = t.slice(1);
    cls.ranges = cleanClass(cls.ranges);
    this.push({ t: 'class', c: cls });
    return t;
  }
}

/** Items whose union is the complement of the union of `items` (only used for \P{C}). */
function negatedUnion(items: string[]): string[] {
  // \P{C} in Go = everything but Cc|Cf|Co|Cs = (Cn ∪ L ∪ M ∪ N ∪ P ∪ S ∪ Z)
  void items;
  return ['\\p{Cn}', '\\p{L}', '\\p{M}', '\\p{N}', '\\p{P}', '\\p{S}', '\\p{Z}'];
}

function parseClassChar(s: string, wholeClass: string): [number, string] {
  if (s === '') throw perr('missing closing ]', wholeClass);
  if (s[0] === '\\') return parseEscape(s);
  const [c, w] = nextRune(s);
  return [c, s.slice(w)];
}

/** parseRepeat: {n}, {n,}, {n,m}; undefined when s is not of that form (then '{' is a literal). */
function parseRepeat(s: string): [number, number, string] | undefined {
  let t = s.slice(1);
  const int = (): number | undefined => {
    if (t === '' || t[0] < '0' || t[0] > '9') return undefined;
    if (t.length >= 2 && t[0] === '0' && t[1] >= '0' && t[1] <= '9') return undefined;
    let j = 0;
    while (j < t.length && t[j] >= '0' && t[j] <= '9') j++;
    const digits = t.slice(0, j);
    t = t.slice(j);
    let n = 0;
    for (const d of digits) {
      if (n >= 1e8) return -1;
      n = n * 10 + (d.charCodeAt(0) - 48);
    }
    return n;
  };
  let min = int();
  if (min === undefined || t === '') return undefined;
  let max: number;
  if (t[0] !== ',') max = min;
  else {
    t = t.slice(1);
    if (t === '') return undefined;
    if (t[0] === '}') max = -1;
    else {
      const m = int();
      if (m === undefined) return undefined;
      max = m;
      if (max < 0) min = -1;
    }
  }
  if (t === '' || t[0] !== '}') return undefined;
  return [min, max, t.slice(1)];
}

function repeatIsValid(re: Node, n: number): boolean {
  if (re.t === 'rep') {
    let m = re.max;
    if (m === 0) return true;
    if (m < 0) m = re.min;
    if (m > n) return false;
    if (m > 0) n = Math.trunc(n / m);
  }
  switch (re.t) {
    case 'rep':
    case 'cap':
    case 'group':
      return repeatIsValid(re.sub, n);
    case 'cat':
    case 'alt':
      return re.subs.every((s) => repeatIsValid(s, n));
  }
  return true;
}

function finishFrame(f: Frame): Node {
  const alts = [...f.alts, f.cur].map((c): Node => (c.length === 0 ? { t: 'empty' } : c.length === 1 ? c[0] : { t: 'cat', subs: c }));
  return alts.length === 1 ? alts[0] : { t: 'alt', subs: alts };
}

// ---------------------------------------------------------------------------------------------------------
// Emitter

function cpEsc(r: number): string {
  if (isalnum(r)) return String.fromCharCode(r);
  return `\\u{${r.toString(16)}}`;
}

function emitClass(c: CharClass): string {
  const parts: string[] = [];
  const r = c.ranges;
  for (let i = 0; i < r.length; i += 2) parts.push(r[i] === r[i + 1] ? cpEsc(r[i]) : `${cpEsc(r[i])}-${cpEsc(r[i + 1])}`);
  parts.push(...c.props);
  return `[${c.neg ? '^' : ''}${parts.join('')}]`;
}

function isAtom(n: Node): boolean {
  return n.t === 'lit' || n.t === 'class' || n.t === 'any' || n.t === 'cap' || n.t === 'group';
}

function emit(n: Node): string {
  switch (n.t) {
    case 'lit':
      if (n.fold) {
        const o = foldOrbit(n.r).slice().sort((a, b) => a - b);
        return `[${o.map(cpEsc).join('')}]`;
      }
      return cpEsc(n.r);
    case 'class':
      return emitClass(n.c);
    case 'any':
      return n.nl ? '[\\u{0}-\\u{10ffff}]' : '[^\\n]';
    case 'assert':
      return n.js;
    case 'cap':
      return `(${emit(n.sub)})`;
    case 'group':
      return n.sub.t === 'alt' ? emit(n.sub) : `(?:${emit(n.sub)})`;
    case 'rep': {
      let s = emit(n.sub);
      if (!isAtom(n.sub)) s = `(?:${s})`;
      let q: string;
      if (n.min === 0 && n.max === -1) q = '*';
      else if (n.min === 1 && n.max === -1) q = '+';
      else if (n.min === 0 && n.max === 1) q = '?';
      else if (n.max === -1) q = `{${n.min},}`;
      else if (n.min === n.max) q = `{${n.min}}`;
      else q = `{${n.min},${n.max}}`;
      return s + q + (n.greedy ? '' : '?');
    }
    case 'cat':
      return n.subs.map(emit).join('');
    case 'alt':
      return `(?:${n.subs.map(emit).join('|')})`;
    case 'empty':
      return '(?:)';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Go's *regexp.Regexp over the translated RegExp

type Match = RegExpExecArray;

export class GoRegexp {
  constructor(
    /** The Go source text, as Regexp.String() returns it. */
    readonly expr: string,
    /** The translated JavaScript expression (flags 'gu'). */
    readonly re: RegExp,
    /** Capture group names; index 0 is the whole match (""), unnamed groups are "". */
    readonly subexpNames: string[],
  ) {}

  get numSubexp(): number {
    return this.subexpNames.length - 1;
  }

  /** First match starting at or after pos (the whole input stays visible to anchors and lookarounds). */
  execAt(s: string, pos: number): Match | null {
    this.re.lastIndex = pos;
    return this.re.exec(s);
  }

  matchString(s: string): boolean {
    return this.execAt(s, 0) !== null;
  }

  findString(s: string): string {
    const m = this.execAt(s, 0);
    return m ? m[0] : '';
  }

  findStringSubmatch(s: string): (string | undefined)[] | null {
    const m = this.execAt(s, 0);
    return m ? Array.from(m) : null;
  }

  /** Go's allMatches: successive matches, an empty match right after a previous match is skipped. */
  allMatches(s: string, n: number): Match[] {
    const out: Match[] = [];
    if (n < 0) n = Infinity;
    const end = s.length;
    let pos = 0;
    let prevMatchEnd = -1;
    while (out.length < n && pos <= end) {
      const m = this.execAt(s, pos);
      if (!m) break;
      const mStart = m.index;
      const mEnd = mStart + m[0].length;
      let accept = true;
      if (mEnd === pos) {
        if (mStart === prevMatchEnd) accept = false;
        pos += pos < end ? runeWidth(s, pos) : 1;
      } else pos = mEnd;
      prevMatchEnd = mEnd;
      if (accept) out.push(m);
    }
    return out;
  }

  /** FindAllString: null (Go's nil) when nothing matched. */
  findAllString(s: string, n: number): string[] | null {
    const ms = this.allMatches(s, n);
    return ms.length === 0 ? null : ms.map((m) => m[0]);
  }

  private replaceAll(src: string, repl: (m: Match) => string): string {
    let out = '';
    let lastMatchEnd = 0;
    let searchPos = 0;
    const end = src.length;
    while (searchPos <= end) {
      const m = this.execAt(src, searchPos);
      if (!m) break;
      const a0 = m.index;
      const a1 = a0 + m[0].length;
      out += src.slice(lastMatchEnd, a0);
      if (a1 > lastMatchEnd || a0 === 0) out += repl(m);
      lastMatchEnd = a1;
      const width = searchPos < end ? runeWidth(src, searchPos) : 0;
      if (searchPos + width > a1) searchPos += width;
      else if (searchPos + 1 > a1) searchPos++;
      else searchPos = a1;
    }
    return out + src.slice(lastMatchEnd);
  }

  replaceAllString(src: string, repl: string): string {
    return this.replaceAll(src, (m) => this.expand(repl, m));
  }

  replaceAllLiteralString(src: string, repl: string): string {
    return this.replaceAll(src, () => repl);
  }

  /** Regexp.Expand's template language: $1, ${1}, $name, ${name}, $$. */
  expand(template: string, m: Match): string {
    let dst = '';
    let t = template;
    for (;;) {
      const i = t.indexOf('$');
      if (i < 0) break;
      dst += t.slice(0, i);
      t = t.slice(i + 1);
      if (t !== '' && t[0] === '$') {
        dst += '$';
        t = t.slice(1);
        continue;
      }
      const ex = extractName(t);
      if (!ex) {
        dst += '$';
        continue;
      }
      const [name, num, rest] = ex;
      t = rest;
      if (num >= 0) {
        if (num < m.length && m[num] !== undefined) dst += m[num];
      } else {
        for (let k = 0; k < this.subexpNames.length; k++) {
          if (name === this.subexpNames[k] && k < m.length && m[k] !== undefined) {
            dst += m[k];
            break;
          }
        }
      }
    }
    return dst + t;
  }

  split(s: string, n: number): string[] | null {
    if (n === 0) return null;
    if (this.expr.length > 0 && s.length === 0) return [''];
    const matches = this.allMatches(s, n);
    const strings: string[] = [];
    let beg = 0;
    let end = 0;
    for (const m of matches) {
      if (n > 0 && strings.length === n - 1) break;
      end = m.index;
      const mEnd = m.index + m[0].length;
      if (mEnd !== 0) strings.push(s.slice(beg, end));
      beg = mEnd;
    }
    if (end !== s.length) strings.push(s.slice(beg));
    return strings;
  }
}

function runeWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/** regexp's extract: a name of letters, digits and underscores, optionally in braces; [name, num, rest]. */
function extractName(str: string): [string, number, string] | undefined {
  if (str === '') return undefined;
  let brace = false;
  if (str[0] === '{') {
    brace = true;
    str = str.slice(1);
  }
  let i = 0;
  while (i < str.length) {
    const c = str.codePointAt(i)!;
    if (!isLetter(c) && !isDigit(c) && c !== 0x5f) break;
    i += c > 0xffff ? 2 : 1;
  }
  if (i === 0) return undefined;
  const name = str.slice(0, i);
  if (brace) {
    if (i >= str.length || str[i] !== '}') return undefined;
    i++;
  }
  let num = 0;
  for (let k = 0; k < name.length; k++) {
    const d = name.charCodeAt(k);
    if (d < 0x30 || d > 0x39 || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + d - 0x30;
  }
  if (name[0] === '0' && name.length > 1) num = -1;
  return [name, num, str.slice(i)];
}

// ---------------------------------------------------------------------------------------------------------
// Public API

const cache = new Map<string, GoRegexp>();

/** regexp.Compile: a Go regexp, or an Error with Go's message (`error parsing regexp: ...`). */
export function compileRegexp(pattern: string): GoRegexp {
  let r = cache.get(pattern);
  if (r) return r;
  const p = new Parser(pattern).parse();
  const js = emit(p.node);
  let re: RegExp;
  try {
    re = new RegExp(js, 'gu');
  } catch (e) {
    throw new Error(`error parsing regexp: regexp/syntax: internal error: \`${pattern}\``);
  }
  r = new GoRegexp(pattern, re, p.names);
  if (cache.size > 500) cache.clear();
  cache.set(pattern, r);
  return r;
}

/** regexp.MustCompile's panic message. */
export function mustCompileRegexp(pattern: string): GoRegexp {
  try {
    return compileRegexp(pattern);
  } catch (e) {
    throw new Error(`regexp: Compile(${quoteForPanic(pattern)}): ${(e as Error).message}`);
  }
}

function quoteForPanic(s: string): string {
  // strconv.CanBackquote: no backquote, no control characters other than tab, valid UTF-8, no U+FEFF
  if (!/[`\u0000-\u0008\u000a-\u001f\u007f\ufeff]/.test(s)) return '`' + s + '`';
  return goQuote(s);
}

/** regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const strs = (a: string[] | null): string[] => sliceOf(a ?? [], '[]string');
const n = (x: GoInt) => Number(x.value);

function regexMatch(re: string, s: string): boolean {
  try {
    return compileRegexp(re).matchString(s);
  } catch {
    return false;
  }
}

export const regexFuncs: FuncMap = {
  regexMatch: def(['string', 'string'], 'bool', regexMatch),
  mustRegexMatch: def(['string', 'string'], 'bool', (re: string, s: string) => compileRegexp(re).matchString(s), { err: true }),
  regexFindAll: def(['string', 'string', 'int'], '[]string', (re: string, s: string, k: GoInt) => strs(mustCompileRegexp(re).findAllString(s, n(k)))),
  mustRegexFindAll: def(['string', 'string', 'int'], '[]string', (re: string, s: string, k: GoInt) => strs(compileRegexp(re).findAllString(s, n(k))), { err: true }),
  regexFind: def(['string', 'string'], 'string', (re: string, s: string) => mustCompileRegexp(re).findString(s)),
  mustRegexFind: def(['string', 'string'], 'string', (re: string, s: string) => compileRegexp(re).findString(s), { err: true }),
  regexReplaceAll: def(['string', 'string', 'string'], 'string', (re: string, s: string, r: string) => mustCompileRegexp(re).replaceAllString(s, r)),
  mustRegexReplaceAll: def(['string', 'string', 'string'], 'string', (re: string, s: string, r: string) => compileRegexp(re).replaceAllString(s, r), { err: true }),
  regexReplaceAllLiteral: def(['string', 'string', 'string'], 'string', (re: string, s: string, r: string) => mustCompileRegexp(re).replaceAllLiteralString(s, r)),
  mustRegexReplaceAllLiteral: def(['string', 'string', 'string'], 'string', (re: string, s: string, r: string) => compileRegexp(re).replaceAllLiteralString(s, r), { err: true }),
  regexSplit: def(['string', 'string', 'int'], '[]string', (re: string, s: string, k: GoInt) => strs(mustCompileRegexp(re).split(s, n(k)))),
  mustRegexSplit: def(['string', 'string', 'int'], '[]string', (re: string, s: string, k: GoInt) => strs(compileRegexp(re).split(s, n(k))), { err: true }),
  regexQuoteMeta: def(['string'], 'string', quoteMeta),
};
