// Parser and syntax tree for Go text/template (Go 1.21 text/template/parse semantics), written for tshelm.

import { T, lex, itemString, type Item, goQuote } from './lex.js';

export const enum N {
  Text,
  Action,
  Bool,
  Chain,
  Command,
  Dot,
  Else,
  End,
  Field,
  Identifier,
  If,
  List,
  Nil,
  Number,
  Pipe,
  Range,
  String,
  Template,
  Variable,
  With,
  Comment,
  Break,
  Continue,
}

/** Where a node came from: the name the parse was started with and the full text (for ErrorContext). */
export interface TreeSrc {
  parseName: string;
  text: string;
}

export abstract class Node {
  abstract readonly type: N;
  constructor(
    readonly pos: number,
    readonly src: TreeSrc,
  ) {}
  abstract toString(): string;
}

export class TextNode extends Node {
  readonly type = N.Text;
  constructor(pos: number, src: TreeSrc, readonly text: string) {
    super(pos, src);
  }
  toString(): string {
    return this.text;
  }
}

export class CommentNode extends Node {
  readonly type = N.Comment;
  constructor(pos: number, src: TreeSrc, readonly text: string) {
    super(pos, src);
  }
  toString(): string {
    return `{{${this.text}}}`;
  }
}

export class ListNode extends Node {
  readonly type = N.List;
  nodes: Node[] = [];
  toString(): string {
    return this.nodes.map((n) => n.toString()).join('');
  }
}

export class IdentifierNode extends Node {
  readonly type = N.Identifier;
  constructor(pos: number, src: TreeSrc, readonly ident: string) {
    super(pos, src);
  }
  toString(): string {
    return this.ident;
  }
}

export class VariableNode extends Node {
  readonly type = N.Variable;
  readonly ident: string[];
  /** ident without the variable name: the fields to evaluate after it. */
  readonly fields: string[];
  constructor(pos: number, src: TreeSrc, name: string) {
    super(pos, src);
    this.ident = name.split('.');
    this.fields = this.ident.slice(1);
  }
  toString(): string {
    return this.ident.join('.');
  }
}

export class DotNode extends Node {
  readonly type = N.Dot;
  toString(): string {
    return '.';
  }
}

export class NilNode extends Node {
  readonly type = N.Nil;
  toString(): string {
    return 'nil';
  }
}

export class FieldNode extends Node {
  readonly type = N.Field;
  readonly ident: string[];
  constructor(pos: number, src: TreeSrc, text: string) {
    super(pos, src);
    this.ident = text.slice(1).split('.');
  }
  toString(): string {
    let s = '';
    for (const id of this.ident) s += '.' + id;
    return s;
  }
}

export class ChainNode extends Node {
  readonly type = N.Chain;
  field: string[] = [];
  constructor(pos: number, src: TreeSrc, readonly node: Node) {
    super(pos, src);
  }
  add(field: string): void {
    if (field.length === 0 || field[0] !== '.') throw new Error('no dot in field');
    field = field.slice(1);
    if (field === '') throw new Error('empty field');
    this.field.push(field);
  }
  toString(): string {
    let s = this.node.type === N.Pipe ? `(${this.node.toString()})` : this.node.toString();
    for (const f of this.field) s += '.' + f;
    return s;
  }
}

export class BoolNode extends Node {
  readonly type = N.Bool;
  constructor(pos: number, src: TreeSrc, readonly value: boolean) {
    super(pos, src);
  }
  toString(): string {
    return this.value ? 'true' : 'false';
  }
}

export class NumberNode extends Node {
  readonly type = N.Number;
  isInt = false;
  isUint = false;
  isFloat = false;
  isComplex = false;
  int64 = 0n;
  uint64 = 0n;
  float64 = 0;
  complex: [number, number] = [0, 0];
  constructor(pos: number, src: TreeSrc, readonly text: string) {
    super(pos, src);
  }
  toString(): string {
    return this.text;
  }
}

export class StringNode extends Node {
  readonly type = N.String;
  constructor(pos: number, src: TreeSrc, readonly quoted: string, readonly text: string) {
    super(pos, src);
  }
  toString(): string {
    return this.quoted;
  }
}

export class EndNode extends Node {
  readonly type = N.End;
  toString(): string {
    return '{{end}}';
  }
}

export class ElseNode extends Node {
  readonly type = N.Else;
  constructor(pos: number, src: TreeSrc, readonly line: number) {
    super(pos, src);
  }
  toString(): string {
    return '{{else}}';
  }
}

export class BreakNode extends Node {
  readonly type = N.Break;
  toString(): string {
    return '{{break}}';
  }
}

export class ContinueNode extends Node {
  readonly type = N.Continue;
  toString(): string {
    return '{{continue}}';
  }
}

export class CommandNode extends Node {
  readonly type = N.Command;
  args: Node[] = [];
  toString(): string {
    let s = '';
    for (let i = 0; i < this.args.length; i++) {
      if (i > 0) s += ' ';
      const a = this.args[i];
      s += a.type === N.Pipe ? `(${a.toString()})` : a.toString();
    }
    return s;
  }
}

export class PipeNode extends Node {
  readonly type = N.Pipe;
  isAssign = false;
  decl: VariableNode[] = [];
  cmds: CommandNode[] = [];
  constructor(pos: number, src: TreeSrc, readonly line: number) {
    super(pos, src);
  }
  toString(): string {
    let s = '';
    if (this.decl.length > 0) {
      s = this.decl.map((d) => d.toString()).join(', ') + (this.isAssign ? ' = ' : ' := ');
    }
    return s + this.cmds.map((c) => c.toString()).join(' | ');
  }
}

export class ActionNode extends Node {
  readonly type = N.Action;
  constructor(pos: number, src: TreeSrc, readonly line: number, readonly pipe: PipeNode) {
    super(pos, src);
  }
  toString(): string {
    return `{{${this.pipe.toString()}}}`;
  }
}

export class BranchNode extends Node {
  constructor(
    readonly type: N.If | N.Range | N.With,
    pos: number,
    src: TreeSrc,
    readonly line: number,
    readonly pipe: PipeNode,
    readonly list: ListNode,
    readonly elseList: ListNode | null,
  ) {
    super(pos, src);
  }
  toString(): string {
    const name = this.type === N.If ? 'if' : this.type === N.Range ? 'range' : 'with';
    let s = `{{${name} ${this.pipe.toString()}}}${this.list.toString()}`;
    if (this.elseList) s += `{{else}}${this.elseList.toString()}`;
    return s + '{{end}}';
  }
}

export class TemplateNode extends Node {
  readonly type = N.Template;
  constructor(pos: number, src: TreeSrc, readonly line: number, readonly name: string, readonly pipe: PipeNode | null) {
    super(pos, src);
  }
  toString(): string {
    if (this.pipe === null) return `{{template ${goQuote(this.name)}}}`;
    return `{{template ${goQuote(this.name)} ${this.pipe.toString()}}}`;
  }
}

/** A parsed template: Go's parse.Tree. */
export class Tree {
  root: ListNode | null = null;
  constructor(
    public name: string,
    readonly src: TreeSrc,
  ) {}
}

/** Go's parse.IsEmptyTree. */
export function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.type) {
    case N.Comment:
      return true;
    case N.List:
      return (n as ListNode).nodes.every(isEmptyTree);
    case N.Text:
      return !/[^\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/.test((n as TextNode).text);
  }
  return false;
}

export class ParseError extends Error {}

export interface ParseOptions {
  leftDelim: string;
  rightDelim: string;
  /** Does a function of this name exist (builtins + the set's funcs)? */
  hasFunction: (name: string) => boolean;
}

interface Saved {
  tree: Tree;
  vars: string[];
  rangeDepth: number;
  actionLine: number;
}

const NO_ITEM: Item = { typ: T.EOF, pos: 0, val: '', line: 1 };

/** Go's parse.Parse: returns the trees defined by text (the main one named `name`). Throws ParseError. */
export function parse(name: string, text: string, opts: ParseOptions): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const items = lex(text, opts.leftDelim, opts.rightDelim, {
    breakOK: !opts.hasFunction('break'),
    continueOK: !opts.hasFunction('continue'),
  });
  const src: TreeSrc = { parseName: name, text };
  const p = new Parser(items, src, opts, treeSet);
  const t = new Tree(name, src);
  p.parseTop(t);
  return treeSet;
}

class Parser {
  cur = 0;
  token: Item[] = [NO_ITEM, NO_ITEM, NO_ITEM];
  peekCount = 0;
  vars: string[] = ['$'];
  actionLine = 0;
  rangeDepth = 0;
  tree!: Tree;
  constructor(
    readonly items: Item[],
    readonly src: TreeSrc,
    readonly opts: ParseOptions,
    readonly treeSet: Map<string, Tree>,
  ) {}

  lexNext(): Item {
    const it = this.items[this.cur];
    if (this.cur < this.items.length - 1) this.cur++;
    return it;
  }
  next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lexNext();
    return this.token[this.peekCount];
  }
  backup(): void {
    this.peekCount++;
  }
  backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }
  backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }
  peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lexNext();
    return this.token[0];
  }
  nextNonSpace(): Item {
    let token: Item;
    for (;;) {
      token = this.next();
      if (token.typ !== T.Space) break;
    }
    return token;
  }
  peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  errorf(msg: string): never {
    throw new ParseError(`template: ${this.src.parseName}:${this.token[0].line}: ${msg}`);
  }
  expect(expected: T, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }
  expectOneOf(e1: T, e2: T, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== e1 && token.typ !== e2) this.unexpected(token, context);
    return token;
  }
  unexpected(token: Item, context: string): never {
    if (token.typ === T.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.src.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  // --- trees ---------------------------------------------------------------------------------------------
  startTree(t: Tree): Saved {
    const saved = { tree: this.tree, vars: this.vars, rangeDepth: this.rangeDepth, actionLine: this.actionLine };
    this.tree = t;
    this.vars = ['$'];
    this.rangeDepth = 0;
    this.actionLine = 0;
    return saved;
  }
  stopTree(saved: Saved): void {
    this.tree = saved.tree;
    this.vars = saved.vars;
    this.rangeDepth = saved.rangeDepth;
    this.actionLine = saved.actionLine;
  }
  add(t: Tree): void {
    const tree = this.treeSet.get(t.name);
    if (tree === undefined || isEmptyTree(tree.root)) {
      this.treeSet.set(t.name, t);
      return;
    }
    if (!isEmptyTree(t.root)) this.errorf(`template: multiple definition of template ${goQuote(t.name)}`);
  }

  parseTop(t: Tree): void {
    this.tree = t;
    this.vars = ['$'];
    t.root = new ListNode(this.peek().pos, this.src);
    while (this.peek().typ !== T.EOF) {
      if (this.peek().typ === T.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === T.Define) {
          const newT = new Tree('definition', this.src);
          const saved = this.startTree(newT);
          this.parseDefinition(newT);
          this.stopTree(saved);
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === N.End || n.type === N.Else) this.errorf(`unexpected ${n.toString()}`);
      t.root.nodes.push(n);
    }
    this.add(t);
  }

  parseDefinition(t: Tree): void {
    const context = 'define clause';
    const name = this.expectOneOf(T.String, T.RawString, context);
    t.name = this.unquote(name.val);
    this.expect(T.RightDelim, context);
    const [list, end] = this.itemList();
    t.root = list;
    if (end.type !== N.End) this.errorf(`unexpected ${end.toString()} in ${context}`);
    this.add(t);
  }

  unquote(s: string): string {
    try {
      return unquoteString(s);
    } catch (e) {
      this.errorf((e as Error).message);
    }
  }

  itemList(): [ListNode, Node] {
    const list = new ListNode(this.peekNonSpace().pos, this.src);
    while (this.peekNonSpace().typ !== T.EOF) {
      const n = this.textOrAction();
      if (n.type === N.End || n.type === N.Else) return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Text:
        return new TextNode(token.pos, this.src, token.val);
      case T.LeftDelim:
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      case T.Comment:
        return new CommentNode(token.pos, this.src, token.val);
    }
    this.unexpected(token, 'input');
  }

  action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Block:
        return this.blockControl();
      case T.Break:
        return this.breakControl(token, true);
      case T.Continue:
        return this.breakControl(token, false);
      case T.Else:
        return this.elseControl();
      case T.End:
        return this.endControl();
      case T.If:
        return this.branch(N.If, 'if');
      case T.Range:
        return this.branch(N.Range, 'range');
      case T.Template:
        return this.templateControl();
      case T.With:
        return this.branch(N.With, 'with');
    }
    this.backup();
    const tok = this.peek();
    return new ActionNode(tok.pos, this.src, tok.line, this.pipeline('command', T.RightDelim));
  }

  breakControl(tok: Item, isBreak: boolean): Node {
    const name = isBreak ? '{{break}}' : '{{continue}}';
    const token = this.nextNonSpace();
    if (token.typ !== T.RightDelim) this.unexpected(token, name);
    if (this.rangeDepth === 0) this.errorf(`${name} outside {{range}}`);
    return isBreak ? new BreakNode(tok.pos, this.src) : new ContinueNode(tok.pos, this.src);
  }

  pipeline(context: string, end: T): PipeNode {
    const token = this.peekNonSpace();
    const pipe = new PipeNode(token.pos, this.src, token.line);
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ === T.Variable) {
        this.next();
        const tokenAfterVariable = this.peek();
        const next = this.peekNonSpace();
        if (next.typ === T.Assign || next.typ === T.Declare) {
          pipe.isAssign = next.typ === T.Assign;
          this.nextNonSpace();
          pipe.decl.push(new VariableNode(v.pos, this.src, v.val));
          this.vars.push(v.val);
        } else if (next.typ === T.Char && next.val === ',') {
          this.nextNonSpace();
          pipe.decl.push(new VariableNode(v.pos, this.src, v.val));
          this.vars.push(v.val);
          if (context === 'range' && pipe.decl.length < 2) {
            const p = this.peekNonSpace().typ;
            if (p === T.Variable || p === T.RightDelim || p === T.RightParen) continue decls;
            this.errorf('range can only initialize variables');
          }
          this.errorf(`too many declarations in ${context}`);
        } else if (tokenAfterVariable.typ === T.Space) {
          this.backup3(v, tokenAfterVariable);
        } else {
          this.backup2(v);
        }
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      switch (token.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case T.Bool:
        case T.CharConstant:
        case T.Complex:
        case T.Dot:
        case T.Field:
        case T.Identifier:
        case T.Number:
        case T.Nil:
        case T.RawString:
        case T.String:
        case T.Variable:
        case T.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      switch (pipe.cmds[i].args[0].type) {
        case N.Bool:
        case N.Dot:
        case N.Nil:
        case N.Number:
        case N.String:
          this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  parseControl(allowElseIf: boolean, context: string): [PipeNode, ListNode, ListNode | null] {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, T.RightDelim);
      if (context === 'range') this.rangeDepth++;
      let list: ListNode;
      let next: Node;
      try {
        [list, next] = this.itemList();
      } finally {
        if (context === 'range') this.rangeDepth--;
      }
      let elseList: ListNode | null = null;
      if (next.type === N.Else) {
        if (allowElseIf && this.peek().typ === T.If) {
          this.next();
          elseList = new ListNode(next.pos, this.src);
          elseList.nodes.push(this.branch(N.If, 'if'));
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== N.End) this.errorf(`expected end; found ${next.toString()}`);
        }
      }
      return [pipe, list, elseList];
    } finally {
      this.vars.length = mark;
    }
  }

  branch(type: N.If | N.Range | N.With, context: string): BranchNode {
    const [pipe, list, elseList] = this.parseControl(type === N.If, context);
    return new BranchNode(type, pipe.pos, this.src, pipe.line, pipe, list, elseList);
  }

  endControl(): Node {
    return new EndNode(this.expect(T.RightDelim, 'end').pos, this.src);
  }

  elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === T.If) return new ElseNode(peek.pos, this.src, peek.line);
    const token = this.expect(T.RightDelim, 'else');
    return new ElseNode(token.pos, this.src, token.line);
  }

  blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, T.RightDelim);
    const block = new Tree(name, this.src);
    const saved = this.startTree(block);
    const [list, end] = this.itemList();
    block.root = list;
    if (end.type !== N.End) this.errorf(`unexpected ${end.toString()} in ${context}`);
    this.add(block);
    this.stopTree(saved);
    return new TemplateNode(token.pos, this.src, token.line, name, pipe);
  }

  templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== T.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, T.RightDelim);
    }
    return new TemplateNode(token.pos, this.src, token.line, name, pipe);
  }

  parseTemplateName(token: Item, context: string): string {
    if (token.typ === T.String || token.typ === T.RawString) return this.unquote(token.val);
    this.unexpected(token, context);
  }

  command(): CommandNode {
    const cmd = new CommandNode(this.peekNonSpace().pos, this.src);
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === T.Space) continue;
      if (token.typ === T.RightDelim || token.typ === T.RightParen) this.backup();
      else if (token.typ !== T.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  operand(): Node | null {
    let node = this.term();
    if (node === null) return null;
    if (this.peek().typ === T.Field) {
      const chain = new ChainNode(this.peek().pos, this.src, node);
      while (this.peek().typ === T.Field) chain.add(this.next().val);
      switch (node.type) {
        case N.Field:
          node = new FieldNode(chain.pos, this.src, chain.toString());
          break;
        case N.Variable:
          node = new VariableNode(chain.pos, this.src, chain.toString());
          break;
        case N.Bool:
        case N.String:
        case N.Number:
        case N.Nil:
        case N.Dot:
          this.errorf(`unexpected . after term ${goQuote(node.toString())}`);
        default:
          node = chain;
      }
    }
    return node;
  }

  term(): Node | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Identifier:
        if (!this.opts.hasFunction(token.val)) this.errorf(`function ${goQuote(token.val)} not defined`);
        return new IdentifierNode(token.pos, this.src, token.val);
      case T.Dot:
        return new DotNode(token.pos, this.src);
      case T.Nil:
        return new NilNode(token.pos, this.src);
      case T.Variable:
        return this.useVar(token.pos, token.val);
      case T.Field:
        return new FieldNode(token.pos, this.src, token.val);
      case T.Bool:
        return new BoolNode(token.pos, this.src, token.val === 'true');
      case T.CharConstant:
      case T.Complex:
      case T.Number:
        try {
          return newNumber(token.pos, this.src, token.val, token.typ);
        } catch (e) {
          if (e instanceof ParseError) throw e;
          this.errorf((e as Error).message);
        }
      // eslint-disable-next-line no-fallthrough
      case T.LeftParen:
        return this.pipeline('parenthesized pipeline', T.RightParen);
      case T.String:
      case T.RawString:
        return new StringNode(token.pos, this.src, token.val, this.unquote(token.val));
    }
    this.backup();
    return null;
  }

  useVar(pos: number, name: string): Node {
    const v = new VariableNode(pos, this.src, name);
    if (this.vars.includes(v.ident[0])) return v;
    this.errorf(`undefined variable ${goQuote(v.ident[0])}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// strconv pieces: Unquote, UnquoteChar, ParseInt/ParseUint(base 0), ParseFloat.

const SYNTAX = 'invalid syntax';

/** strconv.UnquoteChar: returns [code point, isByte (from \x or octal), rest]. */
export function unquoteChar(s: string, quote: string): [number, boolean, string] {
  const c = s[0];
  if (c === undefined) throw new Error(SYNTAX);
  if (c === quote && (quote === "'" || quote === '"')) throw new Error(SYNTAX);
  if (c !== '\\') {
    const cp = s.codePointAt(0)!;
    return [cp, false, s.slice(cp > 0xffff ? 2 : 1)];
  }
  if (s.length <= 1) throw new Error(SYNTAX);
  const e = s[1];
  s = s.slice(2);
  switch (e) {
    case 'a':
      return [7, false, s];
    case 'b':
      return [8, false, s];
    case 'f':
      return [12, false, s];
    case 'n':
      return [10, false, s];
    case 'r':
      return [13, false, s];
    case 't':
      return [9, false, s];
    case 'v':
      return [11, false, s];
    case 'x':
    case 'u':
    case 'U': {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      if (s.length < n) throw new Error(SYNTAX);
      const hex = s.slice(0, n);
      if (!/^[0-9a-fA-F]+$/.test(hex)) throw new Error(SYNTAX);
      const v = parseInt(hex, 16);
      s = s.slice(n);
      if (e === 'x') return [v, true, s];
      if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) throw new Error(SYNTAX);
      return [v, false, s];
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      if (s.length < 2) throw new Error(SYNTAX);
      const oct = e + s.slice(0, 2);
      if (!/^[0-7]{3}$/.test(oct)) throw new Error(SYNTAX);
      const v = parseInt(oct, 8);
      if (v > 255) throw new Error(SYNTAX);
      return [v, true, s.slice(2)];
    }
    case '\\':
      return [0x5c, false, s];
    case "'":
    case '"':
      if (e !== quote) throw new Error(SYNTAX);
      return [e.charCodeAt(0), false, s];
  }
  throw new Error(SYNTAX);
}

/** strconv.Unquote for "..." and `...` literals. */
export function unquoteString(q: string): string {
  if (q.length < 2) throw new Error(SYNTAX);
  const quote = q[0];
  if (quote !== q[q.length - 1]) throw new Error(SYNTAX);
  let s = q.slice(1, -1);
  if (quote === '`') {
    if (s.includes('`')) throw new Error(SYNTAX);
    return s.includes('\r') ? s.replace(/\r/g, '') : s;
  }
  if (quote !== '"') throw new Error(SYNTAX);
  if (s.includes('\n')) throw new Error(SYNTAX);
  if (!s.includes('\\') && !s.includes('"')) return s;
  const bytes: number[] = [];
  let hasBytes = false;
  let out = '';
  while (s.length > 0) {
    const [c, isByte, rest] = unquoteChar(s, '"');
    s = rest;
    if (isByte && c >= 0x80) {
      hasBytes = true;
      bytes.push(c);
      continue;
    }
    if (bytes.length) {
      out += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    }
    out += String.fromCodePoint(c);
  }
  if (hasBytes && bytes.length) out += Buffer.from(bytes).toString('utf8');
  return out;
}

function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const MAX_INT64 = (1n << 63n) - 1n;
const MAX_UINT64 = (1n << 64n) - 1n;

/** strconv.ParseInt(s, 0, 64) (signed) or ParseUint(s, 0, 64); null on any error. */
export function parseIntBase0(s0: string, signed: boolean): bigint | null {
  let s = s0;
  let neg = false;
  if (s === '') return null;
  if (signed && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    s = s.slice(1);
    if (s === '') return null;
  }
  let base = 10;
  if (s[0] === '0') {
    const c = s.length >= 3 ? s[1].toLowerCase() : '';
    if (c === 'b') base = 2;
    else if (c === 'o') base = 8;
    else if (c === 'x') base = 16;
    else base = 8;
    s = s.slice(base === 8 && c !== 'o' ? 1 : 2);
  }
  let v = 0n;
  let underscores = false;
  const b = BigInt(base);
  for (const ch of s) {
    if (ch === '_') {
      underscores = true;
      continue;
    }
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= base) return null;
    v = v * b + BigInt(d);
  }
  if (underscores && !underscoreOK(s0)) return null;
  if (signed) {
    if (neg ? v > MAX_INT64 + 1n : v > MAX_INT64) return null;
    return neg ? -v : v;
  }
  if (v > MAX_UINT64) return null;
  return v;
}

/** strconv.ParseFloat(s, 64); null on syntax or range error. */
export function parseFloat64(s: string): number | null {
  if (s.includes('_') && !underscoreOK(s)) return null;
  const t = s.replace(/_/g, '');
  let m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(t);
  if (m) {
    const intPart = m[2];
    const frac = m[3] ?? '';
    if (intPart === '' && frac === '') return null;
    const mant = BigInt('0x' + (intPart + frac || '0'));
    const exp = parseInt(m[4], 10) - 4 * frac.length;
    let v = Number(mant) * Math.pow(2, exp);
    if (!Number.isFinite(v)) {
      // Math.pow may overflow before the multiplication: retry in two steps.
      v = Number(mant) * Math.pow(2, exp / 2) * Math.pow(2, exp - exp / 2);
    }
    if (!Number.isFinite(v)) return null;
    return m[1] === '-' ? -v : v;
  }
  m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.exec(t);
  if (!m) return null;
  const v = Number(t);
  if (!Number.isFinite(v)) return null;
  return v;
}

function newNumber(pos: number, src: TreeSrc, text: string, typ: T): NumberNode {
  const n = new NumberNode(pos, src, text);
  if (typ === T.CharConstant) {
    const [r, , tail] = unquoteChar(text.slice(1), "'");
    if (tail !== "'") throw new Error(`malformed character constant: ${text}`);
    n.int64 = BigInt(r);
    n.isInt = true;
    n.uint64 = BigInt(r);
    n.isUint = true;
    n.float64 = r;
    n.isFloat = true;
    return n;
  }
  if (typ === T.Complex) {
    // real part then signed imaginary part ending in i
    const m = /^([+-]?[^+-]*(?:[eEpP][+-][^+-]*)?)([+-].*)i$/.exec(text);
    const re = m ? parseFloat64(m[1]) : null;
    const im = m ? parseFloat64(m[2]) : null;
    if (re === null || im === null) throw new Error(`expected integer`);
    n.isComplex = true;
    n.complex = [re, im];
    simplifyComplex(n);
    return n;
  }
  if (text.length > 0 && text[text.length - 1] === 'i') {
    const f = parseFloat64(text.slice(0, -1));
    if (f !== null) {
      n.isComplex = true;
      n.complex = [0, f];
      simplifyComplex(n);
      return n;
    }
  }
  const u = parseIntBase0(text, false);
  if (u !== null) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = parseIntBase0(text, true);
  if (i !== null) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true;
      n.uint64 = u ?? 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseFloat64(text);
    if (f !== null) {
      if (!/[.eEpP]/.test(text)) throw new Error(`integer overflow: ${text}`);
      n.isFloat = true;
      n.float64 = f;
      if (Number.isInteger(f) && f >= -9223372036854775808 && f < 9223372036854775808) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (Number.isInteger(f) && f >= 0 && f < 18446744073709551616) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new Error(`illegal number syntax: ${goQuote(text)}`);
  return n;
}

function simplifyComplex(n: NumberNode): void {
  n.isFloat = n.complex[1] === 0;
  if (n.isFloat) {
    const f = n.complex[0];
    n.float64 = f;
    n.isInt = Number.isInteger(f) && f >= -9223372036854775808 && f < 9223372036854775808;
    if (n.isInt) n.int64 = BigInt(f);
    n.isUint = Number.isInteger(f) && f >= 0 && f < 18446744073709551616;
    if (n.isUint) n.uint64 = BigInt(f);
  }
}
