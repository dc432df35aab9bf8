// helmCharts with --enable-helm: the chart is inflated by tshelm's own engine (what `tshelm template` prints),
// then the kustomization's transformers apply to it.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const FIX = resolve(__dirname, '../../fixtures/kustomize-helm');
const BIN = resolve(__dirname, '../../../bin/tshelm.js');
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
const ids = (s: string) =>
  s
    .split(/^---$/m)
    .map((d) => `${/^kind: (\S+)/m.exec(d)?.[1]}/${/^  name: (\S+)/m.exec(d)?.[1]}`)
    .filter((x) => !x.startsWith('undefined'))
    .sort();

describe('kustomize build --enable-helm', () => {
  it('inflates the chart as tshelm template does, then transforms it', () => {
    const k = run(['kustomize', 'build', FIX, '--enable-helm']);
    expect(k.stderr).toBe('');
    expect(k.status).toBe(0);
    const t = run(['template', 'shop', resolve(__dirname, '../../../charts/webapp'), '-n', 'web', '-f', join(FIX, 'values.yaml'), '--set', 'replicaCount=3']);
    expect(t.status).toBe(0);
    expect(ids(k.stdout)).toEqual(ids(t.stdout));
    expect(k.stdout).toContain('image: ghcr.io/stefanprodan/podinfo:6.5.0');
    expect(k.stdout).toContain('replicas: 3');
    expect(k.stdout.match(/^  namespace: web$/gm)?.length).toBe(ids(t.stdout).length);
    expect(k.stdout.match(/^    via: kustomize$/gm)?.length).toBe(ids(t.stdout).length);
  });
  it('refuses helmCharts without --enable-helm, as kubectl does', () => {
    const k = run(['kustomize', 'build', FIX]);
    expect(k.status).toBe(1);
    expect(k.stderr).toMatch(/^Error: .*must specify --enable-helm\n$/);
  });
});
