// .Capabilities as Helm v3.13.3 builds it for `helm template` (pkg/chartutil/capabilities.go): the Kubernetes
// version (v1.28.0 for a Helm built against client-go v0.28), the API versions client-go's scheme knows, and
// Helm's own build information.

import { GoStruct, registerTypeMethods, sliceOf, def } from '../template/types.js';
import { parseVersion } from '../funcs/semver.js';

export const HELM_VERSION = 'v3.13.3';
export const HELM_GIT_COMMIT = 'c8b948945e52abba22ff885446a1486cb5fd3474';
export const HELM_GO_VERSION = 'go1.21.5';

/** The Kubernetes version Helm 3.13.3 assumes when it does not talk to a cluster (k8sVersionMajor/Minor are
 *  set at build time from the client-go version it was built with, v0.28). */
export const DEFAULT_KUBE_MAJOR = '1';
export const DEFAULT_KUBE_MINOR = '28';

/** The group/versions registered in client-go v0.28.4's kubernetes/scheme (in registration order: the meta
 *  "v1" first, then every API group of register.go), plus apiextensions.k8s.io v1beta1 and v1, which Helm adds
 *  in allKnownVersions(). */
export const DEFAULT_API_VERSIONS: readonly string[] = Object.freeze([
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1alpha1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1alpha1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1alpha2',
  'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
]);

/** chartutil.KubeVersion (String and GitVersion have pointer receivers; the field is addressable, so templates
 *  and fmt reach them). */
export class KubeVersion extends GoStruct {
  readonly goType = 'chartutil.KubeVersion';
  static override goMethods = ['String', 'GitVersion'];
  static override goMethodSigs = { String: { args: [], ret: 'string' }, GitVersion: { args: [], ret: 'string' } };
  constructor(
    public Version: string,
    public Major: string,
    public Minor: string,
  ) {
    super();
  }
  String(): string {
    return this.Version;
  }
  GitVersion(): string {
    return this.Version;
  }
}

/** chartutil.VersionSet: a []string with a Has method. */
export type VersionSet = string[];
registerTypeMethods('chartutil.VersionSet', {
  Has: def(['string'], 'bool', function (this: string[], apiVersion: string) {
    return this.includes(apiVersion);
  }),
});
export function versionSet(list: Iterable<string>): VersionSet {
  return sliceOf([...list], 'chartutil.VersionSet');
}

/** helm's internal/version.BuildInfo. */
export class BuildInfo extends GoStruct {
  readonly goType = 'version.BuildInfo';
  constructor(
    public Version = HELM_VERSION,
    public GitCommit = HELM_GIT_COMMIT,
    public GitTreeState = 'clean',
    public GoVersion = HELM_GO_VERSION,
  ) {
    super();
  }
}

/** *chartutil.Capabilities */
export class Capabilities extends GoStruct {
  readonly goType = '*chartutil.Capabilities';
  constructor(
    public KubeVersion: KubeVersion,
    public APIVersions: VersionSet,
    public HelmVersion: BuildInfo = new BuildInfo(),
  ) {
    super();
  }
}

/** chartutil.ParseKubeVersion: Masterminds semver (a leading "v" allowed, partial versions filled in);
 *  throws with semver's message (`invalid kube version '...': ...` is added by the command). */
export function parseKubeVersion(version: string): KubeVersion {
  const sv = parseVersion(version);
  return new KubeVersion('v' + sv.toString(), sv.major.toString(), sv.minor.toString());
}

export interface CapabilitiesOptions {
  /** e.g. "1.30.2" or "v1.30.2" (parsed as Helm's --kube-version). */
  kubeVersion?: string | KubeVersion;
  /** Extra API versions (appended to the defaults, as `helm template --api-versions`). */
  apiVersions?: readonly string[];
}

/** DefaultCapabilities.Copy() with `helm template`'s overrides. */
export function defaultCapabilities(opts: CapabilitiesOptions = {}): Capabilities {
  let kv = new KubeVersion(`v${DEFAULT_KUBE_MAJOR}.${DEFAULT_KUBE_MINOR}.0`, DEFAULT_KUBE_MAJOR, DEFAULT_KUBE_MINOR);
  if (opts.kubeVersion instanceof KubeVersion) kv = opts.kubeVersion;
  else if (typeof opts.kubeVersion === 'string' && opts.kubeVersion !== '') kv = parseKubeVersion(opts.kubeVersion);
  return new Capabilities(kv, versionSet([...DEFAULT_API_VERSIONS, ...(opts.apiVersions ?? [])]));
}

/** Helm's Configuration.getCapabilities against a cluster: the server's version as it reports it (GitVersion,
 *  Major, Minor untouched) and GetVersionSet's API versions (group/version and group/version/Kind), only those:
 *  the defaults only when discovery gives nothing. */
export function clusterCapabilities(version: { gitVersion?: unknown; major?: unknown; minor?: unknown }, apiVersions: readonly string[]): Capabilities {
  return new Capabilities(
    new KubeVersion(String(version.gitVersion ?? ''), String(version.major ?? ''), String(version.minor ?? '')),
    versionSet(apiVersions.length ? apiVersions : DEFAULT_API_VERSIONS),
  );
}
