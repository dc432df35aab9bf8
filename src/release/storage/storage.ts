// Helm's pkg/storage: release queries and history-max pruning over a driver.
import type { Release } from '../record.js';
import { isPending } from '../record.js';
import { makeKey, ReleaseNotFoundError, type Driver } from './driver.js';

export class Storage {
  /** 0 = unlimited. */
  maxHistory = 0;
  constructor(readonly driver: Driver) {}

  async get(name: string, version: number): Promise<Release> {
    return this.driver.get(makeKey(name, version));
  }
  async create(rls: Release): Promise<void> {
    if (this.maxHistory > 0) await this.removeLeastRecent(rls.name, this.maxHistory - 1);
    await this.driver.create(makeKey(rls.name, rls.version), rls);
  }
  async update(rls: Release): Promise<void> {
    await this.driver.update(makeKey(rls.name, rls.version), rls);
  }
  async delete(name: string, version: number): Promise<Release> {
    return this.driver.delete(makeKey(name, version));
  }
  async listReleases(): Promise<Release[]> {
    return this.driver.list(() => true);
  }
  async listDeployed(): Promise<Release[]> {
    return this.driver.list((r) => r.info?.status === 'deployed');
  }
  /** All deployed revisions of name, newest first. */
  async deployedAll(name: string): Promise<Release[]> {
    try {
      const ls = await this.driver.query({ name, owner: 'helm', status: 'deployed' });
      return ls.sort((a, b) => b.version - a.version);
    } catch (e) {
      if (e instanceof ReleaseNotFoundError) throw new ReleaseNotFoundError(`"${name}" has no deployed releases`);
      throw e;
    }
  }
  async deployed(name: string): Promise<Release> {
    return (await this.deployedAll(name))[0];
  }
  async history(name: string): Promise<Release[]> {
    return this.driver.query({ name, owner: 'helm' });
  }
  /** The highest revision of name. */
  async last(name: string): Promise<Release> {
    const h = await this.history(name);
    return h.reduce((a, b) => (b.version > a.version ? b : a));
  }

  /** Keep at most `keep` revisions (plus the new one) of name: delete the oldest, never the deployed one. */
  async removeLeastRecent(name: string, keep: number): Promise<void> {
    if (keep < 0) return;
    let h: Release[];
    try {
      h = await this.history(name);
    } catch (e) {
      if (e instanceof ReleaseNotFoundError) return;
      throw e;
    }
    if (h.length <= keep) return;
    h.sort((a, b) => a.version - b.version);
    const deployed = h.filter((r) => r.info?.status === 'deployed').map((r) => r.version);
    const lastDeployed = deployed.length ? Math.max(...deployed) : -1;
    const candidates = h.filter((r) => r.version !== lastDeployed);
    let excess = h.length - keep;
    const errors: string[] = [];
    for (const r of candidates) {
      if (excess <= 0) break;
      try {
        await this.driver.delete(makeKey(r.name, r.version));
      } catch (e) {
        errors.push((e as Error).message);
      }
      excess--;
    }
    if (errors.length) throw new Error(`error pruning release history of ${name}: ${errors.join('; ')}`);
  }
}

export { isPending };
