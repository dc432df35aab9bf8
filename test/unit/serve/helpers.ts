import { tarFiles, gzipDeterministic } from '../../../src/chart/package.js';

/** A chart archive built in memory (files relative to the chart's directory). */
export function chartArchive(name: string, version: string, extra: Record<string, string> = {}, chartYaml: Record<string, string> = {}): Buffer {
  const y = Object.entries({ apiVersion: 'v2', name, version, description: `the ${name} chart`, ...chartYaml })
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n');
  const files: Record<string, string> = { 'Chart.yaml': y + '\n', 'values.yaml': 'replicaCount: 1\n', ...extra };
  return gzipDeterministic(tarFiles(Object.entries(files).map(([n, d]) => ({ name: n.startsWith('/') || n.startsWith('..') ? n : `${name}/${n}`, data: Buffer.from(d) }))));
}
