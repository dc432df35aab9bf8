// Test fixtures for the repository client: charts packaged with tar in temp dirs, an index built from them, and
// local HTTP(S) servers with optional basic auth and redirects.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as openpgp from 'openpgp';
import * as tar from 'tar';

export function tempDir(prefix = 'tshelm-repo-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A gzipped ustar archive of exactly these entries, names written as given (`..`, absolute paths, several top
 *  directories) and `link` making a symlink: what tar refuses to build, for the loader's refusals. */
export function rawTgz(entries: { name: string; data?: string; link?: string }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const h = Buffer.alloc(512);
    h.write(e.name, 0);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    const data = Buffer.from(e.data ?? '');
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write(e.link ? '2' : '0', 156);
    if (e.link) h.write(e.link, 157);
    h.write('ustar\x0000', 257, 'latin1');
    h.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** The signer's key pair (Chart Signer <signer@example.com>, the private key locked with passphrase) and another
 *  signer's armored public key, for signing and for verifying against the wrong keyring. */
export async function signingKeys(passphrase: string) {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy' as any, userIDs: [{ name: 'Chart Signer', email: 'signer@example.com' }], passphrase, format: 'object' });
  const other = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy' as any, userIDs: [{ name: 'Someone Else' }], format: 'armored' });
  return { privateKey, publicKey, otherPublicKey: other.publicKey };
}

/** Package a minimal chart NAME-VERSION.tgz into dir (built with tar) and return its path. */
export async function makeChartArchive(dir: string, name: string, version: string, extra: { appVersion?: string; description?: string; keywords?: string[] } = {}): Promise<string> {
  const src = tempDir('tshelm-chart-src-');
  const cdir = join(src, name);
  mkdirSync(join(cdir, 'templates'), { recursive: true });
  let chartYaml = `apiVersion: v2\nname: ${name}\nversion: ${version}\ndescription: ${extra.description ?? `The ${name} chart`}\n`;
  if (extra.appVersion) chartYaml += `appVersion: "${extra.appVersion}"\n`;
  if (extra.keywords) chartYaml += `keywords:\n${extra.keywords.map((k) => `- ${k}\n`).join('')}`;
  writeFileSync(join(cdir, 'Chart.yaml'), chartYaml);
  writeFileSync(join(cdir, 'values.yaml'), 'replicas: 1\n');
  writeFileSync(join(cdir, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  replicas: {{ .Values.replicas | quote }}\n');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${version}.tgz`);
  await tar.c({ gzip: true, file, cwd: src, portable: true }, [name]);
  return file;
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Write dir/index.yaml for every NAME-VERSION.tgz in dir (Helm's layout). */
export function writeIndex(dir: string, meta: Record<string, { appVersion?: string; description?: string; keywords?: string[] }> = {}, urlPrefix = ''): string {
  const byName = new Map<string, string[]>();
  for (const f of readdirSync(dir).sort()) {
    const m = f.match(/^(.+)-(\d+\.\d+\.\d+.*)\.tgz$/);
    if (!m) continue;
    byName.set(m[1], [...(byName.get(m[1]) ?? []), f]);
  }
  let out = 'apiVersion: v1\nentries:\n';
  for (const [name, files] of [...byName].sort()) {
    out += `  ${name}:\n`;
    for (const f of files) {
      const version = f.slice(name.length + 1, -4);
      const md = meta[name] ?? {};
      out += `  - apiVersion: v2\n`;
      if (md.appVersion) out += `    appVersion: ${md.appVersion}\n`;
      out += `    created: "2024-01-01T00:00:00Z"\n    description: ${md.description ?? `The ${name} chart`}\n    digest: ${sha256(join(dir, f))}\n`;
      if (md.keywords) out += `    keywords:\n${md.keywords.map((k) => `    - ${k}\n`).join('')}`;
      out += `    name: ${name}\n    urls:\n    - ${urlPrefix}${f}\n    version: ${version}\n`;
    }
  }
  out += 'generated: "2024-01-01T00:00:00Z"\n';
  writeFileSync(join(dir, 'index.yaml'), out);
  return out;
}

export interface TestServer {
  url: string;
  port: number;
  requests: Array<{ path: string; auth?: string }>;
  close(): Promise<void>;
}

export interface ServeOptions {
  auth?: { username: string; password: string };
  tls?: { key: string; cert: string };
  /** path prefix → absolute URL to redirect to (302) */
  redirect?: (path: string) => string | undefined;
  handler?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export async function serveDir(dir: string, o: ServeOptions = {}): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push({ path, auth: req.headers.authorization });
    if (o.handler && o.handler(req, res)) return;
    const to = o.redirect?.(path);
    if (to) {
      res.writeHead(302, { location: to });
      res.end();
      return;
    }
    if (o.auth) {
      const want = 'Basic ' + Buffer.from(`${o.auth.username}:${o.auth.password}`).toString('base64');
      if (req.headers.authorization !== want) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="test"' });
        res.end('unauthorized');
        return;
      }
    }
    try {
      const data = readFileSync(join(dir, path.replace(/^\/+/, '')));
      res.writeHead(200, { 'content-length': data.length });
      res.end(data);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  };
  const server: Server = o.tls ? createHttps({ key: o.tls.key, cert: o.tls.cert }, handle) : createHttp(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as any).port as number;
  return {
    url: `${o.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
