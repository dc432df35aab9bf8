import { randomBytes } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { MemoryDriver, SecretDriver, ConfigMapDriver, Storage, ReleaseNotFoundError, newDriver, makeKey } from '../../../src/release/storage/index.js';
import { decodeRelease, type Release, type ReleaseStatus } from '../../../src/release/record.js';
import { FakeKube } from './fake-kube.js';

function rel(name: string, version: number, status: ReleaseStatus, ns = 'default'): Release {
  return { name, version, namespace: ns, manifest: `v${version}`, hooks: null, config: { a: version }, chart: null,
    info: { first_deployed: '', last_deployed: '', deleted: '', description: 'x', status } };
}

const drivers = {
  memory: () => new MemoryDriver('default'),
  secret: () => new SecretDriver(new FakeKube(), 'default'),
  configmap: () => new ConfigMapDriver(new FakeKube(), 'default'),
};

for (const [kind, make] of Object.entries(drivers)) {
  describe(`${kind} driver through Storage`, () => {
    it('creates, queries, updates and deletes', async () => {
      const s = new Storage(make());
      await s.create(rel('a', 1, 'superseded'));
      await s.create(rel('a', 2, 'deployed'));
      await s.create(rel('b', 1, 'failed'));
      await expect(s.create(rel('a', 2, 'deployed'))).rejects.toThrow('release: already exists');
      expect((await s.deployed('a')).version).toBe(2);
      expect((await s.last('a')).version).toBe(2);
      expect((await s.history('a')).map((r) => r.version).sort()).toEqual([1, 2]);
      await expect(s.deployed('b')).rejects.toThrow('"b" has no deployed releases');
      await expect(s.get('zz', 1)).rejects.toBeInstanceOf(ReleaseNotFoundError);
      const r = await s.get('a', 1);
      expect(r.config).toEqual({ a: 1 });
      r.info!.status = 'uninstalled';
      await s.update(r);
      expect((await s.get('a', 1)).info!.status).toBe('uninstalled');
      expect((await s.listReleases()).length).toBe(3);
      expect((await s.listDeployed()).map((x) => x.name)).toEqual(['a']);
      await s.delete('a', 1);
      await expect(s.get('a', 1)).rejects.toThrow('release: not found');
    });
    it('prunes history to maxHistory but keeps the deployed revision', async () => {
      const s = new Storage(make());
      await s.create(rel('p', 1, 'deployed'));
      for (let v = 2; v <= 6; v++) await s.create(rel('p', v, 'failed'));
      s.maxHistory = 3;
      await s.create(rel('p', 7, 'failed'));
      const vs = (await s.history('p')).map((r) => r.version).sort((a, b) => a - b);
      expect(vs).toEqual([1, 6, 7]);
    });
  });
}

describe('secret driver records', () => {
  it('writes Helm-shaped Secrets', async () => {
    const kube = new FakeKube();
    const d = new SecretDriver(kube, 'default');
    await d.create(makeKey('web', 1), rel('web', 1, 'deployed'));
    const o: any = await kube.get({ apiVersion: 'v1', kind: 'Secret', name: 'sh.helm.release.v1.web.v1', namespace: 'default' });
    expect(o.type).toBe('helm.sh/release.v1');
    expect(o.metadata.labels).toMatchObject({ name: 'web', owner: 'helm', status: 'deployed', version: '1' });
    expect(o.metadata.labels.createdAt).toMatch(/^\d+$/);
    const inner = Buffer.from(o.data.release, 'base64').toString('latin1');
    expect(decodeRelease(inner).manifest).toBe('v1');
    await d.update(makeKey('web', 1), rel('web', 1, 'superseded'));
    const o2: any = await kube.get({ apiVersion: 'v1', kind: 'Secret', name: 'sh.helm.release.v1.web.v1', namespace: 'default' });
    expect(o2.metadata.labels.status).toBe('superseded');
    expect(o2.metadata.labels.modifiedAt).toMatch(/^\d+$/);
  });
  it('refuses records over 1 MiB with the size and a remedy', async () => {
    const d = new SecretDriver(new FakeKube(), 'default');
    const big = rel('big', 1, 'deployed');
    // incompressible payload
    big.manifest = randomBytes(1_000_000).toString('hex');
    await expect(d.create(makeKey('big', 1), big)).rejects.toThrow(/too large to store: its record is \d+ bytes .*at most 1048576 bytes.*helmignore/);
  });
  it('chooses drivers by name', () => {
    expect(newDriver('memory', undefined, 'x').name).toBe('Memory');
    expect(newDriver('configmaps', new FakeKube(), 'x').name).toBe('ConfigMap');
    expect(newDriver(undefined, new FakeKube(), 'x').name).toBe('Secret');
    expect(() => newDriver('sql', undefined, 'x')).toThrow('unknown driver "sql"');
  });
});
