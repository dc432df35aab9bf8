// The chart layer as src/render uses it: loading, dependency processing, value coalescing and schema checks
// come from src/chart; this module adapts a loaded chart to the engine's view (EngineChart).
//
// INTERIM: until src/chart lands, a minimal directory loader and a plain coalesce stand in here.

import { Chart, loadChart } from '../chart/index.js';
import { isGoMap, type GoMap } from '../template/types.js';
import { deepCopyValue } from '../funcs/dicts.js';
import { chartObjectFrom, type EngineChart } from './chart-view.js';

export type InterimChart = Chart;
export { loadChart };

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
  const out = coalesce(deepCopyValue(vals ?? {}) as GoMap, deepCopyValue(chart.values ?? {}) as GoMap);
  for (const d of chart.dependencies) {
    const name = d.name();
    out[name] = coalesceValues(d, isGoMap(out[name]) ? (out[name] as GoMap) : {});
  }
  return out;
}

export function validateAgainstSchema(_chart: InterimChart, _vals: GoMap): void {}

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
