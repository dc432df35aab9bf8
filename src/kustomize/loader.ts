// File loading for a kustomization root, with kustomize's load restrictor: by default a kustomization may read
// only files in or below its own directory (bases and components are kustomizations of their own).
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { resolve, relative, isAbsolute, sep } from 'node:path';
import { KustomizeError } from './errors.js';

export type LoadRestrictor = 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';

export function isRemote(spec: string): boolean {
  return /^(https?|git|ssh|file):\/\//.test(spec) || /^git@/.test(spec) || /^github\.com\//.test(spec) || /\?ref=/.test(spec) || /\.git(\/\/|$)/.test(spec);
}

export class Loader {
  readonly root: string;
  constructor(root: string, readonly restrictor: LoadRestrictor = 'LoadRestrictionsRootOnly') {
    this.root = realOrSelf(resolve(root));
  }

  resolve(p: string): string {
    return isAbsolute(p) ? p : resolve(this.root, p);
  }

  /** The path, made real, if the restrictor allows it. */
  checkPath(abs: string): string {
    const real = realOrSelf(abs);
    if (this.restrictor === 'LoadRestrictionsRootOnly') {
      const rel = relative(this.root, real);
      if (rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) {
        throw new KustomizeError(`security; file '${real}' is not in or below '${this.root}'`);
      }
    }
    return real;
  }

  readText(p: string): string {
    if (isRemote(p)) throw new KustomizeError(`'${p}' is a remote resource; tshelm builds offline and does not fetch remote resources`);
    const abs = this.resolve(p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new KustomizeError(`evalsymlink failure on '${abs}' : lstat ${abs}: no such file or directory`);
    }
    if (st.isDirectory()) throw new KustomizeError(`'${abs}' is a directory, not a file`);
    return readFileSync(this.checkPath(abs), 'utf8');
  }

  /** A loader for a sub-kustomization (a base, a component) rooted at its directory. */
  child(dir: string): Loader {
    return new Loader(this.resolve(dir), this.restrictor);
  }
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
