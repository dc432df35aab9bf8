// Go's *template.Template: a named template in a shared set (text/template/template.go semantics).

import type { FuncDef, FuncMap } from './types.js';
import { ParseError, isEmptyTree, parse, type Tree } from './parse.js';
import { ExecError, TemplateError, execute, type ExecCommon, type MissingKey } from './exec.js';
import { builtinFuncs } from './builtins.js';
import { goQuote } from './lex.js';

interface Common extends ExecCommon {
  tmpl: Map<string, Template>;
}

export class Template {
  private _name: string;
  /** The parsed tree (null until parsed). */
  tree: Tree | null = null;
  readonly common: Common;
  private leftDelim = '';
  private rightDelim = '';

  /** = template.New(name) */
  constructor(name: string, common?: Common) {
    this._name = name;
    this.common = common ?? { tmpl: new Map(), funcs: Object.create(null) as Record<string, FuncDef>, missingKey: 'default' };
  }

  name(): string {
    return this._name;
  }

  /** A new template associated with this one's set (shares funcs, options, definitions). */
  new(name: string): Template {
    const nt = new Template(name, this.common);
    nt.leftDelim = this.leftDelim;
    nt.rightDelim = this.rightDelim;
    return nt;
  }

  /** Parse text as this template's body; `define`d templates join the set. Throws TemplateError. */
  parse(text: string): this {
    const funcs = this.common.funcs;
    let trees: Map<string, Tree>;
    try {
      trees = parse(this._name, text, {
        leftDelim: this.leftDelim,
        rightDelim: this.rightDelim,
        hasFunction: (n) => funcs[n] !== undefined || builtinFuncs[n] !== undefined,
      });
    } catch (e) {
      if (e instanceof ParseError) throw new TemplateError(e.message);
      throw e;
    }
    for (const [name, tree] of trees) this.addParseTree(name, tree);
    return this;
  }

  /** Go's AddParseTree. */
  addParseTree(name: string, tree: Tree): Template {
    const nt = name !== this._name ? this.new(name) : this;
    if (this.associate(nt, tree) || nt.tree === null) nt.tree = tree;
    return nt;
  }

  private associate(nt: Template, tree: Tree): boolean {
    const old = this.common.tmpl.get(nt._name);
    if (old !== undefined && isEmptyTree(tree.root) && old.tree !== null) return false;
    this.common.tmpl.set(nt._name, nt);
    return true;
  }

  /** Add or replace functions (affects later parses and executions of the whole set). */
  funcs(m: FuncMap): this {
    for (const k of Object.keys(m)) {
      if (!/^[\p{L}_][\p{L}\p{Nd}_]*$/u.test(k)) throw new Error(`function name ${goQuote(k)} is not a valid identifier`);
      this.common.funcs[k] = m[k];
    }
    return this;
  }

  /** 'missingkey=default'|'invalid'|'zero'|'error' */
  option(...opts: string[]): this {
    for (const opt of opts) {
      if (opt === '') throw new Error('empty option string');
      const eq = opt.indexOf('=');
      if (eq >= 0 && opt.slice(0, eq) === 'missingkey') {
        const v = opt.slice(eq + 1);
        if (v === 'invalid' || v === 'default' || v === 'zero' || v === 'error') {
          this.common.missingKey = v as MissingKey;
          continue;
        }
      }
      throw new Error(`unrecognized option: ${opt}`);
    }
    return this;
  }

  delims(left: string, right: string): this {
    this.leftDelim = left;
    this.rightDelim = right;
    return this;
  }

  lookup(name: string): Template | undefined {
    return this.common.tmpl.get(name);
  }

  templates(): Template[] {
    return [...this.common.tmpl.values()];
  }

  /** Go's Clone: an independent copy of the whole set (trees are shared, being immutable). */
  clone(): Template {
    const common: Common = {
      tmpl: new Map(),
      funcs: Object.assign(Object.create(null) as Record<string, FuncDef>, this.common.funcs),
      missingKey: this.common.missingKey,
    };
    const copy = (t: Template): Template => {
      const c = new Template(t._name, common);
      c.tree = t.tree;
      c.leftDelim = t.leftDelim;
      c.rightDelim = t.rightDelim;
      return c;
    };
    const nt = copy(this);
    for (const [k, v] of this.common.tmpl) common.tmpl.set(k, k === this._name ? nt : copy(v));
    return nt;
  }

  /** Execute this template with data. Throws ExecError / TemplateError with Go's messages. */
  execute(data: unknown): string {
    return execute(this, data);
  }

  executeTemplate(name: string, data: unknown): string {
    const t = this.lookup(name);
    if (t === undefined) throw new TemplateError(`template: no template ${goQuote(name)} associated with template ${goQuote(this._name)}`);
    return execute(t, data);
  }

  /** Go's DefinedTemplates: "; defined templates are: ..." or "". */
  definedTemplates(): string {
    const names = [...this.common.tmpl.keys()];
    if (names.length === 0) return '';
    return '; defined templates are: ' + names.map((n) => goQuote(n)).join(', ');
  }
}

export { ExecError, TemplateError };
