// `kustomize edit ...` operations (kustomize v5.5 kustomize/commands/edit), each reading the kustomization
// file of a directory, changing it and writing it back through kustfile.ts. Every function takes the
// directory the command runs in (kustomize's cwd) and a `log` for what kustomize prints with log.Printf.
// Errors are thrown as EditError with kustomize's wording, before anything is written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitImage, type ImageSpec } from './transformers.js';
import { BadPatternError, filepathMatch } from '../chart/ignore.js';
import { compareGoStrings } from '../funcs/json.js';
import { goQuote } from '../template/lex.js';
import { KustomizationFile, KustFileError, fixKustomizationPreMarshalling } from './kustfile.js';
import type { Kustomization } from './kustfile.js';
import { isRemoteTarget, lstatError, Loader } from './loader.js';
import { goList, loadKvPairs, mergeOptions } from './generators.js';

export { isRemoteTarget };

export class EditError extends Error {}

export type Log = (msg: string) => void;

// ---------------------------------------------------------------------------------------------------------
// Go's path/filepath.Glob (Unix; Match is chart/ignore.ts's), relative to a base directory instead of the
// process cwd, plus kustomize's hidden-file filtering (kyaml filesys fsOnDisk.Glob).

function hasMeta(p: string): boolean {
  return /[*?[\\]/.test(p);
}

function goJoin(dir: string, name: string): string {
  const j = path.posix.normalize(`${dir}/${name}`);
  return j.length > 1 && j.endsWith('/') ? j.slice(0, -1) : j;
}

function lexists(base: string, p: string): boolean {
  try {
    fs.lstatSync(path.resolve(base, p));
    return true;
  } catch {
    return false;
  }
}

/** filepath.Glob(pattern) as if run in directory base. */
export function goGlob(base: string, pattern: string): string[] {
  filepathMatch(pattern, ''); // validate the pattern first, as Glob does (throws BadPatternError)
  if (!hasMeta(pattern)) return lexists(base, pattern) ? [pattern] : [];
  const slash = pattern.lastIndexOf('/');
  let dir = pattern.slice(0, slash + 1);
  const file = pattern.slice(slash + 1);
  if (dir === '') dir = '.';
  else if (dir !== '/') dir = dir.slice(0, -1);
  if (!hasMeta(dir)) return globIn(base, dir, file);
  if (dir === pattern) throw new BadPatternError();
  const out: string[] = [];
  for (const d of goGlob(base, dir)) out.push(...globIn(base, d, file));
  return out;
}

function globIn(base: string, dir: string, pattern: string): string[] {
  let names: string[];
  try {
    if (!fs.statSync(path.resolve(base, dir)).isDirectory()) return [];
    names = fs.readdirSync(path.resolve(base, dir)).sort(compareGoStrings);
  } catch {
    return [];
  }
  return names.filter((n) => filepathMatch(pattern, n)).map((n) => goJoin(dir, n));
}

function isHidden(p: string): boolean {
  return path.posix.basename(p).startsWith('.');
}

/** kyaml fsOnDisk.Glob: filepath.Glob without hidden files unless the pattern itself is hidden. */
export function kustGlob(base: string, pattern: string): string[] {
  const all = goGlob(base, pattern);
  return isHidden(pattern) ? all : all.filter((p) => !isHidden(p));
}

// ---------------------------------------------------------------------------------------------------------
// Shared helpers (kustomize/commands/internal/util).

/** A kustomization file opened and read; errors worded as kustfile's, optionally prefixed. */
function openAndRead(dir: string, openPrefix = '', readPrefix = ''): { kf: KustomizationFile; k: Kustomization } {
  let kf: KustomizationFile;
  try {
    kf = KustomizationFile.open(dir);
  } catch (e) {
    throw new EditError(openPrefix + (e as Error).message);
  }
  try {
    return { kf, k: kf.read() };
  } catch (e) {
    throw new EditError(readPrefix + (e as Error).message);
  }
}

/** util.GlobPatternsWithLoader: glob matches, else a kustomization root the loader accepts (a remote target is
 *  taken as it is, without fetching it), else "<pattern> has no match: ...". */
export function globPatternsWithLoader(dir: string, patterns: string[], skipValidation: boolean): string[] {
  const out: string[] = [];
  for (const pattern of patterns) {
    if (skipValidation) {
      out.push(pattern);
      continue;
    }
    let files: string[];
    try {
      files = kustGlob(dir, pattern);
    } catch (e) {
      throw new EditError(`error checking the filesystem: ${(e as Error).message}`);
    }
    if (files.length) {
      out.push(...files);
      continue;
    }
    if (pattern === '') throw new EditError(`${pattern} has no match: new root cannot be empty`);
    if (isRemoteTarget(pattern)) {
      out.push(pattern);
      continue;
    }
    if (path.isAbsolute(pattern)) throw new EditError(`${pattern} has no match: new root '${pattern}' cannot be absolute`);
    const abs = path.resolve(dir, pattern);
    throw new EditError(`${pattern} has no match: must build at directory: not a valid directory: evalsymlink failure on '${abs}' : ${lstatError(abs)}`);
  }
  return out;
}

/** util.GlobPatterns: matches of each pattern; a pattern without any is logged and skipped. */
function globPatterns(dir: string, patterns: string[], log: Log): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    const files = kustGlob(dir, p);
    if (files.length === 0) {
      log(`${p} has no match`);
      continue;
    }
    out.push(...files);
  }
  return out;
}

function trimQuotes(s: string): string {
  return s.length >= 2 && s[0] === '"' && s[s.length - 1] === '"' ? s.slice(1, -1) : s;
}

/** util.ConvertSliceToMap: "k:v" items (v may be quoted; no colon gives an empty value). */
export function convertSliceToMap(inputs: string[], kind: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const input of inputs) {
    const c = input.indexOf(':');
    if (c === 0) throw new EditError(`invalid ${kind}: '${input}' (need k:v pair where v may be quoted)`);
    if (c < 0) out[input] = '';
    else out[input.slice(0, c)] = trimQuotes(input.slice(c + 1));
  }
  return out;
}

/** util.ConvertToMap: a comma-separated list of "k:v". */
export function convertToMap(input: string, kind: string): Record<string, string> {
  if (input === '') return {};
  return convertSliceToMap(input.split(','), kind);
}

function namespaceEqual(a: string | undefined, b: string | undefined): boolean {
  return (a || 'default') === (b || 'default');
}

/** Go's fmt %v of a []string. */
// ---------------------------------------------------------------------------------------------------------
// edit add

/** addresource.go / addcomponent.go: each path (glob-expanded) appended to the field unless already there. */
function addPaths(dir: string, args: string[], field: 'resources' | 'components', what: string, skipValidation: boolean, log: Log): void {
  if (args.length === 0) throw new EditError(`must specify a ${what} file`);
  const paths = globPatternsWithLoader(dir, args, skipValidation);
  if (paths.length === 0) return;
  const { kf, k } = openAndRead(dir);
  for (const p of paths) {
    if (p === kf.fileName) continue;
    if ((k[field] ?? []).includes(p)) {
      log(`${what} ${p} already in kustomization file`);
      continue;
    }
    k[field] = [...(k[field] ?? []), p];
  }
  kf.write(k);
}

export function addResource(dir: string, args: string[], opts: { noVerify?: boolean }, log: Log): void {
  addPaths(dir, args, 'resources', 'resource', !!opts.noVerify, log);
}

export function addComponent(dir: string, args: string[], log: Log): void {
  addPaths(dir, args, 'components', 'component', false, log);
}

export function addBase(dir: string, args: string[]): void {
  if (args.length !== 1) throw new EditError('must specify a base directory');
  const { kf, k } = openAndRead(dir);
  for (const p of args[0].split(',')) {
    if (!fs.existsSync(path.resolve(dir, p))) throw new EditError(`${p} does not exist`);
    if ((k.resources ?? []).includes(p)) throw new EditError(`base ${p} already in kustomization file`);
    k.resources = [...(k.resources ?? []), p];
  }
  kf.write(k);
}

export interface PatchFlags {
  path?: string;
  patch?: string;
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  annotationSelector?: string;
  labelSelector?: string;
}

const SELECTOR_KEYS = ['group', 'version', 'kind', 'name', 'namespace', 'annotationSelector', 'labelSelector'] as const;

/** The types.Patch the flags make (an all-empty target is no target). */
function patchFromFlags(f: PatchFlags): Record<string, any> {
  const p: Record<string, any> = {};
  if (f.path) p.path = f.path;
  if (f.patch) p.patch = f.patch;
  const t: Record<string, string> = {};
  for (const key of SELECTOR_KEYS) if (f[key]) t[key] = f[key]!;
  if (Object.keys(t).length) p.target = t;
  return p;
}

/** types.Patch.Equals. */
function patchEquals(a: Record<string, any>, b: Record<string, any>): boolean {
  if ((a.path ?? '') !== (b.path ?? '') || (a.patch ?? '') !== (b.patch ?? '')) return false;
  const ta = a.target;
  const tb = b.target;
  if ((ta == null) !== (tb == null)) return false;
  if (ta && tb && SELECTOR_KEYS.some((key) => (ta[key] ?? '') !== (tb[key] ?? ''))) return false;
  return JSON.stringify(sortedEntries(a.options)) === JSON.stringify(sortedEntries(b.options));
}

function sortedEntries(m: Record<string, unknown> | undefined): unknown {
  return m == null ? null : Object.entries(m).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
}

/** fmt %#v of a types.Patch (a target pointer shown without its address). */
function goPatchRepr(p: Record<string, any>): string {
  const target = p.target ? '(*types.Selector)(0xc000000000)' : '(*types.Selector)(nil)';
  const opts = p.options ? `map[string]bool{${Object.entries(p.options).sort().map(([k, v]) => `${goQuote(k)}:${v}`).join(', ')}}` : 'map[string]bool(nil)';
  return `types.Patch{Path:${goQuote(p.path ?? '')}, Patch:${goQuote(p.patch ?? '')}, Target:${target}, Options:${opts}}`;
}

export function addPatch(dir: string, flags: PatchFlags, log: Log): void {
  if (flags.patch && flags.path) throw new EditError("patch and path can't be set at the same time");
  if (!flags.patch && !flags.path) throw new EditError('must provide either patch or path');
  const { kf, k } = openAndRead(dir);
  const np = patchFromFlags(flags);
  for (const p of k.patches ?? []) {
    if (patchEquals(p, np)) {
      log(`patch ${goPatchRepr(p)} already in kustomization file`);
      return;
    }
  }
  k.patches = [...(k.patches ?? []), np];
  kf.write(k);
}

export interface AddMetadataOpts {
  force?: boolean;
  withoutSelector?: boolean;
  includeTemplates?: boolean;
}

function writeToMap(target: Record<string, string>, add: Record<string, string>, kind: string, force: boolean): void {
  for (const [key, v] of Object.entries(add)) {
    if (key in target && !force) throw new EditError(`${kind} ${key} already in kustomization file`);
    target[key] = v;
  }
}

export function addLabel(dir: string, args: string[], opts: AddMetadataOpts): void {
  if (args.length < 1) throw new EditError('must specify label');
  if (!opts.withoutSelector && opts.includeTemplates) {
    throw new EditError('--without-selector flag must be specified for --include-templates to work');
  }
  const m = convertSliceToMap(args, 'label');
  const { kf, k } = openAndRead(dir);
  if (opts.withoutSelector) {
    const label: Record<string, any> = { pairs: {} };
    if (opts.includeTemplates) label.includeTemplates = true;
    k.labels = [...(k.labels ?? []), label];
    writeToMap(label.pairs, m, 'label', !!opts.force);
  } else {
    k.commonLabels ??= {};
    writeToMap(k.commonLabels, m, 'label', !!opts.force);
  }
  kf.write(k);
}

export function addAnnotation(dir: string, args: string[], opts: AddMetadataOpts): void {
  if (args.length < 1) throw new EditError('must specify annotation');
  const m = convertSliceToMap(args, 'annotation');
  const { kf, k } = openAndRead(dir);
  k.commonAnnotations ??= {};
  writeToMap(k.commonAnnotations, m, 'annotation', !!opts.force);
  kf.write(k);
}

export interface GeneratorFlags {
  fromFile?: string[];
  fromLiteral?: string[];
  fromEnvFile?: string;
  behavior?: string;
  namespace?: string;
  disableNameSuffixHash?: boolean;
  /** secrets only; kustomize's default is "Opaque" */
  type?: string;
}

/** ConfigMapSecretFlagsAndArgs.ExpandFileSource. */
function expandFileSources(dir: string, sources: string[], log: Log): string[] {
  const out: string[] = [];
  for (const pattern of sources) {
    const s = pattern.split('=');
    const key = s.length === 2 ? s[0] : '';
    const result = globPatterns(dir, [s.length === 2 ? s[1] : s[0]], log);
    if (key !== '') {
      if (result.length !== 1) throw new EditError(`failed to expand file source: 'pattern '${pattern}' catches files ${goList(result)}, should catch only one`);
      out.push(`${key}=${result[0]}`);
    } else out.push(...result);
  }
  return out;
}

function addGenerator(dir: string, args: string[], flags: GeneratorFlags, kind: 'configmap' | 'secret', log: Log): void {
  const fileSources = expandFileSources(dir, flags.fromFile ?? [], log);
  const lits = flags.fromLiteral ?? [];
  const env = flags.fromEnvFile ?? '';
  const v = (msg: string) => new EditError(`failed to validate flags: ${msg}`);
  if (args.length !== 1) throw v('name must be specified once');
  const name = args[0];
  if (!env && fileSources.length === 0 && lits.length === 0) throw v('at least from-env-file, or from-file or from-literal must be set');
  if (env && (fileSources.length > 0 || lits.length > 0)) throw v('from-env-file cannot be combined with from-file or from-literal');
  if (flags.behavior && !['create', 'merge', 'replace'].includes(flags.behavior)) throw v('invalid behavior: must be one of "create", "merge", or "replace"');
  const { kf, k } = openAndRead(dir, 'failed to load kustomization file: ', 'failed to read kustomization file: ');
  const field = kind === 'configmap' ? 'configMapGenerator' : 'secretGenerator';
  const list: Record<string, any>[] = (k[field] ??= []);
  let g = list.find((x) => (x.name ?? '') === name && namespaceEqual(x.namespace, flags.namespace));
  if (!g) {
    g = { name };
    if (flags.namespace) g.namespace = flags.namespace;
    if (kind === 'secret' && flags.type) g.type = flags.type;
    list.push(g);
  }
  if (lits.length) g.literals = [...(g.literals ?? []), ...lits];
  if (fileSources.length) g.files = [...(g.files ?? []), ...fileSources];
  if (env) g.envs = [...(g.envs ?? []), env];
  if (flags.disableNameSuffixHash) g.options = { disableNameSuffixHash: true };
  if (flags.behavior) g.behavior = flags.behavior;
  g.options = mergeOptions(g.options, k.generatorOptions);
  try {
    // what generators.MakeConfigMap/MakeSecret check: every source loads and no key repeats
    loadKvPairs(g, new Loader(dir), false);
  } catch (e) {
    throw new EditError(`failed to create ${kind}: ${(e as Error).message}`);
  }
  kf.write(k);
}

export function addConfigMap(dir: string, args: string[], flags: GeneratorFlags, log: Log): void {
  addGenerator(dir, args, flags, 'configmap', log);
}

export function addSecret(dir: string, args: string[], flags: GeneratorFlags, log: Log): void {
  addGenerator(dir, args, { type: 'Opaque', ...flags }, 'secret', log);
}

// ---------------------------------------------------------------------------------------------------------
// edit set

const IMAGE_INVALID =
  'invalid format of image, use one of the following options: <image>=<newimage>:<newtag>, <image>=<newimage>@<digest>, ' +
  '<image>=<newimage>:<newtag>@<digest>, <image>=<newimage>, <image>:<newtag>, <image>:<newtag>@<digest>, <image>@<digest>';

/** An images entry of the file (every field may be missing). */
type Image = Partial<ImageSpec>;

/** setimage.go parse: "[<name>=]<newName>[:<tag>][@<digest>]". */
export function parseImageArg(arg: string): ImageSpec {
  const eq = arg.indexOf('=');
  const key = eq < 0 ? '' : arg.slice(0, eq);
  const value = eq < 0 ? arg : arg.slice(eq + 1);
  const [name, tag, digest] = splitImage(value);
  if (name === arg) throw new EditError(IMAGE_INVALID);
  const img: ImageSpec = key === '' ? { name } : { name: key, newName: name };
  if (tag) img.newTag = tag;
  if (digest) img.digest = digest;
  return img;
}

function cleanImage(i: Image): Image {
  const out: Image = {};
  for (const key of ['name', 'newName', 'newTag', 'digest'] as const) if (i[key]) out[key] = i[key];
  return out;
}

export function setImage(dir: string, args: string[]): void {
  if (args.length === 0) throw new EditError('no image specified');
  const imageMap = new Map<string, Image>();
  for (const a of args) {
    const img = parseImageArg(a);
    imageMap.set(img.name, img);
  }
  const { kf, k } = openAndRead(dir);
  for (const im of (k.images ?? []) as Image[]) {
    const n = im.name ?? '';
    const argIm0 = imageMap.get(n);
    if (argIm0) {
      let argIm = argIm0;
      // `*` keeps what the file has (the replace* helpers rebuild the image, dropping tagSuffix).
      if (argIm.newName === '*') argIm = cleanImage({ ...argIm, newName: im.newName });
      if (argIm.newTag === '*') argIm = cleanImage({ ...argIm, newTag: im.newTag });
      if (argIm.digest === '*') argIm = cleanImage({ ...argIm, digest: im.digest });
      imageMap.set(n, argIm);
      continue;
    }
    imageMap.set(n, im);
  }
  const images: Image[] = [];
  for (let v of imageMap.values()) {
    if (v.newName === '*') v = cleanImage({ ...v, newName: '' });
    if (v.newTag === '*') v = cleanImage({ ...v, newTag: '' });
    if (v.digest === '*') v = cleanImage({ ...v, digest: '' });
    images.push(v);
  }
  images.sort((a, b) => compareGoStrings(a.name ?? '', b.name ?? ''));
  k.images = images;
  kf.write(k);
}

function setScalar(dir: string, field: 'namespace' | 'namePrefix' | 'nameSuffix', value: string): void {
  const { kf, k } = openAndRead(dir);
  k[field] = value;
  kf.write(k);
}

export function setNamespace(dir: string, args: string[]): void {
  if (args.length !== 1) throw new EditError('must specify exactly one namespace value');
  setScalar(dir, 'namespace', args[0]);
}

export function setNamePrefix(dir: string, args: string[]): void {
  if (args.length !== 1) throw new EditError('must specify exactly one prefix value');
  setScalar(dir, 'namePrefix', args[0]);
}

export function setNameSuffix(dir: string, args: string[]): void {
  if (args.length !== 1) throw new EditError('must specify exactly one suffix value');
  setScalar(dir, 'nameSuffix', args[0]);
}

const REPLICAS_INVALID = 'invalid format of replica, use the following format: <name>=<count>';

export function setReplicas(dir: string, args: string[]): void {
  if (args.length === 0) throw new EditError('no replicas specified');
  const map = new Map<string, Record<string, any>>();
  for (const a of args) {
    const s = a.split('=');
    if (s.length !== 2 || !/^[+-]?[0-9]+$/.test(s[1])) throw new EditError(REPLICAS_INVALID);
    const n = BigInt(s[1]);
    if (n > 9223372036854775807n || n < -9223372036854775808n) throw new EditError(REPLICAS_INVALID);
    const r: Record<string, any> = { count: Number(n) };
    if (s[0]) r.name = s[0];
    map.set(s[0], r);
  }
  const { kf, k } = openAndRead(dir);
  for (const r of k.replicas ?? []) {
    const n = r.name ?? '';
    if (!map.has(n)) map.set(n, r);
  }
  k.replicas = [...map.values()].sort((a, b) => compareGoStrings(a.name ?? '', b.name ?? ''));
  kf.write(k);
}

/** setannotation.go IsValidKey. */
const VALID_ANNOTATION_KEY = /^([a-zA-Z](([-a-zA-Z0-9.]{0,251})[a-zA-Z0-9])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]{0,61}[a-zA-Z0-9])?$/;

export function setLabel(dir: string, args: string[]): void {
  if (args.length < 1) throw new EditError('must specify label');
  const m = convertSliceToMap(args, 'label');
  const { kf, k } = openAndRead(dir);
  k.commonLabels = { ...(k.commonLabels ?? {}), ...m };
  kf.write(k);
}

export function setAnnotation(dir: string, args: string[]): void {
  if (args.length < 1) throw new EditError('must specify annotation');
  const m = convertSliceToMap(args, 'annotation');
  for (const key of Object.keys(m)) {
    if (!VALID_ANNOTATION_KEY.test(key)) {
      throw new EditError('invalid annotation key: see the syntax and character set rules at https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/');
    }
  }
  const { kf, k } = openAndRead(dir);
  k.commonAnnotations = { ...(k.commonAnnotations ?? {}), ...m };
  kf.write(k);
}

// ---------------------------------------------------------------------------------------------------------
// edit remove

export function removeResource(dir: string, args: string[]): void {
  if (args.length === 0) throw new EditError('must specify a resource file');
  const { kf, k } = openAndRead(dir);
  const resources: string[] = k.resources ?? [];
  const matched = new Set<string>();
  // removeresource.go globPatterns: filepath.Match of each pattern against each resource (a malformed pattern
  // fails only once it is matched against something).
  for (const pattern of args) {
    for (const r of resources) {
      try {
        if (filepathMatch(pattern, r)) matched.add(r);
      } catch (e) {
        throw new EditError((e as Error).message);
      }
    }
  }
  if (matched.size === 0) return;
  k.resources = resources.filter((r) => !matched.has(r));
  kf.write(k);
}

export function removePatch(dir: string, flags: PatchFlags, log: Log): void {
  if (flags.patch && flags.path) throw new EditError("patch and path can't be set at the same time");
  const { kf, k } = openAndRead(dir);
  const np = patchFromFlags(flags);
  const before: Record<string, any>[] = k.patches ?? [];
  const patches = before.filter((p) => !patchEquals(p, np));
  if (patches.length === before.length) {
    log(`patch ${flags.patch ?? ''} doesn't exist in kustomization file`);
    return;
  }
  k.patches = patches.length ? patches : undefined;
  kf.write(k);
}

export interface RemoveMetadataOpts {
  ignoreNonExistence?: boolean;
}

/** removemetadata.go; as there, both commands word their argument errors as "label". */
function removeMetadata(dir: string, args: string[], opts: RemoveMetadataOpts, field: 'commonLabels' | 'commonAnnotations', kind: string): void {
  if (args.length < 1) throw new EditError('must specify label');
  if (args.length > 1) throw new EditError('labels must be comma-separated, with no spaces');
  const names = args[0].split(',');
  for (const n of names) if (n === '') throw new EditError(`invalid label: '' (name is empty)`);
  const { kf, k } = openAndRead(dir);
  const m: Record<string, string> | undefined = k[field];
  if (m === undefined && !opts.ignoreNonExistence) throw new EditError(`${field} is not defined in kustomization file`);
  for (const n of names) {
    if (!(m && n in m) && !opts.ignoreNonExistence) throw new EditError(`${kind} ${n} is not defined in kustomization file`);
    if (m) delete m[n];
  }
  kf.write(k);
}

export function removeLabel(dir: string, args: string[], opts: RemoveMetadataOpts): void {
  removeMetadata(dir, args, opts, 'commonLabels', 'label');
}

export function removeAnnotation(dir: string, args: string[], opts: RemoveMetadataOpts): void {
  removeMetadata(dir, args, opts, 'commonAnnotations', 'annotation');
}

function removeGenerator(dir: string, args: string[], namespace: string | undefined, kind: 'configmap' | 'secret', log: Log): void {
  const plural = kind === 'configmap' ? 'configmaps' : 'secrets';
  if (args.length === 0) throw new EditError(`at least one ${kind} name must be specified`);
  if (args.length > 1) throw new EditError(`too many arguments: ${goList(args)}; to provide multiple ${plural} to remove, please separate ${kind} names by commas`);
  const names = args[0].split(',');
  const { kf, k } = openAndRead(dir, 'could not read kustomization file: ', 'could not read kustomization file contents: ');
  const field = kind === 'configmap' ? 'configMapGenerator' : 'secretGenerator';
  const found = new Set<string>();
  const remaining: Record<string, any>[] = [];
  for (const g of k[field] ?? []) {
    if (names.includes(g.name ?? '') && namespaceEqual(g.namespace, namespace)) {
      found.add(g.name ?? '');
      continue;
    }
    remaining.push(g);
  }
  if (found.size === 0) throw new EditError(`no specified ${kind}(s) were found in the kustomization.yaml file`);
  for (const n of names) if (!found.has(n)) log(`${kind} ${n} doesn't exist in kustomization file`);
  k[field] = remaining;
  kf.write(k);
}

export function removeConfigMap(dir: string, args: string[], opts: { namespace?: string }, log: Log): void {
  removeGenerator(dir, args, opts.namespace, 'configmap', log);
}

export function removeSecret(dir: string, args: string[], opts: { namespace?: string }, log: Log): void {
  removeGenerator(dir, args, opts.namespace, 'secret', log);
}

// ---------------------------------------------------------------------------------------------------------
// edit fix

const FIX_MESSAGE =
  '\nFixed fields:\n  patchesJson6902 -> patches\n  patchesStrategicMerge -> patches\n  commonLabels -> labels\n' +
  'To convert vars -> replacements, run the command `kustomize edit fix --vars`\n' +
  'WARNING: Converting vars to replacements will potentially overwrite many resource files \n' +
  'and the resulting files may not produce the same output when `kustomize build` is run. \n' +
  'We recommend doing this in a clean git repository where the change is easy to undo.\n';

/** `edit fix` (without --vars): bases → resources, imageTags → images (every read does these),
 *  patchesJson6902 and patchesStrategicMerge → patches, commonLabels → labels (includeSelectors: true); vars
 *  stay. Returns what kustomize prints on stdout. */
export function fix(dir: string): string {
  const { kf, k } = openAndRead(dir);
  try {
    fixKustomizationPreMarshalling(k, (p) => {
      try {
        fs.readFileSync(path.resolve(dir, p));
        return true;
      } catch {
        return false;
      }
    });
  } catch (e) {
    if (e instanceof KustFileError) throw new EditError(e.message);
    throw e;
  }
  kf.write(k);
  return FIX_MESSAGE;
}
