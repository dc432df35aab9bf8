// sprig v3.2.3's list functions (list.go) and the integer sequences of numeric.go (until, untilStep, seq).
// sprig works on any slice through reflection: errors name the reflect.Kind of the argument, and a nil
// argument makes reflect.TypeOf(nil).Kind() dereference nil, which Go reports as a runtime error.
import { compareGoStrings } from '../template/builtins.js';
import { def, GoInt, goKindName, goTypeName, sliceOf, type FuncMap } from '../template/types.js';
import { deepEqual, empty, strslice, strval, toInt64 } from './misc.js';

const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

/** reflect.TypeOf(v).Kind(), with Go's panic for a nil interface. */
function kindOf(v: unknown): string {
  if (v === null || v === undefined) throw new Error(NIL_DEREF);
  return goKindName(v);
}

/** The elements of a slice value as interface{} values ([]byte elements are uint8). */
function elems(v: unknown): unknown[] {
  if (v instanceof Uint8Array) return Array.from(v, (b) => new GoInt(BigInt(b), 'uint8'));
  return v as unknown[];
}

/** Run f on the elements when v is a slice, else fail with sprig's message built from the kind. */
function onList<T>(v: unknown, msg: (kind: string) => string, f: (l: unknown[]) => T): T {
  const k = kindOf(v);
  if (k !== 'slice') throw new Error(msg(k));
  return f(elems(v));
}

const iface = (a: unknown[]): unknown[] => a; // []interface{} (untagged arrays)

function list(...v: unknown[]): unknown[] {
  return iface(v.slice());
}

const push = (l: unknown, v: unknown) => onList(l, (k) => `Cannot push on type ${k}`, (a) => [...a, v]);
const prepend = (l: unknown, v: unknown) => onList(l, (k) => `Cannot prepend on type ${k}`, (a) => [v, ...a]);

function chunk(size: GoInt, l: unknown): unknown[][] {
  return onList(l, (k) => `Cannot chunk type ${k}`, (a) => {
    const n = a.length;
    const sz = Number(size.value);
    const cs = goIntOfFloat(Math.floor((n - 1) / sz) + 1);
    if (cs < 0) throw new Error('runtime error: makeslice: len out of range');
    const out: unknown[][] = [];
    for (let i = 0; i < cs; i++) {
      let clen = sz;
      if (i === cs - 1) {
        clen = goIntOfFloat(Math.floor(n % sz));
        if (clen === 0) clen = sz;
      }
      if (clen < 0) throw new Error('runtime error: makeslice: len out of range');
      const c: unknown[] = [];
      for (let j = 0; j < clen; j++) {
        const ix = i * sz + j;
        if (ix >= n) throw new Error(`runtime error: index out of range [${ix}] with length ${n}`);
        c.push(a[ix]);
      }
      out.push(c);
    }
    return sliceOf(out, '[][]interface {}');
  });
}

/** Go's int(f) on amd64: NaN, ±Inf and out-of-range values give MinInt64. */
function goIntOfFloat(f: number): number {
  if (!Number.isFinite(f) || Math.abs(f) >= 9.2e18) return Number.MIN_SAFE_INTEGER;
  return Math.trunc(f);
}

const first = (l: unknown) => onList(l, (k) => `Cannot find first on type ${k}`, (a) => (a.length === 0 ? null : a[0]));
const last = (l: unknown) => onList(l, (k) => `Cannot find last on type ${k}`, (a) => (a.length === 0 ? null : a[a.length - 1]));
const rest = (l: unknown) => onList(l, (k) => `Cannot find rest on type ${k}`, (a) => a.slice(1));
const initial = (l: unknown) => onList(l, (k) => `Cannot find initial on type ${k}`, (a) => a.slice(0, Math.max(0, a.length - 1)));
const reverse = (l: unknown) => onList(l, (k) => `Cannot find reverse on type ${k}`, (a) => a.slice().reverse());
const compact = (l: unknown) => onList(l, (k) => `Cannot compact on type ${k}`, (a) => a.filter((x) => !empty(x)));

function inList(hay: unknown[], needle: unknown): boolean {
  for (const h of hay) if (deepEqual(needle, h)) return true;
  return false;
}

const uniq = (l: unknown) =>
  onList(l, (k) => `Cannot find uniq on type ${k}`, (a) => {
    const dest: unknown[] = [];
    for (const x of a) if (!inList(dest, x)) dest.push(x);
    return dest;
  });

const without = (l: unknown, ...omit: unknown[]) =>
  onList(l, (k) => `Cannot find without on type ${k}`, (a) => a.filter((x) => !inList(omit, x)));

function has(needle: unknown, hay: unknown): boolean {
  if (hay === null || hay === undefined) return false;
  return onList(hay, (k) => `Cannot find has on type ${k}`, (a) => inList(a, needle));
}

function slice(l: unknown, ...indices: unknown[]): unknown {
  const k = kindOf(l);
  if (k !== 'slice') throw new Error(`list should be type of slice or array but ${k}`);
  const n = (l as ArrayLike<unknown>).length;
  if (n === 0) return null;
  const start = indices.length > 0 ? toInt64(indices[0]) : 0n;
  const end = indices.length < 2 ? BigInt(n) : toInt64(indices[1]);
  if (start < 0n || end < start || end > BigInt(n)) throw new Error('reflect.Value.Slice: slice index out of bounds');
  if (l instanceof Uint8Array) return l.slice(Number(start), Number(end));
  const arr = (l as unknown[]).slice(Number(start), Number(end));
  const t = goTypeName(l);
  return t === '[]interface {}' ? arr : sliceOf(arr, t);
}

function concat(...lists: unknown[]): unknown[] {
  const res: unknown[] = [];
  for (const l of lists) {
    const k = kindOf(l);
    if (k !== 'slice') throw new Error(`Cannot concat type ${k} as list`);
    res.push(...elems(l));
  }
  return res;
}

function sortAlpha(l: unknown): string[] {
  if (l !== null && l !== undefined && goKindName(l) === 'slice') {
    const a = strslice(l).slice().sort(compareGoStrings);
    return sliceOf(a, '[]string');
  }
  return sliceOf([strval(l)], '[]string');
}

// ---------------------------------------------------------------------------------------------------------
// numeric.go sequences

const MAX_SEQ = 1 << 26;

function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const v: bigint[] = [];
  if (stop < start) {
    if (step >= 0n) return v;
    for (let i = start; i > stop; i += step) {
      v.push(i);
      if (v.length > MAX_SEQ) throw new Error('runtime error: out of memory');
    }
    return v;
  }
  if (step <= 0n) return v;
  for (let i = start; i < stop; i += step) {
    v.push(i);
    if (v.length > MAX_SEQ) throw new Error('runtime error: out of memory');
  }
  return v;
}

const intSlice = (v: bigint[]) => sliceOf(v.map((x) => new GoInt(x, 'int')), '[]int');

function seq(...params: GoInt[]): string {
  const p = params.map((x) => x.value);
  let inc = 1n;
  let r: bigint[];
  switch (p.length) {
    case 1: {
      const start = 1n;
      const end = p[0];
      if (end < start) inc = -1n;
      r = untilStep(start, end + inc, inc);
      break;
    }
    case 3: {
      const [start, step, end] = p;
      if (end < start) {
        inc = -1n;
        if (step > 0n) return '';
      }
      r = untilStep(start, end + inc, step);
      break;
    }
    case 2: {
      const [start, end] = p;
      const step = end < start ? -1n : 1n;
      r = untilStep(start, end + step, step);
      break;
    }
    default:
      return '';
  }
  return r.join(' ');
}

const must = { err: true } as const;
const I = 'interface {}';
const IL = '[]interface {}';

export const listFuncs: FuncMap = {
  list: def([I], IL, list, { variadic: true }),
  tuple: def([I], IL, list, { variadic: true }),
  append: def([I, I], IL, push),
  push: def([I, I], IL, push),
  mustAppend: def([I, I], IL, push, must),
  mustPush: def([I, I], IL, push, must),
  prepend: def([I, I], IL, prepend),
  mustPrepend: def([I, I], IL, prepend, must),
  first: def([I], I, first),
  mustFirst: def([I], I, first, must),
  rest: def([I], IL, rest),
  mustRest: def([I], IL, rest, must),
  last: def([I], I, last),
  mustLast: def([I], I, last, must),
  initial: def([I], IL, initial),
  mustInitial: def([I], IL, initial, must),
  reverse: def([I], IL, reverse),
  mustReverse: def([I], IL, reverse, must),
  uniq: def([I], IL, uniq),
  mustUniq: def([I], IL, uniq, must),
  without: def([I, I], IL, without, { variadic: true }),
  mustWithout: def([I, I], IL, without, { variadic: true, err: true }),
  has: def([I, I], 'bool', has),
  mustHas: def([I, I], 'bool', has, must),
  slice: def([I, I], I, slice, { variadic: true }),
  mustSlice: def([I, I], I, slice, { variadic: true, err: true }),
  concat: def([I], I, concat, { variadic: true }),
  chunk: def(['int', I], '[][]interface {}', chunk),
  mustChunk: def(['int', I], '[][]interface {}', chunk, must),
  compact: def([I], IL, compact),
  mustCompact: def([I], IL, compact, must),
  sortAlpha: def([I], '[]string', sortAlpha),
  until: def(['int'], '[]int', (n: GoInt) => intSlice(untilStep(0n, n.value, n.value < 0n ? -1n : 1n))),
  untilStep: def(['int', 'int', 'int'], '[]int', (a: GoInt, b: GoInt, c: GoInt) => intSlice(untilStep(a.value, b.value, c.value))),
  seq: def(['int'], 'string', seq, { variadic: true }),
};
