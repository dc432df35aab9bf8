// Progress on a terminal (issue 9, src/cli/progress.ts): a transient status line on stderr for repo update (per
// repository, with sizes), pull (with sizes) and waits; nothing at all when stdout or stderr is not a terminal, in CI,
// with TERM=dumb or TSHELM_NO_PROGRESS. The terminal runs are under script(1), as startup.test.ts does.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StatusLine, formatBytes, formatTransfer, progressEnabled } from '../../../src/cli/progress.js';
// @ts-ignore: the test cluster is plain JavaScript
import { startTestCluster } from '../../cluster/server.mjs';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin', 'tshelm.js');
const built = existsSync(join(root, 'dist', 'cli', 'progress.js'));
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const CLEAR = '\r\x1b[2K';

function fakeErr(isTTY = true) {
  const writes: string[] = [];
  return { isTTY, columns: 60, writes, write: (s: string) => (writes.push(s), true) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cli: progress (unit)', () => {
  it('is on only when stdout and stderr are terminals, outside CI', () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    const env = { TERM: 'xterm' };
    expect(progressEnabled({ env, out: tty, err: fakeErr() })).toBe(true);
    expect(progressEnabled({ env, out: pipe, err: fakeErr() })).toBe(false);
    expect(progressEnabled({ env, out: tty, err: fakeErr(false) })).toBe(false);
    expect(progressEnabled({ env: { ...env, CI: 'true' }, out: tty, err: fakeErr() })).toBe(false);
    expect(progressEnabled({ env: { ...env, CI: '1' }, out: tty, err: fakeErr() })).toBe(false);
    expect(progressEnabled({ env: { ...env, CI: 'false' }, out: tty, err: fakeErr() })).toBe(true);
    expect(progressEnabled({ env: { ...env, TSHELM_NO_PROGRESS: '1' }, out: tty, err: fakeErr() })).toBe(false);
    expect(progressEnabled({ env: { TERM: 'dumb' }, out: tty, err: fakeErr() })).toBe(false);
  });

  it('sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(formatTransfer(1024, 4096, true)).toBe('1.0 KiB/4.0 KiB 25%');
    expect(formatTransfer(1024)).toBe('1.0 KiB');
  });

  it('disabled: writes nothing, write() passes the text through', async () => {
    const err = fakeErr(false);
    const s = new StatusLine({ env: {}, out: { isTTY: true }, err, delayMs: 0 });
    s.set('Pulling edu/metallb');
    const out: string[] = [];
    s.write({ write: (x: string) => (out.push(x), true) }, 'hello\n');
    await sleep(20);
    s.done();
    expect(err.writes).toEqual([]);
    expect(out).toEqual(['hello\n']);
  });

  it('enabled: nothing before the delay, then one line cut to the width, erased around other output and at the end', async () => {
    const err = fakeErr(true);
    const s = new StatusLine({ env: {}, out: { isTTY: true }, err, delayMs: 60, intervalMs: 10 });
    s.set('Pulling edu/metallb: 1.0 KiB/4.0 KiB 25%');
    await sleep(20);
    expect(err.writes).toEqual([]); // a quick command shows nothing
    await sleep(80);
    expect(err.writes).toEqual([CLEAR + 'Pulling edu/metallb: 1.0 KiB/4.0 KiB 25%']);
    s.set('x'.repeat(200));
    await sleep(30);
    expect(err.writes.at(-1)).toBe(CLEAR + 'x'.repeat(58) + '…');
    const out: string[] = [];
    s.write({ write: (x: string) => (out.push(x), err.writes.push(`[out]${x}`), true) }, 'line\n');
    // erased before the other output, and drawn again after it
    expect(err.writes.slice(-3)).toEqual([CLEAR, '[out]line\n', CLEAR + 'x'.repeat(58) + '…']);
    s.done();
    expect(err.writes.at(-1)).toBe(CLEAR);
    const n = err.writes.length;
    s.set('after done');
    await sleep(30);
    expect(err.writes.length).toBe(n);
  });
});

/** A chart repository that sends each file in 8 pieces, 120 ms apart (long enough for the status line); under
 *  /mirror/, 250 ms apart (so the two repositories finish at different times). */
function slowRepo(dir: string): Promise<Server> {
  const server = createServer(async (req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).split('/').pop() ?? '';
    let buf: Buffer;
    try {
      buf = readFileSync(join(dir, name));
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': buf.length });
    for (let i = 0; i < 8; i++) {
      res.write(buf.subarray(Math.floor((i * buf.length) / 8), Math.floor(((i + 1) * buf.length) / 8)));
      await sleep(req.url?.startsWith('/mirror/') ? 250 : 120);
    }
    res.end();
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

function run(cmd: string, args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((res) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => res({ code, out, err }));
  });
}

describe.skipIf(!built)('cli: progress of repo update and pull (dist/ built by npm test)', () => {
  let server: Server;
  let url: string;
  let home: string;
  let flags: string[];
  // a terminal session outside CI; the caller's CI variable must not leak in
  const TTY_ENV = { CI: undefined, TSHELM_NO_PROGRESS: undefined, TERM: 'xterm', NO_COLOR: undefined };
  const tshelm = (args: string[], env: Record<string, string | undefined> = {}) => run(process.execPath, [bin, ...args, ...flags], { ...TTY_ENV, ...env });
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  /** Run under a pseudo-terminal: stdout and stderr are both the terminal (merged in what script(1) prints). */
  const onTty = (args: string[], env: Record<string, string | undefined> = {}, redirect = '') =>
    run('script', ['-qec', `stty cols 200; exec ${quote(process.execPath)} ${quote(bin)} ${[...args, ...flags].map(quote).join(' ')} ${redirect}`, '/dev/null'], { ...TTY_ENV, ...env });

  beforeAll(async () => {
    server = await slowRepo(join(root, 'repo-index'));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    home = mkdtempSync(join(tmpdir(), 'tshelm-progress-'));
    flags = ['--repository-config', join(home, 'repositories.yaml'), '--repository-cache', join(home, 'cache')];
    for (const [name, u] of [['edu', url], ['mirror', `${url}/mirror`]]) expect((await tshelm(['repo', 'add', name, u])).code).toBe(0);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const HELM_UPDATE = (names: string[]) =>
    'Hang tight while we grab the latest from your chart repositories...\n' +
    names.map((n) => `...Successfully got an update from the "${n}" chart repository\n`).join('') +
    'Update Complete. ⎈Happy Helming!⎈\n';

  it('repo update, not on a terminal: Helm\'s lines on stdout, nothing on stderr', async () => {
    const r = await tshelm(['repo', 'update']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out.split('\n').sort()).toEqual(HELM_UPDATE(['edu', 'mirror']).split('\n').sort()); // the two finish in either order
  });

  it.skipIf(!hasScript)('repo update on a terminal: per repository, with sizes, erased at the end', async () => {
    const r = await onTty(['repo', 'update']);
    expect(r.code).toBe(0);
    const text = r.out.replace(/\r\n/g, '\n');
    const size = formatBytes(readFileSync(join(root, 'repo-index', 'index.yaml')).length).replace('.', '\\.');
    expect(text).toMatch(new RegExp(`\\r\\x1b\\[2KUpdating repositories \\(0/2 done\\), waiting for edu [\\d.]+ (B|KiB)/${size}, mirror [\\d.]+ (B|KiB)/${size}`));
    expect(text).toMatch(/\r\x1b\[2KUpdating repositories \(1\/2 done\), waiting for (edu|mirror)/);
    // what stays on the terminal once the status line is erased is exactly Helm's output
    const visible = text.replace(/\r\x1b\[2K[^\r\n]*(?=\r\x1b\[2K)/g, '').replace(/\r\x1b\[2K/g, '');
    expect(visible.split('\n').sort()).toEqual(HELM_UPDATE(['edu', 'mirror']).split('\n').sort());
  });

  it.skipIf(!hasScript)('quiet on a terminal in CI, and when stdout is redirected', async () => {
    const ci = await onTty(['repo', 'update', 'edu'], { CI: 'true' });
    expect(ci.code).toBe(0);
    expect(ci.out.replace(/\r\n/g, '\n')).toBe(HELM_UPDATE(['edu']));
    const file = join(home, 'update.out');
    const redirected = await onTty(['repo', 'update', 'edu'], {}, `> ${quote(file)}`);
    expect(redirected.code).toBe(0);
    expect(redirected.out).toBe(''); // stderr is the terminal, stdout a file: no status line
    expect(readFileSync(file, 'utf8')).toBe(HELM_UPDATE(['edu']));
  });

  it('pull, not on a terminal: no progress text', async () => {
    const dest = join(home, 'pull-quiet');
    const r = await tshelm(['pull', 'edu/metallb', '-d', dest]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toBe('');
    expect(existsSync(join(dest, 'metallb-0.1.0.tgz'))).toBe(true);
  });

  it.skipIf(!hasScript)('pull on a terminal: the download with its size, erased at the end; CI is quiet', async () => {
    const dest = join(home, 'pull-tty');
    const r = await onTty(['pull', 'edu/metallb', '--untar', '-d', dest]);
    expect(r.code).toBe(0);
    const size = readFileSync(join(root, 'repo-index', 'metallb-0.1.0.tgz')).length;
    expect(r.out).toMatch(new RegExp(`\\r\\x1b\\[2KPulling edu/metallb: [\\d.]+ (B|KiB)/${formatBytes(size).replace('.', '\\.')} \\d+%`));
    expect(r.out).toContain(`Pulling edu/metallb: ${formatBytes(size)}/${formatBytes(size)} 100%`);
    expect(r.out.endsWith(CLEAR)).toBe(true);
    expect(existsSync(join(dest, 'metallb', 'Chart.yaml'))).toBe(true);

    const ci = await onTty(['pull', 'edu/metallb', '-d', join(home, 'pull-ci')], { CI: '1' });
    expect(ci.code).toBe(0);
    expect(ci.out).toBe('');
  });

  it.skipIf(!hasScript)('a chart fetched for show/template/install: the download on a terminal, nothing without one', async () => {
    const cached = join(home, 'cache', 'metallb-0.1.0.tgz');
    rmSync(cached, { force: true });
    const tty = await onTty(['show', 'chart', 'edu/metallb']);
    expect(tty.code).toBe(0);
    expect(tty.out).toMatch(/\r\x1b\[2KDownloading edu\/metallb: [\d.]+ (B|KiB)\/[\d.]+ KiB \d+%/);
    expect(tty.out).toMatch(/\r\x1b\[2KapiVersion: v2\r\n/); // erased before the chart is printed
    rmSync(cached, { force: true });
    const quiet = await tshelm(['show', 'chart', 'edu/metallb']);
    expect(quiet.code).toBe(0);
    expect(quiet.err).toBe('');
    expect(quiet.out).toMatch(/^apiVersion: v2\n/);
  });
});

describe.skipIf(!built || !hasScript)('cli: progress of --wait (test cluster)', () => {
  it('install --wait on a terminal says what is still pending; upgrade --wait without a terminal, nothing', async () => {
    const c = await startTestCluster({ readyDelayMs: 1200 });
    try {
      const args = (verb: string, ...more: string[]) => [bin, '--kubeconfig', c.kubeconfigPath, verb, 'metallb', join(root, 'charts', 'metallb'), '-n', 'metallb-system', '--wait', '--set', 'configmap.ipRange=172.31.0.100-172.31.0.110', ...more];
      const env = { CI: undefined, TSHELM_NO_PROGRESS: undefined, TERM: 'xterm' };
      const tty = await run('script', ['-qec', `stty cols 300; exec ${[process.execPath, ...args('install', '--create-namespace')].map((a) => `'${a}'`).join(' ')}`, '/dev/null'], env);
      expect(tty.code, tty.out).toBe(0);
      expect(tty.out).toMatch(/\r\x1b\[2KWaiting for \d+ resource\(s\): [^\r]*Deployment metallb-system\/controller/);
      expect(tty.out).toContain('STATUS: deployed');
      const quiet = await run(process.execPath, args('upgrade', '--set', 'controller.tag=v0.8.4'), env); // a new image: the wait is as long
      expect(quiet.code, quiet.err).toBe(0);
      expect(quiet.err).toBe('');
      expect(quiet.out).not.toContain('Waiting');
    } finally {
      await c.stop();
    }
  });
});
