// BurntSushi/toml v1.3.2's Encoder (what Helm's toToml uses) over the Go value model.
import { GoInt, GoStruct, GoDuration, GoFuncValue, isGoMap, goKindName } from '../template/types.js';
import { formatFloat } from '../template/fmt.js';
import { formatDuration } from './dates.js';
import { compareGoStrings } from './json.js';

/** An encoding error (tomlEncodeError); message as Go's err.Error(). */
export class TomlError extends Error {}
/** A Go runtime panic inside the encoder (not returned as an error: the template call fails). */
export class TomlPanic extends Error {}

const NIL_ELEMENT = 'toml: cannot encode array with nil element';

type TomlType = 'nil' | 'Bool' | 'Integer' | 'Float' | 'String' | 'Datetime' | 'Array' | 'ArrayHash' | 'Hash';

function isTextMarshaler(v: unknown): boolean {
  return v instanceof GoStruct && typeof (v as any).toJSON === 'function';
}

function isMapLike(v: unknown): v is Record<string, unknown> {
  return isGoMap(v) || (v instanceof GoStruct && !isTextMarshaler(v));
}

function typeOf(v: unknown): TomlType {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'boolean') return 'Bool';
  if (typeof v === 'number') return 'Float';
  if (typeof v === 'string') return 'String';
  if (v instanceof GoInt) return 'Integer';
  if (v instanceof GoDuration) return 'Integer';
  if (isTextMarshaler(v)) return 'String';
  if (Array.isArray(v) || v instanceof Uint8Array) return isTableArray(v) ? 'ArrayHash' : 'Array';
  if (isMapLike(v)) return 'Hash';
  throw new TomlError('unsupported type: ' + goKindName(v));
}

function isTableArray(arr: ArrayLike<unknown>): boolean {
  if (arr.length === 0) return false;
  let ret = true;
  for (let i = 0; i < arr.length; i++) {
    const t = typeOf(arr[i]);
    if (t === 'nil') throw new TomlError(NIL_ELEMENT);
    if (ret && t !== 'Hash') ret = false;
  }
  return ret;
}

const isTable = (t: TomlType) => t === 'Hash' || t === 'ArrayHash';

/** dblQuotedReplacer. */
function quote(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\r':
        out += '\\r';
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return '"' + out + '"';
}

function maybeQuoted(k: string): string {
  if (k === '') return '""';
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : quote(k);
}

function keyString(key: string[]): string {
  return key.map(maybeQuoted).join('.');
}

function entriesOf(v: Record<string, unknown>): [string, unknown][] {
  if (v instanceof GoStruct) {
    return Object.keys(v)
      .filter((k) => k !== 'goType' && /^\p{Lu}/u.test(k))
      .map((k) => [k, (v as any)[k]]);
  }
  return Object.keys(v).map((k) => [k, v[k]]);
}

class Encoder {
  private out: string[] = [];
  private hasWritten = false;
  private readonly indent = '  ';

  result(): string {
    return this.out.join('');
  }
  private wf(s: string): void {
    this.out.push(s);
    this.hasWritten = true;
  }
  private newline(): void {
    if (this.hasWritten) this.wf('\n');
  }
  private indentStr(key: string[]): string {
    return this.indent.repeat(Math.max(key.length - 1, 0));
  }

  encode(key: string[], v: unknown): void {
    if (isTextMarshaler(v)) return this.writeKeyValue(key, v, false);
    if (v === null || v === undefined) return;
    if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string' || v instanceof GoInt || v instanceof GoDuration) {
      return this.writeKeyValue(key, v, false);
    }
    if (Array.isArray(v) || v instanceof Uint8Array) {
      if (typeOf(v) === 'ArrayHash') return this.arrayOfTables(key, v as unknown[]);
      return this.writeKeyValue(key, v, false);
    }
    if (isMapLike(v)) return this.table(key, v);
    throw new TomlError(`unsupported type for key '${keyString(key)}': ${goKindName(v)}`);
  }

  private element(v: unknown): void {
    if (v instanceof GoDuration) return this.wf(quote(formatDuration(v.nanos)));
    if (isTextMarshaler(v)) return this.wf(quote(String((v as any).toJSON())));
    if (typeof v === 'string') return this.wf(quote(v));
    if (typeof v === 'boolean') return this.wf(v ? 'true' : 'false');
    if (v instanceof GoInt) return this.wf(v.value.toString());
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return this.wf('nan');
      if (!Number.isFinite(v)) return this.wf(v < 0 ? '-inf' : '+inf');
      const s = formatFloat(v, 'f', -1, 64);
      return this.wf(s.includes('.') ? s : s + '.0');
    }
    if (Array.isArray(v) || v instanceof Uint8Array) {
      const arr = Array.from(v as ArrayLike<unknown>, (x) => (typeof x === 'number' && v instanceof Uint8Array ? new GoInt(BigInt(x), 'uint8') : x));
      this.wf('[');
      arr.forEach((x, i) => {
        this.element(x);
        if (i !== arr.length - 1) this.wf(', ');
      });
      this.wf(']');
      return;
    }
    if (isMapLike(v)) return this.map([], v, true);
    if (v === null || v === undefined) throw new TomlError('reflect: call of reflect.Value.Type on zero Value');
    if (v instanceof GoFuncValue) throw new TomlError(`unexpected type: func(...interface {}) interface {}`);
    throw new TomlError(`unexpected type: ${goKindName(v)}`);
  }

  private arrayOfTables(key: string[], arr: unknown[]): void {
    if (key.length === 0) throw new TomlError('toml: top-level values must be Go maps or structs');
    for (const t of arr) {
      if (t === null || t === undefined) continue;
      this.newline();
      this.wf(`${this.indentStr(key)}[[${keyString(key)}]]`);
      this.newline();
      this.map(key, t as Record<string, unknown>, false);
    }
  }

  private table(key: string[], v: Record<string, unknown>): void {
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.wf(`${this.indentStr(key)}[${keyString(key)}]`);
      this.newline();
    }
    this.map(key, v, false);
  }

  private map(key: string[], v: Record<string, unknown>, inline: boolean): void {
    const direct: [string, unknown][] = [];
    const sub: [string, unknown][] = [];
    const entries = entriesOf(v);
    for (const [k, x] of entries) (isTable(typeOf(x)) ? sub : direct).push([k, x]);
    const isStruct = v instanceof GoStruct;
    const write = (list: [string, unknown][], trailC: boolean) => {
      if (!isStruct) list.sort((a, b) => compareGoStrings(a[0], b[0]));
      list.forEach(([k, x], i) => {
        if (x === null || x === undefined) return;
        if (inline) {
          this.writeKeyValue([k], x, true);
          if (trailC || i !== list.length - 1) this.wf(', ');
        } else this.encode([...key, k], x);
      });
    };
    if (inline) this.wf('{');
    write(direct, sub.length > 0);
    write(sub, false);
    if (inline) this.wf('}');
  }

  private writeKeyValue(key: string[], v: unknown, inline: boolean): void {
    if (key.length === 0) return this.element(v);
    this.wf(`${this.indentStr(key)}${maybeQuoted(key[key.length - 1])} = `);
    this.element(v);
    if (!inline) this.newline();
  }
}

/** toml.NewEncoder(buf).Encode(v); throws TomlError with the Go message. */
export function encodeToml(v: unknown): string {
  if (v === null || v === undefined) throw new TomlPanic('reflect: call of reflect.Value.Type on zero Value');
  const e = new Encoder();
  e.encode([], v);
  return e.result();
}
