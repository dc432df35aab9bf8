// Executor for Go text/template (Go 1.21 text/template/exec.go semantics), written for tshelm.
//
// Values: `undefined` is Go's invalid reflect.Value (missing, "<no value>"), `null` a nil interface{} (a map entry
// holding nil, or missingkey=zero). Pipelines "dig" nil interfaces into invalid values exactly like evalPipeline.

import { GoDuration, GoFuncValue, GoInt, GoStruct, goTypeName, isGoMap, typeMethodsOf, utf8Len, type FuncDef } from './types.js';
import { formatPrintable, formatValue } from './fmt.js';
import { goQuote } from './lex.js';
import {
  N,
  type ActionNode,
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type ListNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type StringNode,
  type BoolNode,
  type TemplateNode,
  type TextNode,
  type VariableNode,
  type Tree,
} from './parse.js';
import { GoComplex, K, assignable, builtinFuncs, compareGoStrings, isTrue, mapElemDesc, mapElemZero, typeDesc, type TypeDesc } from './builtins.js';

/** Go's template error: message is err.Error() exactly. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Go's template.ExecError. */
export class ExecError extends TemplateError {
  constructor(
    message: string,
    readonly templateName: string,
  ) {
    super(message);
    this.name = 'ExecError';
  }
}

export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

/** What the executor needs from a template set (implemented by Template). */
export interface ExecTemplate {
  name(): string;
  readonly tree: Tree | null;
  readonly common: ExecCommon;
}
export interface ExecCommon {
  tmpl: Map<string, ExecTemplate>;
  funcs: Record<string, FuncDef>;
  missingKey: MissingKey;
}

export const MAX_EXEC_DEPTH = 100000;

const MISSING: unique symbol = Symbol('missingVal');
type Val = unknown;

const BREAK = 1;
const CONTINUE = 2;

const IFACE = typeDesc('interface {}');
const RVALUE = typeDesc('reflect.Value');

/** Thrown through the JS stack when it overflows inside template recursion; turned into Go's depth error. */
class StackOverflow {
  constructor(
    readonly node: Node,
    readonly tmpl: ExecTemplate,
  ) {}
}

/** The JavaScript stack, not Go's depth limit, ended a recursion: the error then says what Go says at its own
 *  limit, and the flag lets the command line re-run the command on a thread with a stack deep enough to reach
 *  Go's and Helm's real limits (so the error is the one Helm gives). */
export const STACK_EXHAUSTED = Symbol.for('tshelm.template.stackExhausted');
function markStackExhausted(): void {
  (globalThis as any)[STACK_EXHAUSTED] = true;
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof Error && typeof e.message === 'string' && e.message.indexOf('Maximum call stack size exceeded') >= 0;
}

/** Go's Tree.ErrorContext: "NAME:LINE:COL" (COL counted in bytes as Go does) and the node's text. */
export function errorContext(n: Node): [string, string] {
  const text = n.src.text.slice(0, n.pos);
  const nl = text.lastIndexOf('\n');
  const byteNum = nl === -1 ? utf8Len(text) : utf8Len(text.slice(nl + 1));
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return [`${n.src.parseName}:${lines}:${byteNum}`, n.toString()];
}

function methodsOf(v: GoStruct): readonly string[] {
  return (v.constructor as typeof GoStruct).goMethods ?? [];
}

const methodDefCache = new WeakMap<object, Map<string, FuncDef>>();
const paramDescCache = new WeakMap<FuncDef, TypeDesc[]>();

function paramDescs(def: FuncDef): TypeDesc[] {
  let d = paramDescCache.get(def);
  if (d === undefined) {
    d = def.args.map(typeDesc);
    paramDescCache.set(def, d);
  }
  return d;
}

/** A FuncDef for a Go method of a GoStruct class: from its static goMethodSigs when given, else untyped. */
function methodDef(v: GoStruct, name: string): FuncDef {
  const ctor = v.constructor as any;
  let m = methodDefCache.get(ctor);
  if (!m) {
    m = new Map();
    methodDefCache.set(ctor, m);
  }
  let d = m.get(name);
  if (!d) {
    const fn = (v as any)[name] as (...a: any[]) => any;
    const sig = ctor.goMethodSigs?.[name] as Partial<FuncDef> | undefined;
    d = {
      args: sig?.args ?? new Array(typeof fn === 'function' ? fn.length : 0).fill('interface {}'),
      variadic: sig?.variadic,
      ret: sig?.ret ?? 'interface {}',
      err: sig?.err,
      fn,
    };
    m.set(name, d);
  }
  return d;
}

export class State {
  node: Node | null = null;
  depth = 0;
  varNames: string[];
  varVals: Val[];
  out = '';
  /** Whether the last evalField result sits in an interface{} slot (map value, []interface{} element), or the
   *  map it was read from: the map's element type decides, looked up only when an error names the type. */
  rIface: boolean | object = false;

  constructor(
    public tmpl: ExecTemplate,
    data: Val,
  ) {
    this.varNames = ['$'];
    this.varVals = [data];
  }

  // --- errors ------------------------------------------------------------------------------------------
  at(node: Node): void {
    this.node = node;
  }

  errorf(msg: string): never {
    throw this.makeError(msg);
  }

  makeError(msg: string, node: Node | null = this.node, tmpl: ExecTemplate = this.tmpl): ExecError {
    const name = tmpl.name();
    if (node === null) return new ExecError(`template: ${name}: ${msg}`, name);
    const [location, context] = errorContext(node);
    return new ExecError(`template: ${location}: executing ${goQuote(name)} at <${context}>: ${msg}`, name);
  }

  // --- variables -----------------------------------------------------------------------------------------
  push(name: string, v: Val): void {
    this.varNames.push(name);
    this.varVals.push(v);
  }
  setVar(name: string, v: Val): void {
    for (let i = this.varNames.length - 1; i >= 0; i--) {
      if (this.varNames[i] === name) {
        this.varVals[i] = v;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  setTopVar(n: number, v: Val): void {
    this.varVals[this.varVals.length - n] = v;
  }
  varValue(name: string): Val {
    for (let i = this.varNames.length - 1; i >= 0; i--) {
      if (this.varNames[i] === name) return this.varVals[i];
    }
    this.errorf(`undefined variable: ${name}`);
  }
  pop(mark: number): void {
    this.varNames.length = mark;
    this.varVals.length = mark;
  }

  // --- walking -------------------------------------------------------------------------------------------
  walk(dot: Val, dotIface: boolean, node: Node): number {
    if (node.type === N.List) return this.walkList(dot, dotIface, node as ListNode);
    this.node = node;
    return this.walkOne(dot, dotIface, node);
  }

  /** Walk a list, dispatching directly (fewer JS frames per template level keeps deep recursion possible). */
  walkList(dot: Val, dotIface: boolean, list: ListNode): number {
    this.node = list;
    const nodes = list.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      this.node = n;
      let c = 0;
      switch (n.type) {
        case N.Text:
          this.out += (n as TextNode).text;
          continue;
        case N.Action: {
          const a = n as ActionNode;
          const val = this.evalPipeline(dot, dotIface, a.pipe);
          if (a.pipe.decl.length === 0) this.printValue(a, val);
          continue;
        }
        case N.If:
        case N.With:
          c = this.walkIfOrWith(dot, dotIface, n as BranchNode);
          break;
        case N.Range:
          c = this.walkRange(dot, dotIface, n as BranchNode);
          break;
        case N.Template:
          c = this.walkTemplate(dot, dotIface, n as TemplateNode);
          break;
        default:
          c = this.walkOne(dot, dotIface, n);
      }
      if (c !== 0) return c;
    }
    return 0;
  }

  walkOne(dot: Val, dotIface: boolean, node: Node): number {
    switch (node.type) {
      case N.List:
        return this.walkList(dot, dotIface, node as ListNode);
      case N.Text:
        this.out += (node as TextNode).text;
        return 0;
      case N.Action: {
        const a = node as ActionNode;
        const val = this.evalPipeline(dot, dotIface, a.pipe);
        if (a.pipe.decl.length === 0) this.printValue(a, val);
        return 0;
      }
      case N.If:
      case N.With:
        return this.walkIfOrWith(dot, dotIface, node as BranchNode);
      case N.Range:
        return this.walkRange(dot, dotIface, node as BranchNode);
      case N.Template:
        return this.walkTemplate(dot, dotIface, node as TemplateNode);
      case N.Break:
        return BREAK;
      case N.Continue:
        return CONTINUE;
      case N.Comment:
        return 0;
    }
    this.errorf(`unknown node: ${node.toString()}`);
  }

  walkIfOrWith(dot: Val, dotIface: boolean, b: BranchNode): number {
    const mark = this.varNames.length;
    const val = this.evalPipeline(dot, dotIface, b.pipe);
    let c = 0;
    if (isTrue(val)) {
      c = b.type === N.With ? this.walkList(val, false, b.list) : this.walkList(dot, dotIface, b.list);
    } else if (b.elseList !== null) {
      c = this.walkList(dot, dotIface, b.elseList);
    }
    this.pop(mark);
    return c;
  }

  walkRange(dot: Val, dotIface: boolean, r: BranchNode): number {
    this.at(r);
    const mark0 = this.varNames.length;
    const val = this.evalPipeline(dot, dotIface, r.pipe);
    const mark = this.varNames.length;
    const decl = r.pipe.decl;
    const ndecl = decl.length;
    const isAssign = r.pipe.isAssign;
    const one = (index: number | string, elem: Val, elemIface: boolean): number => {
      if (ndecl > 0) {
        if (isAssign) this.setVar(decl[0].ident[0], ndecl > 1 ? rangeIndex(index) : elem);
        else this.setTopVar(1, elem);
      }
      if (ndecl > 1) {
        if (isAssign) this.setVar(decl[1].ident[0], elem);
        else this.setTopVar(2, rangeIndex(index));
      }
      const c = this.walkList(elem, elemIface, r.list);
      this.pop(mark);
      return c;
    };
    let iterated = false;
    if (Array.isArray(val)) {
      if (val.length > 0) {
        iterated = true;
        const iface = goTypeName(val) === '[]interface {}';
        for (let i = 0; i < val.length; i++) {
          const e = val[i];
          if (one(i, e === undefined ? null : e, iface) === BREAK) break;
        }
      }
    } else if (val instanceof Uint8Array) {
      if (val.length > 0) {
        iterated = true;
        for (let i = 0; i < val.length; i++) {
          if (one(i, new GoInt(BigInt(val[i]), 'uint8'), false) === BREAK) break;
        }
      }
    } else if (val !== undefined && val !== null && isGoMap(val)) {
      const keys = Object.keys(val);
      if (keys.length > 0) {
        iterated = true;
        keys.sort(compareGoStrings);
        for (const k of keys) {
          const e = (val as Record<string, unknown>)[k];
          if (one(k, e === undefined ? null : e, true) === BREAK) break;
        }
      }
    } else if (val !== undefined) {
      this.errorf(`range can't iterate over ${formatValue(val)}`);
    }
    if (!iterated && r.elseList !== null) {
      const c = this.walkList(dot, dotIface, r.elseList);
      this.pop(mark0);
      return c;
    }
    this.pop(mark0);
    return 0;
  }

  walkTemplate(dot: Val, dotIface: boolean, t: TemplateNode): number {
    this.at(t);
    const tmpl = this.tmpl.common.tmpl.get(t.name);
    if (tmpl === undefined || tmpl.tree === null || tmpl.tree.root === null) {
      this.errorf(`template ${goQuote(t.name)} not defined`);
    }
    if (this.depth === MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = t.pipe === null ? undefined : this.evalPipeline(dot, dotIface, t.pipe);
    const savedTmpl = this.tmpl;
    const savedNames = this.varNames;
    const savedVals = this.varVals;
    this.tmpl = tmpl;
    this.varNames = ['$'];
    this.varVals = [newDot];
    this.depth++;
    try {
      this.walkList(newDot, false, tmpl.tree.root);
    } catch (e) {
      if (isStackOverflow(e)) throw new StackOverflow(t, savedTmpl);
      throw e;
    } finally {
      this.depth--;
      this.tmpl = savedTmpl;
      this.varNames = savedNames;
      this.varVals = savedVals;
    }
    return 0;
  }

  printValue(n: Node, v: Val): void {
    this.at(n);
    if (v === undefined || v === null) {
      this.out += '<no value>';
      return;
    }
    if (typeof v === 'string') {
      this.out += v;
      return;
    }
    if (v instanceof GoFuncValue) this.errorf(`can't print ${n.toString()} of type ${goTypeName(v)}`);
    this.out += formatAny(v);
  }

  // --- evaluation ----------------------------------------------------------------------------------------
  evalPipeline(dot: Val, dotIface: boolean, pipe: PipeNode): Val {
    this.at(pipe);
    let value: Val = MISSING;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      value = this.evalCommand(dot, dotIface, cmds[i], value);
      if (value === null) value = undefined; // dig into interface{}: a nil interface becomes invalid
    }
    const decl = pipe.decl;
    for (let i = 0; i < decl.length; i++) {
      if (pipe.isAssign) this.setVar(decl[i].ident[0], value);
      else this.push(decl[i].ident[0], value);
    }
    return value;
  }

  notAFunction(args: Node[], final: Val): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${args[0].toString()}`);
  }

  evalCommand(dot: Val, dotIface: boolean, cmd: CommandNode, final: Val): Val {
    const first = cmd.args[0];
    switch (first.type) {
      case N.Field:
        return this.evalFieldNode(dot, dotIface, first as FieldNode, cmd.args, final);
      case N.Chain:
        return this.evalChainNode(dot, dotIface, first as ChainNode, cmd.args, final);
      case N.Identifier:
        return this.evalFunction(dot, dotIface, first as IdentifierNode, cmd, cmd.args, final);
      case N.Pipe:
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, dotIface, first as PipeNode);
      case N.Variable:
        return this.evalVariableNode(dot, dotIface, first as VariableNode, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case N.Bool:
        return (first as BoolNode).value;
      case N.Dot:
        return dot;
      case N.Nil:
        this.errorf('nil is not a command');
      // eslint-disable-next-line no-fallthrough
      case N.Number:
        return this.idealConstant(first as NumberNode);
      case N.String:
        return (first as StringNode).text;
    }
    this.errorf(`can't evaluate command ${goQuote(first.toString())}`);
  }

  idealConstant(c: NumberNode): Val {
    this.at(c);
    if (c.isComplex) return new GoComplex(c.complex[0], c.complex[1]);
    const t = c.text;
    if (c.isFloat && !isHexInt(t) && t[0] !== "'" && /[.eEpP]/.test(t)) return c.float64;
    if (c.isInt) return new GoInt(c.int64, 'int');
    if (c.isUint) this.errorf(`${t} overflows int`);
    return undefined;
  }

  evalFieldNode(dot: Val, dotIface: boolean, field: FieldNode, args: Node[] | null, final: Val): Val {
    this.at(field);
    return this.evalFieldChain(dot, dotIface, dot, dotIface, field, field.ident, args, final);
  }

  evalChainNode(dot: Val, dotIface: boolean, chain: ChainNode, args: Node[] | null, final: Val): Val {
    this.at(chain);
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === N.Nil) this.errorf(`indirection through explicit nil in ${chain.toString()}`);
    const pipe = this.evalArg(dot, dotIface, null, chain.node);
    return this.evalFieldChain(dot, dotIface, pipe, false, chain, chain.field, args, final);
  }

  evalVariableNode(dot: Val, dotIface: boolean, v: VariableNode, args: Node[] | null, final: Val): Val {
    this.at(v);
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      if (args !== null) this.notAFunction(args, final);
      else if (final !== MISSING) this.notAFunction([v], final);
      return value;
    }
    return this.evalFieldChain(dot, dotIface, value, false, v, v.fields, args, final);
  }

  evalFieldChain(dot: Val, dotIface: boolean, receiver: Val, recvIface: boolean | object, node: Node, ident: string[], args: Node[] | null, final: Val): Val {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) {
      receiver = this.evalField(dot, dotIface, ident[i], node, null, MISSING, receiver, recvIface);
      recvIface = this.rIface;
    }
    return this.evalField(dot, dotIface, ident[n - 1], node, args, final, receiver, recvIface);
  }

  evalField(dot: Val, dotIface: boolean, fieldName: string, node: Node, args: Node[] | null, final: Val, receiver: Val, recvIface: boolean | object): Val {
    this.rIface = false;
    if (receiver === undefined) {
      if (this.tmpl.common.missingKey === 'error') this.errorf(`nil data; no entry for key ${goQuote(fieldName)}`);
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    const tm = typeMethodsOf(receiver);
    if (tm !== undefined && Object.hasOwn(tm, fieldName)) {
      const def = tm[fieldName];
      const r = this.evalCall(dot, dotIface, def, false, node, fieldName, args, final, receiver);
      this.rIface = def.ret === 'interface {}';
      return r;
    }
    if (receiver instanceof GoStruct) {
      if (methodsOf(receiver).includes(fieldName) && typeof (receiver as any)[fieldName] === 'function') {
        const def = methodDef(receiver, fieldName);
        const r = this.evalCall(dot, dotIface, def, false, node, fieldName, args, final, receiver);
        this.rIface = def.ret === 'interface {}';
        return r;
      }
      if (Object.hasOwn(receiver, fieldName)) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        const v = (receiver as any)[fieldName];
        return v === undefined ? null : v;
      }
    } else if (isGoMap(receiver)) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      // MapIndex gives a value of the map's element type: interface {} for Helm's values, string for a
      // map[string]string (so `can't evaluate field X in type string`, as Go says). Decided below, on error.
      this.rIface = receiver;
      if (Object.hasOwn(receiver, fieldName)) {
        const v = (receiver as Record<string, unknown>)[fieldName];
        return v === undefined ? null : v;
      }
      switch (this.tmpl.common.missingKey) {
        case 'zero':
          return mapElemZero(receiver);
        case 'error':
          this.errorf(`map has no entry for key ${goQuote(fieldName)}`);
        // eslint-disable-next-line no-fallthrough
        default:
          return undefined;
      }
    }
    const iface = recvIface === true || (recvIface !== false && mapElemDesc(recvIface).k === K.Iface);
    const typ = iface ? 'interface {}' : goTypeName(receiver);
    this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  evalFunction(dot: Val, dotIface: boolean, node: IdentifierNode, cmd: Node, args: Node[] | null, final: Val): Val {
    this.at(node);
    const name = node.ident;
    const common = this.tmpl.common;
    let def = common.funcs[name];
    let isBuiltin = false;
    if (def === undefined) {
      def = builtinFuncs[name];
      isBuiltin = true;
      if (def === undefined) this.errorf(`${goQuote(name)} is not a defined function`);
    }
    return this.evalCall(dot, dotIface, def, isBuiltin, cmd, name, args, final, undefined);
  }

  evalCall(dot: Val, dotIface: boolean, def: FuncDef, isBuiltin: boolean, node: Node, name: string, args: Node[] | null, final: Val, recv: unknown): Val {
    const nargs = args === null ? 0 : args.length - 1;
    const numIn = final !== MISSING ? nargs + 1 : nargs;
    const params = def.args;
    const nparams = params.length;
    let numFixed = nargs;
    if (def.variadic) {
      numFixed = nparams - 1;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${nparams - 1} got ${nargs}`);
    } else if (numIn !== nparams) {
      this.errorf(`wrong number of args for ${name}: want ${nparams} got ${numIn}`);
    }

    if (isBuiltin && (name === 'and' || name === 'or')) {
      const wantOr = name === 'or';
      let v: Val = undefined;
      for (let i = 0; i < nargs; i++) {
        v = this.evalArg(dot, dotIface, RVALUE, args![i + 1]);
        if (isTrue(v === null ? undefined : v) === wantOr) return v;
      }
      if (final !== MISSING) v = this.validateType(final, RVALUE);
      return v;
    }

    const descs = paramDescs(def);
    const argv = new Array(numIn);
    let i = 0;
    for (; i < numFixed && i < nargs; i++) argv[i] = this.evalArg(dot, dotIface, descs[i], args![i + 1]);
    if (def.variadic) {
      const t = descs[nparams - 1];
      for (; i < nargs; i++) argv[i] = this.evalArg(dot, dotIface, t, args![i + 1]);
    }
    if (final !== MISSING) {
      let t = descs[nparams - 1];
      if (def.variadic && numIn - 1 < numFixed) t = descs[numIn - 1];
      argv[i] = this.validateType(final, t);
    }
    let r: unknown;
    try {
      r = recv === undefined ? def.fn(...argv) : def.fn.apply(recv, argv);
    } catch (e) {
      if (e instanceof StackOverflow || isStackOverflow(e)) throw e;
      this.at(node);
      this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return r === undefined ? null : r;
  }

  validateType(value: Val, t: TypeDesc): Val {
    if (value === undefined) {
      if (t.canBeNil) return t.k === K.RValue ? undefined : null;
      this.errorf(`invalid value; expected ${t.text}`);
    }
    if (t.k === K.RValue || t.k === K.Iface) return value;
    if (value === null) {
      this.errorf(`wrong type for value; expected ${t.text}; got interface {}`);
    }
    if (assignable(value, t)) return value;
    // one indirection: *T where T is wanted
    if (value instanceof GoStruct && value.goType === '*' + t.text) return value;
    this.errorf(`wrong type for value; expected ${t.text}; got ${goTypeName(value)}`);
  }

  evalArg(dot: Val, dotIface: boolean, t: TypeDesc | null, n: Node): Val {
    this.at(n);
    switch (n.type) {
      case N.Dot:
        return t === null ? dot : this.validateType(dot, t);
      case N.Nil:
        if (t === null || t.canBeNil) return t !== null && t.k === K.RValue ? undefined : null;
        this.errorf(`cannot assign nil to ${t.text}`);
      // eslint-disable-next-line no-fallthrough
      case N.Field: {
        const v = this.evalFieldNode(dot, dotIface, n as FieldNode, [n], MISSING);
        return t === null ? v : this.validateType(v, t);
      }
      case N.Variable: {
        const v = this.evalVariableNode(dot, dotIface, n as VariableNode, null, MISSING);
        return t === null ? v : this.validateType(v, t);
      }
      case N.Pipe: {
        const v = this.evalPipeline(dot, dotIface, n as PipeNode);
        return t === null ? v : this.validateType(v, t);
      }
      case N.Identifier: {
        const v = this.evalFunction(dot, dotIface, n as IdentifierNode, n, null, MISSING);
        return t === null ? v : this.validateType(v, t);
      }
      case N.Chain: {
        const v = this.evalChainNode(dot, dotIface, n as ChainNode, null, MISSING);
        return t === null ? v : this.validateType(v, t);
      }
    }
    if (t === null) return this.evalEmptyInterface(dot, n);
    switch (t.k) {
      case K.Bool:
        if (n.type === N.Bool) return (n as BoolNode).value;
        this.errorf(`expected bool; found ${n.toString()}`);
      // eslint-disable-next-line no-fallthrough
      case K.Complex: {
        const c = n as NumberNode;
        if (n.type === N.Number && (c.isComplex || c.isFloat)) return c.isComplex ? new GoComplex(c.complex[0], c.complex[1]) : new GoComplex(c.float64, 0);
        this.errorf(`expected complex; found ${n.toString()}`);
      }
      // eslint-disable-next-line no-fallthrough
      case K.Float:
        if (n.type === N.Number && (n as NumberNode).isFloat) return (n as NumberNode).float64;
        this.errorf(`expected float; found ${n.toString()}`);
      // eslint-disable-next-line no-fallthrough
      case K.Int:
        if (n.type === N.Number && (n as NumberNode).isInt) return GoInt.wrap((n as NumberNode).int64, t.intKind!);
        this.errorf(`expected integer; found ${n.toString()}`);
      // eslint-disable-next-line no-fallthrough
      case K.Duration:
        if (n.type === N.Number && (n as NumberNode).isInt) return new GoDuration((n as NumberNode).int64);
        this.errorf(`expected integer; found ${n.toString()}`);
      // eslint-disable-next-line no-fallthrough
      case K.Uint:
        if (n.type === N.Number && (n as NumberNode).isUint) return GoInt.wrap((n as NumberNode).uint64, t.intKind!);
        this.errorf(`expected unsigned integer; found ${n.toString()}`);
      // eslint-disable-next-line no-fallthrough
      case K.Iface:
      case K.RValue:
        return this.evalEmptyInterface(dot, n);
      case K.String:
        if (n.type === N.String) return (n as StringNode).text;
        this.errorf(`expected string; found ${n.toString()}`);
      // eslint-disable-next-line no-fallthrough
      case K.Other:
        return this.evalEmptyInterface(dot, n);
    }
    this.errorf(`can't handle ${n.toString()} for arg of type ${t.text}`);
  }

  evalEmptyInterface(dot: Val, n: Node): Val {
    this.at(n);
    switch (n.type) {
      case N.Bool:
        return (n as BoolNode).value;
      case N.Dot:
        return dot;
      case N.Number:
        return this.idealConstant(n as NumberNode);
      case N.String:
        return (n as StringNode).text;
    }
    this.errorf(`can't handle assignment of ${n.toString()} to empty interface argument`);
  }
}

function rangeIndex(i: number | string): Val {
  return typeof i === 'number' ? new GoInt(BigInt(i), 'int') : i;
}

function isHexInt(s: string): boolean {
  return s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && !/[pP]/.test(s);
}

function formatAny(v: unknown): string {
  if (v instanceof GoComplex) return `(${formatValue(v.re)}${v.im >= 0 || Number.isNaN(v.im) ? '+' : ''}${formatValue(v.im)}i)`;
  return formatPrintable(v);
}

/** Execute tmpl with data: Go's Template.Execute. */
export function execute(tmpl: ExecTemplate, data: unknown): string {
  const value = data === null ? undefined : data;
  const s = new State(tmpl, value);
  try {
    const root = tmpl.tree === null ? null : tmpl.tree.root;
    if (root === null) s.errorf(`${goQuote(tmpl.name())} is an incomplete or empty template`);
    s.walkList(value, false, root!);
  } catch (e) {
    if (e instanceof StackOverflow) {
      markStackExhausted();
      throw s.makeError(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`, e.node, e.tmpl);
    }
    if (isStackOverflow(e)) {
      markStackExhausted();
      throw s.makeError(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    }
    throw e;
  }
  return s.out;
}
