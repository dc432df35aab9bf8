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
      const g = generationPending(x);
      if (g) return g;
      const replicas = spec.replicas ?? 1;
      if ((s.updatedReplicas ?? 0) < replicas) return `Deployment is not ready: ${s.updatedReplicas ?? 0} out of ${replicas} new replicas have been updated`;
      const maxUnavailable = spec.strategy?.type === 'Recreate' ? 0 : intOrPercent(spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%', replicas, false);
      const expected = replicas - maxUnavailable;
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
