// The chart layer as src/render uses it: loading, dependency processing, value coalescing and schema checks
// come from src/chart; this module adapts a loaded chart to the engine's view (EngineChart).
//
// INTERIM: until src/chart lands, a minimal directory loader and a plain coalesce stand in here.

import { Chart, loadChart, type Dependency } from '../chart/index.js';
import { parseConstraint, parseVersion } from '../funcs/semver.js';
import { validateAgainstSchema as validateChartSchemas, schemaErrorMessage } from '../chart/schema.js';
import { isGoMap, type GoMap } from '../template/types.js';
import { deepCopyValue } from '../funcs/dicts.js';
import { chartObjectFrom, type EngineChart } from './chart-view.js';

export type InterimChart = Chart;
export { loadChart };

const warn = (msg: string) => void process.stderr.write(msg + '\n');

function compatible(constraint: string | undefined, version: string | undefined): boolean {
  try {
    return parseConstraint(constraint ?? '').check(parseVersion(version ?? ''));
  } catch {
    return false;
  }
}

/** Values.PathValue: the value at a dotted path; undefined when there is none. */
function pathValue(v: GoMap, path: string): unknown {
  const parts = path.split('.');
  let cur: unknown = v;
  for (const p of parts) {
    if (!isGoMap(cur) || Array.isArray(cur) || !Object.hasOwn(cur, p)) return undefined;
    cur = (cur as GoMap)[p];
  }
  return cur;
}

/** A copy of a subchart under its alias (getAliasDependency). */
function aliasOf(charts: Chart[], dep: Dependency): Chart | undefined {
  for (const c of charts) {
    if (c.name() !== dep.name || !compatible(dep.version, c.metadata.version)) continue;
    const out = Object.assign(Object.create(Object.getPrototypeOf(c)), c) as Chart;
    out.metadata = { ...c.metadata };
    if (dep.alias) out.metadata.name = dep.alias;
    return out;
  }
  return undefined;
}

/** chartutil.processDependencyEnabled: aliases applied, disabled subcharts (tags, then conditions) removed. */
function processDependencyEnabled(c: Chart, v: GoMap, path: string): void {
  const reqs = c.metadata.dependencies;
  if (!reqs) return;
  const deps: Chart[] = [];
  outer: for (const existing of c.dependencies) {
    for (const req of reqs) if (existing.name() === req.name && compatible(req.version, existing.metadata.version)) continue outer;
    deps.push(existing);
  }
  for (const req of reqs) {
    if (!req) continue;
    const a = aliasOf(c.dependencies, req);
    if (a) deps.push(a);
    if (req.alias) req.name = req.alias;
  }
  c.setDependencies(...deps);
  for (const r of reqs) r.enabled = true;
  const cvals = coalesceValues(c, v);
  // tags
  const tags = cvals.tags;
  if (isGoMap(tags) && !Array.isArray(tags)) {
    for (const r of reqs) {
      let hasTrue = false;
      let hasFalse = false;
      for (const k of r.tags ?? []) {
        if (!Object.hasOwn(tags, k)) continue;
        const b = (tags as GoMap)[k];
        if (typeof b === 'boolean') b ? (hasTrue = true) : (hasFalse = true);
        else warn(`Warning: Tag '${k}' for chart ${r.name} returned non-bool value`);
      }
      if (!hasTrue && hasFalse) r.enabled = false;
      else if (hasTrue || (!hasTrue && !hasFalse)) r.enabled = true;
    }
  }
  // conditions: the first path that resolves to a bool decides
  for (const r of reqs) {
    for (const cond of (r.condition ?? '').trim().split(',')) {
      if (cond.length === 0) continue;
      const vv = pathValue(cvals, path + cond);
      if (vv === undefined) continue;
      if (typeof vv === 'boolean') {
        r.enabled = vv;
        break;
      }
      warn(`Warning: Condition path '${cond}' for chart ${r.name} returned non-bool value`);
    }
  }
  const rm = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
  const kept = c.dependencies.filter((d) => !rm.has(d.name()));
  const keptMeta = reqs.filter((r) => !rm.has(r.name));
  for (const t of kept) processDependencyEnabled(t, cvals, `${path}${t.name()}.`);
  c.metadata.dependencies = keptMeta;
  c.setDependencies(...kept);
}

function mergeTables(dst: GoMap, src: GoMap): GoMap {
  for (const [k, sv] of Object.entries(src)) {
    const dv = dst[k];
    if (!Object.hasOwn(dst, k)) dst[k] = sv;
    else if (isGoMap(dv) && !Array.isArray(dv) && isGoMap(sv) && !Array.isArray(sv)) mergeTables(dv as GoMap, sv as GoMap);
  }
  return dst;
}

function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  let cur: GoMap = data;
  for (const p of path.split('.').filter(Boolean).reverse()) cur = { [p]: cur };
  return cur;
}

/** chartutil.processImportValues (merge form): child tables imported into the parent under its own values. */
function processImportValues(c: Chart): void {
  const reqs = c.metadata.dependencies;
  if (!reqs) return;
  const cvals = coalesceValues(c, {});
  let b: GoMap = {};
  for (const r of reqs) {
    const out: unknown[] = [];
    for (const riv of r['import-values'] ?? []) {
      let child: string;
      let parent: string;
      if (typeof riv === 'string') {
        child = `exports.${riv}`;
        parent = '.';
      } else if (isGoMap(riv)) {
        child = String((riv as GoMap).child);
        parent = String((riv as GoMap).parent);
      } else continue;
      out.push({ child, parent });
      const vv = pathValue(cvals, `${r.name}.${child}`);
      if (!isGoMap(vv) || Array.isArray(vv)) {
        warn(`Warning: ImportValues missing table from chart ${r.name}: no table at ${r.name}.${child}`);
        continue;
      }
      b = mergeTables(b, pathToMap(parent, deepCopyValue(vv) as GoMap));
    }
    if ((r['import-values'] ?? []).length) r['import-values'] = out;
  }
  c.values = mergeTables(deepCopyValue(cvals) as GoMap, b);
}

function processDependencyImportValues(c: Chart): void {
  for (const d of c.dependencies) processDependencyImportValues(d);
  if ((c.metadata.dependencies ?? []).some((r) => (r['import-values'] ?? []).length > 0)) processImportValues(c);
}

/** chartutil.ProcessDependenciesWithMerge: enable/disable and alias subcharts, then import values. */
export function processDependencies(chart: InterimChart, vals: GoMap): void {
  processDependencyEnabled(chart, vals, '');
  processDependencyImportValues(chart);
}

/** coalesceGlobals: the parent's globals copied into a subchart's, the parent's winning. */
function coalesceGlobals(dest: GoMap, src: GoMap): void {
  const dg0 = dest.global ?? {};
  const sg0 = src.global ?? {};
  if (!isGoMap(dg0) || Array.isArray(dg0)) return warn('warning: skipping globals because destination global is not a table.');
  if (!isGoMap(sg0) || Array.isArray(sg0)) return warn('warning: skipping globals because source global is not a table.');
  const dg = dg0 as GoMap;
  for (const [key, val] of Object.entries(sg0 as GoMap)) {
    if (isGoMap(val) && !Array.isArray(val)) {
      const vv = deepCopyValue(val) as GoMap;
      const destv = dg[key];
      if (!Object.hasOwn(dg, key)) dg[key] = vv;
      else if (!isGoMap(destv) || Array.isArray(destv)) warn(`Conflict: cannot merge map onto non-map for "${key}". Skipping.`);
      else dg[key] = coalesce(vv, destv as GoMap);
    } else if (isGoMap(dg[key]) && !Array.isArray(dg[key])) warn(`Conflict: cannot merge non-map onto map for "${key}". Skipping.`);
    else dg[key] = val;
  }
  dest.global = dg;
}

function coalesce(dst: GoMap, src: GoMap): GoMap {
  for (const [k, v] of Object.entries(src)) {
    if (!Object.hasOwn(dst, k)) dst[k] = v;
    else if (dst[k] === null) delete dst[k];
    else if (isGoMap(dst[k]) && isGoMap(v)) coalesce(dst[k] as GoMap, v as GoMap);
  }
  return dst;
}

/** chartutil.CoalesceValues for a chart without dependencies (as a stored release's chart is): `vals` over
 *  a copy of `chartValues`, a null in `vals` removing the default. coalesceValues's first step. */
export function coalesceChartValues(chartValues: GoMap | undefined, vals: GoMap | undefined): GoMap {
  return coalesce(deepCopyValue(vals ?? {}) as GoMap, deepCopyValue(chartValues ?? {}) as GoMap);
}

export function coalesceValues(chart: InterimChart, vals: GoMap): GoMap {
  const out = coalesceChartValues(chart.values, vals);
  for (const d of chart.dependencies) {
    const name = d.name();
    const sub = isGoMap(out[name]) && !Array.isArray(out[name]) ? (out[name] as GoMap) : {};
    coalesceGlobals(sub, out);
    out[name] = coalesceValues(d, sub);
  }
  return out;
}

export function validateAgainstSchema(chart: InterimChart, vals: GoMap): void {
  try {
    validateChartSchemas(chart, vals);
  } catch (e) {
    throw new Error(schemaErrorMessage((e as Error).message));
  }
}

const decoder = new TextDecoder();

/** The engine's view of a loaded chart (src/chart's Chart, or anything with the same shape: metadata with
 *  Chart.yaml's keys, templates/files as { name, data }, dependencies, parent). Build it after dependency
 *  processing: disabled subcharts are gone then and aliased ones renamed. */
export function engineChart(c: any, parent: EngineChart | null = null): EngineChart {
  const md = (c.metadata ?? {}) as Record<string, unknown>;
  const name = String(md.name ?? '');
  const view: EngineChart = {
    name,
    fullPath: parent ? `${parent.fullPath}/charts/${name}` : name,
    parent,
    dependencies: [],
    templates: (c.templates ?? []).map((t: { name: string; data: Uint8Array | string }) => ({
      name: t.name,
      data: typeof t.data === 'string' ? t.data : decoder.decode(t.data),
    })),
    files: c.files ?? [],
    isLibrary: String(md.type ?? '').toLowerCase() === 'library',
    chartObject: () => chartObjectFrom(md, parent === null),
  };
  (view as any).dependencies = (c.dependencies ?? []).map((d: any) => engineChart(d, view));
  return view;
}

export function chartName(c: Chart): string {
  return c.name();
}
export function chartMetadata(c: Chart): Record<string, unknown> {
  return c.metadata as Record<string, unknown>;
}
