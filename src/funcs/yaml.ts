// YAML as Helm reads and writes it: sigs.k8s.io/yaml v1.3.0 over gopkg.in/yaml.v2 v2.4.0.
//
// parseYaml = sigs.k8s.io/yaml.Unmarshal into interface{}: go-yaml v2 (YAML 1.1 resolution) decodes the
// first document, yamlToJSON turns map keys into strings, json.Marshal + json.Unmarshal then make every number
// a float64. toYaml = Helm's toYaml: json.Marshal, yaml.v2 Unmarshal of that JSON, yaml.v2 Marshal.
import type { GoValue, GoMap } from '../template/types.js';
import { GoInt } from '../template/types.js';
import { formatFloat } from '../template/fmt.js';
import { toJsonNode, JsonNumber, JsonError, compareGoStrings, jsonKind } from './json.js';
import type { JsonNode } from './json.js';

/** An error from YAML decoding, message worded as Go's. */
export class YamlError extends Error {}


// ---------------------------------------------------------------------------------------------------------
// Resolution of plain scalars exactly as yaml.v2's resolve.go.

/** A resolved YAML scalar (ints keep their exactness). */
export type Resolved =
  | { tag: 'null' }
  | { tag: 'bool'; value: boolean }
  | { tag: 'int'; value: bigint; unsigned: boolean }
  | { tag: 'float'; value: number }
  | { tag: 'timestamp'; value: string }
  | { tag: 'str'; value: string };

const RESOLVE_MAP = new Map<string, Resolved>();
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) RESOLVE_MAP.set(s, { tag: 'bool', value: true });
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) RESOLVE_MAP.set(s, { tag: 'bool', value: false });
for (const s of ['', '~', 'null', 'Null', 'NULL']) RESOLVE_MAP.set(s, { tag: 'null' });
for (const s of ['.nan', '.NaN', '.NAN']) RESOLVE_MAP.set(s, { tag: 'float', value: NaN });
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) RESOLVE_MAP.set(s, { tag: 'float', value: Infinity });
for (const s of ['-.inf', '-.Inf', '-.INF']) RESOLVE_MAP.set(s, { tag: 'float', value: -Infinity });

/** resolveTable: the hint for a first byte. */
function resolveHint(s: string): string {
  if (s === '') return 'N';
  const c = s[0];
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** strconv.ParseInt(s, 0, 64)'s syntax (sign, 0x/0o/0b prefixes, leading-0 octal; no underscores left).
 *  Returns the unbounded value or undefined on a syntax error. */
function parseGoIntBase0(s: string): bigint | undefined {
  let neg = false;
  let body = s;
  if (body[0] === '+' || body[0] === '-') {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  if (body === '') return undefined;
  let base = 10;
  if (body[0] === '0' && body.length > 1) {
    const c = body[1].toLowerCase();
    if (c === 'x') [base, body] = [16, body.slice(2)];
    else if (c === 'o') [base, body] = [8, body.slice(2)];
    else if (c === 'b') [base, body] = [2, body.slice(2)];
    else [base, body] = [8, body.slice(1)];
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

/** strconv.ParseUint(s, 0, 64): no sign allowed. */
function parseGoUintBase0(s: string): bigint | undefined {
  if (s[0] === '+' || s[0] === '-') return undefined;
  const v = parseGoIntBase0(s);
  return v !== undefined && v <= UINT64_MAX ? v : undefined;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** strconv.ParseFloat(s, 64) for decimal syntax; undefined on a syntax or range error. */
function parseGoFloat(s: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s[0] === '-' ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    const v = Number(s);
    return Number.isFinite(v) ? v : undefined;
  }
  if (/^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+$/.test(s)) {
    const mm = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s)!;
    const mant = BigInt('0x' + (mm[2] + mm[3] || '0'));
    const v = Number(mant) * Math.pow(2, Number(mm[4]) - 4 * mm[3].length);
    return Number.isFinite(v) ? (mm[1] === '-' ? -v : v) : undefined;
  }
  return undefined;
}

/** yaml.v2's parseTimestamp: "2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t15:4:5.999999999Z07:00",
 *  "2006-1-2 15:4:5.999999999", "2006-1-2" as Go's time.Parse accepts them. */
export function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt ])(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(s);
  if (!m) return false;
  if (m[4] === ' ' && m[9] !== undefined) return false;
  if ((m[4] === 'T' || m[4] === 't') && m[9] === undefined) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const dim = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (d > dim) return false;
  if (m[4] !== undefined && (Number(m[5]) > 23 || Number(m[6]) > 59 || Number(m[7]) > 59)) return false;
  if (m[9] && m[9] !== 'Z' && (Number(m[9].slice(1, 3)) > 23 || Number(m[9].slice(4, 6)) > 59)) return false;
  return true;
}

/** yaml.v2's resolve("", s) for a plain scalar (with allowTimestamp false for explicitly tagged values). */
export function resolvePlain(s: string, allowTimestamp = true): Resolved {
  const hint = resolveHint(s);
  if (hint === '') return { tag: 'str', value: s };
  const hit = RESOLVE_MAP.get(s);
  if (hit) return hit;
  if (hint === '.') {
    const f = parseGoFloat(s);
    return f !== undefined ? { tag: 'float', value: f } : { tag: 'str', value: s };
  }
  if (hint === 'D' || hint === 'S') {
    if (allowTimestamp && isTimestamp(s)) return { tag: 'timestamp', value: s };
    const plain = s.replace(/_/g, '');
    const iv = parseGoIntBase0(plain);
    if (iv !== undefined && iv >= INT64_MIN && iv <= INT64_MAX) return { tag: 'int', value: iv, unsigned: false };
    const uv = parseGoUintBase0(plain);
    if (uv !== undefined) return { tag: 'int', value: uv, unsigned: true };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseGoFloat(plain);
      if (f !== undefined) return { tag: 'float', value: f };
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
  }
  return { tag: 'str', value: s };
}

// ---------------------------------------------------------------------------------------------------------
// A port of go-yaml v2's libyaml-derived reader checks, scanner and parser (scannerc.go, parserc.go), so that
// what parses, what fails, and the wording and line numbers of failures are go-yaml's.

interface Mark {
  index: number;
  line: number;
  column: number;
}

const enum T {
  StreamStart,
  StreamEnd,
  VersionDirective,
  TagDirective,
  DocumentStart,
  DocumentEnd,
  BlockSequenceStart,
  BlockMappingStart,
  BlockEnd,
  FlowSequenceStart,
  FlowSequenceEnd,
  FlowMappingStart,
  FlowMappingEnd,
  BlockEntry,
  FlowEntry,
  Key,
  Value,
  Alias,
  Anchor,
  Tag,
  Scalar,
}

const enum SStyle {
  Any,
  Plain,
  Single,
  Double,
  Literal,
  Folded,
}

interface Token {
  type: T;
  start: Mark;
  end: Mark;
  value?: string; // scalar value, anchor/alias name, tag handle, %TAG handle
  suffix?: string; // tag suffix
  prefix?: string; // %TAG prefix
  style?: SStyle;
  major?: number;
  minor?: number;
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

/** A go-yaml parse failure: kind, problem and marks as yaml_parser_t holds them. */
class YamlSyntax extends Error {
  constructor(
    readonly kind: 'reader' | 'scanner' | 'parser',
    readonly problem: string,
    readonly problemMark: Mark,
    readonly contextMark: Mark,
  ) {
    super(problem);
  }
  /** decode.go's (*parser).fail() message. */
  goMessage(): string {
    let line = 0;
    if (this.problemMark.line !== 0) {
      line = this.problemMark.line;
      if (this.kind === 'scanner') line++;
    } else if (this.contextMark.line !== 0) line = this.contextMark.line;
    const where = line !== 0 ? `line ${line}: ` : '';
    return `yaml: ${where}${this.problem || 'unknown problem parsing YAML content'}`;
  }
}

const ZERO_MARK: Mark = { index: 0, line: 0, column: 0 };
const copyMark = (m: Mark): Mark => ({ index: m.index, line: m.line, column: m.column });

const isAlphaC = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d;
const isDigitC = (c: number) => c >= 0x30 && c <= 0x39;
const isHexC = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const asHex = (c: number) => (c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c - 0x30);
const isBreakC = (c: number) => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlankC = (c: number) => c === 0x20 || c === 0x09;
const isBreakzC = (c: number) => isBreakC(c) || c === 0;
const isBlankzC = (c: number) => isBlankC(c) || isBreakzC(c);

class Scanner {
  private buf: Uint32Array;
  private pos = 0;
  mark: Mark = { index: 0, line: 0, column: 0 };
  private tokens: Token[] = [];
  private head = 0;
  private tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;
  streamEndProduced = false;
  private indent = -1;
  private indents: number[] = [];
  private simpleKeyAllowed = false;
  private simpleKeys: SimpleKey[] = [];
  private simpleKeysByTok = new Map<number, number>();
  private flowLevel = 0;

  constructor(text: string) {
    // The text's code points (lone surrogates kept as they are), in a typed array: large inputs (values files,
    // rendered manifests) are decoded an order of magnitude faster than through an array of numbers.
    const n = text.length;
    let cps = new Uint32Array(n);
    let j = 0;
    for (let i = 0; i < n; i++) {
      let c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          i++;
        }
      }
      cps[j++] = c;
    }
    if (j !== n) cps = cps.subarray(0, j);
    // The reader: a BOM is skipped; characters outside YAML's printable set are rejected.
    let start = 0;
    if (cps[0] === 0xfeff) start = 1;
    // go-yaml decodes its input in 512-byte chunks as the scanner needs characters, and fails on a disallowed
    // character when the chunk holding it is decoded: the scanner fails once it looks into that chunk.
    let bytes = start ? 3 : 0;
    let chunkStart = start;
    let chunk = 0;
    for (let i = start; i < cps.length; i++) {
      const v = cps[i];
      const w = v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4;
      const c = Math.floor((bytes + w - 1) / 512); // a character is decoded with the chunk holding its last byte
      if (c !== chunk) {
        chunk = c;
        chunkStart = i;
      }
      if (
        !(v === 0x09 || v === 0x0a || v === 0x0d || (v >= 0x20 && v <= 0x7e) || v === 0x85 || (v >= 0xa0 && v <= 0xd7ff) ||
          (v >= 0xe000 && v <= 0xfffd) || (v >= 0x10000 && v <= 0x10ffff))
      ) {
        this.badFrom = chunkStart - start;
        break;
      }
      bytes += w;
    }
    this.buf = start ? cps.slice(start) : cps;
  }

  /** Index of the first character the reader fails to hand out (a disallowed character's chunk). */
  private badFrom = Infinity;

  private at(k = 0): number {
    const i = this.pos + k;
    if (i >= this.badFrom) throw new YamlSyntax('reader', 'control characters are not allowed', ZERO_MARK, ZERO_MARK);
    return i < this.buf.length ? this.buf[i] : 0;
  }

  private err(context: string, contextMark: Mark, problem: string): never {
    void context;
    throw new YamlSyntax('scanner', problem, copyMark(this.mark), copyMark(contextMark));
  }

  private skip(): void {
    this.mark.index++;
    this.mark.column++;
    this.pos++;
  }
  private skipLine(): void {
    if (this.at() === 0x0d && this.at(1) === 0x0a) {
      this.mark.index += 2;
      this.mark.column = 0;
      this.mark.line++;
      this.pos += 2;
    } else if (isBreakC(this.at())) {
      this.mark.index++;
      this.mark.column = 0;
      this.mark.line++;
      this.pos++;
    }
  }
  private read(s: number[]): void {
    s.push(this.at());
    this.pos++;
    this.mark.index++;
    this.mark.column++;
  }
  private readLine(s: number[]): void {
    const c = this.at();
    if (c === 0x0d && this.at(1) === 0x0a) {
      s.push(0x0a);
      this.pos += 2;
      this.mark.index++;
    } else if (c === 0x0d || c === 0x0a || c === 0x85) {
      s.push(0x0a);
      this.pos++;
    } else if (c === 0x2028 || c === 0x2029) {
      s.push(c);
      this.pos++;
    } else return;
    this.mark.index++;
    this.mark.column = 0;
    this.mark.line++;
  }

  private insertToken(pos: number, tok: Token): void {
    if (pos < 0) this.tokens.push(tok);
    else this.tokens.splice(this.head + pos, 0, tok);
  }

  /** peek_token */
  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head];
  }
  /** skip_token */
  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.streamEndProduced = this.tokens[this.head].type === T.StreamEnd;
    this.head++;
    if (this.head > 64 && this.head * 2 > this.tokens.length) {
      this.tokens = this.tokens.slice(this.head);
      this.head = 0;
    }
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length) {
        const idx = this.simpleKeysByTok.get(this.tokensParsed);
        if (idx === undefined) break;
        if (!this.simpleKeyIsValid(this.simpleKeys[idx])) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private fetchNextToken(): void {
    this.at(0);
    if (!this.streamStartProduced) return this.fetchStreamStart();
    this.scanToNextToken();
    this.unrollIndent(this.mark.column);
    this.at(3);
    const c = this.at();
    if (this.pos >= this.buf.length) return this.fetchStreamEnd();
    if (this.mark.column === 0 && c === 0x25) return this.fetchDirective();
    if (this.mark.column === 0 && c === 0x2d && this.at(1) === 0x2d && this.at(2) === 0x2d && isBlankzC(this.at(3))) {
      return this.fetchDocumentIndicator(T.DocumentStart);
    }
    if (this.mark.column === 0 && c === 0x2e && this.at(1) === 0x2e && this.at(2) === 0x2e && isBlankzC(this.at(3))) {
      return this.fetchDocumentIndicator(T.DocumentEnd);
    }
    if (c === 0x5b) return this.fetchFlowCollectionStart(T.FlowSequenceStart);
    if (c === 0x7b) return this.fetchFlowCollectionStart(T.FlowMappingStart);
    if (c === 0x5d) return this.fetchFlowCollectionEnd(T.FlowSequenceEnd);
    if (c === 0x7d) return this.fetchFlowCollectionEnd(T.FlowMappingEnd);
    if (c === 0x2c) return this.fetchFlowEntry();
    if (c === 0x2d && isBlankzC(this.at(1))) return this.fetchBlockEntry();
    if (c === 0x3f && (this.flowLevel > 0 || isBlankzC(this.at(1)))) return this.fetchKey();
    if (c === 0x3a && (this.flowLevel > 0 || isBlankzC(this.at(1)))) return this.fetchValue();
    if (c === 0x2a) return this.fetchAnchor(T.Alias);
    if (c === 0x26) return this.fetchAnchor(T.Anchor);
    if (c === 0x21) return this.fetchTag();
    if (c === 0x7c && this.flowLevel === 0) return this.fetchBlockScalar(true);
    if (c === 0x3e && this.flowLevel === 0) return this.fetchBlockScalar(false);
    if (c === 0x27) return this.fetchFlowScalar(true);
    if (c === 0x22) return this.fetchFlowScalar(false);
    const indicator = '-?:,[]{}#&*!|>\'"%@`'.includes(String.fromCodePoint(c));
    if (
      !(isBlankzC(c) || indicator) ||
      (c === 0x2d && !isBlankC(this.at(1))) ||
      (this.flowLevel === 0 && (c === 0x3f || c === 0x3a) && !isBlankzC(this.at(1)))
    ) {
      return this.fetchPlainScalar();
    }
    this.err('while scanning for the next token', this.mark, 'found character that cannot start any token');
  }

  private simpleKeyIsValid(sk: SimpleKey): boolean {
    if (!sk.possible) return false;
    if (sk.mark.line < this.mark.line || sk.mark.index + 1024 < this.mark.index) {
      if (sk.required) this.err('while scanning a simple key', sk.mark, "could not find expected ':'");
      sk.possible = false;
      return false;
    }
    return true;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (this.simpleKeyAllowed) {
      const sk: SimpleKey = {
        possible: true,
        required,
        tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
        mark: copyMark(this.mark),
      };
      this.removeSimpleKey();
      this.simpleKeys[this.simpleKeys.length - 1] = sk;
      this.simpleKeysByTok.set(sk.tokenNumber, this.simpleKeys.length - 1);
    }
  }

  private removeSimpleKey(): void {
    const i = this.simpleKeys.length - 1;
    const sk = this.simpleKeys[i];
    if (sk.possible) {
      if (sk.required) this.err('while scanning a simple key', sk.mark, "could not find expected ':'");
      sk.possible = false;
      this.simpleKeysByTok.delete(sk.tokenNumber);
    }
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: this.tokensParsed + (this.tokens.length - this.head), mark: copyMark(this.mark) });
    this.flowLevel++;
    if (this.flowLevel > 10000) this.err('while increasing flow level', this.simpleKeys[this.simpleKeys.length - 1].mark, 'exceeded max depth of 10000');
  }
  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const last = this.simpleKeys.pop()!;
      this.simpleKeysByTok.delete(last.tokenNumber);
    }
  }

  private rollIndent(column: number, number: number, type: T, mark: Mark): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > 10000) this.err('while increasing indent level', this.simpleKeys[this.simpleKeys.length - 1].mark, 'exceeded max depth of 10000');
      const tok: Token = { type, start: copyMark(mark), end: copyMark(mark) };
      if (number > -1) number -= this.tokensParsed;
      this.insertToken(number, tok);
    }
  }
  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.insertToken(-1, { type: T.BlockEnd, start: copyMark(this.mark), end: copyMark(this.mark) });
      this.indent = this.indents.pop()!;
    }
  }

  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: copyMark(ZERO_MARK) });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    this.insertToken(-1, { type: T.StreamStart, start: copyMark(this.mark), end: copyMark(this.mark) });
  }
  private fetchStreamEnd(): void {
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, { type: T.StreamEnd, start: copyMark(this.mark), end: copyMark(this.mark) });
  }
  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanDirective());
  }
  private fetchDocumentIndicator(type: T): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = copyMark(this.mark);
    this.skip();
    this.skip();
    this.skip();
    this.insertToken(-1, { type, start, end: copyMark(this.mark) });
  }
  private fetchFlowCollectionStart(type: T): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    const start = copyMark(this.mark);
    this.skip();
    this.insertToken(-1, { type, start, end: copyMark(this.mark) });
  }
  private fetchFlowCollectionEnd(type: T): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    const start = copyMark(this.mark);
    this.skip();
    this.insertToken(-1, { type, start, end: copyMark(this.mark) });
  }
  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = copyMark(this.mark);
    this.skip();
    this.insertToken(-1, { type: T.FlowEntry, start, end: copyMark(this.mark) });
  }
  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.err('', this.mark, 'block sequence entries are not allowed in this context');
      this.rollIndent(this.mark.column, -1, T.BlockSequenceStart, this.mark);
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = copyMark(this.mark);
    this.skip();
    this.insertToken(-1, { type: T.BlockEntry, start, end: copyMark(this.mark) });
  }
  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.err('', this.mark, 'mapping keys are not allowed in this context');
      this.rollIndent(this.mark.column, -1, T.BlockMappingStart, this.mark);
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    const start = copyMark(this.mark);
    this.skip();
    this.insertToken(-1, { type: T.Key, start, end: copyMark(this.mark) });
  }
  private fetchValue(): void {
    const sk = this.simpleKeys[this.simpleKeys.length - 1];
    if (this.simpleKeyIsValid(sk)) {
      this.insertToken(sk.tokenNumber - this.tokensParsed, { type: T.Key, start: copyMark(sk.mark), end: copyMark(sk.mark) });
      this.rollIndent(sk.mark.column, sk.tokenNumber, T.BlockMappingStart, sk.mark);
      sk.possible = false;
      this.simpleKeysByTok.delete(sk.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.err('', this.mark, 'mapping values are not allowed in this context');
        this.rollIndent(this.mark.column, -1, T.BlockMappingStart, this.mark);
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const start = copyMark(this.mark);
    this.skip();
    this.insertToken(-1, { type: T.Value, start, end: copyMark(this.mark) });
  }
  private fetchAnchor(type: T): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanAnchor(type));
  }
  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanTag());
  }
  private fetchBlockScalar(literal: boolean): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insertToken(-1, this.scanBlockScalar(literal));
  }
  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanFlowScalar(single));
  }
  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanPlainScalar());
  }

  private scanToNextToken(): void {
    for (;;) {
      if (this.mark.column === 0 && this.at() === 0xfeff) this.skip();
      while (this.at() === 0x20 || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.at() === 0x09)) this.skip();
      if (this.at() === 0x23) {
        while (!isBreakzC(this.at())) this.skip();
      }
      if (isBreakC(this.at())) {
        this.skipLine();
        if (this.flowLevel === 0) this.simpleKeyAllowed = true;
      } else break;
    }
  }

  private scanDirective(): Token {
    const start = copyMark(this.mark);
    this.skip();
    const name = this.scanDirectiveName(start);
    let tok: Token;
    if (name === 'YAML') {
      const [major, minor] = this.scanVersionDirectiveValue(start);
      tok = { type: T.VersionDirective, start, end: copyMark(this.mark), major, minor };
    } else if (name === 'TAG') {
      const [handle, prefix] = this.scanTagDirectiveValue(start);
      tok = { type: T.TagDirective, start, end: copyMark(this.mark), value: handle, prefix };
    } else {
      this.err('while scanning a directive', start, 'found unknown directive name');
    }
    while (isBlankC(this.at())) this.skip();
    if (this.at() === 0x23) while (!isBreakzC(this.at())) this.skip();
    if (!isBreakzC(this.at())) this.err('while scanning a directive', start, 'did not find expected comment or line break');
    if (isBreakC(this.at())) this.skipLine();
    return tok;
  }
  private scanDirectiveName(start: Mark): string {
    const s: number[] = [];
    while (isAlphaC(this.at())) this.read(s);
    if (s.length === 0) this.err('while scanning a directive', start, 'could not find expected directive name');
    if (!isBlankzC(this.at())) this.err('while scanning a directive', start, 'found unexpected non-alphabetical character');
    return cpString(s);
  }
  private scanVersionDirectiveValue(start: Mark): [number, number] {
    while (isBlankC(this.at())) this.skip();
    const major = this.scanVersionDirectiveNumber(start);
    if (this.at() !== 0x2e) this.err('while scanning a %YAML directive', start, "did not find expected digit or '.' character");
    this.skip();
    const minor = this.scanVersionDirectiveNumber(start);
    return [major, minor];
  }
  private scanVersionDirectiveNumber(start: Mark): number {
    let value = 0;
    let length = 0;
    while (isDigitC(this.at())) {
      length++;
      if (length > 2) this.err('while scanning a %YAML directive', start, 'found extremely long version number');
      value = value * 10 + (this.at() - 0x30);
      this.skip();
    }
    if (length === 0) this.err('while scanning a %YAML directive', start, 'did not find expected version number');
    return value;
  }
  private scanTagDirectiveValue(start: Mark): [string, string] {
    while (isBlankC(this.at())) this.skip();
    const handle = this.scanTagHandle(true, start);
    if (!isBlankC(this.at())) this.err('while scanning a %TAG directive', start, 'did not find expected whitespace');
    while (isBlankC(this.at())) this.skip();
    const prefix = this.scanTagUri(true, '', start);
    if (!isBlankzC(this.at())) this.err('while scanning a %TAG directive', start, 'did not find expected whitespace or line break');
    return [handle, prefix];
  }
  private scanAnchor(type: T): Token {
    const s: number[] = [];
    const start = copyMark(this.mark);
    this.skip();
    while (isAlphaC(this.at())) this.read(s);
    const end = copyMark(this.mark);
    const c = this.at();
    if (s.length === 0 || !(isBlankzC(c) || c === 0x3f || c === 0x3a || c === 0x2c || c === 0x5d || c === 0x7d || c === 0x25 || c === 0x40 || c === 0x60)) {
      this.err(type === T.Anchor ? 'while scanning an anchor' : 'while scanning an alias', start, 'did not find expected alphabetic or numeric character');
    }
    return { type, start, end, value: cpString(s) };
  }
  private scanTag(): Token {
    let handle: string;
    let suffix: string;
    const start = copyMark(this.mark);
    if (this.at(1) === 0x3c) {
      handle = '';
      this.skip();
      this.skip();
      suffix = this.scanTagUri(false, '', start);
      if (this.at() !== 0x3e) this.err('while scanning a tag', start, "did not find the expected '>'");
      this.skip();
    } else {
      handle = this.scanTagHandle(false, start);
      if (handle[0] === '!' && handle.length > 1 && handle[handle.length - 1] === '!') {
        suffix = this.scanTagUri(false, '', start);
      } else {
        suffix = this.scanTagUri(false, handle, start);
        handle = '!';
        if (suffix.length === 0) [handle, suffix] = [suffix, handle];
      }
    }
    if (!isBlankzC(this.at())) this.err('while scanning a tag', start, 'did not find expected whitespace or line break');
    return { type: T.Tag, start, end: copyMark(this.mark), value: handle, suffix };
  }
  private scanTagHandle(directive: boolean, start: Mark): string {
    const ctx = directive ? 'while parsing a %TAG directive' : 'while parsing a tag';
    if (this.at() !== 0x21) this.err(ctx, start, "did not find expected '!'");
    const s: number[] = [];
    this.read(s);
    while (isAlphaC(this.at())) this.read(s);
    if (this.at() === 0x21) this.read(s);
    else if (directive && !(s.length === 1 && s[0] === 0x21)) this.err(ctx, start, "did not find expected '!'");
    return cpString(s);
  }
  private scanTagUri(directive: boolean, head: string, start: Mark): string {
    const ctx = directive ? 'while parsing a %TAG directive' : 'while parsing a tag';
    let hasTag = head.length > 0;
    const bytes: number[] = [];
    if (head.length > 1) for (const b of Buffer.from(head.slice(1), 'utf8')) bytes.push(b);
    const uriChars = ";/?:@&=+$,.!~*'()[]%";
    for (;;) {
      const c = this.at();
      if (!(isAlphaC(c) || (c < 0x80 && c !== 0 && uriChars.includes(String.fromCharCode(c))))) break;
      if (c === 0x25) {
        // URI escapes
        let w = 1024;
        while (w > 0) {
          if (!(this.at() === 0x25 && isHexC(this.at(1)) && isHexC(this.at(2)))) this.err(ctx, start, 'did not find URI escaped octet');
          const octet = (asHex(this.at(1)) << 4) + asHex(this.at(2));
          if (w === 1024) {
            w = (octet & 0x80) === 0 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
            if (w === 0) this.err(ctx, start, 'found an incorrect leading UTF-8 octet');
          } else if ((octet & 0xc0) !== 0x80) this.err(ctx, start, 'found an incorrect trailing UTF-8 octet');
          bytes.push(octet);
          this.skip();
          this.skip();
          this.skip();
          w--;
        }
      } else {
        for (const b of Buffer.from(String.fromCodePoint(c), 'utf8')) bytes.push(b);
        this.skip();
      }
      hasTag = true;
    }
    if (!hasTag) this.err(ctx, start, 'did not find expected tag URI');
    return Buffer.from(bytes).toString('utf8');
  }

  private scanBlockScalar(literal: boolean): Token {
    const start = copyMark(this.mark);
    this.skip();
    let chomping = 0;
    let increment = 0;
    if (this.at() === 0x2b || this.at() === 0x2d) {
      chomping = this.at() === 0x2b ? 1 : -1;
      this.skip();
      if (isDigitC(this.at())) {
        if (this.at() === 0x30) this.err('while scanning a block scalar', start, 'found an indentation indicator equal to 0');
        increment = this.at() - 0x30;
        this.skip();
      }
    } else if (isDigitC(this.at())) {
      if (this.at() === 0x30) this.err('while scanning a block scalar', start, 'found an indentation indicator equal to 0');
      increment = this.at() - 0x30;
      this.skip();
      if (this.at() === 0x2b || this.at() === 0x2d) {
        chomping = this.at() === 0x2b ? 1 : -1;
        this.skip();
      }
    }
    while (isBlankC(this.at())) this.skip();
    if (this.at() === 0x23) while (!isBreakzC(this.at())) this.skip();
    if (!isBreakzC(this.at())) this.err('while scanning a block scalar', start, 'did not find expected comment or line break');
    if (isBreakC(this.at())) this.skipLine();
    const endRef = { mark: copyMark(this.mark) };
    let indent = 0;
    if (increment > 0) indent = this.indent >= 0 ? this.indent + increment : increment;
    const s: number[] = [];
    let leadingBreak: number[] = [];
    let trailingBreaks: number[] = [];
    const indentRef = { v: indent };
    this.scanBlockScalarBreaks(indentRef, trailingBreaks, start, endRef);
    let leadingBlank = false;
    let trailingBlank = false;
    while (this.mark.column === indentRef.v && this.pos < this.buf.length) {
      trailingBlank = isBlankC(this.at());
      if (!literal && !leadingBlank && !trailingBlank && leadingBreak.length > 0 && leadingBreak[0] === 0x0a) {
        if (trailingBreaks.length === 0) s.push(0x20);
      } else s.push(...leadingBreak);
      leadingBreak = [];
      s.push(...trailingBreaks);
      trailingBreaks = [];
      leadingBlank = isBlankC(this.at());
      while (!isBreakzC(this.at())) this.read(s);
      this.readLine(leadingBreak);
      this.scanBlockScalarBreaks(indentRef, trailingBreaks, start, endRef);
    }
    if (chomping !== -1) s.push(...leadingBreak);
    if (chomping === 1) s.push(...trailingBreaks);
    return { type: T.Scalar, start, end: endRef.mark, value: cpString(s), style: literal ? SStyle.Literal : SStyle.Folded };
  }
  private scanBlockScalarBreaks(indent: { v: number }, breaks: number[], start: Mark, end: { mark: Mark }): void {
    end.mark = copyMark(this.mark);
    let maxIndent = 0;
    for (;;) {
      while ((indent.v === 0 || this.mark.column < indent.v) && this.at() === 0x20) this.skip();
      if (this.mark.column > maxIndent) maxIndent = this.mark.column;
      if ((indent.v === 0 || this.mark.column < indent.v) && this.at() === 0x09) {
        this.err('while scanning a block scalar', start, 'found a tab character where an indentation space is expected');
      }
      if (!isBreakC(this.at())) break;
      this.readLine(breaks);
      end.mark = copyMark(this.mark);
    }
    if (indent.v === 0) {
      indent.v = maxIndent;
      if (indent.v < this.indent + 1) indent.v = this.indent + 1;
      if (indent.v < 1) indent.v = 1;
    }
  }

  private scanFlowScalar(single: boolean): Token {
    const start = copyMark(this.mark);
    this.skip();
    const s: number[] = [];
    let leadingBreak: number[] = [];
    let trailingBreaks: number[] = [];
    let whitespaces: number[] = [];
    for (;;) {
      if (
        this.mark.column === 0 &&
        ((this.at() === 0x2d && this.at(1) === 0x2d && this.at(2) === 0x2d) || (this.at() === 0x2e && this.at(1) === 0x2e && this.at(2) === 0x2e)) &&
        isBlankzC(this.at(3))
      ) {
        this.err('while scanning a quoted scalar', start, 'found unexpected document indicator');
      }
      if (this.pos >= this.buf.length) this.err('while scanning a quoted scalar', start, 'found unexpected end of stream');
      let leadingBlanks = false;
      while (!isBlankzC(this.at())) {
        const c = this.at();
        if (single && c === 0x27 && this.at(1) === 0x27) {
          s.push(0x27);
          this.skip();
          this.skip();
        } else if (single && c === 0x27) break;
        else if (!single && c === 0x22) break;
        else if (!single && c === 0x5c && isBreakC(this.at(1))) {
          this.skip();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && c === 0x5c) {
          let codeLength = 0;
          const e = this.at(1);
          switch (e) {
            case 0x30: s.push(0); break;
            case 0x61: s.push(7); break;
            case 0x62: s.push(8); break;
            case 0x74: case 0x09: s.push(9); break;
            case 0x6e: s.push(10); break;
            case 0x76: s.push(11); break;
            case 0x66: s.push(12); break;
            case 0x72: s.push(13); break;
            case 0x65: s.push(0x1b); break;
            case 0x20: s.push(0x20); break;
            case 0x22: s.push(0x22); break;
            case 0x27: s.push(0x27); break;
            case 0x5c: s.push(0x5c); break;
            case 0x4e: s.push(0x85); break;
            case 0x5f: s.push(0xa0); break;
            case 0x4c: s.push(0x2028); break;
            case 0x50: s.push(0x2029); break;
            case 0x78: codeLength = 2; break;
            case 0x75: codeLength = 4; break;
            case 0x55: codeLength = 8; break;
            default:
              this.err('while parsing a quoted scalar', start, 'found unknown escape character');
          }
          this.skip();
          this.skip();
          if (codeLength > 0) {
            let value = 0;
            for (let k = 0; k < codeLength; k++) {
              if (!isHexC(this.at(k))) this.err('while parsing a quoted scalar', start, 'did not find expected hexdecimal number');
              value = value * 16 + asHex(this.at(k));
            }
            if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) {
              this.err('while parsing a quoted scalar', start, 'found invalid Unicode character escape code');
            }
            s.push(value);
            for (let k = 0; k < codeLength; k++) this.skip();
          }
        } else this.read(s);
      }
      if (single ? this.at() === 0x27 : this.at() === 0x22) break;
      while (isBlankC(this.at()) || isBreakC(this.at())) {
        if (isBlankC(this.at())) {
          if (!leadingBlanks) this.read(whitespaces);
          else this.skip();
        } else if (!leadingBlanks) {
          whitespaces = [];
          this.readLine(leadingBreak);
          leadingBlanks = true;
        } else this.readLine(trailingBreaks);
      }
      if (leadingBlanks) {
        if (leadingBreak.length > 0 && leadingBreak[0] === 0x0a) {
          if (trailingBreaks.length === 0) s.push(0x20);
          else s.push(...trailingBreaks);
        } else {
          s.push(...leadingBreak, ...trailingBreaks);
        }
        trailingBreaks = [];
        leadingBreak = [];
      } else {
        s.push(...whitespaces);
        whitespaces = [];
      }
    }
    this.skip();
    return { type: T.Scalar, start, end: copyMark(this.mark), value: cpString(s), style: single ? SStyle.Single : SStyle.Double };
  }

  private scanPlainScalar(): Token {
    const s: number[] = [];
    let leadingBreak: number[] = [];
    let trailingBreaks: number[] = [];
    let whitespaces: number[] = [];
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const start = copyMark(this.mark);
    let end = copyMark(this.mark);
    for (;;) {
      if (
        this.mark.column === 0 &&
        ((this.at() === 0x2d && this.at(1) === 0x2d && this.at(2) === 0x2d) || (this.at() === 0x2e && this.at(1) === 0x2e && this.at(2) === 0x2e)) &&
        isBlankzC(this.at(3))
      ) {
        break;
      }
      if (this.at() === 0x23) break;
      while (!isBlankzC(this.at())) {
        const c = this.at();
        if ((c === 0x3a && isBlankzC(this.at(1))) || (this.flowLevel > 0 && (c === 0x2c || c === 0x3f || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d))) break;
        if (leadingBlanks || whitespaces.length > 0) {
          if (leadingBlanks) {
            if (leadingBreak[0] === 0x0a) {
              if (trailingBreaks.length === 0) s.push(0x20);
              else s.push(...trailingBreaks);
            } else s.push(...leadingBreak, ...trailingBreaks);
            trailingBreaks = [];
            leadingBreak = [];
            leadingBlanks = false;
          } else {
            s.push(...whitespaces);
            whitespaces = [];
          }
        }
        this.read(s);
        end = copyMark(this.mark);
      }
      if (!(isBlankC(this.at()) || isBreakC(this.at()))) break;
      while (isBlankC(this.at()) || isBreakC(this.at())) {
        if (isBlankC(this.at())) {
          if (leadingBlanks && this.mark.column < indent && this.at() === 0x09) {
            this.err('while scanning a plain scalar', start, 'found a tab character that violates indentation');
          }
          if (!leadingBlanks) this.read(whitespaces);
          else this.skip();
        } else if (!leadingBlanks) {
          whitespaces = [];
          this.readLine(leadingBreak);
          leadingBlanks = true;
        } else this.readLine(trailingBreaks);
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return { type: T.Scalar, start, end, value: cpString(s), style: SStyle.Plain };
  }
}

function cpString(s: number[]): string {
  let out = '';
  for (let i = 0; i < s.length; i += 4096) out += String.fromCodePoint(...s.slice(i, i + 4096));
  return out;
}

// Events (parserc.go) and the node tree decode.go builds from them.

const enum E {
  StreamStart,
  StreamEnd,
  DocumentStart,
  DocumentEnd,
  Alias,
  Scalar,
  SequenceStart,
  SequenceEnd,
  MappingStart,
  MappingEnd,
}

interface YEvent {
  type: E;
  start: Mark;
  end: Mark;
  anchor?: string;
  tag?: string;
  value?: string;
  implicit?: boolean;
  quotedImplicit?: boolean;
  style?: SStyle;
}

const enum P {
  StreamStart,
  ImplicitDocumentStart,
  DocumentStart,
  DocumentContent,
  DocumentEnd,
  BlockNode,
  BlockNodeOrIndentlessSequence,
  FlowNode,
  BlockSequenceFirstEntry,
  BlockSequenceEntry,
  IndentlessSequenceEntry,
  BlockMappingFirstKey,
  BlockMappingKey,
  BlockMappingValue,
  FlowSequenceFirstEntry,
  FlowSequenceEntry,
  FlowSequenceEntryMappingKey,
  FlowSequenceEntryMappingValue,
  FlowSequenceEntryMappingEnd,
  FlowMappingFirstKey,
  FlowMappingKey,
  FlowMappingValue,
  FlowMappingEmptyValue,
  End,
}

const DEFAULT_TAG_DIRECTIVES: [string, string][] = [
  ['!', '!'],
  ['!!', 'tag:yaml.org,2002:'],
];

class EventParser {
  private state = P.StreamStart;
  private states: P[] = [];
  private marks: Mark[] = [];
  private tagDirectives: [string, string][] = [];
  private done = false;
  constructor(private readonly sc: Scanner) {}

  private fail(problem: string, problemMark: Mark, context = '', contextMark: Mark = ZERO_MARK): never {
    void context;
    throw new YamlSyntax('parser', problem, problemMark, contextMark);
  }
  private popState(): void {
    this.state = this.states.pop()!;
  }

  /** yaml_parser_parse; undefined once the stream has ended. */
  next(): YEvent | undefined {
    if (this.sc.streamEndProduced || this.done || this.state === P.End) return undefined;
    switch (this.state) {
      case P.StreamStart:
        return this.streamStart();
      case P.ImplicitDocumentStart:
        return this.documentStart(true);
      case P.DocumentStart:
        return this.documentStart(false);
      case P.DocumentContent:
        return this.documentContent();
      case P.DocumentEnd:
        return this.documentEnd();
      case P.BlockNode:
        return this.node(true, false);
      case P.BlockNodeOrIndentlessSequence:
        return this.node(true, true);
      case P.FlowNode:
        return this.node(false, false);
      case P.BlockSequenceFirstEntry:
        return this.blockSequenceEntry(true);
      case P.BlockSequenceEntry:
        return this.blockSequenceEntry(false);
      case P.IndentlessSequenceEntry:
        return this.indentlessSequenceEntry();
      case P.BlockMappingFirstKey:
        return this.blockMappingKey(true);
      case P.BlockMappingKey:
        return this.blockMappingKey(false);
      case P.BlockMappingValue:
        return this.blockMappingValue();
      case P.FlowSequenceFirstEntry:
        return this.flowSequenceEntry(true);
      case P.FlowSequenceEntry:
        return this.flowSequenceEntry(false);
      case P.FlowSequenceEntryMappingKey:
        return this.flowSequenceEntryMappingKey();
      case P.FlowSequenceEntryMappingValue:
        return this.flowSequenceEntryMappingValue();
      case P.FlowSequenceEntryMappingEnd:
        return this.flowSequenceEntryMappingEnd();
      case P.FlowMappingFirstKey:
        return this.flowMappingKey(true);
      case P.FlowMappingKey:
        return this.flowMappingKey(false);
      case P.FlowMappingValue:
        return this.flowMappingValue(false);
      case P.FlowMappingEmptyValue:
        return this.flowMappingValue(true);
    }
    throw new Error('invalid parser state');
  }

  private streamStart(): YEvent {
    const tok = this.sc.peek();
    if (tok.type !== T.StreamStart) this.fail('did not find expected <stream-start>', tok.start);
    this.state = P.ImplicitDocumentStart;
    this.sc.skipToken();
    return { type: E.StreamStart, start: tok.start, end: tok.end };
  }

  private documentStart(implicit: boolean): YEvent {
    let tok = this.sc.peek();
    if (!implicit) {
      while (tok.type === T.DocumentEnd) {
        this.sc.skipToken();
        tok = this.sc.peek();
      }
    }
    if (implicit && tok.type !== T.VersionDirective && tok.type !== T.TagDirective && tok.type !== T.DocumentStart && tok.type !== T.StreamEnd) {
      this.processDirectives();
      this.states.push(P.DocumentEnd);
      this.state = P.BlockNode;
      return { type: E.DocumentStart, start: tok.start, end: tok.end };
    }
    if (tok.type !== T.StreamEnd) {
      const start = tok.start;
      this.processDirectives();
      tok = this.sc.peek();
      if (tok.type !== T.DocumentStart) this.fail('did not find expected <document start>', tok.start);
      this.states.push(P.DocumentEnd);
      this.state = P.DocumentContent;
      const end = tok.end;
      this.sc.skipToken();
      return { type: E.DocumentStart, start, end, implicit: false };
    }
    this.state = P.End;
    this.sc.skipToken();
    return { type: E.StreamEnd, start: tok.start, end: tok.end };
  }

  private documentContent(): YEvent {
    const tok = this.sc.peek();
    if (tok.type === T.VersionDirective || tok.type === T.TagDirective || tok.type === T.DocumentStart || tok.type === T.DocumentEnd || tok.type === T.StreamEnd) {
      this.popState();
      return emptyScalar(tok.start);
    }
    return this.node(true, false);
  }

  private documentEnd(): YEvent {
    const tok = this.sc.peek();
    const start = tok.start;
    let end = tok.start;
    let implicit = true;
    if (tok.type === T.DocumentEnd) {
      end = tok.end;
      this.sc.skipToken();
      implicit = false;
    }
    this.tagDirectives = [];
    this.state = P.DocumentStart;
    return { type: E.DocumentEnd, start, end, implicit };
  }

  private node(block: boolean, indentlessSequence: boolean): YEvent {
    let tok = this.sc.peek();
    if (tok.type === T.Alias) {
      this.popState();
      this.sc.skipToken();
      return { type: E.Alias, start: tok.start, end: tok.end, anchor: tok.value };
    }
    let start = tok.start;
    let end = tok.start;
    let tagToken = false;
    let tagHandle = '';
    let tagSuffix = '';
    let anchor: string | undefined;
    let tagMark = ZERO_MARK;
    if (tok.type === T.Anchor) {
      anchor = tok.value;
      start = tok.start;
      end = tok.end;
      this.sc.skipToken();
      tok = this.sc.peek();
      if (tok.type === T.Tag) {
        tagToken = true;
        tagHandle = tok.value!;
        tagSuffix = tok.suffix!;
        tagMark = tok.start;
        end = tok.end;
        this.sc.skipToken();
        tok = this.sc.peek();
      }
    } else if (tok.type === T.Tag) {
      tagToken = true;
      tagHandle = tok.value!;
      tagSuffix = tok.suffix!;
      start = tok.start;
      tagMark = tok.start;
      end = tok.end;
      this.sc.skipToken();
      tok = this.sc.peek();
      if (tok.type === T.Anchor) {
        anchor = tok.value;
        end = tok.end;
        this.sc.skipToken();
        tok = this.sc.peek();
      }
    }
    let tag = '';
    if (tagToken) {
      if (tagHandle.length === 0) tag = tagSuffix;
      else {
        const d = this.tagDirectives.find(([h]) => h === tagHandle);
        if (d) tag = d[1] + tagSuffix;
        if (tag.length === 0) this.fail('found undefined tag handle', tagMark, 'while parsing a node', start);
      }
    }
    const implicit = tag.length === 0;
    if (indentlessSequence && tok.type === T.BlockEntry) {
      end = tok.end;
      this.state = P.IndentlessSequenceEntry;
      return { type: E.SequenceStart, start, end, anchor, tag, implicit };
    }
    if (tok.type === T.Scalar) {
      let plainImplicit = false;
      let quotedImplicit = false;
      end = tok.end;
      if ((tag.length === 0 && tok.style === SStyle.Plain) || tag === '!') plainImplicit = true;
      else if (tag.length === 0) quotedImplicit = true;
      this.popState();
      this.sc.skipToken();
      return { type: E.Scalar, start, end, anchor, tag, value: tok.value, implicit: plainImplicit, quotedImplicit, style: tok.style };
    }
    if (tok.type === T.FlowSequenceStart) {
      this.state = P.FlowSequenceFirstEntry;
      return { type: E.SequenceStart, start, end: tok.end, anchor, tag, implicit };
    }
    if (tok.type === T.FlowMappingStart) {
      this.state = P.FlowMappingFirstKey;
      return { type: E.MappingStart, start, end: tok.end, anchor, tag, implicit };
    }
    if (block && tok.type === T.BlockSequenceStart) {
      this.state = P.BlockSequenceFirstEntry;
      return { type: E.SequenceStart, start, end: tok.end, anchor, tag, implicit };
    }
    if (block && tok.type === T.BlockMappingStart) {
      this.state = P.BlockMappingFirstKey;
      return { type: E.MappingStart, start, end: tok.end, anchor, tag, implicit };
    }
    if (anchor !== undefined || tag.length > 0) {
      this.popState();
      return { type: E.Scalar, start, end, anchor, tag, value: '', implicit, quotedImplicit: false, style: SStyle.Plain };
    }
    this.fail('did not find expected node content', tok.start, block ? 'while parsing a block node' : 'while parsing a flow node', start);
  }

  private blockSequenceEntry(first: boolean): YEvent {
    if (first) {
      const t = this.sc.peek();
      this.marks.push(t.start);
      this.sc.skipToken();
    }
    let tok = this.sc.peek();
    if (tok.type === T.BlockEntry) {
      const mark = tok.end;
      this.sc.skipToken();
      tok = this.sc.peek();
      if (tok.type !== T.BlockEntry && tok.type !== T.BlockEnd) {
        this.states.push(P.BlockSequenceEntry);
        return this.node(true, false);
      }
      this.state = P.BlockSequenceEntry;
      return emptyScalar(mark);
    }
    if (tok.type === T.BlockEnd) {
      this.popState();
      this.marks.pop();
      this.sc.skipToken();
      return { type: E.SequenceEnd, start: tok.start, end: tok.end };
    }
    const ctx = this.marks.pop()!;
    this.fail("did not find expected '-' indicator", tok.start, 'while parsing a block collection', ctx);
  }

  private indentlessSequenceEntry(): YEvent {
    let tok = this.sc.peek();
    if (tok.type === T.BlockEntry) {
      const mark = tok.end;
      this.sc.skipToken();
      tok = this.sc.peek();
      if (tok.type !== T.BlockEntry && tok.type !== T.Key && tok.type !== T.Value && tok.type !== T.BlockEnd) {
        this.states.push(P.IndentlessSequenceEntry);
        return this.node(true, false);
      }
      this.state = P.IndentlessSequenceEntry;
      return emptyScalar(mark);
    }
    this.popState();
    return { type: E.SequenceEnd, start: tok.start, end: tok.start };
  }

  private blockMappingKey(first: boolean): YEvent {
    if (first) {
      const t = this.sc.peek();
      this.marks.push(t.start);
      this.sc.skipToken();
    }
    let tok = this.sc.peek();
    if (tok.type === T.Key) {
      const mark = tok.end;
      this.sc.skipToken();
      tok = this.sc.peek();
      if (tok.type !== T.Key && tok.type !== T.Value && tok.type !== T.BlockEnd) {
        this.states.push(P.BlockMappingValue);
        return this.node(true, true);
      }
      this.state = P.BlockMappingValue;
      return emptyScalar(mark);
    }
    if (tok.type === T.BlockEnd) {
      this.popState();
      this.marks.pop();
      this.sc.skipToken();
      return { type: E.MappingEnd, start: tok.start, end: tok.end };
    }
    const ctx = this.marks.pop()!;
    this.fail('did not find expected key', tok.start, 'while parsing a block mapping', ctx);
  }

  private blockMappingValue(): YEvent {
    let tok = this.sc.peek();
    if (tok.type === T.Value) {
      const mark = tok.end;
      this.sc.skipToken();
      tok = this.sc.peek();
      if (tok.type !== T.Key && tok.type !== T.Value && tok.type !== T.BlockEnd) {
        this.states.push(P.BlockMappingKey);
        return this.node(true, true);
      }
      this.state = P.BlockMappingKey;
      return emptyScalar(mark);
    }
    this.state = P.BlockMappingKey;
    return emptyScalar(tok.start);
  }

  private flowSequenceEntry(first: boolean): YEvent {
    if (first) {
      const t = this.sc.peek();
      this.marks.push(t.start);
      this.sc.skipToken();
    }
    let tok = this.sc.peek();
    if (tok.type !== T.FlowSequenceEnd) {
      if (!first) {
        if (tok.type === T.FlowEntry) {
          this.sc.skipToken();
          tok = this.sc.peek();
        } else {
          const ctx = this.marks.pop()!;
          this.fail("did not find expected ',' or ']'", tok.start, 'while parsing a flow sequence', ctx);
        }
      }
      if (tok.type === T.Key) {
        this.state = P.FlowSequenceEntryMappingKey;
        this.sc.skipToken();
        return { type: E.MappingStart, start: tok.start, end: tok.end, implicit: true, tag: '' };
      } else if (tok.type !== T.FlowSequenceEnd) {
        this.states.push(P.FlowSequenceEntry);
        return this.node(false, false);
      }
    }
    this.popState();
    this.marks.pop();
    this.sc.skipToken();
    return { type: E.SequenceEnd, start: tok.start, end: tok.end };
  }

  private flowSequenceEntryMappingKey(): YEvent {
    const tok = this.sc.peek();
    if (tok.type !== T.Value && tok.type !== T.FlowEntry && tok.type !== T.FlowSequenceEnd) {
      this.states.push(P.FlowSequenceEntryMappingValue);
      return this.node(false, false);
    }
    const mark = tok.end;
    this.sc.skipToken();
    this.state = P.FlowSequenceEntryMappingValue;
    return emptyScalar(mark);
  }

  private flowSequenceEntryMappingValue(): YEvent {
    const tok = this.sc.peek();
    if (tok.type === T.Value) {
      this.sc.skipToken();
      const t2 = this.sc.peek();
      if (t2.type !== T.FlowEntry && t2.type !== T.FlowSequenceEnd) {
        this.states.push(P.FlowSequenceEntryMappingEnd);
        return this.node(false, false);
      }
    }
    this.state = P.FlowSequenceEntryMappingEnd;
    return emptyScalar(tok.start);
  }

  private flowSequenceEntryMappingEnd(): YEvent {
    const tok = this.sc.peek();
    this.state = P.FlowSequenceEntry;
    return { type: E.MappingEnd, start: tok.start, end: tok.start };
  }

  private flowMappingKey(first: boolean): YEvent {
    if (first) {
      const t = this.sc.peek();
      this.marks.push(t.start);
      this.sc.skipToken();
    }
    let tok = this.sc.peek();
    if (tok.type !== T.FlowMappingEnd) {
      if (!first) {
        if (tok.type === T.FlowEntry) {
          this.sc.skipToken();
          tok = this.sc.peek();
        } else {
          const ctx = this.marks.pop()!;
          this.fail("did not find expected ',' or '}'", tok.start, 'while parsing a flow mapping', ctx);
        }
      }
      if (tok.type === T.Key) {
        this.sc.skipToken();
        tok = this.sc.peek();
        if (tok.type !== T.Value && tok.type !== T.FlowEntry && tok.type !== T.FlowMappingEnd) {
          this.states.push(P.FlowMappingValue);
          return this.node(false, false);
        }
        this.state = P.FlowMappingValue;
        return emptyScalar(tok.start);
      } else if (tok.type !== T.FlowMappingEnd) {
        this.states.push(P.FlowMappingEmptyValue);
        return this.node(false, false);
      }
    }
    this.popState();
    this.marks.pop();
    this.sc.skipToken();
    return { type: E.MappingEnd, start: tok.start, end: tok.end };
  }

  private flowMappingValue(empty: boolean): YEvent {
    let tok = this.sc.peek();
    if (empty) {
      this.state = P.FlowMappingKey;
      return emptyScalar(tok.start);
    }
    if (tok.type === T.Value) {
      this.sc.skipToken();
      tok = this.sc.peek();
      if (tok.type !== T.FlowEntry && tok.type !== T.FlowMappingEnd) {
        this.states.push(P.FlowMappingKey);
        return this.node(false, false);
      }
    }
    this.state = P.FlowMappingKey;
    return emptyScalar(tok.start);
  }

  private processDirectives(): void {
    let tok = this.sc.peek();
    let version = false;
    while (tok.type === T.VersionDirective || tok.type === T.TagDirective) {
      if (tok.type === T.VersionDirective) {
        if (version) this.fail('found duplicate %YAML directive', tok.start);
        if (tok.major !== 1 || tok.minor !== 1) this.fail('found incompatible YAML document', tok.start);
        version = true;
      } else {
        this.appendTagDirective(tok.value!, tok.prefix!, false, tok.start);
      }
      this.sc.skipToken();
      tok = this.sc.peek();
    }
    for (const [h, p] of DEFAULT_TAG_DIRECTIVES) this.appendTagDirective(h, p, true, tok.start);
  }

  private appendTagDirective(handle: string, prefix: string, allowDuplicates: boolean, mark: Mark): void {
    if (this.tagDirectives.some(([h]) => h === handle)) {
      if (allowDuplicates) return;
      this.fail('found duplicate %TAG directive', mark);
    }
    this.tagDirectives.push([handle, prefix]);
  }
}

function emptyScalar(mark: Mark): YEvent {
  return { type: E.Scalar, start: mark, end: mark, value: '', implicit: true, tag: '', style: SStyle.Plain };
}

// decode.go's node tree.
const enum K {
  Document,
  Mapping,
  Sequence,
  Scalar,
  Alias,
}
interface YamlNode {
  kind: K;
  line: number;
  column: number;
  tag: string;
  value: string;
  implicit: boolean;
  children: YamlNode[];
  alias?: YamlNode;
}

const EVENT_NAMES = ['stream start', 'stream end', 'document start', 'document end', 'alias', 'scalar', 'sequence start', 'sequence end', 'mapping start', 'mapping end'];

class Composer {
  private ev: YEvent | undefined;
  private anchors = new Map<string, YamlNode>();
  private started = false;
  constructor(private readonly p: EventParser) {}

  private peek(): E {
    if (!this.ev) {
      const e = this.p.next();
      if (!e) throw new YamlError('yaml: attempted to go past the end of stream; corrupted value?');
      this.ev = e;
    }
    return this.ev.type;
  }
  private expect(t: E): void {
    this.peek();
    if (this.ev!.type === E.StreamEnd) throw new YamlError('yaml: attempted to go past the end of stream; corrupted value?');
    if (this.ev!.type !== t) throw new YamlError(`yaml: expected ${EVENT_NAMES[t]} event but got ${EVENT_NAMES[this.ev!.type]}`);
    this.ev = undefined;
  }
  private node(kind: K): YamlNode {
    return { kind, line: this.ev!.start.line, column: this.ev!.start.column, tag: '', value: '', implicit: false, children: [] };
  }
  private anchor(n: YamlNode, a: string | undefined): void {
    if (a !== undefined) this.anchors.set(a, n);
  }

  /** p.parse(): the first document's node, or undefined for an empty stream. */
  parse(): YamlNode | undefined {
    if (!this.started) {
      this.expect(E.StreamStart);
      this.started = true;
    }
    switch (this.peek()) {
      case E.Scalar: {
        const n = this.node(K.Scalar);
        n.value = this.ev!.value ?? '';
        n.tag = this.ev!.tag ?? '';
        n.implicit = !!this.ev!.implicit;
        this.anchor(n, this.ev!.anchor);
        this.expect(E.Scalar);
        return n;
      }
      case E.Alias: {
        const n = this.node(K.Alias);
        n.value = this.ev!.anchor ?? '';
        n.alias = this.anchors.get(n.value);
        if (!n.alias) throw new YamlError(`yaml: unknown anchor '${n.value}' referenced`);
        this.expect(E.Alias);
        return n;
      }
      case E.MappingStart: {
        const n = this.node(K.Mapping);
        n.tag = this.ev!.tag ?? '';
        this.anchor(n, this.ev!.anchor);
        this.expect(E.MappingStart);
        while (this.peek() !== E.MappingEnd) n.children.push(this.parse()!, this.parse()!);
        this.expect(E.MappingEnd);
        return n;
      }
      case E.SequenceStart: {
        const n = this.node(K.Sequence);
        n.tag = this.ev!.tag ?? '';
        this.anchor(n, this.ev!.anchor);
        this.expect(E.SequenceStart);
        while (this.peek() !== E.SequenceEnd) n.children.push(this.parse()!);
        this.expect(E.SequenceEnd);
        return n;
      }
      case E.DocumentStart: {
        const n = this.node(K.Document);
        this.anchors = new Map();
        this.expect(E.DocumentStart);
        n.children.push(this.parse()!);
        this.expect(E.DocumentEnd);
        return n;
      }
      case E.StreamEnd:
        return undefined;
    }
    throw new YamlError('yaml: attempted to parse unknown event');
  }
}

// decode.go's decoder into interface{} (map[interface{}]interface{}, []interface{}, resolved scalars), then
// sigs.k8s.io/yaml's convertToJSONableObject and the JSON round trip (every number a float64).

const LONG = 'tag:yaml.org,2002:';
const TAG_STR = LONG + 'str';
const TAG_BINARY = LONG + 'binary';
const TAG_MERGE = LONG + 'merge';
const RESOLVABLE = new Set(['', TAG_STR, LONG + 'bool', LONG + 'int', LONG + 'float', LONG + 'null', LONG + 'timestamp']);
const shortTag = (t: string) => (t.startsWith(LONG) ? '!!' + t.slice(LONG.length) : t);

/** A Go value as yaml.v2 decodes into interface{}. */
type DV = null | boolean | string | DInt | DFloat | DV[] | DMap;
class DInt {
  constructor(readonly value: bigint, readonly kind: 'int' | 'uint64') {}
}
class DFloat {
  constructor(readonly value: number) {}
}
class DMap {
  /** Go map[interface{}]interface{}: identity of a key is its dynamic type and value. */
  readonly entries = new Map<string, [DV, DV]>();
}

function dvKeyId(k: DV): string {
  if (k === null) return 'nil';
  if (typeof k === 'string') return 's:' + k;
  if (typeof k === 'boolean') return 'b:' + k;
  if (k instanceof DInt) return k.kind + ':' + k.value;
  if (k instanceof DFloat) return 'f:' + (Object.is(k.value, -0) ? '-0' : String(k.value));
  return 'x';
}

/** resolve(tag, in) for the explicit-or-empty tag of a scalar node, as decode.go's scalar() uses it. */
function resolveTagged(tag: string, value: string, v3 = false): DV {
  if (!RESOLVABLE.has(tag)) {
    if (tag === TAG_BINARY) {
      const b = goBase64(value);
      if (!b) throw new YamlError('yaml: !!binary value contains invalid base64 data');
      return Buffer.from(b).toString('utf8');
    }
    return value;
  }
  let rtag: string;
  let out: DV;
  if (tag === TAG_STR) {
    rtag = TAG_STR;
    out = value;
  } else {
    let r = resolvePlain(value, tag === '' || tag === LONG + 'timestamp');
    if (v3) r = toV3Resolution(r, value);
    switch (r.tag) {
      case 'null':
        rtag = LONG + 'null';
        out = null;
        break;
      case 'bool':
        rtag = LONG + 'bool';
        out = r.value;
        break;
      case 'int':
        rtag = LONG + 'int';
        out = new DInt(r.value, r.unsigned ? 'uint64' : 'int');
        break;
      case 'float':
        rtag = LONG + 'float';
        out = new DFloat(r.value);
        break;
      case 'timestamp':
        rtag = LONG + 'timestamp';
        out = value; // kept as its text when decoding into interface{}
        break;
      default:
        rtag = TAG_STR;
        out = r.value;
    }
  }
  if (tag === '' || tag === rtag || tag === TAG_STR || tag === TAG_BINARY) return out;
  if (tag === LONG + 'float' && rtag === LONG + 'int' && out instanceof DInt && out.kind === 'int') return new DFloat(Number(out.value));
  throw new YamlError(`yaml: cannot decode ${shortTag(rtag)} \`${value}\` as a ${shortTag(tag)}`);
}

function goBase64(s: string): Uint8Array | undefined {
  const clean = s.replace(/[\r\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) return undefined;
  return Uint8Array.from(Buffer.from(clean, 'base64'));
}

class Decoder {
  /** yaml.v3 resolution (kustomize's kyaml) instead of yaml.v2's. */
  constructor(private readonly v3 = false) {}
  private aliases = new Set<YamlNode>();
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;

  unmarshal(n: YamlNode): DV {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new YamlError('yaml: document contains excessive aliasing');
    }
    switch (n.kind) {
      case K.Document:
        return n.children.length === 1 ? this.unmarshal(n.children[0]) : null;
      case K.Alias:
        return this.alias(n, (t) => this.unmarshal(t));
      case K.Scalar:
        if (n.tag === '' && !n.implicit) return n.value;
        return resolveTagged(n.tag, n.value, this.v3);
      case K.Sequence:
        return n.children.map((c) => this.unmarshal(c));
      case K.Mapping: {
        const m = new DMap();
        this.fillMap(n, m);
        return m;
      }
    }
  }

  private alias<R>(n: YamlNode, f: (target: YamlNode) => R): R {
    if (this.aliases.has(n)) throw new YamlError(`yaml: anchor '${n.value}' value contains itself`);
    this.aliases.add(n);
    this.aliasDepth++;
    try {
      return f(n.alias!);
    } finally {
      this.aliasDepth--;
      this.aliases.delete(n);
    }
  }

  /** d.mapping into an existing map (also how merges write). */
  private fillMap(n: YamlNode, m: DMap): void {
    for (let i = 0; i < n.children.length; i += 2) {
      const kn = n.children[i];
      if (kn.kind === K.Scalar && kn.value === '<<' && (kn.implicit || kn.tag === TAG_MERGE)) {
        this.merge(n.children[i + 1], m);
        continue;
      }
      const k = this.unmarshal(kn);
      if (k instanceof DMap || Array.isArray(k)) throw new YamlError(`yaml: invalid map key: ${goSyntax(k)}`);
      const v = this.unmarshal(n.children[i + 1]);
      m.entries.set(dvKeyId(k), [k, v]);
    }
  }

  private mergeInto(n: YamlNode, m: DMap): void {
    // d.unmarshal(n, out) with out the map being filled
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (n.kind === K.Alias) return this.alias(n, (t) => this.mergeInto(t, m));
    if (n.kind === K.Mapping) return this.fillMap(n, m);
    failWantMap();
  }

  private merge(n: YamlNode, m: DMap): void {
    switch (n.kind) {
      case K.Mapping:
        return this.mergeInto(n, m);
      case K.Alias:
        if (n.alias && n.alias.kind !== K.Mapping) failWantMap();
        return this.mergeInto(n, m);
      case K.Sequence:
        for (let i = n.children.length - 1; i >= 0; i--) {
          const ni = n.children[i];
          if (ni.kind === K.Alias) {
            if (ni.alias && ni.alias.kind !== K.Mapping) failWantMap();
          } else if (ni.kind !== K.Mapping) failWantMap();
          this.mergeInto(ni, m);
        }
        return;
      default:
        failWantMap();
    }
  }
}

function failWantMap(): never {
  throw new YamlError('yaml: map merge requires map or sequence of maps as the value');
}

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400000) return 0.99;
  if (decodeCount >= 4000000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400000) / 3600000);
}

/** fmt's %+#v of a decoded value (for sigs.k8s.io/yaml's key error). */
function goSyntax(v: DV, nested = false): string {
  if (v === null) return nested ? 'interface {}(nil)' : '<nil>';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof DInt) return v.kind === 'uint64' ? '0x' + v.value.toString(16) : v.value.toString();
  if (v instanceof DFloat) return formatFloat(v.value, 'g', -1, 64);
  if (Array.isArray(v)) return '[]interface {}{' + v.map((x) => goSyntax(x, true)).join(', ') + '}';
  const items = [...v.entries.values()].map(([k, x]) => [goSyntax(k, true), goSyntax(x, true)]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return 'map[interface {}]interface {}{' + items.map(([k, x]) => `${k}:${x}`).join(', ') + '}';
}

function goTypeOfDV(v: DV): string {
  if (v === null) return '%!s(<nil>)';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof DInt) return v.kind;
  if (v instanceof DFloat) return 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[interface {}]interface {}';
}

/** sigs.k8s.io/yaml's convertToJSONableObject followed by json.Marshal / json.Unmarshal. */
function toJsonable(v: DV, v3 = false): GoValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof DInt) {
    if (v3 && (v.value > BigInt(Number.MAX_SAFE_INTEGER) || v.value < BigInt(Number.MIN_SAFE_INTEGER))) return new GoInt(v.value, v.kind === 'uint64' ? 'uint64' : 'int64');
    return Number(v.value);
  }
  if (v instanceof DFloat) return v.value;
  if (Array.isArray(v)) return v.map((x) => toJsonable(x, v3));
  const out: GoMap = {};
  for (const [k, x] of v.entries.values()) {
    let ks: string;
    if (typeof k === 'string') ks = k;
    else if (k instanceof DInt && k.kind === 'int') ks = k.value.toString();
    else if (k instanceof DFloat) {
      const s = formatFloat(k.value, 'g', -1, 32);
      ks = s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    } else if (typeof k === 'boolean') ks = k ? 'true' : 'false';
    else throw new YamlError(`Unsupported map key of type: ${goTypeOfDV(k)}, key: ${goSyntax(k)}, value: ${goSyntax(x)}`);
    Object.defineProperty(out, ks, { value: toJsonable(x, v3), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** json.Marshal's first unsupported float (NaN/±Inf), visiting maps in sorted key order as Go does. */
function checkJsonFloats(v: GoValue): void {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new YamlError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
  } else if (Array.isArray(v)) v.forEach(checkJsonFloats);
  else if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v).sort(compareGoStrings)) checkJsonFloats((v as GoMap)[k]);
  }
}

/** yaml.v2 Unmarshal of the first document into interface{} (undefined for an empty stream). */
function decodeFirstDocument(text: string): DV {
  const composer = new Composer(new EventParser(new Scanner(text === '' ? '\n' : text)));
  const node = composer.parse();
  if (!node) return null;
  return new Decoder().unmarshal(node);
}


/** Parse YAML text as sigs.k8s.io/yaml.Unmarshal into interface{} does (first document only): go-yaml v2
 *  decoding, keys made strings, then JSON semantics (numbers float64). Throws YamlError worded as Helm shows it
 *  ("error converting YAML to JSON: yaml: line 3: ..."). */
export function parseYaml(text: string, filename?: string): GoValue {
  void filename;
  try {
    const dv = decodeFirstDocument(text);
    const v = toJsonable(dv);
    checkJsonFloats(v);
    return v;
  } catch (e) {
    if (e instanceof YamlSyntax) throw new YamlError(`error converting YAML to JSON: ${e.goMessage()}`);
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
    const canUsePlain = resolvePlain(n).tag === 'str' && !(/^[-+0-9]/.test(n) && n.includes(':') && BASE60.test(n));
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

/** sigs.k8s.io/yaml.Unmarshal(text, &m) for m of a map type (map[string]interface{}, chartutil.Values):
 *  a null document leaves the map empty; a non-map document fails as encoding/json does. */
export function unmarshalYamlMap(text: string, goType = 'map[string]interface {}'): GoMap {
  const v = parseYaml(text);
  if (v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new YamlError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type ${goType}`);
  }
  return v as GoMap;
}

/** sigs.k8s.io/yaml.Unmarshal(text, &a) for a []interface{}. */
export function unmarshalYamlArray(text: string): GoValue[] {
  const v = parseYaml(text);
  if (v === null) return [];
  if (!Array.isArray(v)) {
    throw new YamlError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type []interface {}`);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------------------
// yaml.v3 resolution, as kustomize (kyaml) decodes resources: booleans are only true/false in their three
// spellings, timestamps become RFC 3339 text (time.Time through JSON), and large integers stay exact.

const V3_BOOLS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

function toV3Resolution(r: Resolved, s: string): Resolved {
  if (r.tag === 'bool' && !V3_BOOLS.has(s)) return { tag: 'str', value: s };
  if (r.tag === 'timestamp') {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(s)!;
    const p2 = (x: string | undefined) => (x ?? '0').padStart(2, '0');
    let frac = (m[7] ?? '').replace(/0+$/, '');
    if (frac === '.') frac = '';
    const zone = !m[8] || m[8] === '+00:00' ? 'Z' : m[8];
    return { tag: 'str', value: `${m[1]}-${p2(m[2])}-${p2(m[3])}T${p2(m[4])}:${p2(m[5])}:${p2(m[6])}${frac}${zone}` };
  }
  return r;
}

/** Every document of a YAML stream as kustomize's kyaml reads resources (yaml.v3 resolution, then JSON). */
export function parseYamlDocumentsV3(text: string): GoValue[] {
  return parseYamlDocuments(text, true);
}

/** Every document of a YAML stream decoded as parseYaml decodes the first (yaml.v2 Decoder.Decode in a loop,
 *  each through sigs.k8s.io/yaml's JSON conversion). Empty documents give null. */
export function parseYamlDocuments(text: string, v3 = false): GoValue[] {
  const out: GoValue[] = [];
  try {
    const composer = new Composer(new EventParser(new Scanner(text === '' ? '\n' : text)));
    for (;;) {
      const node = composer.parse();
      if (!node) break;
      const v = toJsonable(new Decoder(v3).unmarshal(node), v3);
      checkJsonFloats(v);
      out.push(v);
    }
  } catch (e) {
    if (e instanceof YamlSyntax) throw new YamlError(`error converting YAML to JSON: ${e.goMessage()}`);
    if (e instanceof YamlError) throw new YamlError(`error converting YAML to JSON: ${e.message}`);
    throw e;
  }
  return out;
}
