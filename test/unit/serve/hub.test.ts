import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = join(__dirname, '..', '..', '..', 'bin', 'tshelm.js');
let server: Server;
let url = '';
const seen: string[] = [];

// ArtifactHub's documented search response shape (GET /api/v1/packages/search)
const packages = [
  { package_id: 'p1', name: 'metallb', normalized_name: 'metallb', description: 'A network load-balancer implementation for Kubernetes using standard routing protocols', version: '0.13.12', app_version: 'v0.13.12', repository: { repository_id: 'r1', name: 'metallb', url: 'https://metallb.github.io/metallb', kind: 0 } },
  { package_id: 'p2', name: 'metallb', normalized_name: 'metallb', description: 'MetalLB by bitnami', version: '4.7.15', app_version: '0.13.12', repository: { repository_id: 'r2', name: 'bitnami', url: 'https://charts.bitnami.com/bitnami', kind: 0 } },
];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname !== '/api/v1/packages/search') return void res.writeHead(404).end();
    const q = u.searchParams.get('ts_query_web');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ packages: q === 'metallb' ? packages : [] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

// async: the mock server runs in this process
function run(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, 'search', 'hub', ...args]);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('search hub', async () => {
  it('prints Helm\'s table from the ArtifactHub API', async () => {
    const r = await run('metallb', '--endpoint', url);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^URL\s+\tCHART VERSION\tAPP VERSION\tDESCRIPTION\s*$/);
    // every column cut at --max-col-width (50) as uitable does
    const cells = lines[1].split('\t').map((c) => c.trimEnd());
    expect(cells[0]).toBe(`${url}/packages/helm/metallb/metallb`.slice(0, 47) + '...');
    expect(cells.slice(1)).toEqual(['0.13.12', 'v0.13.12', 'A network load-balancer implementation for Kube...']);
    expect(seen.some((s) => s.includes('ts_query_web=metallb') && s.includes('kind=0'))).toBe(true);
  });

  it('--list-repo-url, -o json, --max-col-width', async () => {
    const t = await run('metallb', '--endpoint', url, '--list-repo-url', '--max-col-width', '0');
    expect(t.stdout.split('\n')[0]).toContain('REPO URL');
    expect(t.stdout).toContain('https://charts.bitnami.com/bitnami');
    expect(t.stdout).toContain('standard routing protocols');
    const j = await run('metallb', '--endpoint', url, '-o', 'json');
    const data = JSON.parse(j.stdout);
    expect(data[1]).toEqual({ url: `${url}/packages/helm/bitnami/metallb`, version: '4.7.15', app_version: '0.13.12', description: 'MetalLB by bitnami', repository: { url: 'https://charts.bitnami.com/bitnami', name: 'bitnami' } });
  });

  it('no results, --fail-on-no-result, and an unreachable endpoint give one clear error', async () => {
    expect((await run('nothing', '--endpoint', url)).stdout).toBe('No results found\n');
    const f = await run('nothing', '--endpoint', url, '--fail-on-no-result');
    expect(f.status).toBe(1);
    expect(f.stderr.trim()).toBe('Error: no results found');
    const off = await run('x', '--endpoint', 'http://127.0.0.1:1');
    expect(off.status).toBe(1);
    expect(off.stderr.trim().split('\n')).toHaveLength(1);
    expect(off.stderr).toMatch(/^Error: failed to search 127\.0\.0\.1:1: cannot reach the hub \(ECONNREFUSED\)/);
  });
});
