// upgrade --reuse-values as Helm 3.13's reuseValues: the old release's coalesced values become the chart's
// values (so the new chart's defaults are not seen), the old user values are merged under the new ones; the
// record stores those coalesced values as the chart's.
import { describe, it, expect } from 'vitest';
import { useCluster } from '../cluster/cluster.js';
import { runCli, isolatedEnv } from './cli.js';
import { writeChart } from './chart-dir.js';
import { decodeRelease } from '../../src/release/record.js';

const env = isolatedEnv('tshelm-reuse-');

const chart = (version: string, values: string): string =>
  writeChart('reuse', {
    'Chart.yaml': `apiVersion: v2\nname: reuse\nversion: ${version}\n`,
    'values.yaml': values,
    'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  values: {{ toJson .Values | quote }}\n',
  });

describe('upgrade --reuse-values', () => {
  const cluster = useCluster();
  it('renders with the old coalesced values and stores them as the chart values', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = `reuse-${Date.now().toString(36)}`;
    const t = (args: string[]) => runCli(['--kubeconfig', kc, ...args, '-n', ns], { env });
    let r = await t(['install', 'r', chart('1.0.0', 'a:\n  b: 1\n  c: 2\nkeep: x\n'), '--create-namespace', '--set', 'a.b=5', '--set', 'keep=null']);
    expect(r.stderr).toBe('');
    r = await t(['upgrade', 'r', chart('2.0.0', 'a:\n  b: 10\n  c: 20\n  d: 30\nkeep: y\nadded: z\n'), '--reuse-values', '--set', 'a.c=7']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const cm = await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/r`);
    // the old `keep: null` finds no default left to delete (Helm's coalesce only visits the chart's keys), so it
    // stays; the new chart's defaults (d, added, keep: y) are not used
    expect(JSON.parse(cm.body.data.values)).toEqual({ a: { b: 5, c: 7 }, keep: null });
    const sec = await cluster.raw.get(`/api/v1/namespaces/${ns}/secrets/sh.helm.release.v1.r.v2`);
    const rel = decodeRelease(Buffer.from(sec.body.data.release, 'base64').toString('utf8'));
    expect(rel.chart?.values).toEqual({ a: { b: 5, c: 2 } });
    expect(rel.chart?.metadata?.version).toBe('2.0.0');
    expect(rel.config).toEqual({ a: { b: 5, c: 7 }, keep: null });
  });
});
