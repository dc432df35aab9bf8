// Lexer for Go text/template (Go 1.21 text/template/parse/lex.go semantics), written for tshelm.
// Positions are JavaScript string indices; ErrorContext converts them to Go's byte columns when needed.

export const enum T {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  Keyword, // marker: keywords follow
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export interface Item {
  typ: T;
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS: Record<string, T> = {
  '.': T.Dot,
  block: T.Block,
  break: T.Break,
  continue: T.Continue,
  define: T.Define,
  else: T.Else,
  end: T.End,
  if: T.If,
  range: T.Range,
  nil: T.Nil,
  template: T.Template,
  with: T.With,
};

/** Go's %.10q / %q rendering of an item, as parse errors print it. */
export function itemString(i: Item): string {
  if (i.typ === T.EOF) return 'EOF';
  if (i.typ === T.Error) return i.val;
  if (i.typ > T.Keyword) return `<${i.val}>`;
  const runes = Array.from(i.val);
  if (runes.length > 10) return goQuote(runes.slice(0, 10).join('')) + '...';
  return goQuote(i.val);
}

/** strconv.Quote for parse error messages (ASCII-printable kept, others escaped like Go). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else if (isGoPrint(c)) out += ch;
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}

function isGoPrint(c: number): boolean {
  if (c < 0x7f) return c >= 0x20;
  if (c >= 0x80 && c < 0xa0) return false;
  if (c === 0xad) return false;
  // Approximation of unicode.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020.
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(c));
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function isAlphaNumeric(c: string): boolean {
  if (c === '_') return true;
  if (c === '') return false;
  const code = c.charCodeAt(0);
  if (code < 0x80) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return /[\p{L}\p{Nd}]/u.test(c);
}

const trimMarker = '-';
const leftComment = '/*';
const rightComment = '*/';

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && s[at] === trimMarker && isSpace(s[at + 1]);
}
function hasRightTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && isSpace(s[at]) && s[at + 1] === trimMarker;
}
function rightTrimLength(s: string): number {
  let i = s.length;
  while (i > 0 && isSpace(s[i - 1])) i--;
  return s.length - i;
}
function leftTrimLength(s: string, at: number): number {
  let i = at;
  while (i < s.length && isSpace(s[i])) i++;
  return i - at;
}

function countNL(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

export interface LexOptions {
  breakOK: boolean;
  continueOK: boolean;
}

/** Tokenise the whole input eagerly. The list ends with an EOF or an Error item. */
export function lex(input: string, leftDelim: string, rightDelim: string, opts: LexOptions): Item[] {
  const l = new Lexer(input, leftDelim || '{{', rightDelim || '}}', opts);
  l.run();
  return l.items;
}

const EOF = '';

class Lexer {
  items: Item[] = [];
  pos = 0;
  start = 0;
  line = 1;
  startLine = 1;
  parenDepth = 0;
  done = false;
  constructor(
    readonly input: string,
    readonly leftDelim: string,
    readonly rightDelim: string,
    readonly opts: LexOptions,
  ) {}

  next(): string {
    if (this.pos >= this.input.length) return EOF;
    const c = this.input.codePointAt(this.pos)!;
    const ch = String.fromCodePoint(c);
    this.pos += ch.length;
    if (ch === '\n') this.line++;
    return ch;
  }
  backupChar(ch: string): void {
    this.pos -= ch.length;
    if (ch === '\n') this.line--;
  }
  peek(): string {
    if (this.pos >= this.input.length) return EOF;
    return String.fromCodePoint(this.input.codePointAt(this.pos)!);
  }
  emit(typ: T): void {
    this.items.push({ typ, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine });
    this.start = this.pos;
    this.startLine = this.line;
  }
  ignore(): void {
    this.line += countNL(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }
  errorf(msg: string): void {
    this.items.push({ typ: T.Error, pos: this.start, val: msg, line: this.startLine });
    this.done = true;
  }
  accept(valid: string): boolean {
    const c = this.next();
    if (c !== EOF && valid.includes(c)) return true;
    this.backupChar(c);
    return false;
  }
  acceptRun(valid: string): void {
    for (;;) {
      const c = this.next();
      if (c === EOF || !valid.includes(c)) {
        this.backupChar(c);
        return;
      }
    }
  }
  atRightDelim(): [boolean, boolean] {
    const s = this.input;
    if (hasRightTrimMarker(s, this.pos) && s.startsWith(this.rightDelim, this.pos + 2)) return [true, true];
    if (s.startsWith(this.rightDelim, this.pos)) return [true, false];
    return [false, false];
  }
  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case '.':
      case ',':
      case '|':
      case ':':
      case ')':
      case '(':
        return true;
    }
    return this.input.startsWith(this.rightDelim, this.pos);
  }

  run(): void {
    let inside = false;
    while (!this.done) {
      if (!inside) {
        inside = this.lexText();
        if (this.done) return;
        if (inside) inside = this.lexLeftDelim();
      } else {
        inside = this.lexInsideAction();
      }
    }
  }

  /** Returns true when a left delimiter follows. */
  lexText(): boolean {
    const input = this.input;
    const x = input.indexOf(this.leftDelim, this.pos);
    if (x >= 0) {
      if (x > this.pos) {
        this.pos = x;
        let trimLength = 0;
        const delimEnd = this.pos + this.leftDelim.length;
        if (hasLeftTrimMarker(input, delimEnd)) trimLength = rightTrimLength(input.slice(this.start, this.pos));
        this.pos -= trimLength;
        this.line += countNL(input, this.start, this.pos);
        const item: Item = { typ: T.Text, pos: this.start, val: input.slice(this.start, this.pos), line: this.startLine };
        this.start = this.pos;
        this.startLine = this.line;
        this.pos += trimLength;
        this.ignore();
        if (item.val.length > 0) this.items.push(item);
      }
      return true;
    }
    this.pos = input.length;
    if (this.pos > this.start) {
      const startLine = this.startLine;
      this.line += countNL(input, this.start, this.pos);
      this.startLine = startLine;
      this.emit(T.Text);
    }
    this.emit(T.EOF);
    this.done = true;
    return false;
  }

  /** Returns true when now inside an action (false after a comment). */
  lexLeftDelim(): boolean {
    this.pos += this.leftDelim.length;
    const trimSpace = hasLeftTrimMarker(this.input, this.pos);
    const afterMarker = trimSpace ? 2 : 0;
    if (this.input.startsWith(leftComment, this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.ignore();
      this.lexComment();
      return false;
    }
    const item: Item = { typ: T.LeftDelim, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine };
    this.start = this.pos;
    this.pos += afterMarker;
    this.ignore();
    this.parenDepth = 0;
    this.items.push(item);
    return true;
  }

  lexComment(): void {
    this.pos += leftComment.length;
    const x = this.input.indexOf(rightComment, this.pos);
    if (x < 0) return this.errorf('unclosed comment');
    this.pos = x + rightComment.length;
    const [delim, trimSpace] = this.atRightDelim();
    if (!delim) return this.errorf('comment ends before closing delimiter');
    if (trimSpace) this.pos += 2;
    this.pos += this.rightDelim.length;
    if (trimSpace) this.pos += leftTrimLength(this.input, this.pos);
    this.ignore();
  }

  lexRightDelim(): void {
    const [, trimSpace] = this.atRightDelim();
    if (trimSpace) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += this.rightDelim.length;
    const item: Item = { typ: T.RightDelim, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine };
    this.start = this.pos;
    if (trimSpace) {
      this.pos += leftTrimLength(this.input, this.pos);
    }
    this.ignore();
    this.items.push(item);
  }

  /** Returns whether still inside the action. */
  lexInsideAction(): boolean {
    const [delim] = this.atRightDelim();
    if (delim) {
      if (this.parenDepth === 0) {
        this.lexRightDelim();
        return false;
      }
      this.errorf('unclosed left paren');
      return true;
    }
    const r = this.next();
    if (r === EOF) {
      this.errorf('unclosed action');
      return true;
    }
    if (isSpace(r)) {
      this.backupChar(r);
      return this.lexSpace();
    }
    switch (r) {
      case '=':
        this.emit(T.Assign);
        return true;
      case ':':
        if (this.next() !== '=') {
          this.errorf('expected :=');
          return true;
        }
        this.emit(T.Declare);
        return true;
      case '|':
        this.emit(T.Pipe);
        return true;
      case '"':
        this.lexQuote();
        return true;
      case '`':
        this.lexRawQuote();
        return true;
      case '$':
        this.lexFieldOrVariable(T.Variable);
        return true;
      case "'":
        this.lexChar();
        return true;
      case '(':
        this.parenDepth++;
        this.emit(T.LeftParen);
        return true;
      case ')':
        this.parenDepth--;
        if (this.parenDepth < 0) {
          this.errorf('unexpected right paren');
          return true;
        }
        this.emit(T.RightParen);
        return true;
    }
    if (r === '.') {
      if (this.pos < this.input.length) {
        const c = this.input[this.pos];
        if (c < '0' || c > '9') {
          this.lexFieldOrVariable(T.Field);
          return true;
        }
      }
    }
    if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
      this.backupChar(r);
      this.lexNumber();
      return true;
    }
    if (isAlphaNumeric(r)) {
      this.backupChar(r);
      this.lexIdentifier();
      return true;
    }
    const code = r.codePointAt(0)!;
    if (code <= 0x7f && code >= 0x20 && code !== 0x7f) {
      this.emit(T.Char);
      return true;
    }
    this.errorf(`unrecognized character in action: ${goRuneU(code)}`);
    return true;
  }

  lexSpace(): boolean {
    let numSpaces = 0;
    for (;;) {
      const r = this.peek();
      if (!isSpace(r)) break;
      this.next();
      numSpaces++;
    }
    if (hasRightTrimMarker(this.input, this.pos - 1) && this.input.startsWith(this.rightDelim, this.pos - 1 + 2)) {
      this.backupChar(this.input[this.pos - 1]);
      if (numSpaces === 1) {
        this.lexRightDelim();
        return false;
      }
    }
    this.emit(T.Space);
    return true;
  }

  lexIdentifier(): void {
    for (;;) {
      const r = this.next();
      if (isAlphaNumeric(r)) continue;
      this.backupChar(r);
      const word = this.input.slice(this.start, this.pos);
      if (!this.atTerminator()) return this.errorf(`bad character ${goRuneU(r.codePointAt(0) ?? -1)}`);
      const kw = KEYWORDS[word];
      if (kw !== undefined && Object.hasOwn(KEYWORDS, word) && kw > T.Keyword) {
        if ((kw === T.Break && !this.opts.breakOK) || (kw === T.Continue && !this.opts.continueOK)) return this.emit(T.Identifier);
        return this.emit(kw);
      }
      if (word[0] === '.') return this.emit(T.Field);
      if (word === 'true' || word === 'false') return this.emit(T.Bool);
      return this.emit(T.Identifier);
    }
  }

  lexFieldOrVariable(typ: T): void {
    if (this.atTerminator()) {
      return this.emit(typ === T.Variable ? T.Variable : T.Dot);
    }
    let r: string;
    for (;;) {
      r = this.next();
      if (!isAlphaNumeric(r)) {
        this.backupChar(r);
        break;
      }
    }
    if (!this.atTerminator()) return this.errorf(`bad character ${goRuneU(r.codePointAt(0) ?? -1)}`);
    this.emit(typ);
  }

  lexChar(): void {
    for (;;) {
      let c = this.next();
      if (c === '\\') {
        c = this.next();
        if (c !== EOF && c !== '\n') continue;
        return this.errorf('unterminated character constant');
      }
      if (c === EOF || c === '\n') return this.errorf('unterminated character constant');
      if (c === "'") break;
    }
    this.emit(T.CharConstant);
  }

  lexNumber(): void {
    if (!this.scanNumber()) return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
    const sign = this.peek();
    if (sign === '+' || sign === '-') {
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
      }
      return this.emit(T.Complex);
    }
    this.emit(T.Number);
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  lexQuote(): void {
    for (;;) {
      let c = this.next();
      if (c === '\\') {
        c = this.next();
        if (c !== EOF && c !== '\n') continue;
        return this.errorf('unterminated quoted string');
      }
      if (c === EOF || c === '\n') return this.errorf('unterminated quoted string');
      if (c === '"') break;
    }
    this.emit(T.String);
  }

  lexRawQuote(): void {
    for (;;) {
      const c = this.next();
      if (c === EOF) return this.errorf('unterminated raw quoted string');
      if (c === '`') break;
    }
    this.emit(T.RawString);
  }
}

/** Go's %#U of a rune: U+0021 '!'. */
export function goRuneU(c: number): string {
  if (c < 0) return 'U+FFFFFFFFFFFFFFFF';
  const hex = 'U+' + c.toString(16).toUpperCase().padStart(4, '0');
  if (isGoPrint(c) || c === 0x20) return `${hex} '${String.fromCodePoint(c)}'`;
  return hex;
}
