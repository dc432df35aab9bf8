// ArtifactHub search (Helm v3.13.3 `helm search hub`, internal/monocular), through ArtifactHub's public API
// GET {endpoint}/api/v1/packages/search?ts_query_web=KEYWORD&kind=0 (kind 0 = Helm charts).
import { request } from 'undici';

export const DEFAULT_HUB_ENDPOINT = 'https://artifacthub.io';

export interface HubResult {
  url: string;
  version: string;
  app_version: string;
  description: string;
  repository: { url: string; name: string };
}

export async function searchHub(endpoint: string, keyword: string, opts: { limit?: number; timeoutMs?: number } = {}): Promise<HubResult[]> {
  let base: URL;
  try {
    base = new URL(endpoint);
  } catch {
    throw new Error(`invalid hub endpoint ${JSON.stringify(endpoint)}`);
  }
  const u = new URL(base.toString().replace(/\/+$/, '') + '/api/v1/packages/search');
  u.searchParams.set('ts_query_web', keyword);
  u.searchParams.set('kind', '0');
  u.searchParams.set('facets', 'false');
  u.searchParams.set('limit', String(opts.limit ?? 60));
  u.searchParams.set('offset', '0');
  let res;
  try {
    res = await request(u, { method: 'GET', headers: { 'user-agent': 'tshelm', accept: 'application/json' }, headersTimeout: opts.timeoutMs ?? 30000, bodyTimeout: opts.timeoutMs ?? 30000 });
  } catch (e: any) {
    const cause = e?.cause?.code ?? e?.code ?? e?.message ?? String(e);
    throw new Error(`failed to search ${base.host}: cannot reach the hub (${cause}); check the network or pass --endpoint`);
  }
  const body = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`failed to search ${base.host}: ${res.statusCode} ${body.slice(0, 200).trim()}`);
  let doc: any;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new Error(`failed to search ${base.host}: the response is not JSON`);
  }
  const pkgs: any[] = Array.isArray(doc?.packages) ? doc.packages : [];
  const root = base.toString().replace(/\/+$/, '');
  return pkgs.map((p) => {
    const repo = p?.repository ?? {};
    return {
      url: `${root}/packages/helm/${repo.name ?? ''}/${p?.normalized_name ?? p?.name ?? ''}`,
      version: String(p?.version ?? ''),
      app_version: String(p?.app_version ?? ''),
      description: String(p?.description ?? ''),
      repository: { url: String(repo.url ?? ''), name: String(repo.name ?? '') },
    };
  });
}
