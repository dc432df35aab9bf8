// OCI flow against Debian's docker-registry on loopback: push, pull, version constraints, template from oci://,
// provenance layer, login/logout with htpasswd auth. Skipped with a message when docker-registry is absent.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { haveRegistry, REGISTRY_SKIP_MESSAGE, startRegistry, TEST_PASS, TEST_USER, type TestRegistry } from './oci-registry.js';
import { chartArchive } from '../unit/serve/helpers.js';
import { runCli } from './cli.js';

/** stderr without the Pulled:/Pushed:/Digest: lines Helm's registry client writes there. */
const ociLog = (s: string) => s.replace(/^(Pulled|Pushed|Digest): .*\n/gm, '');

const bin = join(__dirname, '..', '..', 'bin', 'tshelm.js');
if (!haveRegistry) console.warn(REGISTRY_SKIP_MESSAGE);

const run = (args: string[], env: Record<string, string>, input?: string) => runCli(args, { env, input });

describe.skipIf(!haveRegistry)('OCI registry (docker-registry)', () => {
  let open: TestRegistry;
  let secured: TestRegistry;
  let dir: string;
  let env: Record<string, string>;
  const sha = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');
  const chart = (name: string, version: string) => {
    const p = join(dir, `${name}-${version}.tgz`);
    writeFileSync(p, chartArchive(name, version, { 'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-{{ .Chart.Version }}\n' }));
    return p;
  };

  beforeAll(async () => {
    [open, secured] = await Promise.all([startRegistry(), startRegistry({ auth: true })]);
    dir = mkdtempSync(join(tmpdir(), 'tshelm-oci-'));
    env = { TSHELM_REGISTRY_CONFIG: join(dir, 'registry', 'config.json'), TSHELM_REPOSITORY_CACHE: join(dir, 'cache'), TSHELM_REPOSITORY_CONFIG: join(dir, 'repositories.yaml'), SOURCE_DATE_EPOCH: '1700000000' };
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), secured?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('push writes Helm\'s manifest (media types, tag = version with + as _) and pull gets the same bytes', async () => {
    const p = chart('demo', '1.0.0+build.5');
    const r = await run(['push', p, `oci://${open.host}/charts`, '--plain-http'], env);
    expect(ociLog(r.stderr)).toBe('');
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(`Pushed: ${open.host}/charts/demo:1.0.0_build.5`);
    const m = await fetch(`http://${open.host}/v2/charts/demo/manifests/1.0.0_build.5`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
    const bytes = Buffer.from(await m.arrayBuffer());
    expect(lines[1]).toBe(`Digest: ${sha(bytes)}`);
    const doc = JSON.parse(bytes.toString());
    expect(doc.config.mediaType).toBe('application/vnd.cncf.helm.config.v1+json');
    expect(doc.layers.map((l: any) => l.mediaType)).toEqual(['application/vnd.cncf.helm.chart.content.v1.tar+gzip']);
    expect(doc.layers[0].digest).toBe(sha(readFileSync(p)));
    expect(doc.annotations['org.opencontainers.image.version']).toBe('1.0.0+build.5');
    const cfg = JSON.parse(await (await fetch(`http://${open.host}/v2/charts/demo/blobs/${doc.config.digest}`)).text());
    expect(cfg).toMatchObject({ name: 'demo', version: '1.0.0+build.5', apiVersion: 'v2' });
    const out = join(dir, 'out1');
    const pl = await run(['pull', `oci://${open.host}/charts/demo`, '--version', '1.0.0+build.5', '-d', out], env);
    expect(pl.status).toBe(0);
    // Helm 3.13's registry client reports the pull on stderr, stdout stays empty
    expect(pl.stdout).toBe('');
    expect(pl.stderr).toBe(`Pulled: ${open.host}/charts/demo:1.0.0_build.5\nDigest: ${sha(bytes)}\n`);
    expect(readFileSync(join(out, 'demo-1.0.0+build.5.tgz')).equals(readFileSync(p))).toBe(true);
  });

  it('resolves versions: an exact tag, a constraint over the tags, the latest', async () => {
    for (const v of ['0.1.0', '0.2.0', '0.2.3', '0.3.0-rc.1', '1.1.0']) {
      const r = await run(['push', chart('multi', v), `oci://${open.host}/charts`], env); // loopback: HTTP fallback
      expect(r.status, r.stderr).toBe(0);
    }
    const { resolveOciChart } = await import('../../src/repo/oci.js');
    const base = `oci://${open.host}/charts/multi`;
    const o = { destDir: join(dir, 'out2'), registryConfig: env.TSHELM_REGISTRY_CONFIG };
    expect((await resolveOciChart(base, { ...o, version: '0.2.x' })).path).toMatch(/multi-0\.2\.3\.tgz$/);
    expect((await resolveOciChart(base, o)).path).toMatch(/multi-1\.1\.0\.tgz$/);
    expect((await resolveOciChart(base, { ...o, version: '<1.0.0', devel: true })).path).toMatch(/multi-0\.2\.3\.tgz$/);
    expect((await resolveOciChart(base, { ...o, version: '>=0.3.0-0 <0.4.0-0' })).path).toMatch(/multi-0\.3\.0-rc\.1\.tgz$/);
    expect((await resolveOciChart(`${base}:0.1.0`, o)).path).toMatch(/multi-0\.1\.0\.tgz$/);
    await expect(resolveOciChart(base, { ...o, version: '9.x' })).rejects.toThrow(/could not locate a version matching provided version string 9\.x/);
    await expect(resolveOciChart(`oci://${open.host}/charts/nothing`, o)).rejects.toThrow(/not found/);
    // rendering straight from the registry, through the chart reference resolver
    const t = await run(['template', 'rel', base, '--version', '0.2.x'], env);
    expect(ociLog(t.stderr)).toBe('');
    expect(t.stdout).toContain('name: rel-0.2.3');
  });

  it('pushes and pulls the provenance layer', async () => {
    const p = chart('signed', '0.1.0');
    writeFileSync(p + '.prov', '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nfake\n');
    expect((await run(['push', p, `oci://${open.host}/charts`], env)).status).toBe(0);
    const { resolveOciChart } = await import('../../src/repo/oci.js');
    const r = await resolveOciChart(`oci://${open.host}/charts/signed`, { destDir: join(dir, 'out3'), prov: true });
    expect(readFileSync(r.provPath!, 'utf8')).toBe(readFileSync(p + '.prov', 'utf8'));
  });

  it('auth: refused without login, wrong password refused, login/push/pull/logout', async () => {
    const p = chart('private', '0.1.0');
    const remote = `oci://${secured.host}/team`;
    const anon = await run(['push', p, remote], env);
    expect(anon.status).toBe(1);
    expect(anon.stderr).toMatch(/^Error: .*unauthorized: authentication required \(run 'tshelm registry login 127\.0\.0\.1:\d+'\)\n$/);
    const bad = await run(['registry', 'login', secured.host, '-u', TEST_USER, '-p', 'wrong'], env);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/unauthorized.*credentials rejected/);
    expect(existsSync(env.TSHELM_REGISTRY_CONFIG)).toBe(false);
    const ok = await run(['registry', 'login', secured.host, '-u', TEST_USER, '--password-stdin'], env, TEST_PASS + '\n');
    expect(ok.stdout).toBe('Login Succeeded\n');
    const cfg = JSON.parse(readFileSync(env.TSHELM_REGISTRY_CONFIG, 'utf8'));
    expect(Buffer.from(cfg.auths[secured.host].auth, 'base64').toString()).toBe(`${TEST_USER}:${TEST_PASS}`);
    expect((await run(['push', p, remote], env)).status).toBe(0);
    const pl = await run(['pull', `${remote}/private`, '-d', join(dir, 'out4')], env);
    expect(pl.status, pl.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out4', 'private-0.1.0.tgz')).equals(readFileSync(p))).toBe(true);
    const lo = await run(['registry', 'logout', secured.host], env);
    expect(lo.stderr).toBe(`Removing login credentials for ${secured.host}\n`);
    expect(JSON.parse(readFileSync(env.TSHELM_REGISTRY_CONFIG, 'utf8')).auths[secured.host]).toBeUndefined();
    const again = await run(['registry', 'logout', secured.host], env);
    expect(again.stderr).toBe('Error: not logged in\n');
    expect((await run(['pull', `${remote}/private`, '-d', join(dir, 'out5')], env)).status).toBe(1);
  });
});
