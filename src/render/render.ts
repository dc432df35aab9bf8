// renderChart: the library's whole-chart rendering, as `helm template` drives Helm's engine:
// ProcessDependenciesWithMerge → ToRenderValues (coalesce + schema) → engine.Render.

import { GoInt, namedMap, type GoMap } from '../template/types.js';
import { Engine, VALUES_TYPE, type LookupFunction } from './engine.js';
import { defaultCapabilities, type Capabilities, type KubeVersion } from './capabilities.js';
import * as chartApi from './chart-api.js';

export interface ReleaseOptions {
  name: string;
  namespace: string;
  revision: number;
  isInstall: boolean;
  isUpgrade: boolean;
}

export interface RenderChartOptions {
  releaseName: string;
  namespace: string;
  /** User-supplied values (what mergeValues returns). */
  values?: GoMap;
  revision?: number;
  isUpgrade?: boolean;
  /** e.g. "1.30.2" (as --kube-version) or a parsed KubeVersion. */
  kubeVersion?: string | KubeVersion;
  /** Extra API versions for .Capabilities.APIVersions. */
  apiVersions?: readonly string[];
  /** A full Capabilities object (overrides kubeVersion/apiVersions). */
  capabilities?: Capabilities;
  strict?: boolean;
  lintMode?: boolean;
  enableDNS?: boolean;
  lookup?: LookupFunction;
}

/** The `.Release` object (a map[string]interface{}; Revision is a Go int). */
export function releaseObject(o: ReleaseOptions): GoMap {
  return {
    Name: o.name,
    Namespace: o.namespace,
    IsUpgrade: o.isUpgrade,
    IsInstall: o.isInstall,
    Revision: new GoInt(BigInt(o.revision), 'int'),
    Service: 'Helm',
  };
}

/** chartutil.ToRenderValues: the top-level object (Chart, Capabilities, Release, Values). Coalesces the chart's
 *  values under the user's and validates them against the charts' schemas. */
export function toRenderValues(chart: chartApi.InterimChart, chrtVals: GoMap, options: ReleaseOptions, caps: Capabilities): GoMap {
  const top: GoMap = {
    Chart: null,
    Capabilities: caps,
    Release: releaseObject(options),
  };
  const vals = chartApi.coalesceValues(chart, chrtVals);
  chartApi.validateAgainstSchema(chart, vals);
  top.Values = namedMap(vals, VALUES_TYPE);
  return top;
}

/** Render every template of a loaded chart: template path → rendered text (partials excluded). Throws with
 *  Helm's messages. Note: dependency processing may disable subcharts of `chart` in place, as Helm does. */
export async function renderChart(chart: chartApi.InterimChart, opts: RenderChartOptions): Promise<Record<string, string>> {
  const { top, engine, view } = prepareRender(chart, opts);
  return engine.render(view, top);
}

export function prepareRender(chart: chartApi.InterimChart, opts: RenderChartOptions) {
  const vals: GoMap = opts.values ?? {};
  chartApi.processDependencies(chart, vals);
  const caps = opts.capabilities ?? defaultCapabilities({ kubeVersion: opts.kubeVersion, apiVersions: opts.apiVersions });
  const isUpgrade = !!opts.isUpgrade;
  const top = toRenderValues(
    chart,
    vals,
    { name: opts.releaseName, namespace: opts.namespace, revision: opts.revision ?? 1, isInstall: !isUpgrade, isUpgrade },
    caps,
  );
  const engine = new Engine({ strict: opts.strict, lintMode: opts.lintMode, enableDNS: opts.enableDNS, lookup: opts.lookup });
  return { top, engine, view: chartApi.engineChart(chart), caps };
}
