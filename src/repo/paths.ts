// Where tshelm keeps repository state: Helm's helmpath layout (XDG) under tshelm's own directories.
// Precedence for each path: the global flag (--repository-config/--repository-cache/--registry-config), then
// TSHELM_<NAME>, then HELM_<NAME>, then the home directory (TSHELM_*_HOME, HELM_*_HOME, XDG_*_HOME/tshelm).
// TSHELM_USE_HELM_CONFIG=1 (or the flag --use-helm-config where a command offers it) makes the homes Helm's own
// ($XDG_CONFIG_HOME/helm, ...) so the repositories a Helm user already added are there at once.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface PathFlags {
  repositoryConfig?: string;
  repositoryCache?: string;
  registryConfig?: string;
  useHelmConfig?: boolean;
}

function env(): NodeJS.ProcessEnv {
  return process.env;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v !== '' ? v : undefined;
}

/** Whether Helm's own directories are used (TSHELM_USE_HELM_CONFIG=1|true, or flags.useHelmConfig). */
export function useHelmConfig(flags: PathFlags = {}): boolean {
  if (flags.useHelmConfig) return true;
  return /^(1|true|yes)$/i.test(env().TSHELM_USE_HELM_CONFIG ?? '');
}

function home(kind: 'CONFIG' | 'CACHE' | 'DATA', flags: PathFlags): string {
  const e = env();
  const helm = useHelmConfig(flags);
  const xdgVar = { CONFIG: 'XDG_CONFIG_HOME', CACHE: 'XDG_CACHE_HOME', DATA: 'XDG_DATA_HOME' }[kind];
  const xdgDefault = { CONFIG: '.config', CACHE: '.cache', DATA: '.local/share' }[kind];
  const explicit = helm ? nonEmpty(e[`HELM_${kind}_HOME`]) : (nonEmpty(e[`TSHELM_${kind}_HOME`]) ?? nonEmpty(e[`HELM_${kind}_HOME`]));
  if (explicit) return explicit;
  const base = nonEmpty(e[xdgVar]) ?? join(homedir(), xdgDefault);
  return join(base, helm ? 'helm' : 'tshelm');
}

export function configHome(flags: PathFlags = {}): string {
  return home('CONFIG', flags);
}
export function cacheHome(flags: PathFlags = {}): string {
  return home('CACHE', flags);
}
export function dataHome(flags: PathFlags = {}): string {
  return home('DATA', flags);
}

function pick(flag: string | undefined, name: string, flags: PathFlags): string | undefined {
  if (nonEmpty(flag)) return flag;
  const e = env();
  if (useHelmConfig(flags)) return nonEmpty(e[`HELM_${name}`]);
  return nonEmpty(e[`TSHELM_${name}`]) ?? nonEmpty(e[`HELM_${name}`]);
}

/** repositories.yaml */
export function repositoryConfig(flags: PathFlags = {}): string {
  return pick(flags.repositoryConfig, 'REPOSITORY_CONFIG', flags) ?? join(configHome(flags), 'repositories.yaml');
}
/** The directory holding NAME-index.yaml, NAME-charts.txt and downloaded archives. */
export function repositoryCache(flags: PathFlags = {}): string {
  return pick(flags.repositoryCache, 'REPOSITORY_CACHE', flags) ?? join(cacheHome(flags), 'repository');
}
/** The OCI registry credentials file (Docker's config.json format). */
export function registryConfig(flags: PathFlags = {}): string {
  return pick(flags.registryConfig, 'REGISTRY_CONFIG', flags) ?? join(configHome(flags), 'registry', 'config.json');
}

/** helmpath.CacheIndexFile: NAME-index.yaml */
export function cacheIndexFile(name: string): string {
  return name !== '' ? `${name}-index.yaml` : 'index.yaml';
}
/** helmpath.CacheChartsFile: NAME-charts.txt */
export function cacheChartsFile(name: string): string {
  return name !== '' ? `${name}-charts.txt` : 'charts.txt';
}

/** Helm's defaultKeyring(): $GNUPGHOME/pubring.gpg when GNUPGHOME is set (os.LookupEnv: even empty), else
 *  ~/.gnupg/pubring.gpg. */
export function defaultKeyring(): string {
  return join(process.env.GNUPGHOME ?? join(process.env.HOME || homedir(), '.gnupg'), 'pubring.gpg');
}
