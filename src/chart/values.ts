// Helm's values.Options.MergeValues: the user-supplied values of a command, built from -f/--values files (or
// URLs, or `-` for stdin) merged in order, then every --set-json, --set, --set-string, --set-file and
// --set-literal, whatever their order on the command line. Errors carry Helm's words and name the flag or file.
import { readFileSync } from 'node:fs';
import { GoInt, isGoMap, type GoMap } from '../template/types.js';
import { unmarshalYamlMap } from '../funcs/yaml.js';
import { parseInto, parseIntoFile, parseIntoString, parseJSON, parseLiteralInto } from './strvals.js';

export interface ValueOptions {
  valueFiles?: string[];
  values?: string[];
  stringValues?: string[];
  jsonValues?: string[];
  fileValues?: string[];
  literalValues?: string[];
}

/** Go's *PathError text for a failed open, e.g. `open x.yaml: no such file or directory`. */
export function goOpenError(path: string, e: NodeJS.ErrnoException): Error {
  const why: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
    ELOOP: 'too many levels of symbolic links',
  };
  if (e.code === 'EISDIR') return new Error(`read ${path}: is a directory`);
  return new Error(`open ${path}: ${why[e.code ?? ''] ?? e.message}`);
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** readFile as Helm's values package: `-` is stdin, a URL whose scheme a getter serves (http(s), a downloader
 *  plugin's) is fetched, anything else is a local path. */
export async function readValuesSource(filePath: string): Promise<Uint8Array> {
  if (filePath.trim() === '-') return readStdin();
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(filePath)) {
    // Helm's getter: redirects followed, "failed to fetch URL : 404 Not Found" on a bad status. The 64 MiB bound
    // is ours (Helm has none): a values file is never that large, a wrong URL can be.
    const { getByScheme } = await import('../repo/download.js');
    const data = await getByScheme(filePath, { maxBytes: 64 * 1024 * 1024 });
    if (data) return data;
  }
  try {
    return readFileSync(filePath);
  } catch (e) {
    throw goOpenError(filePath, e as NodeJS.ErrnoException);
  }
}

/** Helm's mergeMaps: b over a, maps merged recursively, anything else replaced. */
export function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out: GoMap = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (isGoMap(v) && !Array.isArray(v)) {
      const bv = out[k];
      if (isGoMap(bv) && !Array.isArray(bv)) {
        out[k] = mergeMaps(bv, v);
        continue;
      }
    }
    out[k] = v;
  }
  return out;
}

function wrap(prefix: string, e: unknown): Error {
  return new Error(`${prefix}: ${(e as Error).message ?? String(e)}`);
}

export async function mergeValues(opts: ValueOptions = {}): Promise<GoMap> {
  let base: GoMap = {};
  for (const filePath of opts.valueFiles ?? []) {
    const bytes = await readValuesSource(filePath);
    let current: GoMap;
    try {
      current = unmarshalYamlMap(new TextDecoder().decode(bytes));
    } catch (e) {
      throw wrap(`failed to parse ${filePath}`, e);
    }
    base = mergeMaps(base, current);
  }
  for (const value of opts.jsonValues ?? []) {
    try {
      parseJSON(value, base);
    } catch {
      throw new Error(`failed parsing --set-json data ${value}`);
    }
  }
  for (const value of opts.values ?? []) {
    try {
      parseInto(value, base);
    } catch (e) {
      throw wrap('failed parsing --set data', e);
    }
  }
  for (const value of opts.stringValues ?? []) {
    try {
      parseIntoString(value, base);
    } catch (e) {
      throw wrap('failed parsing --set-string data', e);
    }
  }
  for (const value of opts.fileValues ?? []) {
    // Helm's reader is its readFile: `-` is stdin, http(s) URLs go through the getter, anything else is a path.
    // The parser is synchronous, so a first pass (into a scratch map) collects the sources, which are read
    // before the real pass.
    try {
      const wanted: string[] = [];
      parseIntoFile(value, {}, (rs) => {
        wanted.push(rs);
        return '';
      });
      const read = new Map<string, string>();
      for (const src of wanted) if (!read.has(src)) read.set(src, new TextDecoder().decode(await readValuesSource(src)));
      parseIntoFile(value, base, (rs) => read.get(rs) ?? '');
    } catch (e) {
      throw wrap('failed parsing --set-file data', e);
    }
  }
  for (const value of opts.literalValues ?? []) {
    try {
      parseLiteralInto(value, base);
    } catch (e) {
      throw wrap('failed parsing --set-literal data', e);
    }
  }
  return base;
}

/** Go values as plain JSON data: int64s become numbers. */
export function toPlainValues(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toPlainValues);
  if (v instanceof GoInt) return Number(v.value);
  if (isGoMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toPlainValues(x);
    return out;
  }
  return v;
}

/** The library's mergeValues: Helm's MergeValues as plain JSON data (what `helm` would marshal). The command
 *  line uses `mergeValues`, which keeps Go's int64 typing of --set numbers for rendering. */
export async function mergeValuesPlain(opts: ValueOptions = {}): Promise<Record<string, unknown>> {
  return toPlainValues(await mergeValues(opts)) as Record<string, unknown>;
}
