import { describe, expect, it } from 'vitest';
import { findNewReplicaSet, maxUnavailable, notReadyReason, terminalFailure } from '../../../src/kube/ready.js';
import { INSTALL_ORDER, UNINSTALL_ORDER, sortByKind, kindGroups, boundedAll } from '../../../src/kube/order.js';
import type { KObject } from '../../../src/kube/types.js';

const obj = (apiVersion: string, kind: string, rest: Record<string, unknown> = {}, generation = 1): KObject =>
  ({ apiVersion, kind, metadata: { name: 'x', namespace: 'ns', generation }, ...rest }) as KObject;

describe("readiness (Helm's ReadyChecker rules)", () => {
  it('Deployment: generation observed, replicas updated, ready ≥ replicas − maxUnavailable', () => {
    const spec = { replicas: 4, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } };
    expect(notReadyReason(obj('apps/v1', 'Deployment', { spec, status: { observedGeneration: 0 } }))).toMatch(/observedGeneration \(0\) does not match spec generation \(1\)/);
    expect(notReadyReason(obj('apps/v1', 'Deployment', { spec, status: { observedGeneration: 1, updatedReplicas: 3, readyReplicas: 4 } }))).toMatch(/3 out of 4 new replicas/);
    expect(notReadyReason(obj('apps/v1', 'Deployment', { spec, status: { observedGeneration: 1, updatedReplicas: 4, readyReplicas: 2 } }))).toBe('Deployment is not ready: 2 out of 3 expected pods are ready');
    expect(notReadyReason(obj('apps/v1', 'Deployment', { spec, status: { observedGeneration: 1, updatedReplicas: 4, readyReplicas: 3 } }))).toBeNull();
    // default maxUnavailable 25% rounds down: 4 replicas → 1 may be unavailable; Recreate → none
    expect(notReadyReason(obj('apps/v1', 'Deployment', { spec: { replicas: 4 }, status: { observedGeneration: 1, updatedReplicas: 4, readyReplicas: 3 } }))).toBeNull();
    expect(notReadyReason(obj('apps/v1', 'Deployment', { spec: { replicas: 4, strategy: { type: 'Recreate' } }, status: { observedGeneration: 1, updatedReplicas: 4, readyReplicas: 3 } }))).not.toBeNull();
    expect(notReadyReason(obj('apps/v1', 'Deployment', { spec: { paused: true } }))).toBeNull();
  });
  it("Deployment: the new ReplicaSet's ready pods vs replicas − maxUnavailable (Helm's deploymentReady)", () => {
    const tmpl = { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } };
    const dep = { ...obj('apps/v1', 'Deployment', { spec: { replicas: 4, selector: { matchLabels: { app: 'w' } }, template: tmpl }, status: { observedGeneration: 1, updatedReplicas: 4, readyReplicas: 4 } }) };
    dep.metadata.uid = 'd1';
    const rs = (name: string, image: string, created: string, readyReplicas: number, uid = 'd1') => ({
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: { name, namespace: 'ns', creationTimestamp: created, ownerReferences: [{ kind: 'Deployment', name: 'x', uid, controller: true }] },
      spec: { template: { metadata: { labels: { app: 'w', 'pod-template-hash': name } }, spec: { containers: [{ name: 'c', image }] } } },
      status: { readyReplicas },
    }) as unknown as KObject;
    const oldRs = rs('old', 'nginx:1', '2024-01-01T00:00:00Z', 4);
    const newRs = rs('new', 'nginx:2', '2024-01-02T00:00:00Z', 2);
    const foreign = rs('other', 'nginx:2', '2023-01-01T00:00:00Z', 4, 'd2');
    expect(findNewReplicaSet(dep, [oldRs, foreign, newRs])?.metadata.name).toBe('new');
    expect(findNewReplicaSet(dep, [oldRs, foreign])).toBeNull();
    // the old pods make the Deployment's counts look ready; Helm goes by the new ReplicaSet
    expect(notReadyReason(dep, { newReplicaSet: null })).toMatch(/ReplicaSet for its current pod template does not exist yet/);
    expect(notReadyReason(dep, { newReplicaSet: newRs })).toBe('Deployment is not ready: 2 out of 3 expected pods are ready (new ReplicaSet new)');
    expect(notReadyReason(dep, { newReplicaSet: rs('new', 'nginx:2', '2024-01-02T00:00:00Z', 3) })).toBeNull();
    // fenceposts: surge rounds up, unavailable down, both 0 → 1; Recreate and 0 replicas → 0
    const d = (spec: object) => obj('apps/v1', 'Deployment', { spec });
    expect(maxUnavailable(d({ replicas: 4 }))).toBe(1);
    expect(maxUnavailable(d({ replicas: 3 }))).toBe(0);
    expect(maxUnavailable(d({ replicas: 3, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' } } }))).toBe(1);
    expect(maxUnavailable(d({ replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 5 } } }))).toBe(2);
    expect(maxUnavailable(d({ replicas: 4, strategy: { type: 'Recreate' } }))).toBe(0);
    expect(maxUnavailable(d({ replicas: 0 }))).toBe(0);
  });
  it('failed Jobs (with waitForJobs) and failed Pods end the wait at once', () => {
    const job = (status: object) => obj('batch/v1', 'Job', { spec: { backoffLimit: 1 }, status });
    expect(terminalFailure(job({ failed: 2 }), { waitForJobs: true })).toBe('job is failed: ns/x');
    expect(terminalFailure(job({ failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'too slow' }] }), { waitForJobs: true })).toBe('job is failed: ns/x (DeadlineExceeded: too slow)');
    expect(terminalFailure(job({ failed: 1 }), { waitForJobs: true })).toBeNull();
    expect(terminalFailure(job({ failed: 2 }))).toBeNull();
    expect(terminalFailure(obj('v1', 'Pod', { status: { phase: 'Failed', containerStatuses: [{ state: { terminated: { reason: 'Error', exitCode: 3 } } }] } }))).toBe('pod is failed: ns/x (Error, exit code 3)');
    expect(terminalFailure(obj('v1', 'Pod', { status: { phase: 'Running' } }))).toBeNull();
  });
  it('StatefulSet and DaemonSet', () => {
    const ss = (status: object, spec: object = { replicas: 2 }) => notReadyReason(obj('apps/v1', 'StatefulSet', { spec, status: { observedGeneration: 1, ...status } }));
    expect(ss({ updatedReplicas: 1, readyReplicas: 2, currentRevision: 'a', updateRevision: 'a' })).toMatch(/1 out of 2 expected pods have been updated/);
    expect(ss({ updatedReplicas: 2, readyReplicas: 1, currentRevision: 'a', updateRevision: 'a' })).toMatch(/1 out of 2 pods are ready/);
    expect(ss({ updatedReplicas: 2, readyReplicas: 2, currentRevision: 'a', updateRevision: 'b' })).toMatch(/update revision b/);
    expect(ss({ updatedReplicas: 2, readyReplicas: 2, currentRevision: 'a', updateRevision: 'a' })).toBeNull();
    expect(ss({ updatedReplicas: 1, readyReplicas: 2, currentRevision: 'a', updateRevision: 'b' }, { replicas: 2, updateStrategy: { rollingUpdate: { partition: 1 } } })).toBeNull();
    expect(ss({}, { updateStrategy: { type: 'OnDelete' } })).toBeNull();
    const ds = (status: object) => notReadyReason(obj('apps/v1', 'DaemonSet', { spec: {}, status: { observedGeneration: 1, ...status } }));
    expect(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 2, numberReady: 3 })).toMatch(/2 out of 3 pods have been updated/);
    expect(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberReady: 1 })).toMatch(/1 out of 2 expected pods are ready/);
    expect(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberReady: 2 })).toBeNull();
  });
  it('Pods, PVCs, Services, Jobs, CRDs, APIServices', () => {
    expect(notReadyReason(obj('v1', 'Pod', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }] } }))).toMatch(/Pod is not ready/);
    expect(notReadyReason(obj('v1', 'Pod', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }))).toBeNull();
    expect(notReadyReason(obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Pending' } }))).toMatch(/not bound/);
    expect(notReadyReason(obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Bound' } }))).toBeNull();
    expect(notReadyReason(obj('v1', 'Service', { spec: { type: 'ClusterIP' } }))).toBe('Service does not have cluster IP address');
    expect(notReadyReason(obj('v1', 'Service', { spec: { type: 'LoadBalancer', clusterIP: '10.0.0.1' }, status: { loadBalancer: {} } }))).toBe('Service does not have load balancer ingress IP address');
    expect(notReadyReason(obj('v1', 'Service', { spec: { type: 'LoadBalancer', clusterIP: '10.0.0.1' }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } }))).toBeNull();
    expect(notReadyReason(obj('v1', 'Service', { spec: { type: 'ExternalName' } }))).toBeNull();
    const job = (status: object) => obj('batch/v1', 'Job', { spec: { completions: 2, backoffLimit: 1 }, status });
    expect(notReadyReason(job({ succeeded: 1 }))).toBeNull(); // jobs only count with waitForJobs
    expect(notReadyReason(job({ succeeded: 1 }), { waitForJobs: true })).toMatch(/1 of 2 completions/);
    expect(notReadyReason(job({ failed: 2 }), { waitForJobs: true })).toMatch(/Job failed/);
    expect(notReadyReason(job({ succeeded: 2 }), { waitForJobs: true })).toBeNull();
    const crd = (conds: object[]) => notReadyReason(obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', { status: { conditions: conds } }));
    expect(crd([])).toMatch(/not established/);
    expect(crd([{ type: 'Established', status: 'True' }])).toBeNull();
    expect(crd([{ type: 'NamesAccepted', status: 'False' }])).toBeNull();
    expect(notReadyReason(obj('apiregistration.k8s.io/v1', 'APIService', { status: { conditions: [{ type: 'Available', status: 'False', message: 'no endpoints' }] } }))).toMatch(/not available: no endpoints/);
    expect(notReadyReason(obj('v1', 'ConfigMap'))).toBeNull();
  });
});

describe('ordering and batching', () => {
  it("sorts by Helm's install/uninstall order, unknown kinds last alphabetically, stable within a kind", () => {
    const kinds = ['Deployment', 'Zebra', 'Service', 'Namespace', 'Apple', 'ConfigMap', 'Deployment'];
    const objs = kinds.map((k, i) => ({ kind: k, i }));
    expect(sortByKind(objs, INSTALL_ORDER).map((o) => `${o.kind}${o.i}`)).toEqual(['Namespace3', 'ConfigMap5', 'Service2', 'Deployment0', 'Deployment6', 'Apple4', 'Zebra1']);
    expect(sortByKind(objs, UNINSTALL_ORDER).map((o) => o.kind)).toEqual(['Service', 'Deployment', 'Deployment', 'ConfigMap', 'Namespace', 'Apple', 'Zebra']);
  });
  it('groups consecutive kinds and bounds concurrency', async () => {
    const objs = ['A', 'A', 'B', 'A'].map((k) => ({ apiVersion: 'v1', kind: k, metadata: { name: k } }));
    expect(kindGroups(objs).map((g) => g.length)).toEqual([2, 1, 1]);
    let inFlight = 0;
    let peak = 0;
    const out = await boundedAll([...Array(20).keys()], 4, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return n * 2;
    });
    expect(peak).toBe(4);
    expect(out[19]).toBe(38);
    await expect(boundedAll([1, 2, 3], 2, async (n) => { if (n === 2) throw new Error('two'); return n; })).rejects.toThrow('two');
  });
});
