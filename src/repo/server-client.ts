// Uploading a chart to a ChartMuseum-compatible server (`tshelm serve --allow-upload`, ChartMuseum):
// POST {base}/api/charts with the archive (multipart with its .prov when there is one).
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Agent, request } from 'undici';
import { USER_AGENT } from './download.js';

export interface ChartServerOptions {
  username?: string;
  password?: string;
  token?: string;
  force?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipTlsVerify?: boolean;
}

export async function pushToChartServer(archive: string, base: string, o: ChartServerOptions = {}): Promise<void> {
  let data: Buffer;
  try {
    data = readFileSync(archive);
  } catch (e: any) {
    throw new Error(`${archive}: ${e?.code === 'ENOENT' ? 'no such file or directory' : e?.message}`);
  }
  const u = new URL(base.replace(/\/+$/, '') + '/api/charts');
  if (o.force) u.searchParams.set('force', 'true');
  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  else if (o.username) headers.authorization = 'Basic ' + Buffer.from(`${o.username}:${o.password ?? ''}`).toString('base64');
  let body: Buffer | FormData = data;
  if (existsSync(archive + '.prov')) {
    const fd = new FormData();
    fd.set('chart', new Blob([data]), basename(archive));
    fd.set('prov', new Blob([readFileSync(archive + '.prov')]), basename(archive) + '.prov');
    body = fd;
  } else headers['content-type'] = 'application/gzip';
  const connect: Record<string, unknown> = {};
  if (o.caFile) connect.ca = readFileSync(o.caFile);
  if (o.certFile) connect.cert = readFileSync(o.certFile);
  if (o.keyFile) connect.key = readFileSync(o.keyFile);
  if (o.insecureSkipTlsVerify) connect.rejectUnauthorized = false;
  let res;
  try {
    if (body instanceof FormData) {
      const r = new Request(u, { method: 'POST', body });
      headers['content-type'] = r.headers.get('content-type')!;
      body = Buffer.from(await r.arrayBuffer());
    }
    res = await request(u, { method: 'POST', headers, body: body as Buffer, dispatcher: new Agent({ connect }) });
  } catch (e: any) {
    throw new Error(`Post "${u.href}": ${e?.cause?.message ?? e?.message}`);
  }
  const text = await res.body.text();
  if (res.statusCode === 200 || res.statusCode === 201) return;
  let msg = text.trim();
  try {
    msg = JSON.parse(text).error ?? msg;
  } catch {
    /* plain text */
  }
  throw new Error(`failed to push ${basename(archive)} to ${base}: ${res.statusCode} ${msg}`);
}
