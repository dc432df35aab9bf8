// helmCharts in a kustomization (`--enable-helm`): as kustomize runs `helm template`, tshelm runs its own
// `tshelm template` for the chart in <chartHome>/<name> (or <chartHome>/<name>-<version>/<name>), with the
// kustomization's values file and inline values, and hands the objects back to the build.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HelmChartSpec } from '../../kustomize/index.js';
import { KustomizeError } from '../../kustomize/index.js';

const BIN = fileURLToPath(new URL('../../../bin/tshelm.js', import.meta.url));

export function inflateHelmChart(spec: HelmChartSpec, chartHome: string, kustDir: string): string {
  if (!spec.name) throw new KustomizeError('helmCharts: every chart needs a name');
  const candidates = [spec.version ? join(chartHome, `${spec.name}-${spec.version}`, spec.name) : '', join(chartHome, spec.name)].filter(Boolean);
  const chartDir = candidates.find((c) => existsSync(join(c, 'Chart.yaml')));
  if (!chartDir) {
    const where = candidates.join(' or ');
    throw new KustomizeError(
      spec.repo
        ? `helmCharts: chart ${spec.name}${spec.version ? ' ' + spec.version : ''} is not in ${where}; tshelm builds offline: fetch it first with \`tshelm pull ${spec.name} --repo ${spec.repo}${spec.version ? ' --version ' + spec.version : ''} --untar -d ${spec.version ? join(chartHome, `${spec.name}-${spec.version}`) : chartHome}\``
        : `helmCharts: no chart at ${where}`,
    );
  }
  const tmp = mkdtempSync(join(tmpdir(), 'tshelm-helmchart-'));
  try {
    const args = ['template', spec.releaseName || 'release-name', chartDir];
    if (spec.namespace) args.push('--namespace', spec.namespace);
    if (spec.nameTemplate) args.push('--name-template', String(spec.nameTemplate));
    const valuesFile = spec.valuesFile ? (isAbsolute(spec.valuesFile) ? spec.valuesFile : resolve(kustDir, spec.valuesFile)) : undefined;
    const inline = spec.valuesInline && Object.keys(spec.valuesInline).length ? join(tmp, 'inline.json') : undefined;
    if (inline) writeFileSync(inline, JSON.stringify(spec.valuesInline));
    const merge = spec.valuesMerge ?? 'override';
    if (!['override', 'merge', 'replace'].includes(merge)) throw new KustomizeError(`helmCharts: valuesMerge must be override, merge or replace, not ${merge}`);
    const files = merge === 'replace' ? [inline ?? valuesFile] : merge === 'merge' ? [inline, valuesFile] : [valuesFile, inline];
    for (const f of files) if (f) args.push('--values', f);
    for (const f of (spec.additionalValuesFiles as string[] | undefined) ?? []) args.push('--values', isAbsolute(f) ? f : resolve(kustDir, f));
    for (const a of spec.apiVersions ?? []) args.push('--api-versions', a);
    if (spec.kubeVersion) args.push('--kube-version', spec.kubeVersion);
    if (spec.includeCRDs) args.push('--include-crds');
    if (spec.skipTests) args.push('--skip-tests');
    if (spec.skipHooks) args.push('--no-hooks');
    try {
      return execFileSync(process.execPath, [BIN, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      const msg = (err.stderr ?? '').trim().split('\n').filter((l) => l.startsWith('Error:')).pop() ?? err.message;
      throw new KustomizeError(`helmCharts: rendering ${spec.name}: ${msg.replace(/^Error: /, '')}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
