// Discovery and REST mapping (kind → resource, namespaced?) with a disk cache per server and group-version,
// like kubectl's cached discovery. A kind not found in a cached list re-fetches that list once; invalidate()
// drops everything (after CRDs are installed).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpClient } from './http.js';
import { KubeApiError } from './types.js';

export interface ApiResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
}
export interface RestMapping {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

const TTL_MS = 10 * 60 * 1000;

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** The API path of a resource collection (or one object when name is given). */
export function resourcePath(m: RestMapping, namespace?: string, name?: string): string {
  const base = m.group === '' ? `/api/${m.version}` : `/apis/${m.group}/${m.version}`;
  const ns = m.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${m.resource}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
}

export class NoKindMatchError extends Error {
  /** meta.NoKindMatchError's own words: no matches for kind "K" in version "G/V". */
  readonly noMatch: string;
  constructor(apiVersion: string, kind: string) {
    super(`resource mapping not found for kind "${kind}" in version "${apiVersion}": ensure CRDs are installed first`);
    this.name = 'NoKindMatchError';
    this.noMatch = `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`;
  }
}

export class Discovery {
  private mem = new Map<string, { at: number; resources: ApiResource[] } | null>();
  private dir?: string;
  constructor(
    private http: HttpClient,
    cacheDir?: string,
  ) {
    if (cacheDir) this.dir = join(cacheDir, createHash('sha256').update(http.cfg.server).digest('hex').slice(0, 16));
  }

  private file(gv: string): string | undefined {
    return this.dir ? join(this.dir, `${gv.replace(/\//g, '_') || 'core'}.json`) : undefined;
  }

  invalidate(): void {
    this.mem.clear();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private async fetchGv(apiVersion: string): Promise<ApiResource[] | null> {
    const { group } = splitApiVersion(apiVersion);
    const path = group === '' ? `/api/${apiVersion}` : `/apis/${apiVersion}`;
    const list = await this.http.request<{ resources?: ApiResource[] } | null>('GET', path, { allow404: true });
    return list ? (list.resources ?? []) : null;
  }

  /** The resources of one group-version (null when the server does not serve it). */
  async resources(apiVersion: string, fresh = false): Promise<ApiResource[] | null> {
    if (!fresh) {
      const m = this.mem.get(apiVersion);
      if (m !== undefined && (m === null || Date.now() - m.at < TTL_MS)) return m?.resources ?? null;
      const f = this.file(apiVersion);
      if (f) {
        try {
          const d = JSON.parse(readFileSync(f, 'utf8'));
          if (Date.now() - d.at < TTL_MS && Array.isArray(d.resources)) {
            this.mem.set(apiVersion, d);
            return d.resources;
          }
        } catch {
          /* no cache */
        }
      }
    }
    const res = await this.fetchGv(apiVersion);
    const entry = res ? { at: Date.now(), resources: res } : null;
    this.mem.set(apiVersion, entry);
    const f = this.file(apiVersion);
    if (f && entry) {
      try {
        mkdirSync(this.dir!, { recursive: true });
        const tmp = `${f}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(entry));
        renameSync(tmp, f);
      } catch {
        /* cache is best effort */
      }
    }
    return res;
  }

  private find(res: ApiResource[] | null, kind: string): ApiResource | undefined {
    return res?.find((r) => r.kind === kind && !r.name.includes('/'));
  }

  async mapping(apiVersion: string, kind: string): Promise<RestMapping> {
    let res = await this.resources(apiVersion);
    let r = this.find(res, kind);
    if (!r) {
      res = await this.resources(apiVersion, true);
      r = this.find(res, kind);
    }
    if (!r) throw new NoKindMatchError(apiVersion, kind);
    const { group, version } = splitApiVersion(apiVersion);
    return { group, version, resource: r.name, kind, namespaced: r.namespaced };
  }

  /** `.Capabilities.APIVersions` as Helm's GetVersionSet builds it from ServerGroupsAndResources (after
   *  getCapabilities invalidated the cache: every list asked afresh): each served group-version, then each
   *  "group/version/Kind" its resources name (subresources' kinds too, e.g. apps/v1/Scale), once each. A
   *  group-version whose list cannot be had is left out (Helm goes on with a partial discovery). */
  async apiVersions(): Promise<string[]> {
    const gvs: string[] = [];
    const core = await this.http.request<{ versions?: string[] } | null>('GET', '/api', { allow404: true });
    gvs.push(...(core?.versions ?? []));
    const groups = await this.http.request<{ groups?: { versions: { groupVersion: string }[] }[] } | null>('GET', '/apis', { allow404: true });
    for (const g of groups?.groups ?? []) for (const v of g.versions ?? []) gvs.push(v.groupVersion);
    const served = [...new Set(gvs)];
    const seen = new Set(served);
    const out = [...served];
    const lists = await Promise.all(served.map((gv) => this.resources(gv, true).catch(() => null)));
    served.forEach((gv, i) => {
      for (const r of lists[i] ?? []) {
        const id = r.kind ? `${gv}/${r.kind}` : gv; // path.Join
        if (!seen.has(id)) {
          seen.add(id);
          out.push(id);
        }
      }
    });
    return out;
  }

  async serverVersion(): Promise<{ major: string; minor: string; gitVersion: string } | null> {
    try {
      return await this.http.request('GET', '/version', { allow404: true });
    } catch (e) {
      if (e instanceof KubeApiError) return null;
      throw e;
    }
  }
}
