// Storage drivers (Helm's pkg/storage/driver): memory, secret (default), configmap.
import type { KubeClient, KObject } from '../../kube/types.js';
import { decodeRelease, encodeRelease, type Release } from '../record.js';

export class ReleaseNotFoundError extends Error {
  constructor(msg = 'release: not found') { super(msg); this.name = 'ReleaseNotFoundError'; }
}
export class ReleaseExistsError extends Error {
  constructor(msg = 'release: already exists') { super(msg); this.name = 'ReleaseExistsError'; }
}

/** A Secret/ConfigMap holds at most 1 MiB (etcd's request limit, minus metadata). */
export const MAX_RECORD_BYTES = 1024 * 1024;

export interface Driver {
  readonly name: string;
  get(key: string): Promise<Release>;
  list(filter: (r: Release) => boolean): Promise<Release[]>;
  query(labels: Record<string, string>): Promise<Release[]>;
  create(key: string, rls: Release): Promise<void>;
  update(key: string, rls: Release): Promise<void>;
  delete(key: string): Promise<Release>;
}

export function makeKey(name: string, version: number): string {
  return `sh.helm.release.v1.${name}.v${version}`;
}

function systemLabels(rls: Release): Record<string, string> {
  return { name: rls.name, owner: 'helm', status: rls.info?.status ?? 'unknown', version: String(rls.version) };
}

function matches(labels: Record<string, string> | undefined, want: Record<string, string>): boolean {
  return Object.entries(want).every(([k, v]) => labels?.[k] === v);
}

// ---------------------------------------------------------------- memory

export class MemoryDriver implements Driver {
  readonly name = 'Memory';
  /** namespace → key → release */
  private cache = new Map<string, Map<string, Release>>();
  namespace = '';
  constructor(namespace = '') { this.namespace = namespace; }

  private ns(ns: string): Map<string, Release> {
    let m = this.cache.get(ns);
    if (!m) this.cache.set(ns, (m = new Map()));
    return m;
  }
  private scope(): Map<string, Release>[] {
    return this.namespace ? [this.ns(this.namespace)] : [...this.cache.values()];
  }
  async get(key: string): Promise<Release> {
    for (const m of this.scope()) { const r = m.get(key); if (r) return decodeRelease(encodeRelease(r)); }
    throw new ReleaseNotFoundError();
  }
  async list(filter: (r: Release) => boolean): Promise<Release[]> {
    const out: Release[] = [];
    for (const m of this.scope()) for (const r of m.values()) { const c = { ...decodeRelease(encodeRelease(r)), labels: { ...r.labels, ...systemLabels(r) } }; if (filter(c)) out.push(c); }
    return out;
  }
  async query(labels: Record<string, string>): Promise<Release[]> {
    const out = await this.list((r) => matches(r.labels, labels));
    if (!out.length) throw new ReleaseNotFoundError();
    return out;
  }
  async create(key: string, rls: Release): Promise<void> {
    const m = this.ns(rls.namespace || this.namespace || 'default');
    if (m.has(key)) throw new ReleaseExistsError();
    m.set(key, { ...decodeRelease(encodeRelease(rls)), labels: { ...rls.labels } });
  }
  async update(key: string, rls: Release): Promise<void> {
    const m = this.ns(rls.namespace || this.namespace || 'default');
    if (!m.has(key)) throw new ReleaseNotFoundError();
    m.set(key, { ...decodeRelease(encodeRelease(rls)), labels: { ...rls.labels } });
  }
  async delete(key: string): Promise<Release> {
    for (const m of this.scope()) { const r = m.get(key); if (r) { m.delete(key); return r; } }
    throw new ReleaseNotFoundError();
  }
}

// ---------------------------------------------------------------- secret / configmap

class KubeObjectDriver implements Driver {
  constructor(readonly name: 'Secret' | 'ConfigMap', private kube: KubeClient, readonly namespace: string) {}

  private ref(key: string) {
    return { apiVersion: 'v1', kind: this.name, name: key, namespace: this.namespace };
  }
  private payload(obj: KObject): string {
    const data = (obj as any).data?.release;
    if (typeof data !== 'string') throw new Error(`${this.name} ${obj.metadata.name} has no data.release`);
    return this.name === 'Secret' ? Buffer.from(data, 'base64').toString('latin1') : data;
  }
  private decode(obj: KObject): Release {
    let r: Release;
    try {
      r = decodeRelease(this.payload(obj));
    } catch (e) {
      throw new Error(`release record ${obj.metadata.namespace ?? this.namespace}/${obj.metadata.name} cannot be decoded: ${(e as Error).message}`);
    }
    r.labels = { ...(obj.metadata.labels ?? {}) };
    for (const k of ['name', 'owner', 'status', 'version', 'createdAt', 'modifiedAt']) delete r.labels[k];
    return r;
  }
  private toObject(key: string, rls: Release, extra: Record<string, string>): KObject {
    const encoded = encodeRelease(rls);
    const size = this.name === 'Secret' ? Math.ceil(encoded.length / 3) * 4 : encoded.length;
    if (size > MAX_RECORD_BYTES) {
      throw new Error(`release ${rls.name} revision ${rls.version} is too large to store: its record is ${size} bytes ` +
        `(${(size / 1048576).toFixed(2)} MiB) but a ${this.name} holds at most ${MAX_RECORD_BYTES} bytes (1 MiB). ` +
        `Make the release smaller: list large files that templates do not need in the chart's .helmignore, ` +
        `move big data out of values and the chart's files, or lower what the chart embeds`);
    }
    const labels = { ...(rls.labels ?? {}), ...systemLabels(rls), ...extra };
    const metadata = { name: key, namespace: rls.namespace || this.namespace, labels };
    if (this.name === 'Secret') {
      return { apiVersion: 'v1', kind: 'Secret', metadata, type: 'helm.sh/release.v1', data: { release: Buffer.from(encoded, 'latin1').toString('base64') } };
    }
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { release: encoded } };
  }
  async get(key: string): Promise<Release> {
    const obj = await this.kube.get(this.ref(key));
    if (!obj) throw new ReleaseNotFoundError();
    return this.decode(obj);
  }
  private async listObjects(selector: string): Promise<KObject[]> {
    return this.kube.list('v1', this.name, { namespace: this.namespace || undefined, labelSelector: selector });
  }
  async list(filter: (r: Release) => boolean): Promise<Release[]> {
    const objs = await this.listObjects('owner=helm');
    const out: Release[] = [];
    for (const o of objs) {
      const r = this.decode(o);
      r.labels = { ...r.labels, ...(o.metadata.labels ?? {}) };
      if (filter(r)) out.push(r);
    }
    return out;
  }
  async query(labels: Record<string, string>): Promise<Release[]> {
    const sel = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',');
    const objs = await this.listObjects(sel);
    if (!objs.length) throw new ReleaseNotFoundError();
    return objs.map((o) => { const r = this.decode(o); r.labels = { ...r.labels, ...(o.metadata.labels ?? {}) }; return r; });
  }
  async create(key: string, rls: Release): Promise<void> {
    const obj = this.toObject(key, rls, { createdAt: String(Math.floor(Date.now() / 1000)) });
    try {
      await this.kube.create(obj);
    } catch (e: any) {
      if (e?.status === 409) throw new ReleaseExistsError();
      throw e;
    }
  }
  async update(key: string, rls: Release): Promise<void> {
    const cur = await this.kube.get(this.ref(key));
    if (!cur) throw new ReleaseNotFoundError();
    const obj = this.toObject(key, rls, { modifiedAt: String(Math.floor(Date.now() / 1000)) });
    const createdAt = cur.metadata.labels?.createdAt;
    if (createdAt) obj.metadata.labels!.createdAt = createdAt;
    obj.metadata.resourceVersion = cur.metadata.resourceVersion;
    await this.kube.update(obj);
  }
  async delete(key: string): Promise<Release> {
    const r = await this.get(key);
    await this.kube.delete(this.ref(key));
    return r;
  }
}

export class SecretDriver extends KubeObjectDriver {
  constructor(kube: KubeClient, namespace: string) { super('Secret', kube, namespace); }
}
export class ConfigMapDriver extends KubeObjectDriver {
  constructor(kube: KubeClient, namespace: string) { super('ConfigMap', kube, namespace); }
}

const sharedMemory = new Map<string, MemoryDriver>();

/** Helm's action.Configuration.Init driver choice: HELM_DRIVER (TSHELM_DRIVER wins) = secret|secrets|"" , configmap|configmaps, memory. */
export function newDriver(kind: string | undefined, kube: KubeClient | undefined, namespace: string): Driver {
  switch ((kind ?? '').toLowerCase()) {
    case '':
    case 'secret':
    case 'secrets':
      if (!kube) throw new Error('the secret driver needs a Kubernetes client');
      return new SecretDriver(kube, namespace);
    case 'configmap':
    case 'configmaps':
      if (!kube) throw new Error('the configmap driver needs a Kubernetes client');
      return new ConfigMapDriver(kube, namespace);
    case 'memory': {
      let d = sharedMemory.get(namespace);
      if (!d) sharedMemory.set(namespace, (d = new MemoryDriver(namespace)));
      return d;
    }
    default:
      throw new Error(`unknown driver "${kind}" (HELM_DRIVER/TSHELM_DRIVER must be secret, configmap or memory)`);
  }
}

export function driverKindFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.TSHELM_DRIVER || env.HELM_DRIVER || undefined;
}
