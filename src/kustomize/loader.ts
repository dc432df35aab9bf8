// File loading for a kustomization root, with kustomize's load restrictor: by default a kustomization may read
// only files in or below its own directory (bases and components are kustomizations of their own).
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { resolve, relative, isAbsolute, sep, posix } from 'node:path';
import { KustomizeError } from './errors.js';

export type LoadRestrictor = 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';

/** Whether git.NewRepoSpecFromURL accepts the path, i.e. kustomize's loader takes it as a git repository (and
 *  clones it) rather than a local directory: a scheme (http(s)://, ssh://, file://), a user@ or github.com (a
 *  leading git:: and a ?query ignored), a host, and a repo path (_git/NAME, a // or .git marker, else ORG/REPO)
 *  that the kustomization root does not climb out of. */
export function isRemoteTarget(p: string): boolean {
  if (isAbsolute(p)) return false;
  let n = p.split('?')[0];
  if (n.slice(0, 5).toLowerCase() === 'git::') n = n.slice(5);
  const scheme = (/^(ssh|https?|file):\/\//i.exec(n)?.[0] ?? '').toLowerCase();
  n = n.slice(scheme.length);
  const user = /^[a-zA-Z][a-zA-Z0-9-]*@/.exec(n)?.[0] ?? '';
  n = n.slice(user.length);
  const github = /^github\.com[/:]/i.test(n);
  const scp = scheme === '' && (user !== '' || github);
  if (scheme === '' && !scp) return false;
  let rest = user + n; // file://: everything is the repository path
  if (scheme !== 'file://') {
    let sep = n.indexOf('/');
    const colon = scp ? n.indexOf(':') : -1;
    if (scp && (sep < 0 || (colon > 0 && colon < sep))) sep = colon;
    if (sep < 0 && n === '') return false; // no host
    rest = sep < 0 ? '' : n.slice(sep + 1);
  }
  let repo: string;
  let root = '';
  const gitRoot = rest.indexOf('_git/');
  const slashes = rest.indexOf('//');
  const suffix = rest.indexOf('.git');
  if (gitRoot >= 0) {
    const segs = rest.slice(gitRoot + 5).split('/');
    repo = rest.slice(0, gitRoot + 5) + segs[0];
    root = segs.slice(1).join('/');
  } else if (slashes >= 0) [repo, root] = [rest.slice(0, slashes), rest.slice(slashes + 2)];
  else if (suffix >= 0) [repo, root] = [rest.slice(0, suffix + 4), rest.slice(suffix + 4)];
  else if (scheme === 'file://') repo = rest;
  else {
    const segs = rest.split('/');
    if (segs.length < 2) return false;
    [repo, root] = [segs.slice(0, 2).join('/'), segs.slice(2).join('/')];
  }
  return repo !== '' && posix.normalize(root.replace(/^\//, '') || '.').split('/')[0] !== '..';
}

/** A resource kustomize would fetch: a git repository it would clone, or any http(s) URL (kustomize downloads
 *  a file URL that is not a repository). tshelm builds offline and refuses both. */
export function isRemote(spec: string): boolean {
  return /^https?:\/\//i.test(spec) || isRemoteTarget(spec);
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

  /** A file's bytes, as kustomize's loader reads them: remote refused, the path made real and checked against
   *  the restrictor, Go's wording for what is missing or a directory. */
  readBytes(p: string): Buffer {
    if (isRemote(p)) throw new KustomizeError(`'${p}' is a remote resource; tshelm builds offline and does not fetch remote resources`);
    const abs = this.resolve(p);
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      throw new KustomizeError(`evalsymlink failure on '${abs}' : ${lstatError(abs)}`);
    }
    real = this.checkPath(real);
    try {
      return readFileSync(real);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new KustomizeError(`read ${real}: ${code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
    }
  }

  readText(p: string): string {
    return this.readBytes(p).toString('utf8');
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

/** Go's EvalSymlinks error for a path that does not exist: lstat of its first missing component. */
export function lstatError(abs: string): string {
  let cur = '';
  for (const part of abs.split('/').filter(Boolean)) {
    cur += `/${part}`;
    try {
      lstatSync(cur);
    } catch (e) {
      return `lstat ${cur}: ${(e as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'not a directory' : 'no such file or directory'}`;
    }
  }
  return `lstat ${abs}: no such file or directory`;
}
