// `tshelm serve` throughput on loopback: index.yaml and archive downloads by 32 concurrent keep-alive clients
// (undici) for 5 s each, requests per second and latency percentiles. The server runs as its own process
// (the built CLI, hosting repo-index/). Uses dist/ (run `npx tsc -p .` first).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function load(url, seconds = 5, concurrency = 32) {
  const { Agent, request } = await import('undici');
  const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
  const lat = [];
  let bytes = 0;
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          const r = await request(url, { dispatcher: agent });
          const b = await r.body.arrayBuffer();
          if (r.statusCode !== 200) errors++;
          bytes += b.byteLength;
        } catch {
          errors++;
        }
        lat.push(performance.now() - t);
      }
    }),
  );
  await agent.close();
  lat.sort((a, b) => a - b);
  const pct = (p) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))].toFixed(1);
  return { rps: lat.length / seconds, p50: pct(0.5), p99: pct(0.99), mbps: bytes / seconds / 1e6, errors };
}

export default async function () {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const srv = spawn(process.execPath, [join(repo, 'bin', 'tshelm.js'), 'serve', join(repo, 'repo-index'), '--port', String(port)], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    await new Promise((res, rej) => {
      srv.stdout.on('data', (d) => String(d).includes('Serving') && res());
      srv.on('exit', (c) => rej(new Error(`serve exited ${c}`)));
      setTimeout(() => rej(new Error('serve did not start')), 15000);
    });
    const archive = readdirSync(join(repo, 'repo-index')).find((f) => f.endsWith('.tgz'));
    for (const [name, path] of [['index.yaml', '/index.yaml'], [archive, `/${archive}`]]) {
      const r = await load(`http://127.0.0.1:${port}${path}`);
      console.log(`serve ${name.padEnd(22)} ${r.rps.toFixed(0)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  ${r.mbps.toFixed(1)} MB/s  errors ${r.errors}`);
    }
  } finally {
    srv.kill('SIGTERM');
  }
}
