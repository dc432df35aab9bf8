// Helm's strvals: the parser behind --set, --set-string, --set-json, --set-file and --set-literal.
// A set line is `name1=value1,name2=value2`; names are dotted paths with `[i]` list indexes and `\` escapes;
// values are typed (int64, bool, null) unless forced to strings, `{a,b}` is a list. Errors carry Helm's words,
// including the Go runtime panics Helm turns into errors ("unable to parse key: interface conversion: ...").
import { GoInt, goTypeName, isGoMap, type GoMap } from '../template/types.js';
import { parseJson } from '../funcs/json.js';

/** The largest list index a set line may use (Helm's MaxIndex). */
export const MAX_INDEX = 65536;
/** The deepest dotted name a set line may use (Helm's MaxNestedNameLevel). */
export const MAX_NESTED_NAME_LEVEL = 30;

/** Reads a value's runes into its final value (typed, string, or a file's content). */
export type RunesValueReader = (rs: string) => unknown;

class EOF extends Error {
  constructor() {
    super('EOF');
  }
}
class NotList extends Error {
  constructor() {
    super('not a list');
  }
}
/** A Go runtime panic inside the parser (a type assertion that failed); `key` recovers it as Helm does. */
class Panic extends Error {}

function assertMap(v: unknown): GoMap {
  if (isGoMap(v) && !Array.isArray(v)) return v;
  throw new Panic(`interface conversion: interface {} is ${v === null || v === undefined ? 'nil' : goTypeName(v)}, not map[string]interface {}`);
}
function assertList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  throw new Panic(`interface conversion: interface {} is ${v === null || v === undefined ? 'nil' : goTypeName(v)}, not []interface {}`);
}

/** A rune reader over the set line (Go's bytes.Buffer ReadRune/UnreadRune). */
class Scanner {
  private readonly runes: string[];
  pos = 0;
  constructor(s: string) {
    this.runes = Array.from(s);
  }
  read(): string | undefined {
    return this.pos < this.runes.length ? this.runes[this.pos++] : undefined;
  }
  unread(): void {
    this.pos--;
  }
  rest(): string {
    return this.runes.slice(this.pos).join('');
  }
  /** Discard n UTF-16 code units' worth of runes (after a JSON decode of rest()). */
  skipChars(n: number): void {
    let k = 0;
    while (k < n && this.pos < this.runes.length) k += this.runes[this.pos++].length;
  }
}

/** runesUntil: read until a stop rune (returned) or the end (EOF); `\x` takes x literally unless literal. */
function runesUntil(sc: Scanner, stop: string, literal = false): { v: string; last: string | undefined; eof: boolean } {
  let v = '';
  for (;;) {
    const r = sc.read();
    if (r === undefined) return { v, last: undefined, eof: true };
    if (stop.includes(r)) return { v, last: r, eof: false };
    if (r === '\\' && !literal) {
      const next = sc.read();
      if (next === undefined) return { v, last: undefined, eof: true };
      v += next;
      continue;
    }
    v += r;
  }
}

/** Go's strconv.Atoi (decimal, optional sign) with its error texts. */
function atoi(s: string): number {
  const m = /^[+-]?[0-9]+$/.exec(s);
  if (!m) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return Number(n);
}

/** typedVal: true/false/null (any case), int64 when it parses as one and does not start with 0, else string. */
export function typedVal(val: string, forceString: boolean): unknown {
  if (forceString) return val;
  const lower = val.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (val === '0') return new GoInt(0n, 'int64');
  if (val.length !== 0 && val[0] !== '0' && /^[+-]?[0-9]+$/.test(val)) {
    const n = BigInt(val);
    if (n <= 9223372036854775807n && n >= -9223372036854775808n) return new GoInt(n, 'int64');
  }
  return val;
}

function set(data: GoMap, key: string, val: unknown): void {
  if (key.length === 0) return;
  data[key] = val as GoMap[string];
}

function setIndex(list: unknown[], index: number, val: unknown): unknown[] {
  if (index < 0) throw new Error(`negative ${index} index not allowed`);
  if (index > MAX_INDEX) throw new Error(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
  if (list.length <= index) {
    const grown = list.slice();
    while (grown.length <= index) grown.push(null);
    list = grown;
  }
  list[index] = val;
  return list;
}

/** The end (in UTF-16 units) of the first JSON value of s, as Go's json.Decoder reads one value. */
function jsonValueEnd(s: string): number {
  let i = 0;
  while (i < s.length && ' \t\r\n'.includes(s[i])) i++;
  if (i >= s.length) return -1;
  const c = s[i];
  if (c === '{' || c === '[') {
    let depth = 0;
    for (; i < s.length; i++) {
      const ch = s[i];
      if (ch === '"') {
        for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return -1;
  }
  if (c === '"') {
    for (i++; i < s.length; i++) {
      if (s[i] === '\\') i++;
      else if (s[i] === '"') return i + 1;
    }
    return -1;
  }
  const m = /^[-+0-9.eEa-zA-Z]+/.exec(s.slice(i));
  return m ? i + m[0].length : i + 1;
}

type Mode = 'typed' | 'string' | 'json' | 'file' | 'literal';

class Parser {
  private readonly sc: Scanner;
  constructor(
    s: string,
    private readonly data: GoMap,
    private readonly mode: Mode,
    private readonly reader: RunesValueReader,
  ) {
    this.sc = new Scanner(s);
  }

  parse(): void {
    for (;;) {
      try {
        this.key(this.data, 0);
      } catch (e) {
        if (e instanceof EOF) return;
        throw e;
      }
    }
  }

  private get literal(): boolean {
    return this.mode === 'literal';
  }

  private key(data: GoMap, nestedNameLevel: number): void {
    try {
      this.keyInner(data, nestedNameLevel);
    } catch (e) {
      if (e instanceof Panic) throw new Error(`unable to parse key: ${e.message}`);
      throw e;
    }
  }

  private keyInner(data: GoMap, nestedNameLevel: number): void {
    const { v: k, last, eof } = runesUntil(this.sc, this.literal ? '=[.' : '=[,.', this.literal);
    if (eof) {
      if (k.length === 0) throw new EOF();
      throw new Error(`key ${JSON.stringify(k)} has no value`);
    }
    if (last === '[') {
      const i = this.keyIndex();
      let list: unknown[] = [];
      if (Object.prototype.hasOwnProperty.call(data, k)) list = assertList(data[k]);
      const [l2, err] = this.listItemSafe(list, i, nestedNameLevel);
      set(data, k, l2);
      if (err) throw err;
      return;
    }
    if (last === '=') {
      if (this.literal) {
        set(data, k, runesUntil(this.sc, '', true).v);
        return;
      }
      if (this.mode === 'json') {
        if (this.emptyVal()) {
          set(data, k, null);
          return;
        }
        set(data, k, this.decodeJson());
        this.emptyVal();
        return;
      }
      const vl = this.valList();
      if (vl.err === undefined) {
        set(data, k, vl.list);
        return;
      }
      if (vl.err instanceof EOF) {
        set(data, k, '');
        throw vl.err;
      }
      if (vl.err instanceof NotList) {
        const { v } = runesUntil(this.sc, ',');
        set(data, k, this.reader(v));
        return;
      }
      throw vl.err;
    }
    if (last === ',') {
      set(data, k, '');
      throw new Error(`key ${JSON.stringify(k)} has no value (cannot end with ,)`);
    }
    // last === '.'
    nestedNameLevel++;
    if (nestedNameLevel > MAX_NESTED_NAME_LEVEL) throw new Error(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
    let inner: GoMap = {};
    if (Object.prototype.hasOwnProperty.call(data, k)) inner = assertMap(data[k]);
    let err: unknown;
    try {
      this.key(inner, nestedNameLevel);
    } catch (e) {
      err = e;
    }
    if (err === undefined && Object.keys(inner).length === 0) throw new Error(`key map ${JSON.stringify(k)} has no value`);
    if (Object.keys(inner).length !== 0) set(data, k, inner);
    if (err !== undefined) throw err;
  }

  private keyIndex(): number {
    const { v, eof } = runesUntil(this.sc, ']', this.literal);
    try {
      if (eof) throw new EOF();
      return atoi(v);
    } catch (e) {
      throw new Error(`error parsing index: ${(e as Error).message}`);
    }
  }

  /** listItem returning Go's (list, err) pair: the list is set even when an error follows. */
  private listItemSafe(list: unknown[], i: number, level: number): [unknown[], unknown] {
    try {
      return [this.listItem(list, i, level), undefined];
    } catch (e) {
      return [list, e];
    }
  }

  private listItem(list: unknown[], i: number, nestedNameLevel: number): unknown[] {
    if (i < 0) throw new Error(`negative ${i} index not allowed`);
    const { v: k, last, eof } = runesUntil(this.sc, '[.=', this.literal);
    if (k.length > 0) throw new Error(`unexpected data at end of array index: ${JSON.stringify(k)}`);
    if (eof) throw new EOF();
    if (last === '=') {
      if (this.literal) return setIndex(list, i, runesUntil(this.sc, '', true).v);
      if (this.mode === 'json') {
        if (this.emptyVal()) return setIndex(list, i, null);
        list = setIndex(list, i, this.decodeJson());
        this.emptyVal();
        return list;
      }
      const vl = this.valList();
      if (vl.err === undefined) return setIndex(list, i, vl.list);
      if (vl.err instanceof EOF) return setIndex(list, i, '');
      if (vl.err instanceof NotList) {
        const { v } = runesUntil(this.sc, ',');
        return setIndex(list, i, this.reader(v));
      }
      throw vl.err;
    }
    if (last === '[') {
      const nextI = this.keyIndex();
      let crt: unknown[] = [];
      if (list.length > i && list[i] !== null && list[i] !== undefined) crt = assertList(list[i]);
      const list2 = this.listItem(crt, nextI, nestedNameLevel);
      return setIndex(list, i, list2);
    }
    // last === '.'
    let inner: GoMap = {};
    if (list.length > i) {
      const cur = list[i];
      if (isGoMap(cur) && !Array.isArray(cur)) inner = cur;
      else list[i] = inner;
    }
    this.key(inner, nestedNameLevel);
    return setIndex(list, i, inner);
  }

  /** Optional spaces then a comma or the end: an empty value (consumed); anything else is left unread. */
  private emptyVal(): boolean {
    for (;;) {
      const r = this.sc.read();
      if (r === undefined) return true;
      if (r === ',') return true;
      if (!/\s/u.test(r)) {
        this.sc.unread();
        return false;
      }
    }
  }

  private decodeJson(): unknown {
    const rest = this.sc.rest();
    const end = jsonValueEnd(rest);
    if (end < 0) throw new Error('unexpected EOF');
    const v = parseJson(rest.slice(0, end));
    this.sc.skipChars(end);
    return v;
  }

  private valList(): { list: unknown[]; err?: Error } {
    const r = this.sc.read();
    if (r === undefined) return { list: [], err: new EOF() };
    if (r !== '{') {
      this.sc.unread();
      return { list: [], err: new NotList() };
    }
    const list: unknown[] = [];
    for (;;) {
      const { v, last, eof } = runesUntil(this.sc, ',}');
      if (eof) return { list, err: new Error("list must terminate with '}'") };
      if (last === '}') {
        const next = this.sc.read();
        if (next !== undefined && next !== ',') this.sc.unread();
        list.push(this.reader(v));
        return { list };
      }
      list.push(this.reader(v));
    }
  }
}

/** strvals.ParseInto: typed values merged into dest. */
export function parseInto(s: string, dest: GoMap): void {
  new Parser(s, dest, 'typed', (rs) => typedVal(rs, false)).parse();
}
/** strvals.ParseIntoString: every value a string. */
export function parseIntoString(s: string, dest: GoMap): void {
  new Parser(s, dest, 'string', (rs) => typedVal(rs, true)).parse();
}
/** strvals.ParseJSON: values are JSON (an empty value is null). */
export function parseJSON(s: string, dest: GoMap): void {
  new Parser(s, dest, 'json', () => null).parse();
}
/** strvals.ParseIntoFile: each value names a file, read by `reader`. */
export function parseIntoFile(s: string, dest: GoMap, reader: RunesValueReader): void {
  new Parser(s, dest, 'file', reader).parse();
}
/** strvals.ParseLiteralInto: one name, and everything after `=` is the string value. */
export function parseLiteralInto(s: string, dest: GoMap): void {
  new Parser(s, dest, 'literal', (rs) => rs).parse();
}
/** strvals.Parse: a new map from one set line. */
export function parse(s: string): GoMap {
  const m: GoMap = {};
  parseInto(s, m);
  return m;
}
