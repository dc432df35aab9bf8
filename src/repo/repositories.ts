// repositories.yaml (Helm's repo.File / repo.Entry), read and written in Helm's format.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import yaml from 'js-yaml';

export interface RepoEntry {
  name: string;
  url: string;
  username: string;
  password: string;
  certFile: string;
  keyFile: string;
  caFile: string;
  insecure_skip_tls_verify: boolean;
  pass_credentials_all: boolean;
}

export interface RepoFile {
  apiVersion: string;
  generated: string;
  repositories: RepoEntry[];
}

export function newEntry(e: Partial<RepoEntry> & { name: string; url: string }): RepoEntry {
  return {
    name: e.name,
    url: e.url,
    username: e.username ?? '',
    password: e.password ?? '',
    certFile: e.certFile ?? '',
    keyFile: e.keyFile ?? '',
    caFile: e.caFile ?? '',
    insecure_skip_tls_verify: !!e.insecure_skip_tls_verify,
    pass_credentials_all: !!e.pass_credentials_all,
  };
}

/** Go's time.Now() as RFC 3339 with nanoseconds (time.Time's MarshalJSON), in UTC. */
export function goNow(): string {
  const d = new Date();
  const frac = String(d.getUTCMilliseconds()).padStart(3, '0').replace(/0+$/, '');
  return d.toISOString().replace(/\.\d{3}Z$/, frac ? `.${frac}Z` : 'Z');
}

export function newRepoFile(): RepoFile {
  return { apiVersion: 'v1', generated: goNow(), repositories: [] };
}

/** repo.LoadFile: a missing file is an error the caller words (Helm: "no repositories to show"). */
export function loadRepoFile(path: string): RepoFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e: any) {
    if (e?.code === 'ENOENT') {
      const err = new Error(`couldn't load repositories file (${path}).\nYou might need to run \`tshelm repo add\``) as Error & { code: string };
      err.code = 'ENOENT';
      throw err;
    }
    throw new Error(`couldn't load repositories file (${path}): ${e?.message ?? e}`);
  }
  let doc: any;
  try {
    doc = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: path });
  } catch (e: any) {
    throw new Error(`couldn't load repositories file (${path}): ${String(e?.message ?? e).split('\n')[0]}`);
  }
  const f = newRepoFile();
  if (doc == null) return f;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`couldn't load repositories file (${path}): not a mapping`);
  if (typeof doc.apiVersion === 'string') f.apiVersion = doc.apiVersion;
  if (doc.generated != null) f.generated = String(doc.generated);
  const repos = doc.repositories ?? [];
  if (!Array.isArray(repos)) throw new Error(`couldn't load repositories file (${path}): repositories is not a list`);
  for (const r of repos) {
    if (!r || typeof r !== 'object') continue;
    f.repositories.push(
      newEntry({
        name: String(r.name ?? ''),
        url: String(r.url ?? ''),
        username: r.username == null ? '' : String(r.username),
        password: r.password == null ? '' : String(r.password),
        certFile: r.certFile == null ? '' : String(r.certFile),
        keyFile: r.keyFile == null ? '' : String(r.keyFile),
        caFile: r.caFile == null ? '' : String(r.caFile),
        insecure_skip_tls_verify: r.insecure_skip_tls_verify === true,
        pass_credentials_all: r.pass_credentials_all === true,
      }),
    );
  }
  return f;
}

/** Load, or an empty file when it does not exist (repo add). */
export function loadRepoFileOrEmpty(path: string): RepoFile {
  try {
    return loadRepoFile(path);
  } catch (e: any) {
    if (e?.code === 'ENOENT') return newRepoFile();
    throw e;
  }
}

export function getRepo(f: RepoFile, name: string): RepoEntry | undefined {
  return f.repositories.find((r) => r.name === name);
}
export function hasRepo(f: RepoFile, name: string): boolean {
  return getRepo(f, name) !== undefined;
}
/** repo.File.Update: replace an entry with the same name or append. */
export function updateRepo(f: RepoFile, ...entries: RepoEntry[]): void {
  for (const e of entries) {
    const i = f.repositories.findIndex((r) => r.name === e.name);
    if (i >= 0) f.repositories[i] = e;
    else f.repositories.push(e);
  }
}
export function removeRepo(f: RepoFile, name: string): boolean {
  const i = f.repositories.findIndex((r) => r.name === name);
  if (i < 0) return false;
  f.repositories.splice(i, 1);
  return true;
}

function q(s: string): string {
  // YAML scalar as sigs.k8s.io/yaml writes strings: plain when unambiguous, else single-quoted.
  if (s === '') return '""';
  if (/^[A-Za-z0-9_./:@%+-][A-Za-z0-9_./:@%+~ -]*$/.test(s) && !/[: ]$/.test(s) && !/: | #/.test(s) && !/^(true|false|yes|no|on|off|y|n|null|~|[-+]?[0-9.]+(e[-+]?\d+)?)$/i.test(s) && !/^[-?:]\s/.test(s))
    return s;
  return `'${s.replace(/'/g, "''")}'`;
}

/** repo.File as Helm's yaml.Marshal writes it (keys sorted, every field present). */
export function marshalRepoFile(f: RepoFile): string {
  let out = `apiVersion: ${q(f.apiVersion)}\ngenerated: ${JSON.stringify(f.generated)}\n`;
  if (f.repositories.length === 0) return out + 'repositories: []\n';
  out += 'repositories:\n';
  for (const r of f.repositories) {
    out += `- caFile: ${q(r.caFile)}\n`;
    out += `  certFile: ${q(r.certFile)}\n`;
    out += `  insecure_skip_tls_verify: ${r.insecure_skip_tls_verify}\n`;
    out += `  keyFile: ${q(r.keyFile)}\n`;
    out += `  name: ${q(r.name)}\n`;
    out += `  pass_credentials_all: ${r.pass_credentials_all}\n`;
    out += `  password: ${q(r.password)}\n`;
    out += `  url: ${q(r.url)}\n`;
    out += `  username: ${q(r.username)}\n`;
  }
  return out;
}

/** Write a file atomically (temp file + rename) with the given mode, creating its directory. */
export function atomicWrite(path: string, data: string | Uint8Array, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(tmp, data, { mode });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function writeRepoFile(path: string, f: RepoFile): void {
  atomicWrite(path, marshalRepoFile(f), 0o600);
}

/** Run fn holding repositories.lock next to the file (as Helm's flock), waiting up to `timeoutMs`. */
export async function withRepoLock<T>(repoFile: string, fn: () => Promise<T> | T, timeoutMs = 30000): Promise<T> {
  const lock = repoFile.replace(/\.ya?ml$/, '') + '.lock';
  mkdirSync(dirname(lock), { recursive: true });
  const start = Date.now();
  let fd: number | undefined;
  for (;;) {
    try {
      fd = openSync(lock, 'wx');
      break;
    } catch (e: any) {
      if (e?.code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 60000) rmSync(lock, { force: true });
      } catch {
        /* gone */
      }
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for the lock ${lock}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    closeSync(fd);
    rmSync(lock, { force: true });
  }
}

export function repoFileExists(path: string): boolean {
  return existsSync(path);
}
