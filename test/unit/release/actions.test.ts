import { describe, it, expect, beforeEach } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { loadChart } from '../../../src/chart/load.js';
import { MemoryDriver, Storage } from '../../../src/release/storage/index.js';
import { install, upgrade, rollback, uninstall, history, status, list, releaseTest, type Configuration } from '../../../src/release/actions/index.js';
import { FakeKube } from './fake-kube.js';

function makeChart(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'rel-'));
  const c = join(dir, 'demo');
  mkdirSync(join(c, 'templates'), { recursive: true });
  writeFileSync(join(c, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: "1.0"\n');
  writeFileSync(join(c, 'values.yaml'), 'color: blue\nsize: 1\n');
  writeFileSync(join(c, 'templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  color: {{ .Values.color }}\n  rev: "{{ .Release.Revision }}"\n');
  writeFileSync(join(c, 'templates/NOTES.txt'), 'Installed {{ .Release.Name }} in {{ .Release.Namespace }}\n');
  for (const [k, v] of Object.entries(extra)) {
    mkdirSync(join(c, k, '..'), { recursive: true });
    writeFileSync(join(c, k), v);
  }
  return c;
}

let kube: FakeKube;
let cfg: Configuration;
beforeEach(() => {
  kube = new FakeKube('default');
  cfg = { kube, storage: new Storage(new MemoryDriver('default')), namespace: 'default' };
});

const cm = (name: string) => kube.objects.get(`ConfigMap/default/${name}`) as any;

describe('release lifecycle', () => {
  it('install → upgrade → rollback → uninstall', async () => {
    const chart = await loadChart(makeChart());
    const r1 = await install(cfg, { name: 'web', chart, values: {} });
    expect(r1.info!.status).toBe('deployed');
    expect(r1.info!.description).toBe('Install complete');
    expect(r1.info!.notes).toBe('Installed web in default\n');
    expect(cm('web-cm').data).toEqual({ color: 'blue', rev: '1' });
    expect(cm('web-cm').metadata.annotations['meta.helm.sh/release-name']).toBe('web');
    await expect(install(cfg, { name: 'web', chart, values: {} })).rejects.toThrow('cannot re-use a name that is still in use');

    const r2 = await upgrade(cfg, { name: 'web', chart: await loadChart(makeChart()), values: { color: 'red' } });
    expect(r2.version).toBe(2);
    expect(cm('web-cm').data).toEqual({ color: 'red', rev: '2' });
    expect((await status(cfg, 'web', 1)).info!.status).toBe('superseded');

    // no new values: the previous config is kept (Helm's default)
    const r3 = await upgrade(cfg, { name: 'web', chart: await loadChart(makeChart()), values: {} });
    expect(r3.config).toEqual({ color: 'red' });

    const r4 = await rollback(cfg, { name: 'web', version: 1 });
    expect(r4.version).toBe(4);
    expect(r4.info!.description).toBe('Rollback to 1');
    expect(r4.config).toBeNull();
    expect(cm('web-cm').data).toEqual({ color: 'blue', rev: '1' });
    const h = await history(cfg, 'web');
    expect(h.map((r) => `${r.version}:${r.info!.status}`)).toEqual(['1:superseded', '2:superseded', '3:superseded', '4:deployed']);
    expect((await history(cfg, 'web', 2)).map((r) => r.version)).toEqual([3, 4]);

    await uninstall(cfg, { name: 'web' });
    expect(cm('web-cm')).toBeUndefined();
    await expect(history(cfg, 'web')).rejects.toThrow('release: not found');
  });

  it('reuse-values merges the previous config under the new values', async () => {
    const chart = await loadChart(makeChart());
    await install(cfg, { name: 'a', chart, values: { color: 'green', extra: { x: 1 } } });
    const r = await upgrade(cfg, { name: 'a', chart: await loadChart(makeChart()), values: { extra: { y: 2 } }, reuseValues: true });
    expect(r.config).toEqual({ color: 'green', extra: { x: 1, y: 2 } });
    const r2 = await upgrade(cfg, { name: 'a', chart: await loadChart(makeChart()), values: { size: 3 }, resetValues: true });
    expect(r2.config).toEqual({ size: 3 });
    expect(cm('a-cm').data.color).toBe('blue');
  });

  it('keep-history uninstall leaves an uninstalled record; list filters by status', async () => {
    await install(cfg, { name: 'k', chart: await loadChart(makeChart()), values: {} });
    await install(cfg, { name: 'other', chart: await loadChart(makeChart()), values: {} });
    await uninstall(cfg, { name: 'k', keepHistory: true });
    expect((await status(cfg, 'k')).info!.status).toBe('uninstalled');
    expect((await list(cfg, {})).map((r) => r.name)).toEqual(['other']);
    expect((await list(cfg, { uninstalled: true })).map((r) => r.name)).toEqual(['k']);
    expect((await list(cfg, { all: true, filter: '^k' })).map((r) => r.name)).toEqual(['k']);
    await expect(uninstall(cfg, { name: 'nope' })).rejects.toThrow('release: not found');
    await uninstall(cfg, { name: 'nope', ignoreNotFound: true });
    // --replace reuses the name of an uninstalled release
    const r = await install(cfg, { name: 'k', chart: await loadChart(makeChart()), values: {}, replace: true });
    expect(r.version).toBe(2);
  });

  it('atomic install rolls back (uninstalls) on a failed wait', async () => {
    kube.failWait = true;
    await expect(install(cfg, { name: 'at', chart: await loadChart(makeChart()), values: {}, atomic: true, timeoutMs: 10 }))
      .rejects.toThrow('release at failed, and has been uninstalled due to atomic being set: timed out waiting for the condition');
    expect(cm('at-cm')).toBeUndefined();
    await expect(history(cfg, 'at')).rejects.toThrow('release: not found');
  });

  it('failed install without atomic leaves a failed record', async () => {
    kube.failCreate = (o) => o.kind === 'ConfigMap';
    await expect(install(cfg, { name: 'f', chart: await loadChart(makeChart()), values: {} })).rejects.toThrow('admission webhook denied');
    const r = await status(cfg, 'f');
    expect(r.info!.status).toBe('failed');
    expect(r.info!.description).toContain('Release "f" failed: admission webhook denied');
  });

  it('atomic upgrade rolls back to the deployed revision', async () => {
    await install(cfg, { name: 'u', chart: await loadChart(makeChart()), values: {} });
    kube.failWait = 1;
    await expect(upgrade(cfg, { name: 'u', chart: await loadChart(makeChart()), values: { color: 'red' }, atomic: true }))
      .rejects.toThrow('has been rolled back due to atomic being set');
    kube.failWait = false;
    const h = await history(cfg, 'u');
    expect(h.map((r) => r.info!.status)).toEqual(['superseded', 'failed', 'deployed']);
    expect(cm('u-cm').data.color).toBe('blue');
  });

  it('a pending record blocks upgrades with a recovery hint; rollback recovers', async () => {
    await install(cfg, { name: 'p', chart: await loadChart(makeChart()), values: {} });
    await upgrade(cfg, { name: 'p', chart: await loadChart(makeChart()), values: { color: 'red' } });
    const r2 = await status(cfg, 'p');
    r2.info!.status = 'pending-upgrade';
    expect(r2.labels?.['tshelm-holder']).toBeUndefined();
    r2.labels = { ...r2.labels, 'tshelm-holder': `${hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 48)}_4194303` };
    await cfg.storage.update(r2);
    await expect(upgrade(cfg, { name: 'p', chart: await loadChart(makeChart()), values: {} }))
      .rejects.toThrow(/another operation \(install\/upgrade\/rollback\) is in progress.*process 4194303 on this host .* is gone.*tshelm rollback p/);
    const r = await rollback(cfg, { name: 'p' });
    expect(r.version).toBe(3);
    expect((await history(cfg, 'p')).map((x) => x.info!.status)).toEqual(['superseded', 'failed', 'deployed']);
  });

  it('history-max prunes old revisions', async () => {
    await install(cfg, { name: 'hm', chart: await loadChart(makeChart()), values: {} });
    for (let i = 0; i < 5; i++) await upgrade(cfg, { name: 'hm', chart: await loadChart(makeChart()), values: { size: i }, maxHistory: 3 });
    expect((await history(cfg, 'hm')).map((r) => r.version)).toEqual([4, 5, 6]);
  });

  it('runs hooks by weight with delete policies, records last_run, and runs tests', async () => {
    const job = (n: string, ev: string, w: number, pol?: string) => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${n}\n  annotations:\n    helm.sh/hook: ${ev}\n    helm.sh/hook-weight: "${w}"\n${pol ? `    helm.sh/hook-delete-policy: ${pol}\n` : ''}spec: {}\n`;
    const chart = await loadChart(makeChart({
      'templates/h1.yaml': job('second', 'pre-install', 5, 'hook-succeeded'),
      'templates/h2.yaml': job('first', 'pre-install', -1),
      'templates/t.yaml': job('smoke', 'test', 0),
    }));
    const r = await install(cfg, { name: 'hk', chart, values: {} });
    const creates = kube.calls.filter((c) => c.startsWith('create'));
    expect(creates.slice(0, 3)).toEqual(['create Job/first', 'create Job/second', 'create ConfigMap/hk-cm']);
    expect(kube.calls).toContain('delete Job/second');
    expect(kube.objects.has('Job/default/first')).toBe(true);
    expect(r.hooks!.find((h) => h.name === 'first')!.last_run.phase).toBe('Succeeded');
    const t = await releaseTest(cfg, 'hk');
    expect(t.hooks!.find((h) => h.name === 'smoke')!.last_run.phase).toBe('Succeeded');
    expect((await status(cfg, 'hk')).hooks!.find((h) => h.name === 'smoke')!.last_run.phase).toBe('Succeeded');
  });

  it('validates names', async () => {
    await expect(install(cfg, { name: 'Bad_Name', chart: await loadChart(makeChart()), values: {} })).rejects.toThrow('invalid release name "Bad_Name"');
  });
});

describe('concurrency', () => {
  it('two upgrades at once: exactly one wins, the other changes nothing', async () => {
    await install(cfg, { name: 'race', chart: await loadChart(makeChart()), values: {} });
    const c1 = await loadChart(makeChart());
    const c2 = await loadChart(makeChart());
    const results = await Promise.allSettled([
      upgrade(cfg, { name: 'race', chart: c1, values: { color: 'red' } }),
      upgrade(cfg, { name: 'race', chart: c2, values: { color: 'green' } }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const bad = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(ok.length).toBe(1);
    expect(bad.length).toBe(1);
    expect(bad[0].reason.message).toContain('another operation (install/upgrade/rollback) is in progress');
    const winner = (ok[0] as PromiseFulfilledResult<any>).value.config.color;
    expect(cm('race-cm').data.color).toBe(winner);
    expect((await history(cfg, 'race')).map((r) => `${r.version}:${r.info!.status}`)).toEqual(['1:superseded', '2:deployed']);
  });
});
