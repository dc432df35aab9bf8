// Readiness as Helm's kube.ReadyChecker judges it, from the live object alone. Returns null when ready, or the
// reason it is not.
import type { KObject } from './types.js';

type Any = Record<string, any>;

function intOrPercent(v: unknown, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = String(v).match(/^(\d+)%$/);
  if (m) {
    const x = (Number(m[1]) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

function cond(obj: Any, type: string): Any | undefined {
  return (obj.status?.conditions as Any[] | undefined)?.find((c) => c.type === type);
}

function generationPending(obj: Any): string | null {
  const gen = obj.metadata?.generation;
  const obs = obj.status?.observedGeneration;
  if (gen !== undefined && (obs === undefined || obs < gen)) return `${obj.kind} is not ready: observedGeneration (${obs ?? 0}) does not match spec generation (${gen})`;
  return null;
}

export interface ReadyOptions {
  waitForJobs?: boolean;
  /** Deployments: the new ReplicaSet (findNewReplicaSet); null when the controller has not created it yet.
   *  Left undefined, the Deployment's own status counts instead. */
  newReplicaSet?: KObject | null;
}

/** deploymentutil.MaxUnavailable: 0 unless RollingUpdate; surge rounds up, unavailable down; both 0 → 1. */
export function maxUnavailable(dep: KObject): number {
  const spec: Any = (dep as Any).spec ?? {};
  const replicas = spec.replicas ?? 1;
  if ((spec.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate' || replicas === 0) return 0;
  const ru: Any = spec.strategy?.rollingUpdate ?? {};
  const surge = intOrPercent(ru.maxSurge ?? '25%', replicas, true);
  let unavailable = intOrPercent(ru.maxUnavailable ?? '25%', replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return Math.min(unavailable, replicas);
}

/** apiequality.Semantic.DeepEqual on JSON: missing, null, {} and [] are alike. */
function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'object' && Object.keys(v as object).length === 0);
  if (empty(a) && empty(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const k of keys) if (!semanticEqual((a as Any)[k], (b as Any)[k])) return false;
  return true;
}

function withoutHash(t: Any | undefined): Any {
  const c: Any = structuredClone(t ?? {});
  if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
  return c;
}

/** deploymentutil.FindNewReplicaSet: of the ReplicaSets the Deployment controls, the oldest whose pod template
 *  equals the Deployment's (ignoring pod-template-hash); null when there is none yet. */
export function findNewReplicaSet(dep: KObject, replicaSets: KObject[]): KObject | null {
  const uid = dep.metadata.uid;
  const owned = replicaSets.filter((rs) => ((rs.metadata as Any).ownerReferences ?? []).some((r: Any) => r.controller === true && (uid === undefined || r.uid === uid) && r.kind === 'Deployment' && r.name === dep.metadata.name));
  const ts = (o: KObject) => Date.parse(String((o.metadata as Any).creationTimestamp ?? '')) || 0;
  owned.sort((a, b) => ts(a) - ts(b) || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  const want = withoutHash((dep as Any).spec?.template);
  return owned.find((rs) => semanticEqual(withoutHash((rs as Any).spec?.template), want)) ?? null;
}

/** Failures no wait can outlast (Helm's jobReady error; a Pod that failed for good): the reason, or null. */
export function terminalFailure(obj: KObject, o: ReadyOptions = {}): string | null {
  const x = obj as Any;
  const s: Any = x.status ?? {};
  const where = `${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
  if (obj.kind === 'Job' && o.waitForJobs) {
    const failed = cond(x, 'Failed');
    if ((s.failed ?? 0) > (x.spec?.backoffLimit ?? 6) || failed?.status === 'True') {
      return `job is failed: ${where}${failed?.reason ? ` (${failed.reason}${failed.message ? `: ${failed.message}` : ''})` : ''}`;
    }
  }
  if (obj.kind === 'Pod' && s.phase === 'Failed') {
    const why = (s.containerStatuses ?? []).map((c: Any) => c.state?.terminated).filter(Boolean).map((t: Any) => `${t.reason ?? 'Error'}, exit code ${t.exitCode}`)[0];
    return `pod is failed: ${where}${why ? ` (${why})` : s.reason ? ` (${s.reason})` : ''}`;
  }
  return null;
}

export function notReadyReason(obj: KObject, o: ReadyOptions = {}): string | null {
  const x = obj as Any;
  const s: Any = x.status ?? {};
  const spec: Any = x.spec ?? {};
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  switch (obj.kind) {
    case 'Pod': {
      const c = cond(x, 'Ready');
      if (s.phase === 'Succeeded') return null;
      return c?.status === 'True' ? null : `Pod is not ready (phase ${s.phase ?? 'Pending'}${c?.reason ? `, ${c.reason}` : ''})`;
    }
    case 'Job': {
      if (!o.waitForJobs) return null;
      const backoff = spec.backoffLimit ?? 6;
      if ((s.failed ?? 0) > backoff || cond(x, 'Failed')?.status === 'True') return `Job failed${cond(x, 'Failed')?.message ? `: ${cond(x, 'Failed')!.message}` : ''}`;
      const completions = spec.completions ?? 1;
      if ((s.succeeded ?? 0) < completions && cond(x, 'Complete')?.status !== 'True') return `Job is not complete: ${s.succeeded ?? 0} of ${completions} completions succeeded`;
      return null;
    }
    case 'Deployment': {
      if (spec.paused) return null;
      // Helm 3.14+ also waits for the controller to observe the spec (3.13 relies on the ReplicaSet lookup)
      const g = generationPending(x);
      if (g) return g;
      const replicas = spec.replicas ?? 1;
      if (o.newReplicaSet !== undefined) {
        // Helm's deploymentReady: the new ReplicaSet's ready pods vs replicas − maxUnavailable
        const rs = o.newReplicaSet as Any | null;
        if (!rs) return 'Deployment is not ready: the ReplicaSet for its current pod template does not exist yet';
        const expected = replicas - maxUnavailable(obj);
        const ready = rs.status?.readyReplicas ?? 0;
        return ready >= expected ? null : `Deployment is not ready: ${ready} out of ${expected} expected pods are ready (new ReplicaSet ${rs.metadata?.name})`;
      }
      if ((s.updatedReplicas ?? 0) < replicas) return `Deployment is not ready: ${s.updatedReplicas ?? 0} out of ${replicas} new replicas have been updated`;
      const expected = replicas - maxUnavailable(obj);
      if ((s.readyReplicas ?? 0) < expected) return `Deployment is not ready: ${s.readyReplicas ?? 0} out of ${expected} expected pods are ready`;
      return null;
    }
    case 'ReplicaSet':
    case 'ReplicationController': {
      const g = generationPending(x);
      if (g) return g;
      const replicas = spec.replicas ?? 1;
      return (s.readyReplicas ?? 0) < replicas ? `${obj.kind} is not ready: ${s.readyReplicas ?? 0} out of ${replicas} pods are ready` : null;
    }
    case 'DaemonSet': {
      if (spec.updateStrategy?.type === 'OnDelete') return null;
      const g = generationPending(x);
      if (g) return g;
      const desired = s.desiredNumberScheduled ?? 0;
      if ((s.updatedNumberScheduled ?? 0) !== desired) return `DaemonSet is not ready: ${s.updatedNumberScheduled ?? 0} out of ${desired} pods have been updated`;
      const expected = desired - intOrPercent(spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, desired, true);
      if ((s.numberReady ?? 0) < expected) return `DaemonSet is not ready: ${s.numberReady ?? 0} out of ${expected} expected pods are ready`;
      return null;
    }
    case 'StatefulSet': {
      if (spec.updateStrategy?.type === 'OnDelete') return null;
      const g = generationPending(x);
      if (g) return g;
      const replicas = spec.replicas ?? 1;
      const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
      const expected = replicas - partition;
      if ((s.updatedReplicas ?? 0) < expected) return `StatefulSet is not ready: ${s.updatedReplicas ?? 0} out of ${expected} expected pods have been updated`;
      if ((s.readyReplicas ?? 0) !== replicas) return `StatefulSet is not ready: ${s.readyReplicas ?? 0} out of ${replicas} pods are ready`;
      if (partition === 0 && s.currentRevision !== s.updateRevision) return `StatefulSet is not ready: update revision ${s.updateRevision} is not yet the current revision`;
      return null;
    }
    case 'PersistentVolumeClaim':
      return s.phase === 'Bound' ? null : `PersistentVolumeClaim is not bound (phase ${s.phase ?? 'Pending'})`;
    case 'Service': {
      if (spec.type === 'ExternalName') return null;
      if (!spec.clusterIP) return 'Service does not have cluster IP address';
      if (spec.type === 'LoadBalancer') {
        if ((spec.externalIPs ?? []).length > 0) return null;
        if (!(s.loadBalancer?.ingress ?? []).length) return 'Service does not have load balancer ingress IP address';
      }
      return null;
    }
    case 'CustomResourceDefinition': {
      if (group !== 'apiextensions.k8s.io') return null;
      if (cond(x, 'Established')?.status === 'True') return null;
      if (cond(x, 'NamesAccepted')?.status === 'False') return null; // a naming conflict: Helm lets it pass
      return 'CustomResourceDefinition is not established';
    }
    case 'APIService':
      if (group !== 'apiregistration.k8s.io') return null;
      return cond(x, 'Available')?.status === 'True' ? null : `APIService is not available${cond(x, 'Available')?.message ? `: ${cond(x, 'Available')!.message}` : ''}`;
  }
  return null;
}
