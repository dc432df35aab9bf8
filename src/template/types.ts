// The Go value model shared by the template engine, the function library and the chart layer.
//
// Templates see Go values. We map them onto JavaScript like this (and nowhere else may invent another mapping):
//
//   Go                              JavaScript
//   ------------------------------  ---------------------------------------------------------------
//   nil (untyped / nil interface)   null
//   string                          string (Go strings are UTF-8 bytes; use utf8Len() for len)
//   bool                            boolean
//   float64                         number            (every number from YAML or JSON values is float64)
//   int, int64, uint8, int32 ...    GoInt             (kind says which; value is a bigint)
//   []interface{}                   Array             (tag other element types with sliceOf())
//   []byte                          Uint8Array
//   map[string]interface{}          plain object      (prototype Object.prototype or null; tag named
//                                                      map types such as chartutil.Values with namedMap())
//   struct / pointer to struct      instance of a class extending GoStruct
//   func                            GoFuncValue
//
// `undefined` never reaches a function of the library: the executor turns a missing map key into null
// (Helm runs with missingkey=zero) or into an error (missingkey=error / --strict).

export type IntKind = 'int' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'uintptr';

const INT_BOUNDS: Record<IntKind, [bigint, bigint]> = {
  int: [-(1n << 63n), (1n << 63n) - 1n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  int16: [-(1n << 15n), (1n << 15n) - 1n],
  int8: [-(1n << 7n), (1n << 7n) - 1n],
  uint: [0n, (1n << 64n) - 1n],
  uint64: [0n, (1n << 64n) - 1n],
  uintptr: [0n, (1n << 64n) - 1n],
  uint32: [0n, (1n << 32n) - 1n],
  uint16: [0n, (1n << 16n) - 1n],
  uint8: [0n, (1n << 8n) - 1n],
};

/** A Go integer of a given kind. Immutable. Arithmetic wraps as Go's does when built with GoInt.wrap. */
export class GoInt {
  constructor(readonly value: bigint, readonly kind: IntKind = 'int') {}
  /** Build with Go's two's-complement wrap-around for the kind. */
  static wrap(value: bigint, kind: IntKind = 'int'): GoInt {
    const [lo, hi] = INT_BOUNDS[kind];
    const span = hi - lo + 1n;
    let v = value;
    if (v < lo || v > hi) v = ((((v - lo) % span) + span) % span) + lo;
    return new GoInt(v, kind);
  }
  static of(n: number | bigint, kind: IntKind = 'int'): GoInt {
    return new GoInt(typeof n === 'bigint' ? n : BigInt(Math.trunc(n)), kind);
  }
  static fits(value: bigint, kind: IntKind): boolean {
    const [lo, hi] = INT_BOUNDS[kind];
    return value >= lo && value <= hi;
  }
  isUnsigned(): boolean {
    return this.kind.startsWith('u');
  }
  toNumber(): number {
    return Number(this.value);
  }
  toString(): string {
    return this.value.toString();
  }
}

export const int = (n: number | bigint): GoInt => GoInt.of(n, 'int');
export const int64 = (n: number | bigint): GoInt => GoInt.of(n, 'int64');

/** Base of Go struct (or pointer-to-struct) values. Fields are own properties named as in Go (capitalised).
 *  Methods callable from templates are listed in goMethods and implemented as JS methods of the same name;
 *  a method returning (T, error) throws on error. */
export abstract class GoStruct {
  /** Go's name of the type as %T / typeOf prints it, e.g. "*chart.Metadata". */
  abstract readonly goType: string;
  /** Names of the Go methods (exported) templates may call. */
  static goMethods: readonly string[] = [];
  /** Optional Go signatures of those methods (as FuncDef without fn), so the executor checks and converts
   *  arguments exactly as Go does (e.g. { Has: { args: ['string'], ret: 'bool' } }). Without one, a method
   *  takes fn.length arguments of type interface {} and returns interface {}. */
  static goMethodSigs?: Readonly<Record<string, Omit<FuncDef, 'fn'>>>;
}

/** A Go func value (what `call` calls). */
export class GoFuncValue {
  constructor(readonly def: FuncDef, readonly name = 'func') {}
}

/** Go's time.Duration. */
export class GoDuration {
  constructor(readonly nanos: bigint) {}
}

const SLICE_TYPE = Symbol.for('tshelm.goSliceType');
const MAP_TYPE = Symbol.for('tshelm.goMapType');

/** Tag an array with its Go type, e.g. sliceOf(['a'], '[]string'). Untagged arrays are []interface {}. */
export function sliceOf<T extends unknown[]>(arr: T, goType: string): T {
  Object.defineProperty(arr, SLICE_TYPE, { value: goType, enumerable: false, configurable: true, writable: true });
  return arr;
}
/** Tag a plain object with a named Go map type, e.g. namedMap(vals, 'chartutil.Values'). */
export function namedMap<T extends object>(obj: T, goType: string): T {
  Object.defineProperty(obj, MAP_TYPE, { value: goType, enumerable: false, configurable: true, writable: true });
  return obj;
}

/** The Go type a map was tagged with by namedMap (undefined: map[string]interface {}). */
export function goMapType(m: object): string | undefined {
  return (m as any)[MAP_TYPE];
}

const TYPE_METHODS = new Map<string, Record<string, FuncDef>>();

/** Declare the Go methods of a named map or slice type (e.g. Helm's `engine.files`, `chartutil.VersionSet`).
 *  Templates call them like struct methods (a method wins over a map key of the same name, as in Go), while
 *  range, index and printing still see the tagged map or array. Each FuncDef's fn is called with the value as
 *  `this`. */
export function registerTypeMethods(goType: string, methods: Record<string, FuncDef>): void {
  TYPE_METHODS.set(goType, { ...(TYPE_METHODS.get(goType) ?? {}), ...methods });
}

/** The registered methods of a tagged (named) map or slice value, if any. */
export function typeMethodsOf(v: unknown): Record<string, FuncDef> | undefined {
  if (TYPE_METHODS.size === 0 || v === null || typeof v !== 'object') return undefined;
  const t = (v as any)[MAP_TYPE] ?? (v as any)[SLICE_TYPE];
  return t === undefined ? undefined : TYPE_METHODS.get(t);
}

export type GoMap = { [key: string]: GoValue };
export type GoValue =
  | null
  | string
  | boolean
  | number
  | GoInt
  | GoValue[]
  | Uint8Array
  | GoMap
  | GoStruct
  | GoFuncValue
  | GoDuration;

export function isGoMap(v: unknown): v is GoMap {
  if (v === null || typeof v !== 'object') return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

export function isGoInt(v: unknown): v is GoInt {
  return v instanceof GoInt;
}

/** Go's name of a value's dynamic type, as fmt's %T and sprig's typeOf print it. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
  }
  if (v instanceof GoInt) return v.kind;
  if (Array.isArray(v)) return (v as any)[SLICE_TYPE] ?? '[]interface {}';
  if (v instanceof Uint8Array) return '[]uint8';
  if (v instanceof GoStruct) return v.goType;
  if (v instanceof GoDuration) return 'time.Duration';
  if (v instanceof GoFuncValue) return 'func(...interface {}) interface {}';
  if (isGoMap(v)) return (v as any)[MAP_TYPE] ?? 'map[string]interface {}';
  return 'interface {}';
}

/** Go's reflect.Kind name of a value (sprig's kindOf). */
export function goKindName(v: unknown): string {
  if (v === null || v === undefined) return 'invalid';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float64';
  }
  if (v instanceof GoInt) return v.kind;
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (v instanceof GoDuration) return 'int64';
  if (v instanceof GoFuncValue) return 'func';
  if (v instanceof GoStruct) return v.goType.startsWith('*') ? 'ptr' : 'struct';
  if (isGoMap(v)) return 'map';
  return 'invalid';
}

/** Byte length of a JS string as Go's len(string) counts it. */
export function utf8Len(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

// ---------------------------------------------------------------------------------------------------------
// Functions: every template function (builtin, Sprig, Helm) is described by its Go signature so the executor
// can check and convert arguments exactly as Go's text/template does (reflect assignability, untyped constants
// converted to the parameter's type, "wrong type for value; expected int; got float64", "invalid value;
// expected string" for nil, and so on).

/** A Go type as text, exactly as Go prints it: 'string', 'int', 'int64', 'float64', 'bool', 'interface {}',
 *  '[]interface {}', 'map[string]interface {}', '[]string', 'chartutil.Values', ... */
export type GoTypeText = string;

export interface FuncDef {
  /** Parameter types. For a variadic function the last entry is the element type and `variadic` is true. */
  args: GoTypeText[];
  variadic?: boolean;
  /** Result type (one result), used by typeOf-free introspection and by `call`. */
  ret: GoTypeText;
  /** True when the Go function returns (T, error). Either way, an Error thrown by fn becomes
   *  `error calling NAME: MESSAGE` in the executor (Go wraps panics the same way). */
  err?: boolean;
  fn: (...args: any[]) => any;
}

export type FuncMap = Record<string, FuncDef>;

/** Helper to declare a function tersely: def(['string', 'int'], 'string', (s, n) => ...). */
export function def(args: GoTypeText[], ret: GoTypeText, fn: (...args: any[]) => any, opts: { variadic?: boolean; err?: boolean } = {}): FuncDef {
  return { args, ret, fn, ...opts };
}
