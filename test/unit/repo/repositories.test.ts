import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { loadRepoFile, loadRepoFileOrEmpty, newEntry, newRepoFile, removeRepo, updateRepo, writeRepoFile, withRepoLock } from '../../../src/repo/repositories.js';
import { repositoryConfig, repositoryCache, registryConfig, useHelmConfig } from '../../../src/repo/paths.js';
import { IndexFile } from '../../../src/repo/index-file.js';
import { SearchIndex, sortScore, applyConstraint } from '../../../src/repo/search.js';
import { tempDir } from './helpers.js';

const saved = { ...process.env };
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

describe('paths', () => {
  it('uses tshelm homes, TSHELM_* before HELM_*, flags first, and Helm\'s homes on request', () => {
    for (const k of ['TSHELM_REPOSITORY_CONFIG', 'HELM_REPOSITORY_CONFIG', 'TSHELM_CONFIG_HOME', 'HELM_CONFIG_HOME', 'TSHELM_USE_HELM_CONFIG', 'TSHELM_CACHE_HOME', 'HELM_CACHE_HOME', 'TSHELM_REPOSITORY_CACHE', 'HELM_REPOSITORY_CACHE', 'TSHELM_REGISTRY_CONFIG', 'HELM_REGISTRY_CONFIG']) delete process.env[k];
    process.env.XDG_CONFIG_HOME = '/x/config';
    process.env.XDG_CACHE_HOME = '/x/cache';
    expect(repositoryConfig()).toBe('/x/config/tshelm/repositories.yaml');
    expect(repositoryCache()).toBe('/x/cache/tshelm/repository');
    expect(registryConfig()).toBe('/x/config/tshelm/registry/config.json');
    process.env.HELM_CONFIG_HOME = '/h';
    expect(repositoryConfig()).toBe('/h/repositories.yaml');
    process.env.TSHELM_CONFIG_HOME = '/t';
    expect(repositoryConfig()).toBe('/t/repositories.yaml');
    process.env.HELM_REPOSITORY_CONFIG = '/hr.yaml';
    expect(repositoryConfig()).toBe('/hr.yaml');
    process.env.TSHELM_REPOSITORY_CONFIG = '/tr.yaml';
    expect(repositoryConfig()).toBe('/tr.yaml');
    expect(repositoryConfig({ repositoryConfig: '/flag.yaml' })).toBe('/flag.yaml');
    process.env.TSHELM_USE_HELM_CONFIG = '1';
    expect(useHelmConfig()).toBe(true);
    expect(repositoryConfig()).toBe('/hr.yaml');
    delete process.env.HELM_REPOSITORY_CONFIG;
    delete process.env.HELM_CONFIG_HOME;
    expect(repositoryConfig()).toBe('/x/config/helm/repositories.yaml');
    expect(repositoryCache()).toBe('/x/cache/helm/repository');
  });
});

describe('repositories.yaml', () => {
  it('round-trips in Helm\'s format and validates against the schema', async () => {
    const d = tempDir();
    const p = join(d, 'repositories.yaml');
    const f = newRepoFile();
    updateRepo(f, newEntry({ name: 'edu', url: 'https://iac-source.github.io/helm-charts' }), newEntry({ name: 'priv', url: 'https://x.test/charts', username: 'me', password: "it's: secret", pass_credentials_all: true }));
    writeRepoFile(p, f);
    const text = readFileSync(p, 'utf8');
    expect(text).toContain("  password: 'it''s: secret'\n");
    const back = loadRepoFile(p);
    expect(back.repositories).toEqual(f.repositories);
    const doc = yaml.load(text);
    const ajv = new (Ajv as any)({ strict: false });
    const ok = ajv.validate(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'repositories.schema.json'), 'utf8')), doc);
    expect(ajv.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    updateRepo(back, newEntry({ name: 'edu', url: 'https://new' }));
    expect(back.repositories.map((r) => r.url)).toEqual(['https://new', 'https://x.test/charts']);
    expect(removeRepo(back, 'edu')).toBe(true);
    expect(removeRepo(back, 'edu')).toBe(false);
    // Helm-written files (fields missing, null repositories) load
    writeFileSync(p, 'apiVersion: ""\ngenerated: "0001-01-01T00:00:00Z"\nrepositories:\n- name: stable\n  url: https://charts.helm.sh/stable\n');
    expect(loadRepoFile(p).repositories[0]).toMatchObject({ name: 'stable', username: '', insecure_skip_tls_verify: false });
    expect(loadRepoFileOrEmpty(join(d, 'none.yaml')).repositories).toEqual([]);
    writeFileSync(p, 'repositories: [unclosed\n');
    expect(() => loadRepoFile(p)).toThrow(/couldn't load repositories file/);
  });

  it('serializes writers with a lock file', async () => {
    const d = tempDir();
    const p = join(d, 'repositories.yaml');
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        withRepoLock(p, async () => {
          const f = loadRepoFileOrEmpty(p);
          await new Promise((r) => setTimeout(r, 5));
          updateRepo(f, newEntry({ name: `r${i}`, url: `http://h/${i}` }));
          writeRepoFile(p, f);
        }),
      ),
    );
    expect(loadRepoFile(p).repositories.map((r) => r.name).sort()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
  });
});

describe('search', () => {
  const idx = IndexFile.parse(`apiVersion: v1
entries:
  mariadb:
  - name: mariadb
    description: Fast, reliable database server
    keywords: [mysql, database]
    version: 11.0.0
  - name: mariadb
    description: Fast, reliable database server
    version: 12.0.0-beta.1
  mysql:
  - name: mysql
    description: MySQL is a fast database
    version: 9.4.0
  - name: mysql
    description: MySQL is a fast database
    version: 9.3.0
  wordpress:
  - name: wordpress
    description: Blog with a mysql backend
    version: 1.0.0
`);
  it('scores name matches before description and keyword matches, then sorts by name and version', () => {
    const s = new SearchIndex();
    s.addRepo('b', idx, true);
    const res = applyConstraint(sortScore(s.search('mysql', 25, false)), '>0.0.0', false);
    expect(res.map((r) => `${r.name}:${r.score}:${r.chart.version}`)).toEqual(['b/mysql:0:9.4.0', 'b/wordpress:2:1.0.0', 'b/mariadb:3:11.0.0']);
    const all = applyConstraint(sortScore(s.all()), '>0.0.0-0', true);
    expect(all.map((r) => `${r.name}@${r.chart.version}`)).toEqual(['b/mariadb@12.0.0-beta.1', 'b/mariadb@11.0.0', 'b/mysql@9.4.0', 'b/mysql@9.3.0', 'b/wordpress@1.0.0']);
    expect(applyConstraint(sortScore(s.search('DATABASE', 25, false)), '9.3.x', true).map((r) => r.chart.version)).toEqual(['9.3.0']);
    expect(() => applyConstraint(s.all(), 'not a constraint', false)).toThrow(/an invalid version\/constraint format/);
    expect(sortScore(s.search('b/m(ari|y)', 25, true)).map((r) => r.name)).toEqual(['b/mariadb', 'b/mariadb', 'b/mysql', 'b/mysql']);
  });
});
