// YAML as Helm reads and writes it: sigs.k8s.io/yaml v1.3.0 over gopkg.in/yaml.v2 v2.4.0.
//
// parseYaml = sigs.k8s.io/yaml.Unmarshal into interface{}: go-yaml v2 (YAML 1.1 resolution) decodes the
// first document, yamlToJSON turns map keys into strings, json.Marshal + json.Unmarshal then make every number
// a float64. toYaml = Helm's toYaml: json.Marshal, yaml.v2 Unmarshal of that JSON, yaml.v2 Marshal.
import jsyaml from 'js-yaml';
import type { GoValue, GoMap } from '../template/types.js';
import { formatFloat } from '../template/fmt.js';
import { toJsonNode, JsonNumber, JsonError } from './json.js';
import type { JsonNode } from './json.js';

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

// ---------------------------------------------------------------------------------------------------------
// Encoding: yaml.v2 Marshal of what yaml.v2 Unmarshal made of json.Marshal's output (sigs.k8s.io/yaml).

/** A value as yaml.v2 holds it after decoding JSON into interface{}. */
type YNode = null | boolean | string | YInt | YFloat | YNode[] | YMap;
class YInt {
  constructor(readonly value: bigint) {}
}
class YFloat {
  constructor(readonly value: number) {}
}
class YMap {
  constructor(readonly entries: [string, YNode][]) {}
}

function fromJsonNode(n: JsonNode): YNode {
  if (n === null || typeof n === 'boolean' || typeof n === 'string') return n;
  if (n instanceof JsonNumber) {
    const r = resolvePlain(n.text);
    if (r.tag === 'int') return new YInt(r.value);
    if (r.tag === 'float') return new YFloat(r.value);
    return n.text;
  }
  if (Array.isArray(n)) return n.map(fromJsonNode);
  const m = new Map<string, YNode>();
  for (const [k, v] of n.entries) m.set(k, fromJsonNode(v));
  const keys = [...m.keys()].sort((a, b) => (keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0));
  return new YMap(keys.map((k) => [k, m.get(k)!]));
}

const IS_LETTER = /^\p{L}$/u;
const IS_DIGIT = /^\p{Nd}$/u;
const isLetter = (cp: number) => (cp < 0x80 ? (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) : IS_LETTER.test(String.fromCodePoint(cp)));
const isDigit = (cp: number) => (cp < 0x80 ? cp >= 48 && cp <= 57 : IS_DIGIT.test(String.fromCodePoint(cp)));

/** yaml.v2's keyList.Less for two string keys (natural order: digit runs compare numerically). */
export function keyLess(a: string, b: string): boolean {
  const ar = Array.from(a, (c) => c.codePointAt(0)!);
  const br = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === 48 || br[i] === 48) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== 48) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai] - 48));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi] - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

const enum Style {
  Plain,
  Single,
  Double,
  Literal,
}

interface ScalarAnalysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

const isPrintable = (cp: number) =>
  cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
const isBreak = (cp: number) => cp === 0x0d || cp === 0x0a || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
const isBlank = (cp: number | undefined) => cp === 0x20 || cp === 0x09;
const isBlankz = (cp: number | undefined) => cp === undefined || cp === 0 || isBlank(cp) || isBreak(cp);

/** yaml_emitter_analyze_scalar over code points. */
function analyzeScalar(v: number[]): ScalarAnalysis {
  if (v.length === 0) return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  let blockInd = false;
  let flowInd = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  if (v.length >= 3 && ((v[0] === 0x2d && v[1] === 0x2d && v[2] === 0x2d) || (v[0] === 0x2e && v[1] === 0x2e && v[2] === 0x2e))) {
    blockInd = true;
    flowInd = true;
  }
  let precededByWs = true;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    const followedByWs = i + 1 >= v.length || isBlank(v[i + 1]);
    if (i === 0) {
      switch (c) {
        case 0x23: case 0x2c: case 0x5b: case 0x5d: case 0x7b: case 0x7d: case 0x26: case 0x2a: case 0x21:
        case 0x7c: case 0x3e: case 0x27: case 0x22: case 0x25: case 0x40: case 0x60:
          flowInd = true;
          blockInd = true;
          break;
        case 0x3f: case 0x3a:
          flowInd = true;
          if (followedByWs) blockInd = true;
          break;
        case 0x2d:
          if (followedByWs) {
            flowInd = true;
            blockInd = true;
          }
          break;
      }
    } else {
      switch (c) {
        case 0x2c: case 0x3f: case 0x5b: case 0x5d: case 0x7b: case 0x7d:
          flowInd = true;
          break;
        case 0x3a:
          flowInd = true;
          if (followedByWs) blockInd = true;
          break;
        case 0x23:
          if (precededByWs) {
            flowInd = true;
            blockInd = true;
          }
          break;
      }
    }
    if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i + 1 === v.length) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i + 1 === v.length) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankz(c);
  }
  const a: ScalarAnalysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
  if (lineBreaks) a.flowPlain = a.blockPlain = false;
  if (flowInd) a.flowPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** The libyaml emitter state that matters for block-style output of plain data. */
class Emitter {
  private out: string[] = [];
  private column = 0;
  private indent = -1;
  private indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;
  private readonly bestIndent = 2;
  private readonly bestWidth = 80;
  // context of the node being emitted
  private mappingContext = false;
  private simpleKeyContext = false;

  result(): string {
    return this.out.join('');
  }

  private put(s: string): void {
    this.out.push(s);
    this.column++;
  }
  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }
  /** write(): one character (code point). */
  private write(cp: number): void {
    this.out.push(String.fromCodePoint(cp));
    this.column++;
  }
  private writeBreak(cp: number): void {
    if (cp === 0x0a) this.putBreak();
    else {
      this.write(cp);
      this.column = 0;
    }
  }
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }
  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }
  private writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }
  private writeIndicator(ind: string, needWs: boolean, isWs: boolean, isIndention: boolean): void {
    if (needWs && !this.whitespace) this.put(' ');
    for (const ch of ind) this.write(ch.codePointAt(0)!);
    this.whitespace = isWs;
    this.indention = this.indention && isIndention;
  }

  emitDocument(n: YNode): void {
    this.node(n, true, false, false, false);
    // document end
    this.writeIndent();
  }

  private node(n: YNode, root: boolean, sequence: boolean, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    void root;
    void sequence;
    if (Array.isArray(n)) return this.sequence(n);
    if (n instanceof YMap) return this.mapping(n);
    const [text, style] = scalarText(n);
    this.scalar(text, style);
  }

  private sequence(items: YNode[]): void {
    if (this.flowLevel > 0 || items.length === 0) {
      this.writeIndicator('[', true, true, false);
      this.increaseIndent(true, false);
      this.flowLevel++;
      this.flowLevel--;
      this.popIndent();
      this.writeIndicator(']', false, false, false);
      return;
    }
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const it of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(it, false, true, false, false);
    }
    this.popIndent();
  }

  private mapping(m: YMap): void {
    if (this.flowLevel > 0 || m.entries.length === 0) {
      this.writeIndicator('{', true, true, false);
      this.increaseIndent(true, false);
      this.flowLevel++;
      this.flowLevel--;
      this.popIndent();
      this.writeIndicator('}', false, false, false);
      return;
    }
    this.increaseIndent(false, false);
    for (const [k, v] of m.entries) {
      this.writeIndent();
      const [ktext, kstyle] = scalarText(k);
      const kcp = Array.from(ktext, (c) => c.codePointAt(0)!);
      const simple = !analyzeScalar(kcp).multiline && Buffer.byteLength(ktext, 'utf8') <= 128;
      if (simple) {
        this.node(k, false, false, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(k, false, false, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      void kstyle;
      this.node(v, false, false, true, false);
    }
    this.popIndent();
  }

  private scalar(text: string, requested: Style): void {
    const v = Array.from(text, (c) => c.codePointAt(0)!);
    const a = analyzeScalar(v);
    // yaml_emitter_select_scalar_style
    let style = requested;
    if (this.simpleKeyContext && a.multiline) style = Style.Double;
    if (style === Style.Plain) {
      if ((this.flowLevel > 0 && !a.flowPlain) || (this.flowLevel === 0 && !a.blockPlain)) style = Style.Single;
      if (v.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = Style.Single;
    }
    if (style === Style.Single && !a.singleQuoted) style = Style.Double;
    if (style === Style.Literal && (!a.block || this.flowLevel > 0 || this.simpleKeyContext)) style = Style.Double;
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case Style.Plain:
        this.writePlain(v, allowBreaks);
        break;
      case Style.Single:
        this.writeSingle(v, allowBreaks);
        break;
      case Style.Double:
        this.writeDouble(v, allowBreaks);
        break;
      case Style.Literal:
        this.writeLiteral(v);
        break;
    }
    this.popIndent();
  }

  private writePlain(v: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && v[i + 1] !== 0x20) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(v: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < v.length - 1 && v[i + 1] !== 0x20) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(v: number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    const bom = v[0] === 0xfeff; // go-yaml's is_bom looks at the start of the value for every character
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (!isPrintable(c) || bom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        const named: Record<number, string> = {
          0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
          0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
        };
        const nm = named[c];
        if (nm !== undefined) this.put(nm);
        else {
          let hex: string;
          if (c <= 0xff) hex = 'x' + c.toString(16).toUpperCase().padStart(2, '0');
          else if (c <= 0xffff) hex = 'u' + c.toString(16).toUpperCase().padStart(4, '0');
          else hex = 'U' + c.toString(16).toUpperCase().padStart(8, '0');
          for (const ch of hex) this.put(ch);
        }
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (v[i + 1] === 0x20) this.put('\\');
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(v: number[]): void {
    this.writeIndicator('|', true, false, false);
    // block scalar hints
    if (v[0] === 0x20 || isBreak(v[0])) this.writeIndicator(String(this.bestIndent), false, false, false);
    let chomp = '';
    const last = v.length - 1;
    if (v.length === 0) chomp = '-';
    else if (!isBreak(v[last])) chomp = '-';
    else if (last === 0) chomp = '+';
    else if (isBreak(v[last - 1])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** The text and requested style yaml.v2's encoder gives a scalar. */
function scalarText(n: YNode): [string, Style] {
  if (n === null) return ['null', Style.Plain];
  if (typeof n === 'boolean') return [n ? 'true' : 'false', Style.Plain];
  if (n instanceof YInt) return [n.value.toString(), Style.Plain];
  if (n instanceof YFloat) {
    const s = formatFloat(n.value, 'g', -1, 64);
    return [s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s, Style.Plain];
  }
  if (typeof n === 'string') {
    // encoder.stringv
    const r = resolvePlain(n);
    const canUsePlain = r.tag === 'str' && !isTimestamp(n) && !(/^[-+0-9]/.test(n) && n.includes(':') && BASE60.test(n));
    if (n.includes('\n')) return [n, Style.Literal];
    return [n, canUsePlain ? Style.Plain : Style.Double];
  }
  throw new Error('internal: not a scalar');
}

/** yaml.v2 Marshal of the value sigs.k8s.io/yaml's JSONToYAML decoded; ends with a newline. */
export function marshalYamlNode(n: JsonNode): string {
  const e = new Emitter();
  e.emitDocument(fromJsonNode(n));
  return e.result();
}

/** sigs.k8s.io/yaml.Marshal(v): throws JsonError when json.Marshal fails. */
export function marshalYaml(v: unknown): string {
  return marshalYamlNode(toJsonNode(v));
}

/** Helm's toYaml: sigs.k8s.io/yaml.Marshal without the final newline; "" when marshalling fails. */
export function toYaml(v: unknown): string {
  let data: string;
  try {
    data = marshalYaml(v);
  } catch (e) {
    if (e instanceof JsonError) return '';
    throw e;
  }
  return data.endsWith('\n') ? data.slice(0, -1) : data;
}

function jsonKindOf(v: GoValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'object';
}

/** sigs.k8s.io/yaml.Unmarshal(text, &m) for m of a map type (map[string]interface{}, chartutil.Values):
 *  a null document leaves the map empty; a non-map document fails as encoding/json does. */
export function unmarshalYamlMap(text: string, goType = 'map[string]interface {}'): GoMap {
  const v = parseYaml(text);
  if (v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new YamlError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKindOf(v)} into Go value of type ${goType}`);
  }
  return v as GoMap;
}

/** sigs.k8s.io/yaml.Unmarshal(text, &a) for a []interface{}. */
export function unmarshalYamlArray(text: string): GoValue[] {
  const v = parseYaml(text);
  if (v === null) return [];
  if (!Array.isArray(v)) {
    throw new YamlError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKindOf(v)} into Go value of type []interface {}`);
  }
  return v;
}
