// Helm v3.13.3's rendering engine (pkg/engine/engine.go): every template of a chart and its subcharts parsed
// into one Go template set named "gotpl", then each non-partial template executed with its own scoped values.
// Written for tshelm from the behaviour of Helm's engine; messages are Helm's.

import { Template, TemplateError, ExecError } from '../template/index.js';
import { parse, ParseError, isEmptyTree, type Tree } from '../template/parse.js';
import { builtinFuncs } from '../template/builtins.js';
import { quote } from '../template/fmt.js';
import { def, goTypeName, isGoMap, namedMap, type FuncDef, type FuncMap, type GoMap } from '../template/types.js';
import { funcMap } from '../funcs/index.js';
import { newFiles } from './files.js';
import type { EngineChart } from './chart-view.js';

export const VALUES_TYPE = 'chartutil.Values';

const WARN_START = 'HELM_ERR_START';
const WARN_END = 'HELM_ERR_END';
const WARN_RE = /HELM_ERR_START([\s\S]*)HELM_ERR_END/;
const RECURSION_MAX = 1000;

const warnWrap = (w: string) => WARN_START + w + WARN_END;

/** A template with the values it renders with (engine.renderable). */
export interface Renderable {
  tpl: string;
  vals: GoMap;
  basePath: string;
  /** Trees of this file parsed on its own (cached: tpl's reference set reuses them). */
  trees?: Map<string, Tree>;
}

export type LookupFunction = (apiVersion: string, kind: string, namespace: string, name: string) => GoMap;

export interface EngineOptions {
  /** missingkey=error instead of missingkey=zero. */
  strict?: boolean;
  /** `required` and `fail` only log (helm lint). */
  lintMode?: boolean;
  /** Keep sprig's getHostByName (otherwise it returns ""). */
  enableDNS?: boolean;
  /** A cluster-backed `lookup`; without one, lookup returns an empty map (as `helm template`). */
  lookup?: LookupFunction;
  /** Where lint mode reports what it lets through (Helm: log.Printf). */
  log?: (msg: string) => void;
}

/** An error as Helm's engine reports it (Error.message is Helm's text). */
export class RenderError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RenderError';
  }
}

/** Helm's engine.Engine. */
export class Engine {
  constructor(readonly opts: EngineOptions = {}) {}

  /** engine.Render: chart + top-level values (ToRenderValues) → template path → rendered text. */
  render(chart: EngineChart, values: GoMap): Record<string, string> {
    const tmap = allTemplates(chart, values);
    return this.renderWithReferences(tmap, tmap);
  }

  /** The reference set prepared for `tpl` calls, per reference map (null: tpl takes Helm's full path). */
  private tplBases = new WeakMap<Map<string, Renderable>, TplBase | null>();

  private initFunMap(t: Template, referenceTpls: Map<string, Renderable>, counter?: { names: Map<string, number> }): void {
    const inc = counter ?? { names: new Map<string, number>() };
    const strict = !!this.opts.strict;
    const lintMode = !!this.opts.lintMode;
    const log = this.opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
    const f: FuncMap = {};

    f.include = def(
      ['string', 'interface {}'],
      'string',
      (name: string, data: unknown) => {
        const includedNames = inc.names;
        const v = includedNames.get(name);
        if (v !== undefined) {
          if (v > RECURSION_MAX) throw new Error(`rendering template has a nested reference name: ${name}: unable to execute template`);
          includedNames.set(name, v + 1);
        } else includedNames.set(name, 1);
        try {
          return t.executeTemplate(name, data);
        } finally {
          includedNames.set(name, includedNames.get(name)! - 1);
        }
      },
      { err: true },
    );

    f.tpl = def(
      ['string', VALUES_TYPE],
      'string',
      (tpl: string, vals: GoMap | null) => {
        const v = vals ?? {};
        let basePath: unknown;
        let templateName: unknown;
        try {
          basePath = pathValue(v, 'Template.BasePath');
        } catch (e) {
          throw new Error(`cannot retrieve Template.Basepath from values inside tpl function: ${tpl}: ${(e as Error).message}`);
        }
        try {
          templateName = pathValue(v, 'Template.Name');
        } catch (e) {
          throw new Error(`cannot retrieve Template.Name from values inside tpl function: ${tpl}: ${(e as Error).message}`);
        }
        const name = assertString(templateName);
        const base = assertString(basePath);
        let result: string;
        try {
          result = this.renderTpl(name, { tpl, vals: v, basePath: base }, referenceTpls);
        } catch (e) {
          throw new Error(`error during tpl function execution for ${quote(tpl)}: ${(e as Error).message}`);
        }
        return result;
      },
      { err: true },
    );

    f.required = def(
      ['string', 'interface {}'],
      'interface {}',
      (warn: string, val: unknown) => {
        if (val === null || val === undefined || val === '') {
          if (lintMode) {
            log(`[INFO] Missing required value: ${warn}`);
            return '';
          }
          throw new Error(warnWrap(warn));
        }
        return val;
      },
      { err: true },
    );

    f.fail = def(
      ['string'],
      'string',
      (msg: string) => {
        if (lintMode) {
          log(`[INFO] Fail: ${msg}`);
          return '';
        }
        throw new Error(warnWrap(msg));
      },
      { err: true },
    );

    const lookup = this.opts.lookup;
    f.lookup = def(
      ['string', 'string', 'string', 'string'],
      'map[string]interface {}',
      !lintMode && lookup ? (a: string, k: string, ns: string, n: string) => lookup(a, k, ns, n) : () => ({}),
      { err: true },
    );

    if (!this.opts.enableDNS) f.getHostByName = def(['string'], 'string', () => '');

    setFuncs(t, funcMap());
    setFuncs(t, f);
  }

  /** What renderWithReferences({name: r}, referenceTpls) returns for `name` (the `tpl` function), without building
   *  a fresh set of every reference template per call. Helm's per-call set is: the tpl text's trees first, then
   *  each reference file other than `name` in sortTemplates order, a non-empty tree replacing, an empty one never
   *  replacing an existing template. One set of all reference files is built once; a call lays over it only the
   *  names that differ (those of the tpl text, those the file `name` contributes, and those an enclosing tpl call
   *  changed), each folded from its contributions as Helm's order gives, and takes them off afterwards. */
  private renderTpl(name: string, r: Renderable, referenceTpls: Map<string, Renderable>): string {
    let base = this.tplBases.get(referenceTpls);
    if (base === undefined) this.tplBases.set(referenceTpls, (base = this.buildTplBase(referenceTpls)));
    const slow = () => this.renderWithReferences(new Map([[name, r]]), referenceTpls)[name] ?? '';
    if (base === null) return slow();
    const t = base.t;
    let trees: Map<string, Tree>;
    try {
      trees = parseFile(t, name, r.tpl);
    } catch (e) {
      throw cleanupParseError(name, e);
    }
    // A define in the tpl text named like another reference file changes which files Helm skips.
    for (const d of trees.keys()) if (d !== name && referenceTpls.has(d)) return slow();

    const changed = new Set<string>(base.overlay);
    for (const x of base.byFile.get(name) ?? []) changed.add(x);
    for (const x of trees.keys()) changed.add(x);
    const saved: [string, Template | undefined][] = [];
    const prevOverlay = base.overlay;
    const prevNames = base.counter.names;
    try {
      for (const x of changed) {
        const old = t.common.tmpl.get(x);
        saved.push([x, old]);
        let cur: Tree | undefined = trees.get(x);
        for (const c of base.contrib.get(x) ?? []) {
          if (c.file === name) continue;
          if (cur !== undefined && isEmptyTree(c.tree.root)) continue;
          cur = c.tree;
        }
        if (cur === undefined) t.common.tmpl.delete(x);
        else if (old === undefined || old.tree !== cur) {
          const nt = t.new(x);
          nt.tree = cur;
          t.common.tmpl.set(x, nt);
        }
      }
      base.overlay = changed;
      base.counter.names = new Map();
      const vals = r.vals;
      vals.Template = namedMap({ Name: name, BasePath: r.basePath }, VALUES_TYPE);
      let out: string;
      try {
        out = t.executeTemplate(name, vals);
      } catch (e) {
        throw cleanupExecError(name, e);
      }
      return out.includes('<no value>') ? out.replaceAll('<no value>', '') : out;
    } finally {
      base.counter.names = prevNames;
      base.overlay = prevOverlay;
      for (let i = saved.length - 1; i >= 0; i--) {
        const [x, old] = saved[i];
        if (old === undefined) t.common.tmpl.delete(x);
        else t.common.tmpl.set(x, old);
      }
    }
  }

  /** The set of every reference template for `tpl` calls, with each name's contributions in Helm's order; null
   *  when a file defines a template named like another file (then Helm's skipping rules need the full build). */
  private buildTplBase(referenceTpls: Map<string, Renderable>): TplBase | null {
    const t = new Template('gotpl');
    t.option(this.opts.strict ? 'missingkey=error' : 'missingkey=zero');
    const counter = { names: new Map<string, number>() };
    this.initFunMap(t, referenceTpls, counter);
    const contrib = new Map<string, { file: string; tree: Tree }[]>();
    const byFile = new Map<string, string[]>();
    for (const filename of sortedKeys(referenceTpls)) {
      const ref = referenceTpls.get(filename)!;
      if (ref.trees === undefined) {
        try {
          ref.trees = parseFile(t, filename, ref.tpl);
        } catch (e) {
          throw cleanupParseError(filename, e);
        }
      }
      const names: string[] = [];
      for (const [x, tree] of ref.trees) {
        if (x !== filename && referenceTpls.has(x)) return null;
        t.addParseTree(x, tree);
        let l = contrib.get(x);
        if (!l) contrib.set(x, (l = []));
        l.push({ file: filename, tree });
        names.push(x);
      }
      byFile.set(filename, names);
    }
    return { t, contrib, byFile, overlay: new Set(), counter };
  }

  /** renderWithReferences: render `tpls`, with `referenceTpls` also parsed into the set (tpl's view). */
  renderWithReferences(tpls: Map<string, Renderable>, referenceTpls: Map<string, Renderable>): Record<string, string> {
    const t = new Template('gotpl');
    t.option(this.opts.strict ? 'missingkey=error' : 'missingkey=zero');
    this.initFunMap(t, referenceTpls);

    const keys = sortTemplates(tpls);
    for (const filename of keys) {
      const r = tpls.get(filename)!;
      let trees = r.trees;
      if (trees === undefined) {
        try {
          trees = parseFile(t, filename, r.tpl);
        } catch (e) {
          throw cleanupParseError(filename, e);
        }
        if (tpls === referenceTpls) r.trees = trees;
      }
      addTrees(t, trees);
    }

    if (tpls !== referenceTpls) {
      for (const filename of sortedKeys(referenceTpls)) {
        if (t.lookup(filename) !== undefined) continue;
        const r = referenceTpls.get(filename)!;
        if (r.trees === undefined) {
          try {
            r.trees = parseFile(t, filename, r.tpl);
          } catch (e) {
            throw cleanupParseError(filename, e);
          }
        }
        addTrees(t, r.trees);
      }
    }

    const rendered: Record<string, string> = {};
    for (const filename of keys) {
      if (baseName(filename).startsWith('_')) continue;
      const r = tpls.get(filename)!;
      const vals = r.vals;
      vals.Template = namedMap({ Name: filename, BasePath: r.basePath }, VALUES_TYPE);
      let out: string;
      try {
        out = t.executeTemplate(filename, vals);
      } catch (e) {
        throw cleanupExecError(filename, e);
      }
      rendered[filename] = out.includes('<no value>') ? out.replaceAll('<no value>', '') : out;
    }
    return rendered;
  }
}

interface TplBase {
  t: Template;
  /** Each template name's trees, in the order Helm adds them (sortTemplates order of the files). */
  contrib: Map<string, { file: string; tree: Tree }[]>;
  /** The names each file contributes (its own and its defines). */
  byFile: Map<string, string[]>;
  /** Names the tpl calls in progress have laid over the set. */
  overlay: Set<string>;
  /** The include recursion counter of the call in progress (fresh per tpl call, as Helm's fresh set). */
  counter: { names: Map<string, number> };
}

const sortedCache = new WeakMap<Map<string, Renderable>, string[]>();
/** sortTemplates of a reference map, computed once (its keys never change). */
function sortedKeys(m: Map<string, Renderable>): string[] {
  let k = sortedCache.get(m);
  if (!k || k.length !== m.size) sortedCache.set(m, (k = sortTemplates(m)));
  return k;
}

const validatedFuncMaps = new WeakSet<FuncMap>();
/** Template.funcs without re-checking the names of a map already checked once. */
function setFuncs(t: Template, m: FuncMap): void {
  if (validatedFuncMaps.has(m)) Object.assign(t.common.funcs, m);
  else {
    t.funcs(m);
    if (Object.isFrozen(m)) validatedFuncMaps.add(m);
  }
}

function parseFile(t: Template, name: string, text: string): Map<string, Tree> {
  const funcs = t.common.funcs;
  try {
    return parse(name, text, {
      leftDelim: '',
      rightDelim: '',
      hasFunction: (n: string) => funcs[n] !== undefined || builtinFuncs[n] !== undefined,
    });
  } catch (e) {
    if (e instanceof ParseError) throw new TemplateError(e.message);
    throw e;
  }
}

function addTrees(t: Template, trees: Map<string, Tree>): void {
  for (const [name, tree] of trees) t.addParseTree(name, tree);
}

function assertString(v: unknown): string {
  if (typeof v === 'string') return v;
  const tn = v === null || v === undefined ? 'nil' : goTypeName(v);
  throw new Error(`interface conversion: interface {} is ${tn}, not string`);
}

/** chartutil.Values.PathValue (errors: `"KEY" is not a value`). */
export function pathValue(v: GoMap, path: string): unknown {
  if (path === '') throw new Error('YAML path cannot be empty');
  const parts = path.split('.');
  const key = parts[parts.length - 1];
  let table: unknown = v;
  for (const p of parts.slice(0, -1)) {
    if (!isGoMap(table) || !Object.hasOwn(table, p) || !isGoMap((table as GoMap)[p])) throw new Error(`${quote(key)} is not a value`);
    table = (table as GoMap)[p];
  }
  const t = table as GoMap;
  if (Object.hasOwn(t, key) && !isTable(t[key])) return t[key];
  throw new Error(`${quote(key)} is not a value`);
}

/** chartutil istable: a map[string]interface{} (named map types such as chartutil.Values are not). */
function isTable(v: unknown): boolean {
  return isGoMap(v) && goTypeName(v) === 'map[string]interface {}';
}

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

/** Helm's sortTemplates: deeper paths first; at equal depth, reverse lexical order. */
export function sortTemplates(tpls: Map<string, Renderable>): string[] {
  const depth = (s: string) => {
    let n = 0;
    for (let i = s.indexOf('/'); i >= 0; i = s.indexOf('/', i + 1)) n++;
    return n;
  };
  const keys = [...tpls.keys()].map((k) => ({ k, d: depth(k) }));
  keys.sort((a, b) => (a.d !== b.d ? b.d - a.d : a.k < b.k ? 1 : a.k > b.k ? -1 : 0));
  return keys.map((x) => x.k);
}

/** cleanupParseError */
export function cleanupParseError(filename: string, err: unknown): Error {
  const msg = (err as Error)?.message ?? String(err);
  const tokens = msg.split(': ');
  if (tokens.length === 1) return new RenderError(`parse error in (${filename}): ${msg}`, err);
  return new RenderError(`parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`, err);
}

/** cleanupExecError */
export function cleanupExecError(filename: string, err: unknown): unknown {
  if (!(err instanceof ExecError)) return err;
  const msg = err.message;
  const i1 = msg.indexOf(': ');
  const i2 = i1 < 0 ? -1 : msg.indexOf(': ', i1 + 2);
  if (i2 < 0) return new RenderError(`execution error in (${filename}): ${msg}`, err);
  const location = msg.slice(i1 + 2, i2);
  const m = WARN_RE.exec(msg.slice(i2 + 2));
  if (m) return new RenderError(`execution error at (${location}): ${m[1]}`, err);
  return err;
}

// ---------------------------------------------------------------------------------------------------------
// allTemplates / recAllTpls: every template of the chart and its dependencies with its scoped values.

export function allTemplates(chart: EngineChart, vals: GoMap): Map<string, Renderable> {
  const templates = new Map<string, Renderable>();
  recAllTpls(chart, templates, vals);
  return templates;
}

function recAllTpls(c: EngineChart, templates: Map<string, Renderable>, vals: GoMap): GoMap {
  const subCharts: GoMap = {};
  const isRoot = c.parent === null;
  const next: GoMap = namedMap(
    {
      Chart: c.chartObject(),
      Files: newFiles(c.files),
      Release: vals.Release ?? null,
      Capabilities: vals.Capabilities ?? null,
      Values: namedMap({}, VALUES_TYPE),
      Subcharts: subCharts,
    },
    VALUES_TYPE,
  );
  if (isRoot) next.Values = vals.Values ?? null;
  else {
    // vals.Table("Values." + name): the path is split at every dot, as chartutil's parsePath does
    let table: unknown = vals;
    for (const p of `Values.${c.name}`.split('.')) {
      table = isGoMap(table) && Object.hasOwn(table, p) ? (table as GoMap)[p] : undefined;
      if (!isGoMap(table)) break;
    }
    if (isGoMap(table)) next.Values = table;
  }

  for (const child of c.dependencies) subCharts[child.name] = recAllTpls(child, templates, next);

  const parentId = c.fullPath;
  const library = c.isLibrary;
  for (const t of c.templates) {
    if (library && !baseName(t.name).startsWith('_')) continue;
    templates.set(joinPath(parentId, t.name), { tpl: t.data, vals: next, basePath: joinPath(parentId, 'templates') });
  }
  return next;
}

/** Go's path.Join for two relative, clean-ish parts. */
function joinPath(a: string, b: string): string {
  const parts: string[] = [];
  for (const seg of `${a}/${b}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else parts.push('..');
      continue;
    }
    parts.push(seg);
  }
  return parts.join('/');
}

export { TemplateError, ExecError };
export type { FuncDef };
