// Values sources through the built CLI: -f URL (redirects followed, Helm's error on a bad status), --set-file,
// --set-literal.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin', 'tshelm.js');
const built = existsSync(join(root, 'dist', 'cli', 'main.js'));

/** Runs the CLI without blocking the event loop (a server in this process must answer it). */
function run(args: string[], input = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [bin, ...args], { env: { ...process.env, HELM_NAMESPACE: '' } });
    p.stdin.end(input);
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (err += c));
    p.on('close', (code) => res({ code, out, err }));
  });
}

function chart(): string {
  const d = mkdtempSync(join(tmpdir(), 'tshelm-vals-'));
  mkdirSync(join(d, 'c', 'templates'), { recursive: true });
  writeFileSync(join(d, 'c', 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  writeFileSync(join(d, 'c', 'values.yaml'), 'a: default\n');
  writeFileSync(join(d, 'c', 'templates', 'cm.yaml'), 'a: {{ .Values.a | quote }}\nf: {{ .Values.f | quote }}\nl: {{ .Values.l | quote }}\n');
  return d;
}

describe.skipIf(!built)('values sources', () => {
  it('-f URL is fetched (following a redirect); a 404 is Helm\'s one-line error', async () => {
    const srv = createServer((req, res) => {
      if (req.url === '/v.yaml') res.end('a: from-url\n');
      else if (req.url === '/moved') res.writeHead(302, { location: '/v.yaml' }).end();
      else res.writeHead(404).end('nope');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    try {
      const d = chart();
      const ok = await run(['template', 'r', join(d, 'c'), '-f', `${base}/moved`]);
      expect(ok.err).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.out).toContain('a: "from-url"\n');
      const bad = await run(['template', 'r', join(d, 'c'), '-f', `${base}/missing.yaml`]);
      expect(bad.code).toBe(1);
      expect(bad.err).toBe(`Error: failed to fetch ${base}/missing.yaml : 404 Not Found\n`);
      expect(bad.out).toBe('');
      // --set-file reads through the same readFile: URLs and `-` (stdin) too
      const sf = await run(['template', 'r', join(d, 'c'), '--set-file', `f=${base}/moved`]);
      expect(sf.err).toBe('');
      expect(sf.out).toContain('f: "a: from-url\\n"\n');
      const sfBad = await run(['template', 'r', join(d, 'c'), '--set-file', `f=${base}/missing.yaml`]);
      expect(sfBad.code).toBe(1);
      expect(sfBad.err).toBe(`Error: failed parsing --set-file data: failed to fetch ${base}/missing.yaml : 404 Not Found\n`);
    } finally {
      srv.close();
    }
  });

  it('--set-file reads a file as a string; --set-literal keeps commas and braces', async () => {
    const d = chart();
    writeFileSync(join(d, 'raw.txt'), 'line1\nline2');
    const r = await run(['template', 'r', join(d, 'c'), '--set-file', `f=${join(d, 'raw.txt')}`, '--set-literal', 'l=x,y{z}=w']);
    expect(r.err).toBe('');
    expect(r.out).toContain('f: "line1\\nline2"\nl: "x,y{z}=w"\n');
    const stdin = await run(['template', 'r', join(d, 'c'), '--set-file', 'f=-'], 'from stdin');
    expect(stdin.err).toBe('');
    expect(stdin.out).toContain('f: "from stdin"\n');
    const missing = await run(['template', 'r', join(d, 'c'), '--set-file', `f=${join(d, 'nope.txt')}`]);
    expect(missing.err).toBe(`Error: failed parsing --set-file data: open ${join(d, 'nope.txt')}: no such file or directory\n`);
  });
});
