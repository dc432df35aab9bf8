// `helm lint` (Helm v3.13.3 pkg/lint, pkg/lint/rules, pkg/action/lint.go): rules on Chart.yaml, values.yaml,
// the templates (render in lint mode, YAML validity, object names, deprecated APIs, selectors) and the
// dependencies, with Helm's severities and messages ("[SEV] PATH: message").

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { parseYaml } from '../funcs/yaml.js';
import { parseVersion } from '../funcs/semver.js';
import { goTypeName, isGoMap, type GoMap, type GoValue } from '../template/types.js';
import { decodeMetadata } from './decode.js';
import { loadChart, loadDir } from './load.js';
import { expandArchive } from './expand.js';
import { APIVersionV1, APIVersionV2, type Chart, type Metadata } from './types.js';

export const UnknownSev = 0;
export const InfoSev = 1;
export const WarningSev = 2;
export const ErrorSev = 3;
const SEV = ['UNKNOWN', 'INFO', 'WARNING', 'ERROR'];

export interface LintMessage {
  severity: number;
  path: string;
  err: Error;
}
export function formatLintMessage(m: LintMessage): string {
  return `[${SEV[m.severity]}] ${m.path}: ${m.err.message}`;
}

export class Linter {
  messages: LintMessage[] = [];
  highestSeverity = 0;
  constructor(readonly chartDir: string) {}
  /** RunLinterRule: records err (if any) with its severity; true when err is undefined. */
  rule(severity: number, path: string, err: Error | string | undefined | null): boolean {
    if (err === undefined || err === null) return true;
    const e = typeof err === 'string' ? new Error(err) : err;
    this.messages.push({ severity, path, err: e });
    if (severity > this.highestSeverity) this.highestSeverity = severity;
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Chart.yaml

function loadChartfile(path: string): Metadata {
  const text = readFileSync(path, 'utf8');
  return decodeMetadata(text, {});
}

function isRequestURL(s: string): boolean {
  // govalidator.IsRequestURL: url.ParseRequestURI succeeds and the URL has a scheme
  if (s === '' || /\s/.test(s)) return false;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(s);
  if (!m) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

function isURL(s: string): boolean {
  // govalidator.IsURL (approximation): optional scheme, a host with a dot or localhost/IP, optional port and path
  if (s === '' || s.length >= 2083 || s.length <= 3 || s.startsWith('.')) return false;
  let u = s;
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(u)) u = 'http://' + u;
  try {
    const p = new URL(u);
    if (!p.hostname) return false;
    return p.hostname === 'localhost' || p.hostname.includes('.') || /^\[.*\]$/.test(p.hostname);
  } catch {
    return false;
  }
}

const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export function lintChartfile(linter: Linter): void {
  const chartFileName = 'Chart.yaml';
  const chartPath = join(linter.chartDir, chartFileName);
  let isDir = false;
  try {
    isDir = statSync(chartPath).isDirectory();
  } catch {
    /* missing: reported by the parse rule */
  }
  linter.rule(ErrorSev, chartFileName, isDir ? 'should be a file, not a directory' : undefined);

  let cf: Metadata;
  try {
    cf = loadChartfile(chartPath);
  } catch (e) {
    const msg = isDir ? `read ${chartPath}: is a directory` : (e as NodeJS.ErrnoException).code === 'ENOENT' ? `open ${chartPath}: no such file or directory` : (e as Error).message;
    linter.rule(ErrorSev, chartFileName, `unable to parse YAML\n\t${msg}`);
    return;
  }
  let typeCheck: GoMap = {};
  try {
    const v = parseYaml(readFileSync(chartPath, 'utf8'));
    if (isGoMap(v)) typeCheck = v;
  } catch {
    /* as Helm: ignored here */
  }

  linter.rule(ErrorSev, chartFileName, cf.name ? undefined : 'name is required');
  if (!cf.apiVersion) linter.rule(ErrorSev, chartFileName, 'apiVersion is required. The value must be either "v1" or "v2"');
  else if (cf.apiVersion !== APIVersionV1 && cf.apiVersion !== APIVersionV2)
    linter.rule(ErrorSev, chartFileName, `apiVersion '${cf.apiVersion}' is not valid. The value must be either "v1" or "v2"`);

  const stringType = (key: string) => {
    if (!Object.hasOwn(typeCheck, key)) return undefined;
    const t = goTypeName(typeCheck[key] as GoValue);
    return t === 'string' ? undefined : `${key} should be of type string but it's of type ${t}`;
  };
  linter.rule(ErrorSev, chartFileName, stringType('version'));
  linter.rule(ErrorSev, chartFileName, validateChartVersion(cf));
  linter.rule(ErrorSev, chartFileName, stringType('appVersion'));
  linter.rule(ErrorSev, chartFileName, validateMaintainers(cf));
  let srcErr: string | undefined;
  for (const s of cf.sources ?? []) {
    if (s === '' || !isRequestURL(s)) {
      srcErr = `invalid source URL '${s}'`;
      break;
    }
  }
  linter.rule(ErrorSev, chartFileName, srcErr);
  linter.rule(InfoSev, chartFileName, cf.icon ? undefined : 'icon is recommended');
  linter.rule(ErrorSev, chartFileName, cf.icon && !isRequestURL(cf.icon) ? `invalid icon URL '${cf.icon}'` : undefined);
  linter.rule(
    ErrorSev,
    chartFileName,
    cf.type && cf.apiVersion !== APIVersionV2 ? `chart type is not valid in apiVersion '${cf.apiVersion}'. It is valid in apiVersion '${APIVersionV2}'` : undefined,
  );
  linter.rule(
    ErrorSev,
    chartFileName,
    (cf.dependencies?.length ?? 0) > 0 && cf.apiVersion !== APIVersionV2
      ? `dependencies are not valid in the Chart file with apiVersion '${cf.apiVersion}'. They are valid in apiVersion '${APIVersionV2}'`
      : undefined,
  );
}

function validateChartVersion(cf: Metadata): string | undefined {
  if (!cf.version) return 'version is required';
  let v;
  try {
    v = parseVersion(cf.version);
  } catch {
    return `version '${cf.version}' is not a valid SemVer`;
  }
  // constraint ">0.0.0-0": only 0.0.0 (and its pre-releases at or below -0) fail
  if (v.major === 0n && v.minor === 0n && v.patch === 0n && v.prerelease === '') return `version ${v.toString()} is less than or equal to 0.0.0-0`;
  return undefined;
}

function validateMaintainers(cf: Metadata): string | undefined {
  for (const m of cf.maintainers ?? []) {
    if (!m?.name) return 'each maintainer requires a name';
    if (m.email && !EMAIL.test(m.email)) return `invalid email '${m.email}' for maintainer '${m.name}'`;
    if (m.url && !isURL(m.url)) return `invalid url '${m.url}' for maintainer '${m.name}'`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// values.yaml

export type SchemaValidator = (values: GoMap, schema: Uint8Array) => void;

/** chartutil.CoalesceTables(dst, src): src's keys fill dst's gaps (nested maps merged; null in dst deletes). */
function coalesceTables(dst: GoMap, src: GoMap): GoMap {
  for (const [k, v] of Object.entries(src)) {
    if (!Object.hasOwn(dst, k)) dst[k] = v;
    else if (dst[k] === null) delete dst[k];
    else if (isGoMap(dst[k]) && isGoMap(v)) coalesceTables(dst[k] as GoMap, v as GoMap);
  }
  return dst;
}

/** A copy of the nested maps (other values shared: GoInt and friends keep their class). */
function copyMaps(m: GoMap): GoMap {
  const out: GoMap = {};
  for (const [k, v] of Object.entries(m)) out[k] = isGoMap(v) ? copyMaps(v as GoMap) : v;
  return out;
}

export function lintValues(linter: Linter, overrides: GoMap, validateSchema?: SchemaValidator): void {
  const file = 'values.yaml';
  const vf = join(linter.chartDir, file);
  if (!linter.rule(InfoSev, file, existsSync(vf) ? undefined : 'file does not exist')) return;
  let err: string | undefined;
  try {
    const values = parseYaml(readFileSync(vf, 'utf8'));
    const vals = isGoMap(values) ? values : values === null ? {} : undefined;
    if (vals === undefined) throw new Error(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(values) ? 'array' : typeof values === 'string' ? 'string' : typeof values === 'boolean' ? 'bool' : 'number'} into Go value of type map[string]interface {}`);
    try {
      const coalesced = coalesceTables(coalesceTables({}, copyMaps(overrides)), copyMaps(vals));
      const schemaPath = join(linter.chartDir, 'values.schema.json');
      if (existsSync(schemaPath)) {
        const schema = readFileSync(schemaPath);
        if (schema.length > 0 && validateSchema) validateSchema(coalesced, schema);
      }
    } catch (e) {
      err = (e as Error).message;
    }
  } catch (e) {
    err = `unable to parse YAML: ${(e as Error).message}`;
  }
  linter.rule(ErrorSev, file, err);
}

// ---------------------------------------------------------------------------------------------------------
// templates

const crdHookSearch = /"?helm\.sh\/hook"?:\s+crd-install/;
const releaseTimeSearch = /\.Release\.Time/;

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function nameIsDNSSubdomain(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 253) errs.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(name)) errs.push(SUBDOMAIN_MSG);
  return errs;
}
function nameIsDNS1035Label(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(name)) errs.push(DNS1035_MSG);
  return errs;
}
function namespaceName(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(name)) errs.push(LABEL_MSG);
  return errs;
}
function pathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  if (name.includes('/')) errs.push("may not contain '/'");
  if (name.includes('%')) errs.push("may not contain '%'");
  return errs;
}

function nameValidator(kind: string): (n: string) => string[] {
  switch (kind.toLowerCase()) {
    case 'service':
      return nameIsDNS1035Label;
    case 'namespace':
      return namespaceName;
    case 'serviceaccount':
      return nameIsDNSSubdomain;
    case 'certificatesigningrequest':
      return () => [];
    case 'role':
    case 'clusterrole':
    case 'rolebinding':
    case 'clusterrolebinding':
      return pathSegmentName;
    default:
      return nameIsDNSSubdomain;
  }
}

interface K8sYamlStruct {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

function validateMetadataName(obj: K8sYamlStruct): string | undefined {
  const name = obj.metadata.name;
  const errs = nameValidator(obj.kind)(name).map((m) => `metadata.name: Invalid value: ${goQuote(name)}: ${m}`);
  if (errs.length === 0) return undefined;
  const agg = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
  return `object name does not conform to Kubernetes naming requirements: ${goQuote(name)}: ${agg}`;
}

// Deprecated APIs known to client-go v0.28's scheme (Helm 3.13.3 checks against Kubernetes 1.28):
// [group/version, kinds, deprecated in, removed in, replacement group/version (kind kept) or '' ]
const DEPRECATED: [string, string[], string, string, string][] = [
  ['extensions/v1beta1', ['Ingress'], '1.14', '1.22', 'networking.k8s.io/v1'],
  ['extensions/v1beta1', ['DaemonSet', 'Deployment', 'ReplicaSet'], '1.8', '1.16', 'apps/v1'],
  ['extensions/v1beta1', ['NetworkPolicy'], '1.9', '1.16', 'networking.k8s.io/v1'],
  ['extensions/v1beta1', ['PodSecurityPolicy'], '1.10', '1.16', 'policy/v1beta1'],
  ['apps/v1beta1', ['Deployment', 'StatefulSet', 'ControllerRevision'], '1.9', '1.16', 'apps/v1'],
  ['apps/v1beta2', ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet', 'ControllerRevision'], '1.9', '1.16', 'apps/v1'],
  ['networking.k8s.io/v1beta1', ['Ingress', 'IngressClass'], '1.19', '1.22', 'networking.k8s.io/v1'],
  ['batch/v1beta1', ['CronJob'], '1.21', '1.25', 'batch/v1'],
  ['policy/v1beta1', ['PodDisruptionBudget'], '1.21', '1.25', 'policy/v1'],
  ['policy/v1beta1', ['PodSecurityPolicy'], '1.21', '1.25', ''],
  ['rbac.authorization.k8s.io/v1beta1', ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'], '1.17', '1.22', 'rbac.authorization.k8s.io/v1'],
  ['rbac.authorization.k8s.io/v1alpha1', ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'], '1.17', '1.22', 'rbac.authorization.k8s.io/v1'],
  ['autoscaling/v2beta1', ['HorizontalPodAutoscaler'], '1.22', '1.25', 'autoscaling/v2'],
  ['autoscaling/v2beta2', ['HorizontalPodAutoscaler'], '1.23', '1.26', 'autoscaling/v2'],
  ['admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], '1.16', '1.22', 'admissionregistration.k8s.io/v1'],
  ['storage.k8s.io/v1beta1', ['StorageClass', 'VolumeAttachment', 'CSIDriver'], '1.19', '1.22', 'storage.k8s.io/v1'],
  ['storage.k8s.io/v1beta1', ['CSINode'], '1.17', '1.22', 'storage.k8s.io/v1'],
  ['storage.k8s.io/v1beta1', ['CSIStorageCapacity'], '1.24', '1.27', 'storage.k8s.io/v1'],
  ['scheduling.k8s.io/v1beta1', ['PriorityClass'], '1.14', '1.22', 'scheduling.k8s.io/v1'],
  ['coordination.k8s.io/v1beta1', ['Lease'], '1.19', '1.22', 'coordination.k8s.io/v1'],
  ['discovery.k8s.io/v1beta1', ['EndpointSlice'], '1.21', '1.25', 'discovery.k8s.io/v1'],
  ['events.k8s.io/v1beta1', ['Event'], '1.19', '1.25', 'events.k8s.io/v1'],
  ['node.k8s.io/v1beta1', ['RuntimeClass'], '1.22', '1.25', 'node.k8s.io/v1'],
  ['certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], '1.19', '1.22', 'certificates.k8s.io/v1'],
  ['flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], '1.23', '1.26', 'flowcontrol.apiserver.k8s.io/v1beta3'],
  ['flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], '1.26', '1.29', 'flowcontrol.apiserver.k8s.io/v1beta3'],
];

function validateNoDeprecations(obj: K8sYamlStruct): string | undefined {
  if (!obj.apiVersion || !obj.kind) return undefined;
  for (const [gv, kinds, dep, rem, repl] of DEPRECATED) {
    if (gv !== obj.apiVersion || !kinds.includes(obj.kind)) continue;
    let msg = `${gv} ${obj.kind} is deprecated in v${dep}+, unavailable in v${rem}+`;
    if (repl) msg += `; use ${repl} ${obj.kind}`;
    return msg;
  }
  return undefined;
}

function validateMatchSelector(obj: K8sYamlStruct, manifest: string): string | undefined {
  if (['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'].includes(obj.kind)) {
    if (!(manifest.includes('matchLabels') || manifest.includes('matchExpressions')))
      return `a ${obj.kind} must contain matchLabels or matchExpressions, and ${goQuote(obj.metadata.name)} does not`;
  }
  return undefined;
}

function validateListAnnotations(obj: K8sYamlStruct, manifest: string): string | undefined {
  if (obj.kind !== 'List') return undefined;
  let m: GoValue;
  try {
    m = parseYaml(manifest);
  } catch (e) {
    return `unable to parse YAML: ${(e as Error).message}`;
  }
  const items = isGoMap(m) && Array.isArray(m.items) ? m.items : [];
  for (const i of items) {
    const ann = isGoMap(i) && isGoMap(i.metadata) && isGoMap(i.metadata.annotations) ? i.metadata.annotations : undefined;
    if (ann && Object.hasOwn(ann, 'helm.sh/resource-policy')) return "Annotation 'helm.sh/resource-policy' within List objects are ignored";
  }
  return undefined;
}

function validateTopIndentLevel(content: string): string | undefined {
  for (const line of content.split('\n')) {
    const l = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (l.trim() === '') continue;
    if (l.startsWith(' ') || l.startsWith('\t')) return `document starts with an illegal indent: ${goQuote(l)}, which may cause parsing problems`;
    return undefined;
  }
  return undefined;
}

/** k8s.io/apimachinery's YAMLReader: documents split at lines starting with "---" (a comment may follow). */
export function splitYamlDocuments(content: string): string[] {
  const docs: string[] = [];
  let cur = '';
  for (const line of content.split(/(?<=\n)/)) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest === '' || rest.startsWith('#')) {
        if (cur.length > 0) docs.push(cur);
        cur = '';
        continue;
      }
    }
    cur += line;
  }
  if (cur.length > 0) docs.push(cur);
  return docs;
}

function toStringField(v: GoValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`json: cannot unmarshal ${Array.isArray(v) ? 'array' : 'object'} into Go value of type string`);
}

function decodeK8sStruct(doc: string): K8sYamlStruct | null {
  const v = parseYaml(doc);
  if (v === null) return null;
  if (!isGoMap(v)) throw new Error(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : 'number'} into Go value of type rules.K8sYamlStruct`);
  const md = v.metadata;
  if (md !== undefined && md !== null && !isGoMap(md)) throw new Error('error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ' + (Array.isArray(md) ? 'array' : typeof md === 'string' ? 'string' : 'number') + ' into Go struct field K8sYamlStruct.Metadata of type rules.k8sYamlMetadata');
  const m = (isGoMap(md) ? md : {}) as GoMap;
  // encoding/json matches field names case-insensitively
  const field = (o: GoMap, name: string) => {
    if (Object.hasOwn(o, name)) return o[name];
    const k = Object.keys(o).find((x) => x.toLowerCase() === name.toLowerCase());
    return k === undefined ? undefined : o[k];
  };
  return {
    apiVersion: toStringField(field(v, 'apiVersion')),
    kind: toStringField(field(v, 'kind')),
    metadata: { name: toStringField(field(m, 'name')), namespace: toStringField(field(m, 'namespace')) },
  };
}

/** What lintTemplates needs from the render layer (the CLI passes src/render's prepareRender). */
export type LintRender = (chart: Chart, values: GoMap, namespace: string) => Record<string, string>;

export async function lintTemplates(linter: Linter, values: GoMap, namespace: string, render: LintRender): Promise<void> {
  let fpath = 'templates/';
  const templatesPath = join(linter.chartDir, fpath);
  let notDir = false;
  try {
    notDir = !statSync(templatesPath).isDirectory();
  } catch {
    /* templates/ is optional */
  }
  if (!linter.rule(WarningSev, fpath, notDir ? 'not a directory' : undefined)) return;

  let chart: Chart;
  try {
    chart = await loadChart(linter.chartDir);
  } catch (e) {
    linter.rule(ErrorSev, fpath, e as Error);
    return;
  }
  let rendered: Record<string, string>;
  try {
    rendered = render(chart, values, namespace);
  } catch (e) {
    linter.rule(ErrorSev, fpath, e as Error);
    return;
  }
  const dec = new TextDecoder();
  for (const t of chart.templates) {
    const fileName = t.name;
    fpath = fileName;
    const data = dec.decode(t.data);
    const ext = extname(fileName);
    linter.rule(ErrorSev, fpath, ['.yaml', '.yml', '.tpl', '.txt'].includes(ext) ? undefined : `file extension '${ext}' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt`);
    linter.rule(
      WarningSev,
      fpath,
      crdHookSearch.test(data)
        ? 'manifest is a crd-install hook. This hook is no longer supported in v3 and all CRDs should also exist the crds/ directory at the top level of the chart'
        : undefined,
    );
    linter.rule(ErrorSev, fpath, releaseTimeSearch.test(data) ? '.Release.Time has been removed in v3, please replace with the `now` function in your templates' : undefined);
    if (ext !== '.yaml') continue;

    const renderedContent = rendered[`${chart.name()}/${fileName}`] ?? '';
    if (renderedContent.trim() === '') continue;
    linter.rule(WarningSev, fpath, validateTopIndentLevel(renderedContent));
    for (const doc of splitYamlDocuments(renderedContent)) {
      let obj: K8sYamlStruct | null;
      try {
        obj = decodeK8sStruct(doc);
      } catch (e) {
        linter.rule(ErrorSev, fpath, `unable to parse YAML: ${(e as Error).message}`);
        return;
      }
      if (obj) {
        linter.rule(WarningSev, fpath, validateMetadataName(obj));
        linter.rule(WarningSev, fpath, validateNoDeprecations(obj));
        linter.rule(ErrorSev, fpath, validateMatchSelector(obj, renderedContent));
        linter.rule(ErrorSev, fpath, validateListAnnotations(obj, renderedContent));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// dependencies

export async function lintDependencies(linter: Linter): Promise<void> {
  let c: Chart;
  try {
    c = await loadDir(linter.chartDir);
  } catch (e) {
    linter.rule(ErrorSev, '', `unable to load chart\n\t${(e as Error).message}`);
    return;
  }
  const inMeta = new Set((c.metadata.dependencies ?? []).map((d) => d.name));
  const missingMeta = c.dependencies.map((d) => d.name()).filter((n) => !inMeta.has(n));
  linter.rule(ErrorSev, linter.chartDir, missingMeta.length > 0 ? `chart metadata is missing these dependencies: ${missingMeta.join(',')}` : undefined);
  const inDir = new Set(c.dependencies.map((d) => d.name()));
  const missingDir = (c.metadata.dependencies ?? []).map((d) => d.name).filter((n) => !inDir.has(n));
  linter.rule(WarningSev, linter.chartDir, missingDir.length > 0 ? `chart directory is missing these dependencies: ${missingDir.join(',')}` : undefined);
}

// ---------------------------------------------------------------------------------------------------------
// lint.All and action.Lint

export interface LintOptions {
  namespace: string;
  strict?: boolean;
  render: LintRender;
  validateSchema?: SchemaValidator;
}

/** lint.All */
export async function lintAll(basedir: string, values: GoMap, opts: LintOptions): Promise<Linter> {
  const linter = new Linter(resolve(basedir));
  lintChartfile(linter);
  lintValues(linter, values, opts.validateSchema);
  await lintTemplates(linter, values, opts.namespace, opts.render);
  await lintDependencies(linter);
  return linter;
}

export interface LintResult {
  totalChartsLinted: number;
  messages: LintMessage[];
  errors: Error[];
}

async function lintChart(path: string, values: GoMap, opts: LintOptions): Promise<Linter> {
  let chartPath = path;
  let tmp: string | undefined;
  try {
    if (path.endsWith('.tgz') || path.endsWith('.tar.gz')) {
      tmp = mkdtempSync(join(tmpdir(), 'helm-lint'));
      try {
        chartPath = await expandArchive(readFileSync(path), tmp);
      } catch (e) {
        throw new Error(`unable to extract tarball: ${(e as Error).message}`);
      }
    }
    const cf = join(chartPath, 'Chart.yaml');
    try {
      statSync(cf);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'not a directory' : (e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : 'no such file or directory';
      throw new Error(`unable to check Chart.yaml file in chart: stat ${cf}: ${why}`);
    }
    return await lintAll(chartPath, values, opts);
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** action.Lint.Run for one or more paths. */
export async function runLint(paths: string[], values: GoMap, opts: LintOptions): Promise<LintResult> {
  const lowest = opts.strict ? WarningSev : ErrorSev;
  const result: LintResult = { totalChartsLinted: 0, messages: [], errors: [] };
  for (const p of paths) {
    let linter: Linter;
    try {
      linter = await lintChart(p, values, opts);
    } catch (e) {
      result.errors.push(e as Error);
      continue;
    }
    result.messages.push(...linter.messages);
    result.totalChartsLinted++;
    for (const m of linter.messages) if (m.severity >= lowest) result.errors.push(m.err);
  }
  return result;
}

export function hasWarningsOrErrors(r: LintResult): boolean {
  return r.messages.some((m) => m.severity > InfoSev) || r.errors.length > 0;
}
