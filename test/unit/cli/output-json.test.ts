// `-o json` on every command that has `-o` in Helm v3.13.3 (cmd/helm: bindOutputFlag): the output is one JSON
// document, also when there is nothing to show. Commands that need no cluster are run here (repo list, search repo,
// search hub); the release ones (install, upgrade, status, history, list, get values, get metadata) are in
// test/e2e/output-json.test.ts against the test API server.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { runCli } from '../../e2e/cli.js';
import { makeChartArchive, serveDir, tempDir, writeIndex, type TestServer } from '../repo/helpers.js';

const root = join(__dirname, '..', '..', '..');
const built = existsSync(join(root, 'dist', 'cli', 'main.js'));

/** Helm v3.13.3's commands with an -o/--output flag. */
export const OUTPUT_COMMANDS = [
  ['get', 'metadata'],
  ['get', 'values'],
  ['history'],
  ['install'],
  ['list'],
  ['repo', 'list'],
  ['search', 'hub'],
  ['search', 'repo'],
  ['status'],
  ['upgrade'],
];

const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { ...env, NO_COLOR: '1' } });

/** Parses stdout as exactly one JSON document on one line (Go's json.Encoder: the value and "\n"). */
function json(r: { code: number; stdout: string; stderr: string }): any {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.endsWith('\n')).toBe(true);
  expect(r.stdout.trimEnd().includes('\n')).toBe(false);
  return JSON.parse(r.stdout);
}

describe.skipIf(!built)('-o json parses as JSON', () => {
  let dir: string;
  let srv: TestServer;
  let hub: Server;
  let hubUrl: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = tempDir();
    await makeChartArchive(dir, 'metallb', '0.1.0', { appVersion: 'v0.8.2', description: 'A network "load-balancer" <implementation> & more' });
    await makeChartArchive(dir, 'metallb', '0.1.1', { appVersion: 'v0.8.3', description: 'A network "load-balancer" <implementation> & more' });
    writeIndex(dir, { metallb: { appVersion: 'v0.8.3', description: 'A network "load-balancer" <implementation> & more' } });
    srv = await serveDir(dir);
    const home = tempDir();
    env = { TSHELM_CONFIG_HOME: join(home, 'config'), TSHELM_CACHE_HOME: join(home, 'cache'), TSHELM_DATA_HOME: join(home, 'data') };
    hub = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const q = u.searchParams.get('ts_query_web');
      res.writeHead(200, { 'content-type': 'application/json' });
      const pkg = { package_id: 'p1', name: 'metallb', normalized_name: 'metallb', description: 'Load "balancer"', version: '0.13.12', app_version: 'v0.13.12', repository: { repository_id: 'r1', name: 'metallb', url: 'https://metallb.github.io/metallb', kind: 0 } };
      res.end(JSON.stringify({ packages: q === 'metallb' ? [pkg] : [] }));
    });
    await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
    hubUrl = `http://127.0.0.1:${(hub.address() as any).port}`;
  });
  afterAll(async () => {
    await srv?.close();
    await new Promise<void>((r) => (hub ? hub.close(() => r()) : r()));
  });

  it.each(OUTPUT_COMMANDS.map((c) => [c.join(' '), c]))('%s has -o, --output with table, json, yaml', async (_n, cmd) => {
    const r = await run([...(cmd as string[]), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/-o, --output <format> prints the output in the specified format\. Allowed values: table, json, yaml/);
  });

  it('repo list (an empty list when there are none, as Helm for json and yaml)', async () => {
    expect(json(await run(['repo', 'list', '-o', 'json'], env))).toEqual([]);
    const none = await run(['repo', 'list'], env);
    expect([none.code, none.stderr]).toEqual([1, 'Error: no repositories to show\n']);
    let r = await run(['repo', 'add', 'edu', srv.url], env);
    expect(r.code).toBe(0);
    r = await run(['repo', 'add', 'second', srv.url + '/'], env);
    expect(r.code).toBe(0);
    expect(json(await run(['repo', 'list', '-o', 'json'], env))).toEqual([
      { name: 'edu', url: srv.url },
      { name: 'second', url: srv.url + '/' },
    ]);
  });

  it('search repo, with and without results', async () => {
    const all = json(await run(['search', 'repo', 'metallb', '--versions', '-o', 'json'], env));
    expect(all).toEqual([
      { name: 'edu/metallb', version: '0.1.1', app_version: 'v0.8.3', description: 'A network "load-balancer" <implementation> & more' },
      { name: 'edu/metallb', version: '0.1.0', app_version: 'v0.8.3', description: 'A network "load-balancer" <implementation> & more' },
      { name: 'second/metallb', version: '0.1.1', app_version: 'v0.8.3', description: 'A network "load-balancer" <implementation> & more' },
      { name: 'second/metallb', version: '0.1.0', app_version: 'v0.8.3', description: 'A network "load-balancer" <implementation> & more' },
    ]);
    // Go structs keep their field order; encoding/json escapes <, > and &
    const raw = (await run(['search', 'repo', 'edu/', '-o', 'json'], env)).stdout;
    expect(raw).toBe('[{"name":"edu/metallb","version":"0.1.1","app_version":"v0.8.3","description":"A network \\"load-balancer\\" \\u003cimplementation\\u003e \\u0026 more"}]\n');
    expect(json(await run(['search', 'repo', 'no-such-chart', '-o', 'json'], env))).toEqual([]);
  });

  it('search hub, with and without results', async () => {
    const found = json(await run(['search', 'hub', 'metallb', '--endpoint', hubUrl, '-o', 'json']));
    expect(found).toEqual([
      { url: `${hubUrl}/packages/helm/metallb/metallb`, version: '0.13.12', app_version: 'v0.13.12', description: 'Load "balancer"', repository: { url: 'https://metallb.github.io/metallb', name: 'metallb' } },
    ]);
    expect(Object.keys(found[0])).toEqual(['url', 'version', 'app_version', 'description', 'repository']);
    expect(Object.keys(found[0].repository)).toEqual(['url', 'name']);
    expect(json(await run(['search', 'hub', 'nothing', '--endpoint', hubUrl, '-o', 'json']))).toEqual([]);
  });
});
