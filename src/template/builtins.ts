// text/template's predefined functions (Go 1.21 funcs.go semantics) and the Go type checks the executor and
// `call` share. Builtins declared with 'reflect.Value' parameters receive raw executor values:
// `undefined` is Go's invalid reflect.Value, `null` a nil interface.

import { GoDuration, GoFuncValue, GoInt, GoStruct, goMapType, goTypeName, isGoMap, sliceOf, utf8Len, type FuncDef, type FuncMap, type IntKind } from './types.js';
import { evalArgsString, htmlEscapeString, jsEscapeString, sprint, sprintf, sprintln, urlQueryEscape } from './fmt.js';

// ---------------------------------------------------------------------------------------------------------
// Go types as text → a descriptor the executor can check values against quickly.

export const enum K {
  Iface,
  RValue,
  String,
  Bool,
  Float,
  Int,
  Uint,
  Complex,
  Bytes,
  Slice,
  Map,
  Struct,
  Duration,
  Func,
  Other,
}

export interface TypeDesc {
  text: string;
  k: K;
  canBeNil: boolean;
  intKind?: IntKind;
}

const INT_KINDS = new Set(['int', 'int8', 'int16', 'int32', 'int64']);
const UINT_KINDS = new Set(['uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr']);
const descCache = new Map<string, TypeDesc>();

export function typeDesc(text: string): TypeDesc {
  let d = descCache.get(text);
  if (d) return d;
  let k: K;
  let canBeNil = false;
  let intKind: IntKind | undefined;
  if (text === 'interface {}' || text === 'any' || text === 'interface{}' || text === 'error' || text === 'fmt.Stringer') {
    k = K.Iface;
    canBeNil = true;
  } else if (text === 'reflect.Value') {
    k = K.RValue;
    canBeNil = true;
  } else if (text === 'string') k = K.String;
  else if (text === 'bool') k = K.Bool;
  else if (text === 'float64' || text === 'float32') k = K.Float;
  else if (text === 'complex128' || text === 'complex64') k = K.Complex;
  else if (INT_KINDS.has(text)) {
    k = K.Int;
    intKind = text as IntKind;
  } else if (text === 'byte' || text === 'rune') {
    k = text === 'byte' ? K.Uint : K.Int;
    intKind = text === 'byte' ? 'uint8' : 'int32';
  } else if (UINT_KINDS.has(text)) {
    k = K.Uint;
    intKind = text as IntKind;
  } else if (text === 'time.Duration') {
    k = K.Duration;
    intKind = 'int64';
  } else if (text === '[]byte' || text === '[]uint8') {
    k = K.Bytes;
    canBeNil = true;
  } else if (text.startsWith('[]')) {
    k = K.Slice;
    canBeNil = true;
  } else if (text.startsWith('map[') || text === 'chartutil.Values') {
    k = K.Map;
    canBeNil = true;
  } else if (text.startsWith('func')) {
    k = K.Func;
    canBeNil = true;
  } else if (text.startsWith('*')) {
    k = K.Struct;
    canBeNil = true;
  } else if (/^[A-Za-z_][\w]*\.[A-Za-z_]\w*$/.test(text)) {
    k = K.Struct;
  } else {
    k = K.Other;
    canBeNil = true;
  }
  d = { text, k, canBeNil, intKind };
  descCache.set(text, d);
  return d;
}

const UNTYPED_MAPS = new Set(['map[string]interface {}', 'chartutil.Values']);

/** Go's reflect AssignableTo for a (non-nil, valid) value and a parameter type. */
export function assignable(v: unknown, d: TypeDesc): boolean {
  switch (d.k) {
    case K.Iface:
    case K.RValue:
    case K.Other:
      return true;
    case K.String:
      return typeof v === 'string';
    case K.Bool:
      return typeof v === 'boolean';
    case K.Float:
      return typeof v === 'number';
    case K.Int:
    case K.Uint:
      return v instanceof GoInt && v.kind === d.intKind;
    case K.Duration:
      return v instanceof GoDuration;
    case K.Bytes:
      return v instanceof Uint8Array;
    case K.Slice:
      return Array.isArray(v) && goTypeName(v) === d.text;
    case K.Map: {
      if (!isGoMap(v)) return false;
      const t = goTypeName(v);
      return t === d.text || (UNTYPED_MAPS.has(t) && UNTYPED_MAPS.has(d.text));
    }
    case K.Func:
      return v instanceof GoFuncValue;
    case K.Struct:
      return v instanceof GoStruct && v.goType === d.text;
    case K.Complex:
      return v instanceof GoComplex;
  }
  return false;
}

/** A Go complex128 (only template constants such as 1i produce one). */
export class GoComplex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}

// ---------------------------------------------------------------------------------------------------------
// Helpers mirroring exec.go / funcs.go.

/** indirectInterface: a nil interface becomes the invalid value. */
export function indirectInterface(v: unknown): unknown {
  return v === null ? undefined : v;
}

/** Go's isTrue; [truth, ok]. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  switch (typeof v) {
    case 'string':
      return v.length > 0;
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
  }
  if (v instanceof GoInt) return v.value !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  if (v instanceof GoDuration) return v.nanos !== 0n;
  if (v instanceof GoComplex) return v.re !== 0 || v.im !== 0;
  if (isGoMap(v)) {
    for (const _ in v) return true;
    return false;
  }
  return true;
}

function truth(v: unknown): boolean {
  return isTrue(indirectInterface(v));
}

const enum BK {
  Invalid,
  Bool,
  Complex,
  Int,
  Float,
  String,
  Uint,
}

function basicKind(v: unknown): BK {
  switch (typeof v) {
    case 'boolean':
      return BK.Bool;
    case 'number':
      return BK.Float;
    case 'string':
      return BK.String;
  }
  if (v instanceof GoInt) return v.isUnsigned() ? BK.Uint : BK.Int;
  if (v instanceof GoDuration) return BK.Int;
  if (v instanceof GoComplex) return BK.Complex;
  return BK.Invalid;
}

function intOf(v: unknown): bigint {
  return v instanceof GoDuration ? v.nanos : (v as GoInt).value;
}

const errBadComparisonType = 'invalid type for comparison';
const errBadComparison = 'incompatible types for comparison';
const errNoComparison = 'missing argument for comparison';

function reflectKind(v: unknown): string {
  if (v === undefined) return 'invalid';
  if (v === null) return 'interface';
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (v instanceof GoFuncValue) return 'func';
  if (v instanceof GoStruct) return v.goType.startsWith('*') ? 'ptr' : 'struct';
  if (isGoMap(v)) return 'map';
  return typeof v;
}

function comparable(v: unknown): boolean {
  const k = reflectKind(v);
  return k !== 'slice' && k !== 'map' && k !== 'func';
}

function eq(arg1: unknown, ...arg2: unknown[]): boolean {
  arg1 = indirectInterface(arg1);
  if (arg2.length === 0) throw new Error(errNoComparison);
  const k1 = basicKind(arg1);
  for (let arg of arg2) {
    arg = indirectInterface(arg);
    const k2 = basicKind(arg);
    let t = false;
    if (k1 !== k2) {
      if (k1 === BK.Int && k2 === BK.Uint) t = intOf(arg1) >= 0n && intOf(arg1) === intOf(arg);
      else if (k1 === BK.Uint && k2 === BK.Int) t = intOf(arg) >= 0n && intOf(arg1) === intOf(arg);
      else if (arg1 !== undefined && arg !== undefined) throw new Error(errBadComparison);
    } else {
      switch (k1) {
        case BK.Bool:
        case BK.Float:
        case BK.String:
          t = arg1 === arg;
          break;
        case BK.Int:
        case BK.Uint:
          t = intOf(arg1) === intOf(arg);
          break;
        case BK.Complex:
          t = (arg1 as GoComplex).re === (arg as GoComplex).re && (arg1 as GoComplex).im === (arg as GoComplex).im;
          break;
        default: {
          const ka = reflectKind(arg1);
          const kb = reflectKind(arg);
          if (ka !== kb && ka !== 'invalid' && kb !== 'invalid') {
            throw new Error(`non-comparable types ${fmtV(arg1)}: ${goTypeName(arg1)}, ${goTypeName(arg)}: ${fmtV(arg)}`);
          }
          if (arg1 === undefined || arg === undefined) t = arg1 === arg;
          else {
            if (!comparable(arg)) throw new Error(`non-comparable type ${fmtV(arg)}: ${goTypeName(arg)}`);
            t = arg1 === arg;
          }
        }
      }
    }
    if (t) return true;
  }
  return false;
}

function fmtV(v: unknown): string {
  return sprint(v === undefined ? '<invalid reflect.Value>' : v);
}

function lt(arg1: unknown, arg2: unknown): boolean {
  arg1 = indirectInterface(arg1);
  const k1 = basicKind(arg1);
  if (k1 === BK.Invalid) throw new Error(errBadComparisonType);
  arg2 = indirectInterface(arg2);
  const k2 = basicKind(arg2);
  if (k2 === BK.Invalid) throw new Error(errBadComparisonType);
  if (k1 !== k2) {
    if (k1 === BK.Int && k2 === BK.Uint) return intOf(arg1) < 0n || intOf(arg1) < intOf(arg2);
    if (k1 === BK.Uint && k2 === BK.Int) return intOf(arg2) >= 0n && intOf(arg1) < intOf(arg2);
    throw new Error(errBadComparison);
  }
  switch (k1) {
    case BK.Bool:
    case BK.Complex:
      throw new Error(errBadComparisonType);
    case BK.Float:
      return (arg1 as number) < (arg2 as number);
    case BK.String:
      return compareGoStrings(arg1 as string, arg2 as string) < 0;
    default:
      return intOf(arg1) < intOf(arg2);
  }
}

function le(a: unknown, b: unknown): boolean {
  return lt(a, b) || eq(a, b);
}

/** Compare strings in UTF-8 byte order as Go does. */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Surrogates (astral code points) sort after all BMP code points in UTF-8.
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1;
    return ca < cb ? -1 : 1;
  }
  return a.length - b.length;
}

function byteLenOrLen(item: unknown): number {
  return typeof item === 'string' ? utf8Len(item) : (item as ArrayLike<unknown>).length;
}

function indexArg(index: unknown, cap: number): number {
  let x: bigint;
  if (index instanceof GoInt) x = index.value;
  else if (index instanceof GoDuration) x = index.nanos;
  else if (index === undefined) throw new Error('cannot index slice/array with nil');
  else throw new Error(`cannot index slice/array with type ${goTypeName(index)}`);
  if (x < 0n || x > BigInt(cap)) throw new Error(`index out of range: ${x}`);
  return Number(x);
}

function prepareArg(value: unknown, t: TypeDesc): unknown {
  if (value === undefined) {
    if (!t.canBeNil) throw new Error(`value is nil; should be of type ${t.text}`);
    return null;
  }
  if (value === null && t.canBeNil) return null;
  if (value !== null && assignable(value, t)) return value;
  if (value instanceof GoInt && (t.k === K.Int || t.k === K.Uint)) return GoInt.wrap(value.value, t.intKind!);
  if (value instanceof GoInt && t.k === K.Duration) return new GoDuration(value.value);
  throw new Error(`value has type ${value === null ? 'interface {}' : goTypeName(value)}; should be ${t.text}`);
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  item = indirectInterface(item);
  if (item === undefined) throw new Error('index of untyped nil');
  for (let idx of indexes) {
    idx = indirectInterface(idx);
    if (item === null) throw new Error('index of nil pointer');
    if (typeof item === 'string') {
      const buf = Buffer.from(item, 'utf8');
      const x = indexArg(idx, buf.length);
      if (x === buf.length) throw new Error(`index out of range: ${x}`);
      item = new GoInt(BigInt(buf[x]), 'uint8');
    } else if (Array.isArray(item)) {
      const x = indexArg(idx, item.length);
      if (x === item.length) throw new Error(`index out of range: ${x}`);
      const v = item[x];
      item = v === undefined ? null : v;
    } else if (item instanceof Uint8Array) {
      const x = indexArg(idx, item.length);
      if (x === item.length) throw new Error(`index out of range: ${x}`);
      item = new GoInt(BigInt(item[x]), 'uint8');
    } else if (isGoMap(item)) {
      const key = prepareArg(idx, typeDesc('string')) as string;
      item = Object.hasOwn(item, key) ? ((item as Record<string, unknown>)[key] ?? null) : mapElemZero(item);
    } else {
      throw new Error(`can't index item of type ${goTypeName(item)}`);
    }
  }
  return item;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  item = indirectInterface(item);
  if (item === undefined) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let cap: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    cap = utf8Len(item);
  } else if (Array.isArray(item) || item instanceof Uint8Array) {
    cap = item.length;
  } else {
    throw new Error(`can't slice item of type ${item === null ? 'interface {}' : goTypeName(item)}`);
  }
  const idx = [0, byteLenOrLen(item), 0];
  for (let i = 0; i < indexes.length; i++) idx[i] = indexArg(indirectInterface(indexes[i]), cap);
  if (idx[0] > idx[1]) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === 'string') return Buffer.from(item, 'utf8').subarray(idx[0], idx[1]).toString('utf8');
  if (item instanceof Uint8Array) return item.slice(idx[0], idx[1]);
  const out = (item as unknown[]).slice(idx[0], idx[1]);
  const t = goTypeName(item);
  return t === '[]interface {}' ? out : sliceOf(out, t);
}

function length(item: unknown): GoInt {
  if (item === null) throw new Error('len of nil pointer');
  if (item === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (typeof item === 'string') return new GoInt(BigInt(utf8Len(item)), 'int');
  if (Array.isArray(item) || item instanceof Uint8Array) return new GoInt(BigInt(item.length), 'int');
  if (isGoMap(item)) return new GoInt(BigInt(Object.keys(item).length), 'int');
  let t = goTypeName(item);
  if (item instanceof GoStruct && t.startsWith('*')) t = t.slice(1);
  throw new Error(`len of type ${t}`);
}

function call(fn: unknown, ...args: unknown[]): unknown {
  fn = indirectInterface(fn);
  if (fn === undefined) throw new Error('call of nil');
  if (!(fn instanceof GoFuncValue)) throw new Error(`non-function of type ${goTypeName(fn)}`);
  const def = fn.def;
  const numIn = def.args.length;
  if (def.variadic) {
    if (args.length < numIn - 1) throw new Error(`wrong number of args: got ${args.length} want at least ${numIn - 1}`);
  } else if (args.length !== numIn) {
    throw new Error(`wrong number of args: got ${args.length} want ${numIn}`);
  }
  const argv = new Array(args.length);
  for (let i = 0; i < args.length; i++) {
    const t = typeDesc(!def.variadic || i < numIn - 1 ? def.args[i] : def.args[numIn - 1]);
    try {
      argv[i] = prepareArg(indirectInterface(args[i]), t);
    } catch (e) {
      throw new Error(`arg ${i}: ${(e as Error).message}`);
    }
  }
  const r = def.fn(...argv);
  return r === undefined ? null : r;
}

/** Element types of the named map types of the value model whose names do not spell them. */
const NAMED_MAP_ELEMS: Record<string, string> = { 'engine.files': '[]uint8', 'chartutil.Values': 'interface {}' };
const IFACE_DESC = typeDesc('interface {}');
/** Element type descriptor per tagged map type (field access asks on every step: no string work per call). */
const mapElemDescs = new Map<string, TypeDesc>();

/** The element type of a map value of the value model (an untagged map holds interface {}). */
export function mapElemDesc(m: object): TypeDesc {
  const t = goMapType(m);
  if (t === undefined) return IFACE_DESC;
  let d = mapElemDescs.get(t);
  if (!d) {
    d = typeDesc(NAMED_MAP_ELEMS[t] ?? (t.startsWith('map[string]') ? t.slice('map[string]'.length) : 'interface {}'));
    mapElemDescs.set(t, d);
  }
  return d;
}

/** reflect.Zero(m.Type().Elem()) for a map value: what `index` returns, and what a missing key yields under
 *  missingkey=zero, for a map whose element type is not interface {} (map[string]string gives "", a
 *  map[string]int 0, ...). Maps of interface {} give nil (null). */
export function mapElemZero(m: object): unknown {
  const d = mapElemDesc(m);
  switch (d.k) {
    case K.String:
      return '';
    case K.Bool:
      return false;
    case K.Float:
      return 0;
    case K.Int:
    case K.Uint:
      return new GoInt(0n, d.intKind!);
    case K.Duration:
      return new GoDuration(0n);
    case K.Bytes:
      return new Uint8Array(0);
    case K.Slice:
      return sliceOf([], d.text);
  }
  return null;
}

const RV = 'reflect.Value';
function unreachable(): never {
  throw new Error('unreachable');
}

/** The predefined global functions of text/template. */
export const builtinFuncs: FuncMap = Object.assign(Object.create(null) as FuncMap, {
  and: { args: [RV, RV], variadic: true, ret: RV, fn: unreachable },
  or: { args: [RV, RV], variadic: true, ret: RV, fn: unreachable },
  not: { args: [RV], ret: 'bool', fn: (v: unknown) => !truth(v) },
  call: { args: [RV, RV], variadic: true, ret: RV, err: true, fn: call },
  html: { args: ['interface {}'], variadic: true, ret: 'string', fn: (...a: unknown[]) => htmlEscapeString(evalArgsString(a)) },
  js: { args: ['interface {}'], variadic: true, ret: 'string', fn: (...a: unknown[]) => jsEscapeString(evalArgsString(a)) },
  urlquery: { args: ['interface {}'], variadic: true, ret: 'string', fn: (...a: unknown[]) => urlQueryEscape(evalArgsString(a)) },
  index: { args: [RV, RV], variadic: true, ret: RV, err: true, fn: index },
  slice: { args: [RV, RV], variadic: true, ret: RV, err: true, fn: slice },
  len: { args: [RV], ret: 'int', err: true, fn: length },
  print: { args: ['interface {}'], variadic: true, ret: 'string', fn: (...a: unknown[]) => sprint(...a) },
  printf: { args: ['string', 'interface {}'], variadic: true, ret: 'string', fn: (f: string, ...a: unknown[]) => sprintf(f, ...a) },
  println: { args: ['interface {}'], variadic: true, ret: 'string', fn: (...a: unknown[]) => sprintln(...a) },
  eq: { args: [RV, RV], variadic: true, ret: 'bool', err: true, fn: eq },
  ne: { args: [RV, RV], ret: 'bool', err: true, fn: (a: unknown, b: unknown) => !eq(a, b) },
  lt: { args: [RV, RV], ret: 'bool', err: true, fn: lt },
  le: { args: [RV, RV], ret: 'bool', err: true, fn: le },
  gt: { args: [RV, RV], ret: 'bool', err: true, fn: (a: unknown, b: unknown) => !le(a, b) },
  ge: { args: [RV, RV], ret: 'bool', err: true, fn: (a: unknown, b: unknown) => !lt(a, b) },
} satisfies Record<string, FuncDef>);
