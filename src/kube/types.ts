// The Kubernetes client contract (shared with src/release and the CLI). Extend, never break.

export interface KubeOptions {
  /** Helm's debug log (--debug): what the client skipped and why. */
  log?: (msg: string) => void;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  apiServer?: string;
  token?: string;
  asUser?: string;
  asGroups?: string[];
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  qps?: number;
  burst?: number;
  /** Environment to read KUBECONFIG / TSHELM_* / HELM_* from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Directory for the discovery cache (default <tshelm cache>/kube/discovery). */
  cacheDir?: string;
  /** Per-request timeout in ms (default 32000). */
  timeoutMs?: number;
  /** Retries of idempotent requests on 429/5xx/connection resets (default 5). */
  maxRetries?: number;
  /** Objects of one kind group applied at once (default 16; 1 = sequential). */
  concurrency?: number;
  /** Poll interval of waits in ms (default 2000). */
  pollMs?: number;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export type KObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
};

/** An API error carrying the server's metav1.Status body. */
export class KubeApiError extends Error {
  status: number;
  reason: string;
  body: unknown;
  constructor(message: string, status: number, reason: string, body: unknown) {
    super(message);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = reason;
    this.body = body;
  }
}

/** Cluster unreachable / bad configuration: one clear line for the user. */
export class KubeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConfigError';
  }
}

export interface UpdateOptions {
  force?: boolean;
  serverSide?: boolean;
  forceConflicts?: boolean;
  fieldManager?: string;
  threeWay?: boolean;
}

export interface KubeClient {
  /** From -n or the context, default "default". */
  readonly namespace: string;
  readonly contextName: string;
  readonly kubeconfigPaths: string[];
  get(ref: ObjectRef): Promise<KObject | null>;
  list(apiVersion: string, kind: string, opts?: { namespace?: string; labelSelector?: string }): Promise<KObject[]>;
  create(obj: KObject): Promise<KObject>;
  /** PUT; resourceVersion conflicts → KubeApiError 409. */
  update(obj: KObject): Promise<KObject>;
  delete(ref: ObjectRef, opts?: { propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' }): Promise<boolean>;
  patch(
    ref: ObjectRef,
    patch: unknown,
    type: 'merge' | 'json' | 'strategic' | 'apply',
    opts?: { fieldManager?: string; force?: boolean },
  ): Promise<KObject>;
  isNamespaced(apiVersion: string, kind: string): Promise<boolean>;
  // Helm's kube.Client level (manifest text = the rendered, sorted manifest):
  /** strict: every kind must be served, else one error naming each unmapped object in Helm's words ("resource
   *  mapping not found for name: ... ensure CRDs are installed first"); without it an unknown kind is kept. */
  build(manifest: string, opts?: { namespace?: string; strict?: boolean }): Promise<KObject[]>;
  createResources(objs: KObject[]): Promise<void>;
  updateResources(
    original: KObject[],
    target: KObject[],
    opts?: UpdateOptions,
  ): Promise<{ created: KObject[]; updated: KObject[]; deleted: KObject[] }>;
  deleteResources(objs: KObject[], opts?: { propagationPolicy?: string; wait?: boolean; timeoutMs?: number }): Promise<void>;
  waitForResources(
    objs: KObject[],
    opts: { timeoutMs: number; waitForJobs?: boolean; onPending?: (msg: string) => void },
  ): Promise<void>;
  /** onPending: told after each poll what is still there ("waiting for the deletion of N resource(s): ..."). */
  waitForDelete(objs: KObject[], timeoutMs: number, onPending?: (msg: string) => void): Promise<void>;
  /** GET / LIST answered as a metav1.Table (Accept as=Table, includeObject=Object); getTable null on 404. */
  getTable?(ref: ObjectRef): Promise<unknown>;
  listTable?(apiVersion: string, kind: string, opts?: { namespace?: string; labelSelector?: string }): Promise<unknown>;
  /** LIST in one request, the list object as the server answers it (kind FooList, metadata, items), the items'
   *  apiVersion and kind filled in as unstructured decoding does (Helm's builder with a selector, unflattened). */
  listObject?(apiVersion: string, kind: string, opts?: { namespace?: string; labelSelector?: string }): Promise<KObject>;
  /** A pod's log (GET pods/NAME/log), as text. */
  podLogs?(namespace: string, name: string): Promise<string>;
  /** For the template `lookup` function: {} when not found, a List object when name is "". */
  lookup(apiVersion: string, kind: string, namespace: string, name: string): Promise<unknown>;
  /** Server version (/version), null when the server does not say (for .Capabilities.KubeVersion). */
  serverVersion?(): Promise<{ major: string; minor: string; gitVersion: string } | null>;
  /** Forget the cached discovery (Helm's getCapabilities invalidates it: the next mapping asks the server). */
  invalidateDiscovery?(): void;
  /** .Capabilities.APIVersions as Helm's GetVersionSet: every served group-version and "group/version/Kind". */
  apiVersions?(): Promise<string[]>;
  /** Close keep-alive connections (lets the process exit at once). */
  close?(): Promise<void>;
}
