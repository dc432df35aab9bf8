// sprig v3.2.3's conversion, defaults, reflection and flow functions (numeric.go's casts via spf13/cast v1.5.0,
// defaults.go, reflect.go, functions.go's path helpers), plus the Go value helpers the other modules of the
// library share: strval (sprig's fmt-based string conversion), cast.ToInt64/ToFloat64, empty, reflect.DeepEqual.
import { def, GoDuration, GoFuncValue, GoInt, GoStruct, goKindName, goTypeName, isGoMap, sliceOf, type FuncMap } from '../template/types.js';
import { formatValue } from '../template/fmt.js';
import { parseIntBase0 } from '../template/parse.js';

const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;

// ---------------------------------------------------------------------------------------------------------
// Go strings as bytes

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** True when every UTF-16 unit of s is ASCII (then byte offsets equal string offsets). */
export function isAscii(s: string): boolean {
  return ASCII_ONLY.test(s);
}

/** A Go string's bytes. */
export function goBytes(s: string): Uint8Array {
  return Buffer.from(s, 'utf8');
}

/** Bytes back to a JS string the way Go ranges over a string: each byte of an invalid UTF-8 sequence becomes
 *  U+FFFD (what the bytes show as once printed as text). */
export function goString(b: Uint8Array): string {
  let out = '';
  let i = 0;
  const n = b.length;
  let start = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const w = validRuneWidth(b, i);
    if (w > 0) {
      i += w;
      continue;
    }
    out += Buffer.from(b.subarray(start, i)).toString('utf8') + '\ufffd';
    i++;
    start = i;
  }
  if (start === 0) return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  return out + Buffer.from(b.subarray(start)).toString('utf8');
}

function validRuneWidth(b: Uint8Array, i: number): number {
  const c = b[i];
  const n = b.length;
  const cont = (j: number, lo = 0x80, hi = 0xbf) => j < n && b[j] >= lo && b[j] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

/** Go's s[lo:hi] on a string, with Go's panics for bad bounds. hi undefined = len(s). */
export function sliceString(s: string, lo: number, hi?: number): string {
  if (isAscii(s)) {
    const n = s.length;
    checkSliceBounds(lo, hi, n);
    return s.slice(lo, hi ?? n);
  }
  const b = goBytes(s);
  checkSliceBounds(lo, hi, b.length);
  return goString(b.subarray(lo, hi ?? b.length));
}

/** Go's runtime bounds check of s[lo:hi] (hi undefined: s[lo:]). */
export function checkSliceBounds(lo: number, hi: number | undefined, len: number): void {
  if (hi === undefined) {
    if (lo < 0) throw new Error(`runtime error: slice bounds out of range [${lo}:]`);
    if (lo > len) throw new Error(`runtime error: slice bounds out of range [${lo}:${len}]`);
    return;
  }
  if (hi < 0) throw new Error(`runtime error: slice bounds out of range [:${hi}]`);
  if (hi > len) throw new Error(`runtime error: slice bounds out of range [:${hi}] with length ${len}`);
  if (lo < 0) throw new Error(`runtime error: slice bounds out of range [${lo}:]`);
  if (lo > hi) throw new Error(`runtime error: slice bounds out of range [${lo}:${hi}]`);
}

// ---------------------------------------------------------------------------------------------------------
// sprig's strval: string as is, []byte as text, error/Stringer via their method, else fmt's %v.

export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return goString(v);
  if (v instanceof Error) return v.message;
  return formatValue(v);
}

/** sprig's strslice (toStrings): []string as is, nil elements of []interface{} skipped. */
export function strslice(v: unknown): string[] {
  if (Array.isArray(v)) {
    if (goTypeName(v) === '[]string') return sliceOf((v as string[]).slice(), '[]string');
    const out: string[] = [];
    for (const e of v) if (e !== null && e !== undefined) out.push(strval(e));
    return sliceOf(out, '[]string');
  }
  if (v instanceof Uint8Array) return sliceOf(Array.from(v, (b) => String(b)), '[]string');
  if (v === null || v === undefined) return sliceOf([], '[]string');
  return sliceOf([strval(v)], '[]string');
}

// ---------------------------------------------------------------------------------------------------------
// spf13/cast v1.5.0 (the conversions sprig uses; errors are swallowed by sprig, giving 0)

/** Go's int64(f) for a float64 as amd64 computes it (NaN and out-of-range values give MinInt64). */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 9223372036854775808 || f < -9223372036854775808) return MIN_INT64;
  return BigInt(Math.trunc(f));
}

/** cast's trimZeroDecimal: "12.00" → "12". */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

/** cast.ToInt64 (also cast.ToInt: Go's int is 64-bit). */
export function toInt64(v: unknown): bigint {
  if (v === null || v === undefined) return 0n;
  if (v instanceof GoInt) return v.kind === 'uintptr' ? 0n : GoInt.wrap(v.value, 'int64').value;
  switch (typeof v) {
    case 'number':
      return floatToInt64(v);
    case 'boolean':
      return v ? 1n : 0n;
    case 'string': {
      const r = parseIntBase0(trimZeroDecimal(v), true);
      return r ?? 0n;
    }
  }
  return 0n;
}

/** strconv.ParseFloat(s, 64); null on a syntax or range error (cast then gives 0). */
export function parseGoFloat(s: string): number | null {
  const t = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (t) {
    if (t[2].toLowerCase() === 'nan') return t[1] === '' ? NaN : null;
    return t[1] === '-' ? -Infinity : Infinity;
  }
  return parseFloat64Strict(s);
}

function parseFloat64Strict(s: string): number | null {
  if (s.includes('_')) {
    // underscores only between digits and only with a base prefix
    if (!/^[+-]?0[xX]/.test(s) || /(^|[^0-9a-fA-FxX])_|_($|[^0-9a-fA-F])|__/.test(s)) return null;
    s = s.replace(/_/g, '');
  }
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(s);
  if (hex) {
    const ip = hex[2];
    const fp = hex[3] ?? '';
    if (ip === '' && fp === '') return null;
    const mant = BigInt('0x' + (ip + fp || '0'));
    const exp = parseInt(hex[4], 10) - 4 * fp.length;
    let v = Number(mant) * Math.pow(2, exp);
    if (!Number.isFinite(v)) v = Number(mant) * Math.pow(2, Math.trunc(exp / 2)) * Math.pow(2, exp - Math.trunc(exp / 2));
    if (!Number.isFinite(v)) return null;
    return hex[1] === '-' ? -v : v;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  const v = Number(s);
  if (!Number.isFinite(v)) return null;
  return v;
}

/** cast.ToFloat64. */
export function toFloat64(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (v instanceof GoInt) return v.kind === 'uintptr' ? 0 : Number(v.value);
  switch (typeof v) {
    case 'number':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return parseGoFloat(v) ?? 0;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------------
// defaults.go

/** sprig's empty: the zero value of its type (nil, "", 0, false, empty collections); structs never empty. */
export function empty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'boolean':
      return !v;
    case 'number':
      return v === 0;
    case 'bigint':
      return v === 0n;
  }
  if (v instanceof GoInt) return v.value === 0n;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (v instanceof GoDuration) return v.nanos === 0n;
  if (v instanceof GoStruct || v instanceof GoFuncValue) return false;
  if (isGoMap(v)) {
    for (const _ in v) return false;
    return true;
  }
  const c = v as { re?: unknown; im?: unknown };
  if (typeof c.re === 'number' && typeof c.im === 'number') return c.re === 0 && c.im === 0;
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// reflect.DeepEqual over the value model

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (goTypeName(a) !== goTypeName(b)) return false;
  return deepValueEqual(a, b, new Map());
}

function deepValueEqual(a: unknown, b: unknown, seen: Map<object, Set<object>>): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') {
    return a === b;
  }
  if (goTypeName(a) !== goTypeName(b)) return false;
  if (a === b && !(a instanceof GoFuncValue)) return true;
  let s = seen.get(a);
  if (s?.has(b)) return true;
  if (!s) seen.set(a, (s = new Set()));
  s.add(b);
  if (a instanceof GoInt) return b instanceof GoInt && a.kind === b.kind && a.value === b.value;
  if (a instanceof GoDuration) return b instanceof GoDuration && a.nanos === b.nanos;
  if (a instanceof GoFuncValue) return false;
  if (a instanceof Uint8Array) {
    const bb = b as Uint8Array;
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== bb[i]) return false;
    return true;
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepValueEqual(a[i], bb[i], seen)) return false;
    return true;
  }
  if (isGoMap(a)) {
    const bb = b as Record<string, unknown>;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(bb).length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(bb, k)) return false;
      if (!deepValueEqual((a as Record<string, unknown>)[k], bb[k], seen)) return false;
    }
    return true;
  }
  if (a instanceof GoStruct) {
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const ka = Object.keys(a);
    for (const k of ka) {
      const va = (a as any)[k];
      const vb = (b as any)[k];
      if (typeof va === 'function' || typeof vb === 'function') continue;
      if (va !== null && vb !== null && typeof va === 'object' && typeof vb === 'object') {
        if (!deepValueEqual(va, vb, seen)) return false;
      } else if (!Object.is(va, vb) && !(va === vb)) return false;
    }
    return true;
  }
  const ca = a as { re?: number; im?: number };
  const cb = b as { re?: number; im?: number };
  if (typeof ca.re === 'number') return ca.re === cb.re && ca.im === cb.im;
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Go's path package (path and path/filepath behave the same on Linux)

export function pathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p[0] === '/';
  const n = p.length;
  let out = rooted ? '/' : '';
  let r = rooted ? 1 : 0;
  let dotdot = rooted ? 1 : 0;
  while (r < n) {
    if (p[r] === '/') r++;
    else if (p[r] === '.' && (r + 1 === n || p[r + 1] === '/')) r++;
    else if (p[r] === '.' && p[r + 1] === '.' && (r + 2 === n || p[r + 2] === '/')) {
      r += 2;
      if (out.length > dotdot) {
        let w = out.length - 1;
        while (w > dotdot && out[w] !== '/') w--;
        out = out.slice(0, w);
      } else if (!rooted) {
        if (out.length > 0) out += '/';
        out += '..';
        dotdot = out.length;
      }
    } else {
      if ((rooted && out.length !== 1) || (!rooted && out.length !== 0)) out += '/';
      for (; r < n && p[r] !== '/'; r++) out += p[r];
    }
  }
  return out === '' ? '.' : out;
}

export function pathBase(p: string): string {
  if (p === '') return '.';
  while (p.length > 0 && p[p.length - 1] === '/') p = p.slice(0, -1);
  const i = p.lastIndexOf('/');
  if (i >= 0) p = p.slice(i + 1);
  return p === '' ? '/' : p;
}

export function pathDir(p: string): string {
  const i = p.lastIndexOf('/');
  return pathClean(p.slice(0, i + 1));
}

export function pathExt(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

const pathIsAbs = (p: string): boolean => p.length > 0 && p[0] === '/';

// ---------------------------------------------------------------------------------------------------------
// Conversions

/** strconv.Atoi with sprig's ignored error: syntax errors give 0, range errors the clamped value. */
function atoi(s: string): GoInt {
  const m = /^([+-]?)(\d+)$/.exec(s);
  if (!m) return new GoInt(0n, 'int');
  let v = BigInt(m[2]);
  if (m[1] === '-') v = -v;
  if (v > MAX_INT64) v = MAX_INT64;
  if (v < MIN_INT64) v = MIN_INT64;
  return new GoInt(v, 'int');
}

/** sprig's toDecimal: strconv.ParseInt(fmt.Sprint(v), 8, 64), 0 on error. */
function toDecimal(v: unknown): GoInt {
  const s = formatValue(v);
  const m = /^([+-]?)([0-7]+)$/.exec(s);
  if (!m) return new GoInt(0n, 'int64');
  let n = BigInt('0o' + m[2]);
  if (m[1] === '-') n = -n;
  if (n > MAX_INT64 || n < MIN_INT64) return new GoInt(0n, 'int64');
  return new GoInt(n, 'int64');
}

function ternary(vt: unknown, vf: unknown, v: boolean): unknown {
  return v ? vt : vf;
}

export const miscFuncs: FuncMap = {
  hello: def([], 'string', () => 'Hello!'),

  // Conversions
  atoi: def(['string'], 'int', atoi),
  int: def(['interface {}'], 'int', (v: unknown) => new GoInt(toInt64(v), 'int')),
  int64: def(['interface {}'], 'int64', (v: unknown) => new GoInt(toInt64(v), 'int64')),
  float64: def(['interface {}'], 'float64', (v: unknown) => toFloat64(v)),
  toDecimal: def(['interface {}'], 'int64', toDecimal),
  toString: def(['interface {}'], 'string', (v: unknown) => strval(v)),
  toStrings: def(['interface {}'], '[]string', (v: unknown) => strslice(v)),

  // Defaults
  default: def(['interface {}', 'interface {}'], 'interface {}', (d: unknown, ...given: unknown[]) => (given.length === 0 || empty(given[0]) ? d : given[0]), { variadic: true }),
  empty: def(['interface {}'], 'bool', (v: unknown) => empty(v)),
  coalesce: def(['interface {}'], 'interface {}', (...v: unknown[]) => {
    for (const x of v) if (!empty(x)) return x;
    return null;
  }, { variadic: true }),
  all: def(['interface {}'], 'bool', (...v: unknown[]) => v.every((x) => !empty(x)), { variadic: true }),
  any: def(['interface {}'], 'bool', (...v: unknown[]) => v.some((x) => !empty(x)), { variadic: true }),
  ternary: def(['interface {}', 'interface {}', 'bool'], 'interface {}', ternary),

  // Reflection
  typeOf: def(['interface {}'], 'string', (v: unknown) => goTypeName(v)),
  typeIs: def(['string', 'interface {}'], 'bool', (t: string, v: unknown) => t === goTypeName(v)),
  typeIsLike: def(['string', 'interface {}'], 'bool', (t: string, v: unknown) => {
    const n = goTypeName(v);
    return t === n || '*' + t === n;
  }),
  kindOf: def(['interface {}'], 'string', (v: unknown) => goKindName(v)),
  kindIs: def(['string', 'interface {}'], 'bool', (t: string, v: unknown) => t === goKindName(v)),
  deepEqual: def(['interface {}', 'interface {}'], 'bool', (a: unknown, b: unknown) => deepEqual(a, b)),

  // Flow control
  fail: def(['string'], 'string', (msg: string) => {
    throw new Error(msg);
  }, { err: true }),

  // Paths
  base: def(['string'], 'string', pathBase),
  dir: def(['string'], 'string', pathDir),
  clean: def(['string'], 'string', pathClean),
  ext: def(['string'], 'string', pathExt),
  isAbs: def(['string'], 'bool', pathIsAbs),
  osBase: def(['string'], 'string', pathBase),
  osClean: def(['string'], 'string', pathClean),
  osDir: def(['string'], 'string', pathDir),
  osExt: def(['string'], 'string', pathExt),
  osIsAbs: def(['string'], 'bool', pathIsAbs),
};
