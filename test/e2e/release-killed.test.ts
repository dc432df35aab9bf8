// A process killed in the middle of an upgrade (SIGKILL while it waits for readiness) leaves a pending-upgrade
// record; the next command explains it (naming the dead holder) and `rollback` recovers the release.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../cluster/cluster.js';
import { runCli } from './cli.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/tshelm.js');
const built = existsSync(join(ROOT, 'dist/cli/commands/release-run.js'));
const home = mkdtempSync(join(tmpdir(), 'tshelm-kill-'));
const env = { ...process.env, TSHELM_CACHE_HOME: join(home, 'cache'), TSHELM_CONFIG_HOME: join(home, 'config'), HELM_DRIVER: '', TSHELM_DRIVER: '', NO_COLOR: '1' };

const run = (args: string[]) => runCli(args, { env });

function chart(): string {
  const c = join(mkdtempSync(join(tmpdir(), 'tshelm-kill-chart-')), 'app');
  mkdirSync(join(c, 'templates'), { recursive: true });
  writeFileSync(join(c, 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
  writeFileSync(join(c, 'values.yaml'), 'tag: "1"\nstuck: "false"\n');
  writeFileSync(
    join(c, 'templates/deploy.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  annotations:
    tshelm.test/never-ready: {{ .Values.stuck | quote }}
spec:
  replicas: 1
  selector: {matchLabels: {app: {{ .Release.Name }}}}
  template:
    metadata: {labels: {app: {{ .Release.Name }}}}
    spec:
      containers: [{name: app, image: "nginx:{{ .Values.tag }}"}]
`,
  );
  return c;
}

describe.skipIf(!built)('a release whose upgrade process was killed', () => {
  const cluster = useCluster();

  it.skipIf(!!process.env.TSHELM_TEST_KUBECONFIG)('is explained and recovered by rollback', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('killed');
    const c = chart();
    let r = await run(['--kubeconfig', kc, 'install', 'app', c, '-n', ns, '--wait', '--timeout', '60s']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    // upgrade to a deployment that never becomes ready, and kill the process while it waits
    const p = spawn(process.execPath, [BIN, '--kubeconfig', kc, 'upgrade', 'app', c, '-n', ns, '--set', 'tag=2', '--set', 'stuck=true', '--wait', '--timeout', '120s'], { env });
    let pending = false;
    for (let i = 0; i < 200 && !pending; i++) {
      await new Promise((res) => setTimeout(res, 100));
      const s = await cluster.raw.get(`/api/v1/namespaces/${ns}/secrets/sh.helm.release.v1.app.v2`);
      pending = s.status === 200 && s.body.metadata.labels.status === 'pending-upgrade';
    }
    expect(pending).toBe(true);
    p.kill('SIGKILL');
    await new Promise((res) => p.on('close', res));

    r = await run(['--kubeconfig', kc, 'upgrade', 'app', c, '-n', ns, '--set', 'tag=3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('another operation (install/upgrade/rollback) is in progress');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);

    r = await run(['--kubeconfig', kc, 'history', 'app', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout).map((x: any) => `${x.revision}:${x.status}`)).toEqual(['1:deployed', '2:pending-upgrade']);

    r = await run(['--kubeconfig', kc, 'rollback', 'app', '-n', ns, '--wait', '--timeout', '60s']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    r = await run(['--kubeconfig', kc, 'history', 'app', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout).map((x: any) => `${x.revision}:${x.status}`)).toEqual(['1:superseded', '2:failed', '3:deployed']);
    const d = await cluster.raw.get(`/apis/apps/v1/namespaces/${ns}/deployments/app`);
    expect(d.body.spec.template.spec.containers[0].image).toBe('nginx:1');

    r = await run(['--kubeconfig', kc, 'upgrade', 'app', c, '-n', ns, '--set', 'tag=3', '--wait', '--timeout', '60s']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('REVISION: 4\n');
  }, 240_000);
});
