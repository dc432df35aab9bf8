// Test fixtures for the repository client: charts packaged with tar in temp dirs, an index built from them, and
// local HTTP(S) servers with optional basic auth and redirects.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';

export function tempDir(prefix = 'tshelm-repo-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
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
