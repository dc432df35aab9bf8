import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import yaml from 'js-yaml';
import Ajv from 'ajv';
import { indexDirectory, marshalIndex, readIndex, goTime } from '../../../src/repo/index-build.js';
import { IndexFile } from '../../../src/repo/index-file.js';
import { chartArchive } from './helpers.js';

const root = join(__dirname, '..', '..', '..');
let dir: string;
const sde = process.env.SOURCE_DATE_EPOCH;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tshelm-index-'));
  process.env.SOURCE_DATE_EPOCH = '1700000000';
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  if (sde === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = sde;
});

function put(name: string, version: string, sub = ''): Buffer {
  const data = chartArchive(name, version);
  mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, sub, `${name}-${version}.tgz`), data);
  return data;
}

describe('repo index', () => {
  it('writes Helm-shaped entries: sorted newest first, sha256 digests, urls, fixed times with SOURCE_DATE_EPOCH', async () => {
    const a1 = put('alpha', '1.0.0');
    put('alpha', '1.10.0');
    put('alpha', '1.2.0-rc.1');
    put('beta', '0.1.0', 'sub');
    const idx = await indexDirectory(dir, { url: 'https://example.com/charts/' });
    const text = marshalIndex(idx);
    const doc: any = yaml.load(text);
    expect(doc.apiVersion).toBe('v1');
    expect(Object.keys(doc.entries)).toEqual(['alpha', 'beta']);
    expect(doc.entries.alpha.map((v: any) => v.version)).toEqual(['1.10.0', '1.2.0-rc.1', '1.0.0']);
    const v100 = doc.entries.alpha.find((v: any) => v.version === '1.0.0');
    expect(v100.digest).toBe(createHash('sha256').update(a1).digest('hex'));
    expect(v100.urls).toEqual(['https://example.com/charts/alpha-1.0.0.tgz']);
    expect(doc.entries.beta[0].urls).toEqual(['https://example.com/charts/sub/beta-0.1.0.tgz']);
    expect(v100.created).toBe('2023-11-14T22:13:20Z');
    expect(doc.generated).toBe('2023-11-14T22:13:20Z');
    expect(text).toContain('created: "2023-11-14T22:13:20Z"');
    // keys sorted as sigs.k8s.io/yaml writes them
    expect(text.indexOf('apiVersion: v2')).toBeLessThan(text.indexOf('description:'));
    const ajv = new (Ajv as any)({ strict: false });
    const ok = ajv.validate(JSON.parse(readFileSync(join(root, 'schemas', 'index.schema.json'), 'utf8')), doc);
    expect(ajv.errors ?? null).toBeNull();
    expect(ok).toBe(true);
    // readable by the client-side loader
    writeFileSync(join(dir, 'index.yaml'), text);
    const f = IndexFile.load(join(dir, 'index.yaml'));
    expect(f.get('alpha', '1.0.0').digest).toBe(v100.digest);
  });

  it('is deterministic and relative without --url', async () => {
    put('alpha', '1.0.0');
    const t1 = marshalIndex(await indexDirectory(dir));
    const t2 = marshalIndex(await indexDirectory(dir));
    expect(t1).toBe(t2);
    expect((yaml.load(t1) as any).entries.alpha[0].urls).toEqual(['alpha-1.0.0.tgz']);
  });

  it('keeps created times of unchanged archives and merges old entries with --merge', async () => {
    put('alpha', '1.0.0');
    const first = await indexDirectory(dir);
    first.entries.alpha[0].created = '2020-01-01T00:00:00Z';
    first.entries.gone = [{ name: 'gone', version: '9.9.9', urls: ['gone-9.9.9.tgz'], digest: 'a'.repeat(64), created: '2019-01-01T00:00:00Z' }];
    writeFileSync(join(dir, 'old.yaml'), marshalIndex(first));
    put('alpha', '2.0.0');
    const prev = readIndex(join(dir, 'old.yaml'));
    const merged = await indexDirectory(dir, { previous: prev, merge: true });
    expect(merged.entries.alpha.map((v) => [v.version, v.created])).toEqual([['2.0.0', goTime(new Date(1700000000000))], ['1.0.0', '2020-01-01T00:00:00Z']]);
    expect(merged.entries.gone?.[0].version).toBe('9.9.9');
    const notMerged = await indexDirectory(dir, { previous: prev });
    expect(notMerged.entries.gone).toBeUndefined();
  });

  it('names an archive that is not a chart', async () => {
    writeFileSync(join(dir, 'junk-1.0.0.tgz'), 'not gzip');
    await expect(indexDirectory(dir)).rejects.toThrow(/junk-1\.0\.0\.tgz/);
  });

  it('goTime drops trailing zeros of the fraction', () => {
    expect(goTime(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 120)))).toBe('2024-01-02T03:04:05.12Z');
  });

  it('CLI: tshelm repo index DIR --url writes DIR/index.yaml; a missing DIR is one clear error', () => {
    put('alpha', '1.0.0');
    const bin = join(root, 'bin', 'tshelm.js');
    execFileSync(process.execPath, [bin, 'repo', 'index', dir, '--url', 'http://h/x'], { env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
    const doc: any = yaml.load(readFileSync(join(dir, 'index.yaml'), 'utf8'));
    expect(doc.entries.alpha[0].urls).toEqual(['http://h/x/alpha-1.0.0.tgz']);
    expect(doc.generated).toBe('1970-01-01T00:00:00Z');
    const r = spawnSync(process.execPath, [bin, 'repo', 'index', join(dir, 'nope')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`Error: ${join(dir, 'nope')} is not a directory`);
  });
});
