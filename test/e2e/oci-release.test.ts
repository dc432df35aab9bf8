// Charts from oci:// for install, upgrade, template, show and pull, with the transport flags Helm v3.13 has on
// them: --plain-http, --ca-file, --insecure-skip-tls-verify, --cert-file/--key-file. Runs docker-registry on
// loopback (plain HTTP, TLS with a test CA, TLS requiring client certificates) and the test API server.
// Skipped with a message when docker-registry (or, for the TLS part, openssl) is absent.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCluster } from '../cluster/cluster.js';
import { haveOpenssl, haveRegistry, REGISTRY_SKIP_MESSAGE, startRegistry, type TestRegistry } from './oci-registry.js';
import { chartArchive } from '../unit/serve/helpers.js';
import { runCli } from './cli.js';

/** stderr without the Pulled:/Pushed:/Digest: lines Helm's registry client writes there. */
const ociLog = (s: string) => s.replace(/^(Pulled|Pushed|Digest): .*\n/gm, '');

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/tshelm.js');
const built = existsSync(join(ROOT, 'dist/cli/commands/release-run.js'));
if (!haveRegistry) console.warn(REGISTRY_SKIP_MESSAGE);
else if (!haveOpenssl()) console.warn('openssl not found: the OCI-over-TLS tests are skipped');

const home = mkdtempSync(join(tmpdir(), 'tshelm-oci-rel-'));
const env = {
  TSHELM_CACHE_HOME: join(home, 'cache'),
  TSHELM_CONFIG_HOME: join(home, 'config'),
  TSHELM_DATA_HOME: join(home, 'data'),
  TSHELM_REGISTRY_CONFIG: join(home, 'registry.json'),
  TSHELM_REPOSITORY_CACHE: join(home, 'repocache'),
  TSHELM_REPOSITORY_CONFIG: join(home, 'repositories.yaml'),
  HELM_DRIVER: '',
  TSHELM_DRIVER: '',
  NO_COLOR: '1',
};

const tshelm = (args: string[]) => runCli(args, { env });

function chart(dir: string, name: string, version: string): string {
  const p = join(dir, `${name}-${version}.tgz`);
  writeFileSync(
    p,
    chartArchive(name, version, {
      'values.yaml': 'color: blue\n',
      'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  version: {{ .Chart.Version | quote }}\n  color: {{ .Values.color }}\n',
    }),
  );
  return p;
}

describe.skipIf(!built || !haveRegistry)('oci:// charts for install, upgrade, template, show, pull', () => {
  const cluster = useCluster();
  let plain: TestRegistry;
  let dir: string;
  beforeAll(async () => {
    plain = await startRegistry();
    dir = mkdtempSync(join(tmpdir(), 'tshelm-oci-charts-'));
    for (const v of ['1.0.0', '1.1.0']) {
      const r = await tshelm(['push', chart(dir, 'x', v), `oci://${plain.host}/charts`, '--plain-http']);
      expect(ociLog(r.stderr)).toBe('');
    }
  }, 60000);
  afterAll(async () => {
    await plain?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('install NAME oci://HOST/charts/x --version V --plain-http, then upgrade from oci://', async () => {
    const kc = cluster.kubeconfigPath;
    const ns = await cluster.namespace('oci');
    let r = await tshelm(['--kubeconfig', kc, 'install', 'fromoci', `oci://${plain.host}/charts/x`, '--version', '1.0.0', '--plain-http', '-n', ns]);
    expect(ociLog(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME: fromoci\nLAST DEPLOYED: .+\nNAMESPACE: .+\nSTATUS: deployed\nREVISION: 1\n/);
    let cm = await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/fromoci-cm`);
    expect(cm.status).toBe(200);
    expect(cm.body.data).toEqual({ version: '1.0.0', color: 'blue' });

    r = await tshelm(['--kubeconfig', kc, 'upgrade', 'fromoci', `oci://${plain.host}/charts/x`, '--plain-http', '-n', ns, '--set', 'color=red']);
    expect(ociLog(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('REVISION: 2\n');
    cm = await cluster.raw.get(`/api/v1/namespaces/${ns}/configmaps/fromoci-cm`);
    expect(cm.body.data).toEqual({ version: '1.1.0', color: 'red' }); // no --version: the highest tag

    r = await tshelm(['--kubeconfig', kc, 'list', '-n', ns, '-o', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject([{ name: 'fromoci', revision: '2', chart: 'x-1.1.0', status: 'deployed' }]);

    r = await tshelm(['--kubeconfig', kc, 'install', 'missing', `oci://${plain.host}/charts/x`, '--version', '9.9.9', '--plain-http', '-n', ns]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: [^\n]*\n$/);
  }, 60000);

  it('template, show and pull take --plain-http', async () => {
    const ref = `oci://${plain.host}/charts/x`;
    let r = await tshelm(['template', 'tpl', ref, '--version', '1.0.0', '--plain-http']);
    expect(ociLog(r.stderr)).toBe('');
    expect(r.stdout).toContain('name: tpl-cm\n');
    expect(r.stdout).toContain('version: "1.0.0"');
    r = await tshelm(['show', 'chart', ref, '--version', '1.1.0', '--plain-http']);
    expect(ociLog(r.stderr)).toBe('');
    expect(r.stdout).toContain('name: x\n');
    expect(r.stdout).toContain('version: 1.1.0\n');
    r = await tshelm(['show', 'values', ref, '--plain-http']);
    expect(r.stdout).toBe('color: blue\n\n'); // Helm's Fprintln after the file's own newline
    const out = join(dir, 'pulled');
    r = await tshelm(['pull', ref, '--version', '1.0.0', '--plain-http', '-d', out]);
    expect(ociLog(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'x-1.0.0.tgz')).equals(readFileSync(join(dir, 'x-1.0.0.tgz')))).toBe(true);
  }, 60000);

  describe.skipIf(!haveOpenssl())('over TLS', () => {
    let tls: TestRegistry;
    let mtls: TestRegistry;
    beforeAll(async () => {
      [tls, mtls] = await Promise.all([startRegistry({ tls: true }), startRegistry({ clientCerts: true })]);
    }, 60000);
    afterAll(async () => {
      await Promise.all([tls?.stop(), mtls?.stop()]);
    });

    it('--ca-file and --insecure-skip-tls-verify; an unverified certificate is an error, not a plain-HTTP retry', async () => {
      const p = chart(dir, 'x', '2.0.0');
      let r = await tshelm(['push', p, `oci://${tls.host}/charts`]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^Error: .*https:\/\/127\.0\.0\.1:\d+\/v2\/.*certificate.*--ca-file\)\n$/);
      r = await tshelm(['push', p, `oci://${tls.host}/charts`, '--ca-file', tls.caFile!]);
      expect(ociLog(r.stderr)).toBe('');
      expect(r.stderr).toContain(`Pushed: ${tls.host}/charts/x:2.0.0\n`);
      const ref = `oci://${tls.host}/charts/x`;
      r = await tshelm(['pull', ref, '--version', '2.0.0', '-d', join(dir, 'tls1')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('certificate');
      r = await tshelm(['pull', ref, '--version', '2.0.0', '-d', join(dir, 'tls1'), '--insecure-skip-tls-verify']);
      expect(ociLog(r.stderr)).toBe('');
      expect(existsSync(join(dir, 'tls1', 'x-2.0.0.tgz'))).toBe(true);
      r = await tshelm(['show', 'chart', ref, '--ca-file', tls.caFile!]);
      expect(r.stdout).toContain('version: 2.0.0\n');
      r = await tshelm(['template', 't', ref, '--insecure-skip-tls-verify']);
      expect(r.stdout).toContain('version: "2.0.0"');
      // --plain-http against a TLS registry is refused by the registry itself
      r = await tshelm(['show', 'chart', ref, '--plain-http']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^Error: .*HTTP request to an HTTPS server/);

      const ns = await cluster.namespace('ocitls');
      r = await tshelm(['--kubeconfig', cluster.kubeconfigPath, 'install', 'tlsrel', ref, '--version', '2.0.0', '--ca-file', tls.caFile!, '-n', ns]);
      expect(ociLog(r.stderr)).toBe('');
      expect(r.stdout).toContain('STATUS: deployed\n');
      r = await tshelm(['--kubeconfig', cluster.kubeconfigPath, 'upgrade', 'tlsrel', ref, '--insecure-skip-tls-verify', '-n', ns]);
      expect(ociLog(r.stderr)).toBe('');
      expect(r.stdout).toContain('REVISION: 2\n');
    }, 60000);

    it('--cert-file/--key-file for a registry that requires client certificates', async () => {
      const p = chart(dir, 'x', '3.0.0');
      const client = ['--cert-file', mtls.clientCertFile!, '--key-file', mtls.clientKeyFile!];
      let r = await tshelm(['push', p, `oci://${mtls.host}/charts`, '--ca-file', mtls.caFile!]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^Error: [^\n]*\n$/);
      r = await tshelm(['push', p, `oci://${mtls.host}/charts`, '--ca-file', mtls.caFile!, ...client]);
      expect(ociLog(r.stderr)).toBe('');
      const ref = `oci://${mtls.host}/charts/x`;
      r = await tshelm(['pull', ref, '--ca-file', mtls.caFile!, ...client, '-d', join(dir, 'mtls')]);
      expect(ociLog(r.stderr)).toBe('');
      expect(existsSync(join(dir, 'mtls', 'x-3.0.0.tgz'))).toBe(true);
      r = await tshelm(['show', 'chart', ref, '--insecure-skip-tls-verify', ...client]);
      expect(r.stdout).toContain('version: 3.0.0\n');
      r = await tshelm(['template', 't', ref, '--ca-file', mtls.caFile!, ...client]);
      expect(r.stdout).toContain('version: "3.0.0"');
      const ns = await cluster.namespace('ocimtls');
      r = await tshelm(['--kubeconfig', cluster.kubeconfigPath, 'install', 'mrel', ref, '--ca-file', mtls.caFile!, ...client, '-n', ns]);
      expect(ociLog(r.stderr)).toBe('');
      expect(r.stdout).toContain('STATUS: deployed\n');
    }, 60000);
  });
});
