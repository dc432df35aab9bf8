// Build EngineChart trees in memory for the render tests (no loader involved).
import { chartObjectFrom, type EngineChart } from '../../../src/render/chart-view.js';
import { Engine, type EngineOptions } from '../../../src/render/engine.js';
import { defaultCapabilities } from '../../../src/render/capabilities.js';
import { releaseObject } from '../../../src/render/render.js';
import { namedMap, type GoMap } from '../../../src/template/types.js';

export interface ChartSpec {
  name: string;
  type?: string;
  metadata?: Record<string, unknown>;
  templates?: Record<string, string>;
  files?: Record<string, string>;
  deps?: ChartSpec[];
}

export function makeChart(spec: ChartSpec, parent: EngineChart | null = null): EngineChart {
  const enc = new TextEncoder();
  const view: any = {
    name: spec.name,
    fullPath: parent ? `${parent.fullPath}/charts/${spec.name}` : spec.name,
    parent,
    dependencies: [],
    templates: Object.entries(spec.templates ?? {}).map(([name, data]) => ({ name, data })),
    files: Object.entries(spec.files ?? {}).map(([name, data]) => ({ name, data: enc.encode(data) })),
    isLibrary: spec.type === 'library',
    chartObject: () => chartObjectFrom({ apiVersion: 'v2', name: spec.name, version: '0.1.0', type: spec.type, ...(spec.metadata ?? {}) }, parent === null),
  };
  view.dependencies = (spec.deps ?? []).map((d) => makeChart(d, view));
  return view as EngineChart;
}

export function topValues(values: GoMap, release: Partial<{ name: string; namespace: string }> = {}): GoMap {
  return {
    Chart: null,
    Capabilities: defaultCapabilities(),
    Release: releaseObject({ name: release.name ?? 'rel', namespace: release.namespace ?? 'ns', revision: 1, isInstall: true, isUpgrade: false }),
    Values: namedMap(values, 'chartutil.Values'),
  };
}

export function render(spec: ChartSpec, values: GoMap = {}, opts: EngineOptions = {}): Record<string, string> {
  return new Engine(opts).render(makeChart(spec), topValues(values));
}

export function renderError(spec: ChartSpec, values: GoMap = {}, opts: EngineOptions = {}): string {
  try {
    render(spec, values, opts);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}
