// YAML as Helm reads and writes it: sigs.k8s.io/yaml v1.3.0 over gopkg.in/yaml.v2 v2.4.0.
//
// parseYaml = sigs.k8s.io/yaml.Unmarshal into interface{}: go-yaml v2 (YAML 1.1 resolution) decodes the
// first document, yamlToJSON turns map keys into strings, json.Marshal + json.Unmarshal then make every number
// a float64. toYaml = Helm's toYaml: json.Marshal, yaml.v2 Unmarshal of that JSON, yaml.v2 Marshal.
import jsyaml from 'js-yaml';
import type { GoValue, GoMap } from '../template/types.js';
import { formatFloat } from '../template/fmt.js';

/** An error from YAML decoding, message worded as Go's. */
export class YamlError extends Error {}

// ---------------------------------------------------------------------------------------------------------
// Resolution of plain scalars exactly as yaml.v2's resolve.go.

/** A resolved YAML scalar before JSON conversion (ints keep their exactness for key formatting). */
export type Resolved =
  | { tag: 'null' }
  | { tag: 'bool'; value: boolean }
  | { tag: 'int'; value: bigint; unsigned: boolean }
  | { tag: 'float'; value: number }
  | { tag: 'str'; value: string }
  | { tag: 'merge' };

const BOOL_NULL: Record<string, Resolved> = {};
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) BOOL_NULL[s] = { tag: 'bool', value: true };
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) BOOL_NULL[s] = { tag: 'bool', value: false };
for (const s of ['', '~', 'null', 'Null', 'NULL']) BOOL_NULL[s] = { tag: 'null' };
for (const s of ['.nan', '.NaN', '.NAN']) BOOL_NULL[s] = { tag: 'float', value: NaN };
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) BOOL_NULL[s] = { tag: 'float', value: Infinity };
for (const s of ['-.inf', '-.Inf', '-.INF']) BOOL_NULL[s] = { tag: 'float', value: -Infinity };
BOOL_NULL['<<'] = { tag: 'merge' };

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** Go's strconv.ParseInt(s, 0, 64)-style syntax check and value (base prefixes 0x 0o 0b, leading-0 octal,
 *  underscores only with a base prefix). Returns undefined on syntax error; range is checked by callers. */
function parseGoIntBase0(s: string): bigint | undefined {
  let neg = false;
  let i = 0;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
  }
  let body = s.slice(i);
  if (body === '') return undefined;
  let base = 10;
  let prefixed = false;
  if (body[0] === '0' && body.length > 1) {
    const c = body[1].toLowerCase();
    if (c === 'x') {
      base = 16;
      body = body.slice(2);
      prefixed = true;
    } else if (c === 'o') {
      base = 8;
      body = body.slice(2);
      prefixed = true;
    } else if (c === 'b') {
      base = 2;
      body = body.slice(2);
      prefixed = true;
    } else {
      base = 8;
      body = body.slice(1);
      prefixed = true;
    }
  }
  if (body === '') return undefined;
  const digits = '0123456789abcdef'.slice(0, base);
  let v = 0n;
  const b = BigInt(base);
  for (const ch of body.toLowerCase()) {
    const d = digits.indexOf(ch);
    if (d < 0) return undefined;
    v = v * b + BigInt(d);
  }
  return neg ? -v : v;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseFloat(s, 64) accepting syntax (decimal and hex floats, inf/nan words, underscores only
 *  with base prefix). Returns undefined on syntax error; out-of-range gives ±Inf with ok=false in Go. */
function parseGoFloat(s: string): { value: number; ok: boolean } | undefined {
  const m = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (m) {
    if (m[2].toLowerCase() === 'nan') return m[1] ? undefined : { value: NaN, ok: true };
    return { value: m[1] === '-' ? -Infinity : Infinity, ok: true };
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    const v = Number(s);
    return { value: v, ok: Number.isFinite(v) };
  }
  if (/^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+$/.test(s)) {
    const mm = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s)!;
    const mant = BigInt('0x' + (mm[2] + mm[3] || '0'));
    const exp = Number(mm[4]) - 4 * mm[3].length;
    const v = Number(mant) * Math.pow(2, exp);
    return { value: mm[1] === '-' ? -v : v, ok: Number.isFinite(v) };
  }
  return undefined;
}

/** Whether s looks like one of yaml.v2's accepted timestamps (kept as a string when decoding into interface{}). */
function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  // "2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t15:4:5.999999999Z07:00", "2006-1-2 15:4:5.999999999", "2006-1-2"
  return (
    /^\d{4}-\d{1,2}-\d{1,2}$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?$/.test(s)
  ) && validDate(s);
}

function validDate(s: string): boolean {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{1,2}):(\d{1,2}):(\d{1,2}))?/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const dim = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (d > dim) return false;
  if (m[4] !== undefined) {
    if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  }
  const tz = /([+-])(\d{2}):(\d{2})$/.exec(s);
  if (tz && m[4] !== undefined && (Number(tz[2]) > 23 || Number(tz[3]) > 59)) return false;
  return true;
}

/** yaml.v2's resolve() for an untagged plain scalar. Timestamps resolve to their text (as a string). */
export function resolvePlain(s: string): Resolved {
  const hit = BOOL_NULL[s];
  if (hit) return hit;
  const c = s.charCodeAt(0);
  const isDigit = c >= 48 && c <= 57;
  if (s[0] === '.') {
    const f = parseGoFloat(s);
    if (f && f.ok) return { tag: 'float', value: f.value };
    return { tag: 'str', value: s };
  }
  if (isDigit || s[0] === '+' || s[0] === '-') {
    if (isTimestamp(s)) return { tag: 'str', value: s };
    const plain = s.replace(/_/g, '');
    const iv = parseGoIntBase0(plain);
    if (iv !== undefined) {
      if (iv >= INT64_MIN && iv <= INT64_MAX) return { tag: 'int', value: iv, unsigned: false };
      // strconv.ParseUint takes no sign
      if (iv >= 0n && iv <= UINT64_MAX && !/^[+-]/.test(plain)) return { tag: 'int', value: iv, unsigned: true };
    }
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseGoFloat(plain);
      if (f && f.ok) return { tag: 'float', value: f.value };
    }
    if (plain.startsWith('0b')) {
      const body = plain.slice(2);
      if (/^[01]+$/.test(body)) {
        const v = BigInt('0b' + body);
        if (v <= INT64_MAX) return { tag: 'int', value: v, unsigned: false };
        if (v <= UINT64_MAX) return { tag: 'int', value: v, unsigned: true };
      }
    } else if (plain.startsWith('-0b')) {
      const body = plain.slice(3);
      if (/^[01]+$/.test(body)) {
        const v = -BigInt('0b' + body);
        if (v >= INT64_MIN) return { tag: 'int', value: v, unsigned: false };
      }
    }
    return { tag: 'str', value: s };
  }
  return { tag: 'str', value: s };
}

// ---------------------------------------------------------------------------------------------------------
// Decoding to Go values (stand-in over js-yaml; replaced by a go-yaml compatible parser below when present).

const RESOLVED = Symbol('resolved');
class Scalar {
  [RESOLVED] = true;
  constructor(readonly r: Resolved) {}
  get [Symbol.toStringTag]() {
    return 'GoYamlScalar';
  }
  toString(): string {
    return keyString(this.r);
  }
}

function keyString(r: Resolved): string {
  switch (r.tag) {
    case 'str':
      return r.value;
    case 'int':
      return r.value.toString();
    case 'bool':
      return r.value ? 'true' : 'false';
    case 'float': {
      const s = formatFloat(r.value, 'g', -1, 32);
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    }
    case 'null':
      throw new YamlError('Unsupported map key of type: %!s(<nil>), key: <nil>');
    case 'merge':
      return '<<';
  }
}

const goPlain = new jsyaml.Type('tag:yaml.org,2002:goplain', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && data !== '<<',
  construct: (data: string) => new Scalar(resolvePlain(data)),
});

const schema = new jsyaml.Schema({ implicit: [(jsyaml as any).types.merge, goPlain], explicit: [] });

function jsonNumberError(f: number): YamlError {
  const s = Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf';
  return new YamlError(`json: unsupported value: ${s}`);
}

/** Convert a decoded node tree (js-yaml output with Scalar leaves) to Go JSON values. */
function toJsonValue(v: unknown): GoValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Scalar) {
    const r = v.r;
    switch (r.tag) {
      case 'null':
        return null;
      case 'bool':
        return r.value;
      case 'int':
        return Number(r.value);
      case 'float':
        if (!Number.isFinite(r.value)) throw jsonNumberError(r.value);
        return r.value;
      case 'str':
        return r.value;
      case 'merge':
        return '<<';
    }
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (typeof v === 'object') {
    const out: GoMap = {};
    for (const k of Object.keys(v as object)) out[k] = toJsonValue((v as any)[k]);
    return out;
  }
  return String(v) as GoValue;
}

/** Parse YAML text as sigs.k8s.io/yaml.Unmarshal into interface{} does (first document only). */
export function parseYaml(text: string, filename?: string): GoValue {
  let doc: unknown;
  try {
    const docs = jsyaml.loadAll(text, undefined, { schema, json: true, filename }) as unknown[];
    doc = docs.length ? docs[0] : null;
  } catch (e) {
    if (e instanceof jsyaml.YAMLException) {
      const line = (e.mark?.line ?? 0) + 1;
      throw new YamlError(`error converting YAML to JSON: yaml: line ${line}: ${e.reason}`);
    }
    throw e;
  }
  try {
    return toJsonValue(doc);
  } catch (e) {
    if (e instanceof YamlError) throw new YamlError(`error converting YAML to JSON: ${e.message}`);
    throw e;
  }
}
