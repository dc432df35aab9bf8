// End to end: release command behaviours found missing in an audit of issues 5 and 6 (the built CLI against the
// test API server, or TSHELM_TEST_KUBECONFIG's cluster).
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../cluster/cluster.js';
import { runCli, homeEnv } from './cli.js';
import { under, writeChart } from './chart-dir.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'tshelm-audit-e2e-'));
const built = existsSync(join(ROOT, 'dist/cli/commands/release-run.js'));

function tshelm(kubeconfig: string, args: string[], env: Record<string, string> = {}) {
  return runCli(['--kubeconfig', kubeconfig, ...args], { env: { ...homeEnv(home), ...env } });
}

/** A chart with the given templates (file name → text). */
const chart = (templates: Record<string, string>, values = ''): string =>
  writeChart('audit', { 'Chart.yaml': 'apiVersion: v2\nname: audit\nversion: 0.1.0\n', 'values.yaml': values, ...under('templates', templates) });

const cm = (name: string, annotations = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${annotations ? `  annotations:\n${annotations}` : ''}data:\n  a: "1"\n`;

describe.skipIf(!built)('release audit (issues 5 and 6)', () => {
  const cluster = useCluster();

  it('uninstall keeps objects annotated helm.sh/resource-policy: keep and says so', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-keep');
    const c = chart({ 'cm.yaml': `${cm('kept', '    helm.sh/resource-policy: " Keep "\n')}---\n${cm('gone')}` });
    let r = await tshelm(kc, ['install', 'k', c, '-n', ns]);
    expect(r.code).toBe(0);
    r = await tshelm(kc, ['uninstall', 'k', '-n', ns]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('These resources were kept due to the resource policy:\n[ConfigMap] kept\n\nrelease "k" uninstalled\n');
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/kept`)).status).toBe(200);
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/gone`)).status).toBe(404);
  }, 120_000);

  it('upgrade leaves an object the chart dropped when the live object is annotated keep', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-keep-up');
    let r = await tshelm(kc, ['install', 'u', chart({ 'cm.yaml': `${cm('one')}---\n${cm('two')}` }), '-n', ns]);
    expect(r.code).toBe(0);
    await cluster.raw.patch(`/api/v1/namespaces/${ns}/configmaps/two`, { metadata: { annotations: { 'helm.sh/resource-policy': 'keep' } } });
    r = await tshelm(kc, ['upgrade', 'u', chart({ 'cm.yaml': cm('one') }), '-n', ns]);
    expect(r.code).toBe(0);
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/two`)).status).toBe(200);
  }, 120_000);
  it('ownership: install and upgrade refuse objects of another release or of none (Helm 3.13 words), --take-ownership adopts', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-own');
    await cluster.raw.post(`/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'manual' }, data: { a: 'x' } });
    let r = await tshelm(kc, ['install', 'a', chart({ 'cm.yaml': cm('shared') }), '-n', ns]);
    expect(r.code).toBe(0);
    r = await tshelm(kc, ['install', 'b', chart({ 'cm.yaml': cm('bonly') }), '-n', ns]);
    expect(r.code).toBe(0);
    // an upgrade that brings in another release's object is refused before anything is written
    const b2 = chart({ 'cm.yaml': `${cm('bonly')}---\n${cm('shared')}` });
    r = await tshelm(kc, ['upgrade', 'b', b2, '-n', ns]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: UPGRADE FAILED: Unable to continue with update: ConfigMap "shared" in namespace "${ns}" exists and cannot be imported into the current release: invalid ownership metadata; annotation validation error: key "meta.helm.sh/release-name" must equal "b": current value is "a" (--take-ownership adopts it)\n`);
    r = await tshelm(kc, ['history', 'b', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout).map((x: any) => x.revision)).toEqual([1]);
    // dry runs ask too
    r = await tshelm(kc, ['upgrade', 'b', b2, '-n', ns, '--dry-run']);
    expect(r.code).toBe(1);
    // an object nobody manages
    r = await tshelm(kc, ['install', 'm', chart({ 'cm.yaml': cm('manual') }), '-n', ns]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Unable to continue with install: ConfigMap "manual" in namespace "${ns}" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "m"; annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "${ns}"`);
    r = await tshelm(kc, ['install', 'm', chart({ 'cm.yaml': cm('manual') }), '-n', ns, '--take-ownership']);
    expect(r.code).toBe(0);
    r = await tshelm(kc, ['upgrade', 'b', b2, '-n', ns, '--take-ownership']);
    expect(r.code).toBe(0);
    const shared = (await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/shared`)).body;
    expect(shared.metadata.annotations['meta.helm.sh/release-name']).toBe('b');
    const manual = (await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/manual`)).body;
    expect(manual.metadata.labels['app.kubernetes.io/managed-by']).toBe('Helm');
    expect(manual.data).toEqual({ a: '1' });
  }, 120_000);

  it('--dry-run=client renders without the cluster (lookup finds nothing); --dry-run=server looks up', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-dry');
    await cluster.raw.post(`/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'src' }, data: { k: 'from-cluster' } });
    const c = chart({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: out\ndata:\n  k: {{ dig "data" "k" "none" (lookup "v1" "ConfigMap" .Release.Namespace "src") | quote }}\n' });
    let r = await tshelm(kc, ['install', 'd', c, '-n', ns, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('k: "none"');
    r = await tshelm(kc, ['install', 'd', c, '-n', ns, '--dry-run=server']);
    expect(r.stdout).toContain('k: "from-cluster"');
    r = await tshelm(kc, ['install', 'd', c, '-n', ns]);
    expect(r.code).toBe(0);
    r = await tshelm(kc, ['upgrade', 'd', c, '-n', ns, '--dry-run=client']);
    expect(r.stdout).toContain('k: "none"');
    r = await tshelm(kc, ['upgrade', 'd', c, '-n', ns, '--dry-run=server']);
    expect(r.stdout).toContain('k: "from-cluster"');
  }, 120_000);
});

describe.skipIf(!built)('rollback --recreate-pods', () => {
  const cluster = useCluster();
  it("deletes the pods each object of the release selects, changed or not (Helm's recreate over Result.Updated)", async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-recreate');
    const c = chart({
      'deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: c, image: nginx}]\n',
      'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n',
    });
    expect((await tshelm(kc, ['install', 'rp', c, '-n', ns])).code).toBe(0);
    expect((await tshelm(kc, ['upgrade', 'rp', c, '-n', ns])).code).toBe(0);
    for (const [name, app] of [['web-1', 'web'], ['api-1', 'api'], ['other', 'other']]) {
      const r = await cluster.raw.post(`/api/v1/namespaces/${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
      expect(r.status).toBe(201);
    }
    let r = await tshelm(kc, ['rollback', 'rp', '1', '-n', ns]);
    expect(r.code).toBe(0);
    const names = async () => (await cluster.raw.get(`/api/v1/namespaces/${ns}/pods`)).body.items.map((p: any) => p.metadata.name).sort();
    expect(await names()).toEqual(['api-1', 'other', 'web-1']);
    r = await tshelm(kc, ['rollback', 'rp', '2', '-n', ns, '--recreate-pods']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await names()).toEqual(['other']);
  }, 120_000);
});

describe.skipIf(!built)('hooks and --replace', () => {
  const cluster = useCluster();
  it('upgrade --disable-hooks (and upgrade --install --disable-hooks) run no hooks', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-hooks');
    const hook = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hooked-{{ .Release.Revision }}\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\ndata: {a: "1"}\n';
    const c = chart({ 'hook.yaml': hook, 'cm.yaml': cm('plain') });
    let r = await tshelm(kc, ['upgrade', '--install', 'h', c, '-n', ns, '--disable-hooks']);
    expect(r.code).toBe(0);
    r = await tshelm(kc, ['upgrade', 'h', c, '-n', ns, '--disable-hooks']);
    expect(r.code).toBe(0);
    const hooked = async () => (await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps`)).body.items.map((x: any) => x.metadata.name).filter((n: string) => n.startsWith('hooked')).sort();
    expect(await hooked()).toEqual([]);
    r = await tshelm(kc, ['upgrade', 'h', c, '-n', ns]);
    expect(r.code).toBe(0);
    expect(await hooked()).toEqual(['hooked-3']);
  }, 120_000);

  it('install --replace over an uninstalled release kept in history: next revision, the old one superseded', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-replace');
    const c = chart({ 'cm.yaml': cm('r') });
    expect((await tshelm(kc, ['install', 'rr', c, '-n', ns])).code).toBe(0);
    expect((await tshelm(kc, ['uninstall', 'rr', '-n', ns, '--keep-history'])).code).toBe(0);
    let r = await tshelm(kc, ['install', 'rr', c, '-n', ns]);
    expect(r.stderr).toContain('cannot re-use a name that is still in use');
    r = await tshelm(kc, ['install', 'rr', c, '-n', ns, '--replace']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('REVISION: 2\n');
    r = await tshelm(kc, ['history', 'rr', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout).map((x: any) => `${x.revision}:${x.status}:${x.description}`)).toEqual(['1:superseded:superseded by new release', '2:deployed:Install complete']);
  }, 120_000);
});

describe.skipIf(!built)('upgrade of an uninstalled release kept in history', () => {
  const cluster = useCluster();
  it('upgrade says it has no deployed releases; upgrade --install installs it again as the next revision', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-uninst');
    const c = chart({ 'cm.yaml': cm('u') });
    expect((await tshelm(kc, ['install', 'ku', c, '-n', ns])).code).toBe(0);
    expect((await tshelm(kc, ['uninstall', 'ku', '-n', ns, '--keep-history'])).code).toBe(0);
    let r = await tshelm(kc, ['upgrade', 'ku', c, '-n', ns]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: UPGRADE FAILED: "ku" has no deployed releases/);
    r = await tshelm(kc, ['upgrade', '--install', 'ku', c, '-n', ns]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Release "ku" does not exist. Installing it now.\nNAME: ku\n/);
    r = await tshelm(kc, ['history', 'ku', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout).map((x: any) => `${x.revision}:${x.status}`)).toEqual(['1:superseded', '2:deployed']);
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/u`)).status).toBe(200);
  }, 120_000);
});

describe.skipIf(!built)('rollback after a failed upgrade', () => {
  const cluster = useCluster();
  it('undoes what the failed revision applied: objects it created are deleted, fields it added removed (--atomic too)', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-rb');
    const dep = (extra: string, image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n${extra}spec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: c, image: ${image}}]\n`;
    const good = chart({ 'd.yaml': dep('', 'nginx:1') });
    const bad = chart({ 'd.yaml': dep('  annotations: {tshelm.test/never-ready: "true", added: "yes"}\n', 'nginx:2'), 'cm.yaml': cm('newcm') });
    expect((await tshelm(kc, ['install', 'rb', good, '-n', ns, '--wait'])).code).toBe(0);
    let r = await tshelm(kc, ['upgrade', 'rb', bad, '-n', ns, '--atomic', '--timeout', '2s']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has been rolled back due to atomic being set/);
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/newcm`)).status).toBe(404);
    let d = (await cluster.raw.get(`/apis/apps/v1/namespaces/${ns}/deployments/web`)).body;
    expect(d.metadata.annotations?.added).toBeUndefined();
    r = await tshelm(kc, ['history', 'rb', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout).map((x: any) => `${x.revision}:${x.status}`)).toEqual(['1:superseded', '2:failed', '3:deployed']);
    // a plain failed upgrade, then rollback by hand
    r = await tshelm(kc, ['upgrade', 'rb', bad, '-n', ns, '--wait', '--timeout', '2s']);
    expect(r.code).toBe(1);
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/newcm`)).status).toBe(200);
    r = await tshelm(kc, ['rollback', 'rb', '-n', ns]);
    expect(r.code).toBe(0);
    expect((await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/newcm`)).status).toBe(404);
    d = (await cluster.raw.get(`/apis/apps/v1/namespaces/${ns}/deployments/web`)).body;
    expect(d.metadata.annotations?.added).toBeUndefined();
  }, 120_000);
});

describe.skipIf(!built)('test --logs', () => {
  const cluster = useCluster();
  it("prints each test pod's log after the status (POD LOGS: NAME), --filter applied", async () => {
    if (!cluster.server) return; // the log text is the test server's
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-testlogs');
    const pod = (n: string, w: number) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: t-${n}\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: "${w}"\nspec:\n  restartPolicy: Never\n  containers: [{name: c, image: busybox}]\n`;
    const c = chart({ 'a.yaml': pod('a', 2), 'b.yaml': pod('b', 1), 'c.yaml': pod('c', 0) });
    expect((await tshelm(kc, ['install', 'tl', c, '-n', ns])).code).toBe(0);
    const r = await tshelm(kc, ['test', 'tl', '-n', ns, '--logs', '--filter', '!name=t-c']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.slice(r.stdout.indexOf('Phase:'))).toMatch(/Phase: +Succeeded\n\nPOD LOGS: t-b\ntshelm test cluster: log of pod t-b\n\nPOD LOGS: t-a\ntshelm test cluster: log of pod t-a\n\n$/);
  }, 120_000);
});

describe.skipIf(!built)('--labels and --history-max', () => {
  const cluster = useCluster();
  it("upgrade merges --labels into the last revision's (\"null\" removes one); system labels and a bad --history-max are refused", async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('audit-labels');
    const c = chart({ 'cm.yaml': cm('l') });
    expect((await tshelm(kc, ['install', 'lb', c, '-n', ns, '-l', 'team=a,tier=web'])).code).toBe(0);
    expect((await tshelm(kc, ['upgrade', 'lb', c, '-n', ns, '-l', 'tier=null,env=prod'])).code).toBe(0);
    const labels = (await cluster.raw.get(`/api/v1/namespaces/${ns}/secrets/sh.helm.release.v1.lb.v2`)).body.metadata.labels;
    expect(labels).toMatchObject({ team: 'a', env: 'prod', name: 'lb', owner: 'helm', status: 'deployed', version: '2' });
    expect(labels.tier).toBeUndefined();
    let r = await tshelm(kc, ['upgrade', 'lb', c, '-n', ns, '-l', 'owner=me']);
    expect(r.stderr).toBe('Error: UPGRADE FAILED: user suplied labels contains system reserved label name. System labels: [name owner status version createdAt modifiedAt]\n');
    r = await tshelm(kc, ['upgrade', 'lb', c, '-n', ns, '--history-max', 'x']);
    expect(r.stderr).toBe('Error: invalid argument "x" for "--history-max" flag: strconv.ParseInt: parsing "x": invalid syntax\n');
    r = await tshelm(kc, ['history', 'lb', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout)).toHaveLength(2);
  }, 120_000);
});
