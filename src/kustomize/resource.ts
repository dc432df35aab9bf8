// Resources as kustomize holds them: a plain object (what kyaml decodes), its identity (group, version, kind,
// name, namespace), the names and namespaces it had before transformers renamed it (for name references), the
// prefixes and suffixes applied to it, and, for generated objects, the generator's options.
import { KustomizeError } from './errors.js';

export type Obj = Record<string, any>;

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export interface ResId {
  gvk: Gvk;
  name: string;
  namespace: string;
}

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  if (i < 0) return { group: '', version: apiVersion };
  return { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Built-in kinds that are not namespaced (kyaml's openapi knows them; everything else counts as namespaced). */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'scheduling.k8s.io/PriorityClass', 'node.k8s.io/RuntimeClass', 'policy/PodSecurityPolicy', 'extensions/PodSecurityPolicy',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'certificates.k8s.io/CertificateSigningRequest', 'networking.k8s.io/IngressClass',
  'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'authentication.k8s.io/TokenReview', 'authorization.k8s.io/SelfSubjectAccessReview',
  'authorization.k8s.io/SelfSubjectRulesReview', 'authorization.k8s.io/SubjectAccessReview',
]);

export function isClusterScoped(gvk: Gvk): boolean {
  return CLUSTER_SCOPED.has(`${gvk.group}/${gvk.kind}`);
}

/** resid.Gvk.String(): Kind.version.group with kustomize's placeholders. */
export function gvkString(g: Gvk): string {
  return `${g.kind || '[noKind]'}.${g.version || '[noVer]'}.${g.group || '[noGrp]'}`;
}

/** resid.ResId.String(), as kustomize's errors show ids. */
export function idString(id: ResId): string {
  const ns = id.namespace || '[noNs]';
  return `${gvkString(id.gvk)}/${id.name}.${ns}`;
}

/** Gvk.IsSelected: empty selector fields are wildcards. */
export function gvkSelected(x: Gvk, sel: Partial<Gvk> | undefined): boolean {
  if (!sel) return true;
  if (sel.group && sel.group !== x.group) return false;
  if (sel.version && sel.version !== x.version) return false;
  if (sel.kind && sel.kind !== x.kind) return false;
  return true;
}

export interface GeneratorInfo {
  behavior: 'create' | 'merge' | 'replace';
  hash: boolean;
}

export class Resource {
  obj: Obj;
  /** Ids this resource had before (kustomize's previousNames/previousNamespaces build annotations). */
  prevIds: ResId[] = [];
  prefixes: string[] = [];
  suffixes: string[] = [];
  generator?: GeneratorInfo;
  /** Where the object came from, for buildMetadata: [originAnnotations]. */
  origin?: { path?: string; configuredIn?: string; configuredBy?: { apiVersion: string; kind: string } };
  /** Built-in transformers that changed this object (buildMetadata: [transformerAnnotations]). */
  transformations?: { configuredIn: string; kind: string }[];

  constructor(obj: Obj) {
    this.obj = obj;
  }

  get gvk(): Gvk {
    const { group, version } = parseApiVersion(String(this.obj.apiVersion ?? ''));
    return { group, version, kind: String(this.obj.kind ?? '') };
  }
  get kind(): string {
    return String(this.obj.kind ?? '');
  }
  get name(): string {
    return String(this.obj.metadata?.name ?? '');
  }
  set name(n: string) {
    this.meta().name = n;
  }
  get namespace(): string {
    return String(this.obj.metadata?.namespace ?? '');
  }
  meta(): Obj {
    if (!this.obj.metadata || typeof this.obj.metadata !== 'object') this.obj.metadata = {};
    return this.obj.metadata;
  }
  curId(): ResId {
    return { gvk: this.gvk, name: this.name, namespace: this.namespace };
  }
  /** The id the resource had when it was first read (or generated). */
  orgId(): ResId {
    return this.prevIds.length > 0 ? this.prevIds[0] : this.curId();
  }
  /** Record the current id before a change of name or namespace (kustomize keeps the effective namespace:
   *  "default" for a namespaced object without one, "" for a cluster-scoped one). */
  storePreviousId(): void {
    const id = this.curId();
    this.prevIds.push({ ...id, namespace: this.isClusterScoped() ? '' : id.namespace || 'default' });
  }
  isClusterScoped(): boolean {
    return isClusterScoped(this.gvk);
  }
  labels(): Record<string, string> {
    return (this.obj.metadata?.labels ?? {}) as Record<string, string>;
  }
  annotations(): Record<string, string> {
    return (this.obj.metadata?.annotations ?? {}) as Record<string, string>;
  }
}

/** ResId.IsNsEquals: "" and "default" are the same namespace. */
export function nsEquals(a: string, b: string): boolean {
  const n = (s: string) => (s === '' ? 'default' : s);
  return n(a) === n(b);
}

export { KustomizeError };
