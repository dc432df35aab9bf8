import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Discovery, resourcePath } from '../../../src/kube/discovery.js';
import { HttpClient } from '../../../src/kube/http.js';

let server: Server;
let url = '';
const hits: string[] = [];
let widgets = false;
beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url!);
    res.setHeader('content-type', 'application/json');
    if (req.url === '/api/v1') return res.end(JSON.stringify({ resources: [{ name: 'pods', namespaced: true, kind: 'Pod' }, { name: 'pods/status', namespaced: true, kind: 'Pod' }, { name: 'namespaces', namespaced: false, kind: 'Namespace' }] }));
    if (req.url === '/apis/example.com/v1') return res.end(JSON.stringify({ resources: widgets ? [{ name: 'widgets', namespaced: true, kind: 'Widget' }] : [] }));
    res.statusCode = 404;
    res.end(JSON.stringify({ kind: 'Status', code: 404, reason: 'NotFound', message: 'not found' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const http = () => new HttpClient({ server: url, insecureSkipTlsVerify: false, namespace: 'default', contextName: 'c', kubeconfigPaths: [] });

describe('discovery and REST mapping', () => {
  it('maps kinds to resources (skipping subresources), caches on disk across clients', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'tshelm-disc-'));
    const d = new Discovery(http(), cache);
    const pod = await d.mapping('v1', 'Pod');
    expect(pod).toEqual({ group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true });
    expect(resourcePath(pod, 'ns', 'p')).toBe('/api/v1/namespaces/ns/pods/p');
    expect(resourcePath(await d.mapping('v1', 'Namespace'), 'ignored', 'n')).toBe('/api/v1/namespaces/n');
    const n = hits.length;
    const d2 = new Discovery(http(), cache);
    await d2.mapping('v1', 'Pod');
    expect(hits.length).toBe(n); // served from the disk cache
    expect(readdirSync(cache).length).toBe(1);
  });
  it('an unknown kind refetches once, then fails with Helm\'s message; after the CRD appears it maps', async () => {
    const d = new Discovery(http());
    widgets = false;
    await expect(d.mapping('example.com/v1', 'Widget')).rejects.toThrow('resource mapping not found for kind "Widget" in version "example.com/v1": ensure CRDs are installed first');
    expect(hits.filter((h) => h === '/apis/example.com/v1').length).toBe(2);
    widgets = true;
    expect((await d.mapping('example.com/v1', 'Widget')).resource).toBe('widgets');
    await expect(d.mapping('nope.io/v1', 'X')).rejects.toThrow(/resource mapping not found/);
  });
});
