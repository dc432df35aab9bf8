// The chart layer as src/render uses it: loading, dependency processing, value coalescing and schema checks
// come from src/chart; this module adapts a loaded chart to the engine's view (EngineChart).
//
// INTERIM: until src/chart lands, a minimal directory loader and a plain coalesce stand in here.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../funcs/yaml.js';
import { isGoMap, type GoMap } from '../template/types.js';
import { chartObjectFrom, type EngineChart } from './chart-view.js';

export interface InterimChart {
  metadata: Record<string, unknown>;
  values: GoMap;
  templates: { name: string; data: Uint8Array }[];
  files: { name: string; data: Uint8Array }[];
  dependencies: InterimChart[];
  parent: InterimChart | null;
}

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    const r = rel ? `${rel}/${e}` : e;
    if (statSync(p).isDirectory()) out.push(...walk(p, r));
    else out.push(r);
  }
  return out;
}

export async function loadChart(dir: string, parent: InterimChart | null = null): Promise<InterimChart> {
  const c: InterimChart = { metadata: {}, values: {}, templates: [], files: [], dependencies: [], parent };
  for (const rel of walk(dir)) {
    const data = readFileSync(join(dir, rel));
    if (rel === 'Chart.yaml') c.metadata = parseYaml(data.toString('utf8'), rel) as Record<string, unknown>;
    else if (rel === 'values.yaml') c.values = (parseYaml(data.toString('utf8'), rel) as GoMap) ?? {};
    else if (rel.startsWith('templates/')) c.templates.push({ name: rel, data });
    else if (rel.startsWith('charts/')) continue;
    else c.files.push({ name: rel, data });
  }
  try {
    for (const e of readdirSync(join(dir, 'charts')).sort()) {
      if (statSync(join(dir, 'charts', e)).isDirectory()) c.dependencies.push(await loadChart(join(dir, 'charts', e), c));
    }
  } catch {
    /* no charts/ */
  }
  return c;
}

export function processDependencies(_chart: InterimChart, _vals: GoMap): void {}

function coalesce(dst: GoMap, src: GoMap): GoMap {
  for (const [k, v] of Object.entries(src)) {
    if (!Object.hasOwn(dst, k)) dst[k] = v;
    else if (dst[k] === null) delete dst[k];
    else if (isGoMap(dst[k]) && isGoMap(v)) coalesce(dst[k] as GoMap, v as GoMap);
  }
  return dst;
}

export function coalesceValues(chart: InterimChart, vals: GoMap): GoMap {
  const out = coalesce(structuredClone(vals ?? {}), structuredClone(chart.values));
  for (const d of chart.dependencies) {
    const name = String(d.metadata.name);
    const sub = isGoMap(out[name]) ? (out[name] as GoMap) : (out[name] = {});
    coalesceValues(d, sub);
  }
  return out;
}

export function validateAgainstSchema(_chart: InterimChart, _vals: GoMap): void {}

const decoder = new TextDecoder();

export function engineChart(c: InterimChart, parent: EngineChart | null = null): EngineChart {
  const name = String(c.metadata.name ?? '');
  const view: EngineChart = {
    name,
    fullPath: parent ? `${parent.fullPath}/charts/${name}` : name,
    parent,
    dependencies: [],
    templates: c.templates.map((t) => ({ name: t.name, data: decoder.decode(t.data) })),
    files: c.files,
    isLibrary: String(c.metadata.type ?? '').toLowerCase() === 'library',
    chartObject: () => chartObjectFrom(c.metadata, parent === null),
  };
  (view as any).dependencies = c.dependencies.map((d) => engineChart(d, view));
  return view;
}

export function chartName(c: InterimChart): string {
  return String(c.metadata.name ?? '');
}
export function chartMetadata(c: InterimChart): Record<string, unknown> {
  return c.metadata;
}
