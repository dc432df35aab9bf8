// Go's encoding/json (Go 1.21) over the Go value model: Marshal / MarshalIndent / Encoder without HTML
// escaping, and Unmarshal into interface{} (every number a float64) with Go's error texts.
import { GoInt, GoStruct, GoDuration, GoFuncValue, isGoMap, goTypeName } from '../template/types.js';
import type { GoValue, GoMap } from '../template/types.js';

/** A JSON number as its literal text (what Go's encoder wrote). */
export class JsonNumber {
  constructor(readonly text: string) {}
}
/** A JSON object with its members in output order (Go sorts map keys; structs keep field order). */
export class JsonObject {
  constructor(readonly entries: [string, JsonNode][]) {}
}
export type JsonNode = null | boolean | string | JsonNumber | JsonObject | JsonNode[];

/** An error of Go's json.Marshal / json.Unmarshal; message as err.Error(). */
export class JsonError extends Error {}

/** Compare two strings by their UTF-8 bytes (= by code points), as Go's string < does. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1; // a surrogate (astral code point) sorts after any BMP unit
    return ca - cb;
  }
  return a.length - b.length;
}

/** Go encoding/json's float64 text: shortest repr, 'f' for 1e-6 <= |f| < 1e21 else 'e' (e-7 not e-07). */
export function formatJsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new JsonError(`json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  if (Object.is(f, -0)) return '-0';
  // JavaScript's Number#toString uses exactly these thresholds and the shortest round-tripping digits.
  return String(f);
}

const encoder = new TextEncoder();
function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The JSON tree json.Marshal would write for v (throws JsonError on unsupported values). */
export function toJsonNode(v: unknown, depth = 0): JsonNode {
  if (depth > 10000) throw new JsonError('json: unsupported value: encountered a cycle');
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return toWellFormed(v);
    case 'boolean':
      return v;
    case 'number':
      return new JsonNumber(formatJsonFloat(v));
    case 'bigint':
      return new JsonNumber(v.toString());
  }
  if (v instanceof GoInt) return new JsonNumber(v.value.toString());
  if (v instanceof Uint8Array) return base64(v);
  if (Array.isArray(v)) return v.map((x) => toJsonNode(x, depth + 1));
  if (v instanceof GoDuration) return new JsonNumber(v.nanos.toString());
  if (v instanceof GoFuncValue) throw new JsonError(`json: unsupported type: ${goTypeName(v)}`);
  if (typeof (v as any).toJSON === 'function') {
    // Types with MarshalJSON / MarshalText (time.Time, semver.Version, ...): their JSON form.
    return toJsonNode((v as any).toJSON(), depth + 1);
  }
  if (v instanceof GoStruct) {
    const entries: [string, JsonNode][] = [];
    const fields = (v.constructor as { jsonFields?: readonly JsonField[] }).jsonFields;
    if (fields) {
      for (const [field, name, omitEmpty] of fields) {
        const x = (v as any)[field];
        if (omitEmpty && isEmptyValue(x)) continue;
        entries.push([name, toJsonNode(x, depth + 1)]);
      }
      return new JsonObject(entries);
    }
    for (const k of Object.keys(v)) {
      if (k === 'goType' || !/^\p{Lu}/u.test(k)) continue;
      entries.push([k, toJsonNode((v as any)[k], depth + 1)]);
    }
    return new JsonObject(entries);
  }
  if (v instanceof Map) {
    const keys = [...v.keys()].map(String).sort(compareGoStrings);
    return new JsonObject(keys.map((k) => [k, toJsonNode(v.get(k), depth + 1)]));
  }
  if (typeof v === 'object') {
    const keys = Object.keys(v as object).sort(compareGoStrings);
    return new JsonObject(keys.map((k) => [toWellFormed(k), toJsonNode((v as any)[k], depth + 1)]));
  }
  throw new JsonError(`json: unsupported type: ${goTypeName(v)}`);
}

/** How a GoStruct class may declare its encoding/json form, in Go field order: a static
 *  `jsonFields: [goField, jsonName, omitempty?][]` (e.g. chart.Metadata's `json:"name,omitempty"` tags).
 *  Without it, exported (capitalised) own properties are written under their Go names. */
export type JsonField = readonly [field: string, name: string, omitEmpty?: boolean];

/** encoding/json's isEmptyValue (for omitempty). */
function isEmptyValue(x: unknown): boolean {
  if (x === null || x === undefined || x === false || x === 0 || x === '') return true;
  if (x instanceof GoInt) return x.value === 0n;
  if (Array.isArray(x) || x instanceof Uint8Array) return x.length === 0;
  if (isGoMap(x)) return Object.keys(x).length === 0;
  return false;
}

/** Lone surrogates cannot be UTF-8: Go would see invalid bytes and write U+FFFD. */
function toWellFormed(s: string): string {
  return (s as any).toWellFormed ? (s as any).toWellFormed() : s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const HEX = '0123456789abcdef';

/** Go's encodeState.string. */
export function quoteJsonString(s: string, escapeHtml = true): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c || (escapeHtml && (c === 0x3c || c === 0x3e || c === 0x26))) {
      switch (c) {
        case 0x22:
          esc = '\\"';
          break;
        case 0x5c:
          esc = '\\\\';
          break;
        case 0x0a:
          esc = '\\n';
          break;
        case 0x0d:
          esc = '\\r';
          break;
        case 0x09:
          esc = '\\t';
          break;
        default:
          esc = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
      }
    } else if (c === 0x2028 || c === 0x2029) {
      esc = c === 0x2028 ? '\\u2028' : '\\u2029';
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

export interface MarshalOptions {
  /** MarshalIndent's indent (prefix is always ""). */
  indent?: string;
  /** HTML-escape <, >, & (default true, as json.Marshal). */
  escapeHtml?: boolean;
}

export function serializeJson(node: JsonNode, opts: MarshalOptions = {}): string {
  const escapeHtml = opts.escapeHtml ?? true;
  const indent = opts.indent ?? '';
  const parts: string[] = [];
  const walk = (n: JsonNode, level: number): void => {
    if (n === null) parts.push('null');
    else if (typeof n === 'boolean') parts.push(n ? 'true' : 'false');
    else if (typeof n === 'string') parts.push(quoteJsonString(n, escapeHtml));
    else if (n instanceof JsonNumber) parts.push(n.text);
    else if (Array.isArray(n)) {
      if (n.length === 0) {
        parts.push('[]');
        return;
      }
      parts.push('[');
      n.forEach((x, i) => {
        if (i > 0) parts.push(',');
        if (indent) parts.push('\n' + indent.repeat(level + 1));
        walk(x, level + 1);
      });
      if (indent) parts.push('\n' + indent.repeat(level));
      parts.push(']');
    } else {
      if (n.entries.length === 0) {
        parts.push('{}');
        return;
      }
      parts.push('{');
      n.entries.forEach(([k, x], i) => {
        if (i > 0) parts.push(',');
        if (indent) parts.push('\n' + indent.repeat(level + 1));
        parts.push(quoteJsonString(k, escapeHtml), indent ? ': ' : ':');
        walk(x, level + 1);
      });
      if (indent) parts.push('\n' + indent.repeat(level));
      parts.push('}');
    }
  };
  walk(node, 0);
  return parts.join('');
}

/** json.Marshal (or MarshalIndent(v, "", indent); escapeHtml false = Encoder.SetEscapeHTML(false) without
 *  the trailing newline). Throws JsonError with Go's message. */
export function marshalJson(v: unknown, opts: MarshalOptions = {}): string {
  return serializeJson(toJsonNode(v), opts);
}

// ---------------------------------------------------------------------------------------------------------
// Decoding: json.Unmarshal into interface{} / map[string]interface{} / []interface{}.

/** Go's quoteChar for scanner error messages. */
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const s = JSON.stringify(String.fromCharCode(c));
  let inner = s.slice(1, -1);
  // strconv.Quote differences from JSON.stringify for single characters
  if (c === 0x7f) inner = '\\x7f';
  else if (c < 0x20) {
    const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };
    inner = named[c] ?? '\\x' + c.toString(16).padStart(2, '0');
  } else if (c >= 0x80 && c < 0xa0) inner = '\\u' + c.toString(16).padStart(4, '0');
  else if (c === 0xad) inner = '\\u00ad';
  return `'${inner}'`;
}

class Syntax extends JsonError {}

class JsonParser {
  private i = 0;
  constructor(private readonly b: Uint8Array) {}

  private err(what: string): never {
    if (this.i >= this.b.length) throw new Syntax('unexpected end of JSON input');
    throw new Syntax(`invalid character ${quoteChar(this.b[this.i])} ${what}`);
  }
  private ws(): void {
    const b = this.b;
    while (this.i < b.length) {
      const c = b[this.i];
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }
  parseTop(): GoValue {
    this.ws();
    const v = this.value();
    this.ws();
    if (this.i < this.b.length) this.err('after top-level value');
    return v;
  }
  private value(): GoValue {
    const b = this.b;
    if (this.i >= b.length) this.err('');
    const c = b[this.i];
    switch (c) {
      case 0x7b:
        return this.object();
      case 0x5b:
        return this.array();
      case 0x22:
        return this.string();
      case 0x74:
        return this.literal('true', true);
      case 0x66:
        return this.literal('false', false);
      case 0x6e:
        return this.literal('null', null);
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    this.err('looking for beginning of value');
  }
  private literal(word: string, v: GoValue): GoValue {
    for (let k = 0; k < word.length; k++) {
      if (this.i >= this.b.length) this.err('');
      if (this.b[this.i] !== word.charCodeAt(k)) this.err(`in literal ${word} (expecting '${word[k]}')`);
      this.i++;
    }
    return v;
  }
  private number(): GoValue {
    const b = this.b;
    const start = this.i;
    const isD = (x: number) => x >= 0x30 && x <= 0x39;
    if (b[this.i] === 0x2d) {
      this.i++;
      if (this.i >= b.length) this.err('');
      if (!isD(b[this.i])) this.err('in numeric literal');
    }
    if (b[this.i] === 0x30) this.i++;
    else while (this.i < b.length && isD(b[this.i])) this.i++;
    if (this.i < b.length && b[this.i] === 0x2e) {
      this.i++;
      if (this.i >= b.length) this.err('');
      if (!isD(b[this.i])) this.err('after decimal point in numeric literal');
      while (this.i < b.length && isD(b[this.i])) this.i++;
    }
    if (this.i < b.length && (b[this.i] === 0x65 || b[this.i] === 0x45)) {
      this.i++;
      if (this.i < b.length && (b[this.i] === 0x2b || b[this.i] === 0x2d)) this.i++;
      if (this.i >= b.length) this.err('');
      if (!isD(b[this.i])) this.err('in exponent of numeric literal');
      while (this.i < b.length && isD(b[this.i])) this.i++;
    }
    const text = Buffer.from(b.subarray(start, this.i)).toString('latin1');
    const f = Number(text);
    if (!Number.isFinite(f)) throw new JsonError(`json: cannot unmarshal number ${text} into Go value of type float64`);
    return f;
  }
  private string(): string {
    const b = this.b;
    this.i++; // opening quote
    const chunks: string[] = [];
    let start = this.i;
    const flush = (end: number) => {
      if (end > start) chunks.push(Buffer.from(b.subarray(start, end)).toString('utf8'));
    };
    for (;;) {
      if (this.i >= b.length) this.err('');
      const c = b[this.i];
      if (c === 0x22) {
        flush(this.i);
        this.i++;
        return chunks.join('');
      }
      if (c < 0x20) this.err('in string literal');
      if (c === 0x5c) {
        flush(this.i);
        this.i++;
        if (this.i >= b.length) this.err('');
        const e = b[this.i];
        const simple: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };
        if (simple[e] !== undefined) {
          chunks.push(simple[e]);
          this.i++;
        } else if (e === 0x75) {
          this.i++;
          let code = this.hex4();
          if (code >= 0xd800 && code < 0xdc00) {
            // a surrogate pair only when followed by \uDC00-\uDFFF
            if (b[this.i] === 0x5c && b[this.i + 1] === 0x75) {
              const save = this.i;
              this.i += 2;
              const lo = this.hex4();
              if (lo >= 0xdc00 && lo < 0xe000) {
                chunks.push(String.fromCodePoint(0x10000 + ((code - 0xd800) << 10) + (lo - 0xdc00)));
                start = this.i;
                continue;
              }
              this.i = save;
            }
            code = 0xfffd;
          } else if (code >= 0xdc00 && code < 0xe000) code = 0xfffd;
          chunks.push(String.fromCharCode(code));
        } else this.err('in string escape code');
        start = this.i;
        continue;
      }
      this.i++;
    }
  }
  private hex4(): number {
    let v = 0;
    for (let k = 0; k < 4; k++) {
      if (this.i >= this.b.length) this.err('');
      const c = this.b[this.i];
      const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (d < 0) this.err('in \\u hexadecimal character escape');
      v = v * 16 + d;
      this.i++;
    }
    return v;
  }
  private array(): GoValue[] {
    this.i++;
    const out: GoValue[] = [];
    this.ws();
    if (this.i < this.b.length && this.b[this.i] === 0x5d) {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      if (this.i >= this.b.length) this.err('');
      const c = this.b[this.i];
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x5d) {
        this.i++;
        return out;
      }
      this.err('after array element');
    }
  }
  private object(): GoMap {
    this.i++;
    const out: GoMap = {};
    this.ws();
    if (this.i < this.b.length && this.b[this.i] === 0x7d) {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.i >= this.b.length) this.err('');
      if (this.b[this.i] !== 0x22) this.err('looking for beginning of object key string');
      const k = this.string();
      this.ws();
      if (this.i >= this.b.length) this.err('');
      if (this.b[this.i] !== 0x3a) this.err('after object key');
      this.i++;
      this.ws();
      const v = this.value();
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      this.ws();
      if (this.i >= this.b.length) this.err('');
      const c = this.b[this.i];
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x7d) {
        this.i++;
        return out;
      }
      this.err('after object key:value pair');
    }
  }
}

/** json.Unmarshal(text, &interface{}): numbers float64, objects plain maps. Throws JsonError. */
export function parseJson(text: string | Uint8Array): GoValue {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  return new JsonParser(bytes).parseTop();
}

/** The JSON kind encoding/json names in its unmarshal errors ("cannot unmarshal array into ..."). */
export function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'object';
}

/** json.Unmarshal into a map[string]interface{} (null leaves it empty). */
export function parseJsonObject(text: string): GoMap {
  const v = parseJson(text);
  if (v === null) return {};
  if (!isGoMap(v) || Array.isArray(v)) throw new JsonError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type map[string]interface {}`);
  return v;
}

/** json.Unmarshal into a []interface{} (null gives an empty (nil) slice). */
export function parseJsonArray(text: string): GoValue[] {
  const v = parseJson(text);
  if (v === null) return [];
  if (!Array.isArray(v)) throw new JsonError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type []interface {}`);
  return v;
}
