// An in-memory Kubernetes API server for tests. It follows the real API server's wire protocol and
// semantics closely enough that kubectl and tshelm's client cannot tell the difference for the
// operations Helm needs: discovery, CRUD, selectors, resourceVersion conflicts, metav1.Status errors,
// merge / JSON / strategic-merge / server-side-apply patches, deletion with propagation and finalizers,
// CRDs registered at run time, and controllers that make workloads "ready" after a short delay.
//
// Plain JavaScript (ESM + JSDoc) so `node test/cluster/standalone.mjs` runs it without a build step.

import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import yaml from 'js-yaml';
import jsonpatch from 'fast-json-patch';

// ---------------------------------------------------------------------------------------------
// Built-in resource types

/** @typedef {{ group: string, version: string, kind: string, plural: string, singular?: string, namespaced: boolean, shortNames?: string[], status?: boolean, crd?: boolean, verbs?: string[], subresources?: string[], categories?: string[] }} ResourceType */

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** @type {ResourceType[]} */
const BUILTINS = [
  // core/v1
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], status: true },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'] },
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true, shortNames: ['svc'], status: true, categories: ['all'] },
  { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, shortNames: ['sa'] },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'], status: true, categories: ['all'], subresources: ['log'] },
  { group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, shortNames: ['pvc'], status: true },
  { group: '', version: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false, shortNames: ['pv'], status: true },
  { group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', namespaced: true, shortNames: ['ep'] },
  { group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'] },
  { group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], status: true },
  { group: '', version: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true, shortNames: ['quota'], status: true },
  { group: '', version: 'v1', kind: 'LimitRange', plural: 'limitranges', namespaced: true, shortNames: ['limits'] },
  { group: '', version: 'v1', kind: 'ReplicationController', plural: 'replicationcontrollers', namespaced: true, shortNames: ['rc'], status: true },
  // apps/v1
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, shortNames: ['deploy'], status: true, categories: ['all'], subresources: ['scale'] },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, shortNames: ['sts'], status: true, categories: ['all'], subresources: ['scale'] },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, shortNames: ['ds'], status: true, categories: ['all'] },
  { group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, shortNames: ['rs'], status: true, categories: ['all'], subresources: ['scale'] },
  { group: 'apps', version: 'v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true },
  // batch/v1
  { group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true, status: true, categories: ['all'] },
  { group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true, shortNames: ['cj'], status: true, categories: ['all'] },
  // rbac
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false },
  // networking
  { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', namespaced: true, shortNames: ['ing'], status: true },
  { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true, shortNames: ['netpol'] },
  { group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass', plural: 'ingressclasses', namespaced: false },
  // policy
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true, shortNames: ['pdb'], status: true },
  // autoscaling
  { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true, shortNames: ['hpa'], status: true, categories: ['all'] },
  { group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true, shortNames: ['hpa'], status: true, categories: ['all'] },
  // apiextensions
  { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false, shortNames: ['crd', 'crds'], status: true },
  // admissionregistration
  { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', namespaced: false },
  { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', namespaced: false },
  // scheduling, storage, coordination, discovery, apiregistration
  { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false, shortNames: ['pc'] },
  { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', plural: 'storageclasses', namespaced: false, shortNames: ['sc'] },
  { group: 'storage.k8s.io', version: 'v1', kind: 'CSIDriver', plural: 'csidrivers', namespaced: false },
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true },
  { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true },
  { group: 'apiregistration.k8s.io', version: 'v1', kind: 'APIService', plural: 'apiservices', namespaced: false, status: true },
];

// Strategic-merge keys of the common built-in lists (patchMergeKey in the Go types).
const MERGE_KEYS = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', env: 'name', volumes: 'name',
  volumeMounts: 'mountPath', volumeDevices: 'devicePath', imagePullSecrets: 'name', hostAliases: 'ip',
  conditions: 'type', ownerReferences: 'uid', topologySpreadConstraints: 'topologyKey', resourceClaims: 'name',
  // ports: containerPort for container ports, port for Service ports (decided from the items)
};
/** Lists of scalars merged (not replaced) by strategic merge patch. */
const MERGE_SCALAR_LISTS = new Set(['finalizers']);

function mergeKeyFor(field, items) {
  if (field === 'ports') {
    const sample = (items || []).find((i) => i && typeof i === 'object');
    if (sample && 'containerPort' in sample) return 'containerPort';
    if (sample && 'port' in sample) return 'port';
    return 'containerPort';
  }
  return MERGE_KEYS[field];
}

// ---------------------------------------------------------------------------------------------
// Errors (metav1.Status)

class ApiError extends Error {
  /** @param {number} code @param {string} reason @param {string} message @param {object} [details] */
  constructor(code, reason, message, details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }
  toStatus() {
    /** @type {any} */
    const s = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason };
    if (this.details !== undefined) s.details = this.details;
    s.code = this.code;
    return s;
  }
}

const groupKind = (rt) => (rt.group ? `${rt.plural}.${rt.group}` : rt.plural);
const notFound = (rt, name) => new ApiError(404, 'NotFound', `${groupKind(rt)} "${name}" not found`, { name, ...(rt.group ? { group: rt.group } : {}), kind: rt.plural });
const alreadyExists = (rt, name) => new ApiError(409, 'AlreadyExists', `${groupKind(rt)} "${name}" already exists`, { name, ...(rt.group ? { group: rt.group } : {}), kind: rt.plural });
const conflict = (rt, name) => new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${groupKind(rt)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, ...(rt.group ? { group: rt.group } : {}), kind: rt.plural });
const badRequest = (message) => new ApiError(400, 'BadRequest', message);
const resourceNotFound = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
const methodNotAllowed = () => new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
/** @param {ResourceType} rt @param {string} name @param {{field: string, type: string, message: string}[]} causes */
function invalid(rt, name, causes) {
  const msgs = causes.map((c) => `${c.field}: ${c.message}`);
  const message = `${rt.kind} "${name}" is invalid: ${msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`}`;
  return new ApiError(422, 'Invalid', message, {
    name: name || undefined, ...(rt.group ? { group: rt.group } : {}), kind: rt.kind,
    causes: causes.map((c) => ({ reason: c.type, message: c.message, field: c.field })),
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers

const clone = (v) => (v === undefined ? undefined : structuredClone(v));
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}
const nowIso = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

// ---------------------------------------------------------------------------------------------
// Label and field selectors

/**
 * Parses a label selector string (=, ==, !=, in, notin, exists, !key) into a predicate.
 * @param {string} s @returns {(labels: Record<string,string>) => boolean}
 */
export function parseLabelSelector(s) {
  /** @type {((l: Record<string,string>) => boolean)[]} */
  const reqs = [];
  let i = 0;
  const ws = () => { while (i < s.length && s[i] === ' ') i++; };
  const ident = () => {
    ws();
    const m = /^[A-Za-z0-9._\/-]*/.exec(s.slice(i));
    i += m[0].length;
    return m[0];
  };
  while (true) {
    ws();
    if (i >= s.length) break;
    let neg = false;
    if (s[i] === '!') { neg = true; i++; }
    const key = ident();
    if (!key) throw badRequest(`unable to parse requirement: found '${s[i] ?? ''}', expected: identifier`);
    ws();
    if (neg) {
      reqs.push((l) => !(key in l));
    } else if (i >= s.length || s[i] === ',') {
      reqs.push((l) => key in l);
    } else if (s.startsWith('==', i) || s.startsWith('!=', i) || s[i] === '=') {
      const op = s.startsWith('==', i) ? '==' : s.startsWith('!=', i) ? '!=' : '=';
      i += op.length;
      const val = ident();
      if (op === '!=') reqs.push((l) => l[key] !== val);
      else reqs.push((l) => l[key] === val);
    } else {
      const word = ident();
      if (word !== 'in' && word !== 'notin') throw badRequest(`unable to parse requirement: found '${word}', expected: in, notin, =, ==, !=, gt, lt`);
      ws();
      if (s[i] !== '(') throw badRequest(`unable to parse requirement: found '${s[i] ?? ''}', expected: '('`);
      i++;
      const vals = [];
      while (true) {
        const v = ident();
        vals.push(v);
        ws();
        if (s[i] === ',') { i++; continue; }
        if (s[i] === ')') { i++; break; }
        throw badRequest(`unable to parse requirement: found '${s[i] ?? ''}', expected: ',', ')'`);
      }
      if (word === 'in') reqs.push((l) => key in l && vals.includes(l[key]));
      else reqs.push((l) => !(key in l) || !vals.includes(l[key]));
    }
    ws();
    if (i < s.length) {
      if (s[i] !== ',') throw badRequest(`unable to parse requirement: found '${s[i]}', expected: ','`);
      i++;
    }
  }
  return (labels) => reqs.every((r) => r(labels || {}));
}

/** @param {string} s @returns {(obj: any) => boolean} */
function parseFieldSelector(s) {
  const reqs = s.split(',').filter(Boolean).map((part) => {
    const m = /^([^!=]+)(==|!=|=)(.*)$/.exec(part.trim());
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    const [, field, op, value] = m;
    const get = (o) => field.split('.').reduce((acc, k) => (acc == null ? undefined : acc[k]), o);
    if (!['metadata.name', 'metadata.namespace'].includes(field) && !field.startsWith('status.') && !field.startsWith('spec.') && field !== 'type' && field !== 'involvedObject.name') {
      throw badRequest(`"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
    return (o) => { const v = String(get(o) ?? ''); return op === '!=' ? v !== value : v === value; };
  });
  return (o) => reqs.every((r) => r(o));
}

// ---------------------------------------------------------------------------------------------
// Patches

/** RFC 7386 JSON merge patch. */
function mergePatch(target, patch) {
  if (!isObj(patch)) return clone(patch);
  const out = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Kubernetes strategic merge patch (the common subset: merge keys, $patch, $retainKeys, $deleteFromPrimitiveList, $setElementOrder). */
function strategicMerge(original, patch) {
  if (!isObj(patch)) return clone(patch);
  if (patch.$patch === 'replace') { const p = { ...patch }; delete p.$patch; return clone(p); }
  if (patch.$patch === 'delete') return undefined;
  const out = isObj(original) ? { ...original } : {};
  if (Array.isArray(patch.$retainKeys)) {
    for (const k of Object.keys(out)) if (!patch.$retainKeys.includes(k)) delete out[k];
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[f])) out[f] = out[f].filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) { delete out[k]; continue; }
    if (Array.isArray(v)) {
      const key = mergeKeyFor(k, [...(Array.isArray(out[k]) ? out[k] : []), ...v]);
      if (key && v.some((x) => isObj(x) && x.$patch === 'replace')) {
        out[k] = v.filter((x) => !(isObj(x) && x.$patch === 'replace')).map(clone);
      } else if (key && Array.isArray(out[k])) {
        const list = out[k].map(clone);
        for (const item of v) {
          if (!isObj(item)) continue;
          const idx = list.findIndex((o) => isObj(o) && o[key] === item[key]);
          if (item.$patch === 'delete') { if (idx >= 0) list.splice(idx, 1); continue; }
          if (idx >= 0) list[idx] = strategicMerge(list[idx], item);
          else list.push(strategicMerge(undefined, item));
        }
        out[k] = list;
      } else if (MERGE_SCALAR_LISTS.has(k) && Array.isArray(out[k])) {
        out[k] = [...out[k], ...v.filter((x) => !out[k].includes(x))];
      } else {
        out[k] = v.map((x) => (isObj(x) ? strategicMerge(undefined, x) : clone(x)));
      }
      continue;
    }
    if (isObj(v)) {
      const r = strategicMerge(out[k], v);
      if (r === undefined) delete out[k]; else out[k] = r;
      continue;
    }
    out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Server-side apply: field sets

const IGNORED_FIELDS = new Set(['apiVersion', 'kind']);
const IGNORED_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds']);

/** Leaf field paths of an object, as JSON strings of path-element arrays ("f:x" / "k:{...}" / "v:..."). */
function fieldPaths(obj, includeStatus) {
  /** @type {Set<string>} */
  const out = new Set();
  const walk = (v, p, field) => {
    if (isObj(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0 && p.length) { out.add(JSON.stringify(p)); return; }
      for (const k of keys) {
        if (p.length === 0 && (IGNORED_FIELDS.has(k) || (!includeStatus && k === 'status'))) continue;
        if (p.length === 1 && p[0] === 'f:metadata' && IGNORED_META.has(k)) continue;
        walk(v[k], [...p, `f:${k}`], k);
      }
      return;
    }
    if (Array.isArray(v)) {
      const key = mergeKeyFor(field, v);
      if (key && v.length && v.every((x) => isObj(x) && key in x)) {
        for (const item of v) walk(item, [...p, `k:${JSON.stringify({ [key]: item[key] })}`], '');
        return;
      }
      if (MERGE_SCALAR_LISTS.has(field) && v.every((x) => typeof x === 'string')) {
        for (const item of v) out.add(JSON.stringify([...p, `v:${JSON.stringify(item)}`]));
        return;
      }
    }
    out.add(JSON.stringify(p));
  };
  walk(obj, [], '');
  return out;
}

function stepInto(cur, el, create) {
  if (el.startsWith('f:')) {
    const k = el.slice(2);
    if (!isObj(cur)) return undefined;
    if (!(k in cur) && create) cur[k] = {};
    return cur[k];
  }
  if (el.startsWith('k:')) {
    const kv = JSON.parse(el.slice(2));
    const [k] = Object.keys(kv);
    if (!Array.isArray(cur)) return undefined;
    return cur.find((x) => isObj(x) && x[k] === kv[k]);
  }
  return undefined;
}

function getAtPath(obj, p) {
  let cur = obj;
  for (const el of p) {
    if (el.startsWith('v:')) { const val = JSON.parse(el.slice(2)); return Array.isArray(cur) && cur.includes(val) ? val : undefined; }
    cur = stepInto(cur, el, false);
    if (cur === undefined) return undefined;
  }
  return cur;
}

function deleteAtPath(obj, p) {
  const chain = [obj];
  let cur = obj;
  for (let i = 0; i < p.length - 1; i++) {
    cur = stepInto(cur, p[i], false);
    if (cur === undefined) return;
    chain.push(cur);
  }
  const last = p[p.length - 1];
  const parent = chain[chain.length - 1];
  if (last.startsWith('f:') && isObj(parent)) delete parent[last.slice(2)];
  else if (last.startsWith('v:') && Array.isArray(parent)) { const val = JSON.parse(last.slice(2)); const i = parent.indexOf(val); if (i >= 0) parent.splice(i, 1); }
  // prune containers left empty by the removal
  for (let i = chain.length - 1; i > 0; i--) {
    const node = chain[i];
    const empty = (isObj(node) && Object.keys(node).length === 0) || (Array.isArray(node) && node.length === 0);
    if (!empty) break;
    const up = chain[i - 1];
    const el = p[i - 1];
    if (el.startsWith('f:') && isObj(up)) delete up[el.slice(2)];
    else if (Array.isArray(up)) up.splice(up.indexOf(node), 1);
  }
}

/** Builds managedFields' fieldsV1 from a path set. */
function toFieldsV1(paths) {
  const root = {};
  for (const s of paths) {
    const p = JSON.parse(s);
    let cur = root;
    for (let i = 0; i < p.length; i++) {
      if (!cur[p[i]]) cur[p[i]] = {};
      cur = cur[p[i]];
      if (i < p.length - 1 && p[i].startsWith('k:')) cur['.'] = {};
    }
  }
  return root;
}
function fromFieldsV1(f) {
  const out = new Set();
  const walk = (node, p) => {
    const keys = Object.keys(node).filter((k) => k !== '.');
    if (keys.length === 0) { if (p.length) out.add(JSON.stringify(p)); return; }
    for (const k of keys) walk(node[k], [...p, k]);
  };
  walk(f || {}, []);
  return out;
}
const pathText = (s) => JSON.parse(s).map((el) => (el.startsWith('f:') ? `.${el.slice(2)}` : el.startsWith('k:') ? `[${Object.entries(JSON.parse(el.slice(2))).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]` : `[=${el.slice(2)}]`)).join('');

// ---------------------------------------------------------------------------------------------
// TLS material (openssl)

function makeTlsMaterial(dir) {
  const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const w = (f, s) => fs.writeFileSync(path.join(dir, f), s);
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650', '-subj', '/CN=tshelm-test-ca']);
  w('server.ext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n');
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=kube-apiserver']);
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '3650', '-extfile', 'server.ext']);
  w('client.ext', 'extendedKeyUsage=clientAuth\n');
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/O=system:masters/CN=tshelm-admin']);
  run(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.crt', '-days', '3650', '-extfile', 'client.ext']);
  const r = (f) => fs.readFileSync(path.join(dir, f));
  return { ca: r('ca.crt'), cert: r('server.crt'), key: r('server.key'), clientCert: r('client.crt'), clientKey: r('client.key') };
}

// ---------------------------------------------------------------------------------------------
// The cluster

export class TestCluster {
  /** @param {{ readyDelayMs?: number, namespaceDeleteDelayMs?: number, token?: string }} [opts] */
  constructor(opts = {}) {
    this.readyDelayMs = opts.readyDelayMs ?? 50;
    /** how long a deleted namespace stays Terminating before it and its contents are gone */
    this.namespaceDeleteDelayMs = opts.namespaceDeleteDelayMs ?? Math.max(this.readyDelayMs, 100);
    this.token = opts.token;
    this.rv = 1000;
    /** @type {Map<string, ResourceType>} key group/version/plural */
    this.types = new Map();
    /** @type {Map<string, Map<string, any>>} key group/plural → (ns/name → object) */
    this.store = new Map();
    /** @type {{ match: (req: {method: string, path: string}) => boolean, status?: number, latencyMs?: number, drop?: boolean, times: number }[]} */
    this.faults = [];
    /** @type {{ method: string, path: string, query: string, contentType?: string }[]} */
    this.requests = [];
    this.timers = new Set();
    /** @type {{ key: string, type: string, object: any, rv: number }[]} recent watch events */
    this.events = [];
    /** @type {Set<{ key: string, offer: (ev: any) => void }>} */
    this.watchers = new Set();
    this.ipCounter = 10;
    for (const t of BUILTINS) this.addType(t);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      this.put(this.type('', 'namespaces'), this.newMeta({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }));
    }
  }

  addType(t) { this.types.set(`${t.group}/${t.version}/${t.plural}`, t); }

  /** Loads the state saved in `dir` (see save()); CRDs are registered again. */
  load(dir) {
    this.dataDir = dir;
    const file = path.join(dir, 'state.json');
    if (!fs.existsSync(file)) return;
    let state;
    try { state = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { throw new Error(`${file}: not a test cluster state file: ${e.message}`); }
    this.rv = Number(state.resourceVersion) || this.rv;
    this.store.clear();
    for (const e of state.objects || []) {
      if (e.group === 'apiextensions.k8s.io' && e.plural === 'customresourcedefinitions') this.registerCrd(e.object);
    }
    for (const e of state.objects || []) {
      const k = `${e.group}/${e.plural}`;
      let b = this.store.get(k);
      if (!b) { b = new Map(); this.store.set(k, b); }
      b.set(`${e.object.metadata.namespace ?? ''}/${e.object.metadata.name}`, e.object);
    }
  }
  /** Writes the whole state to dataDir/state.json (atomically) when a directory was given. */
  save() {
    if (!this.dataDir) return;
    const objects = [];
    for (const [k, b] of this.store) {
      const i = k.indexOf('/');
      for (const o of b.values()) objects.push({ group: k.slice(0, i), plural: k.slice(i + 1), object: o });
    }
    const file = path.join(this.dataDir, 'state.json');
    fs.writeFileSync(file + '.tmp', JSON.stringify({ resourceVersion: this.rv, objects }));
    fs.renameSync(file + '.tmp', file);
  }
  /** @returns {ResourceType|undefined} any version of group/plural */
  type(group, plural, version) {
    if (version) return this.types.get(`${group}/${version}/${plural}`);
    for (const t of this.types.values()) if (t.group === group && t.plural === plural) return t;
    return undefined;
  }
  typeForKind(apiVersion, kind) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    for (const t of this.types.values()) if (t.group === group && t.version === version && t.kind === kind) return t;
    return undefined;
  }
  bucket(t) {
    const k = `${t.group}/${t.plural}`;
    let b = this.store.get(k);
    if (!b) { b = new Map(); this.store.set(k, b); }
    return b;
  }
  nextRv() { return String(++this.rv); }
  newMeta(obj) {
    obj.metadata.uid = crypto.randomUUID();
    obj.metadata.creationTimestamp = nowIso();
    obj.metadata.resourceVersion = this.nextRv();
    return obj;
  }
  put(t, obj) {
    const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    const b = this.bucket(t);
    const type = b.has(key) ? 'MODIFIED' : 'ADDED';
    b.set(key, obj);
    this.notify(t, type, obj);
  }
  /** An object changed in place (controllers): new resourceVersion, MODIFIED event. */
  touch(t, obj) { obj.metadata.resourceVersion = this.nextRv(); this.notify(t, 'MODIFIED', obj); }
  remove(t, obj) {
    if (!this.bucket(t).delete(`${obj.metadata.namespace ?? ''}/${obj.metadata.name}`)) return;
    const gone = clone(obj);
    gone.metadata.resourceVersion = this.nextRv();
    this.notify(t, 'DELETED', gone);
  }
  /** Records a watch event and sends it to the open watches of its resource. */
  notify(t, type, obj) {
    const ev = { key: `${t.group}/${t.plural}`, type, object: clone(obj), rv: Number(obj.metadata.resourceVersion) };
    this.events.push(ev);
    if (this.events.length > 5000) this.events.splice(0, 1000);
    for (const w of this.watchers) if (w.key === ev.key) w.offer(ev);
  }
  getObj(t, ns, name) { return this.bucket(t).get(`${ns ?? ''}/${name}`); }

  // ---- test controls -------------------------------------------------------------------------

  /** Injects a fault for matching requests: { method?, path?: RegExp|string, status?, latencyMs?, drop?, times? } */
  injectFault(f) {
    const re = typeof f.path === 'string' ? new RegExp(f.path) : f.path;
    this.faults.push({
      match: (r) => (!f.method || f.method.toUpperCase() === r.method) && (!re || re.test(r.path)),
      status: f.status, latencyMs: f.latencyMs, drop: f.drop, times: f.times ?? Infinity, message: f.message,
    });
  }
  clearFaults() { this.faults = []; }

  /** Replaces (merges) the status of an object, as a controller would. */
  setStatus(apiVersion, kind, namespace, name, status) {
    const t = this.typeForKind(apiVersion, kind);
    if (!t) throw new Error(`unknown kind ${apiVersion} ${kind}`);
    const obj = this.getObj(t, t.namespaced ? namespace : undefined, name);
    if (!obj) throw new Error(`${kind} ${namespace}/${name} not found`);
    obj.status = mergePatch(obj.status ?? {}, status);
    this.touch(t, obj);
    return clone(obj);
  }
  /** Every stored object (for assertions). */
  objects() { const out = []; for (const b of this.store.values()) for (const o of b.values()) out.push(clone(o)); return out; }

  // ---- controllers ---------------------------------------------------------------------------

  schedule(fn, ms) {
    const t = setTimeout(() => { this.timers.delete(t); try { fn(); this.save(); } catch { /* object gone */ } }, ms);
    this.timers.add(t);
  }

  delayFor(obj) {
    const a = obj.metadata.annotations || {};
    if (a['tshelm.test/ready-delay-ms'] !== undefined) return Number(a['tshelm.test/ready-delay-ms']);
    return this.readyDelayMs;
  }
  neverReady(obj) { return (obj.metadata.annotations || {})['tshelm.test/never-ready'] === 'true'; }
  shouldFail(obj) { return (obj.metadata.annotations || {})['tshelm.test/fail'] === 'true'; }

  /** Immediate defaults set by the API server on create (clusterIP, phases). */
  onCreateDefaults(t, obj) {
    const k = `${t.group}/${t.kind}`;
    if (k === '/Service') {
      obj.spec = obj.spec || {};
      if (!obj.spec.type) obj.spec.type = 'ClusterIP';
      if (obj.spec.type !== 'ExternalName' && !obj.spec.clusterIP) {
        const ip = `10.96.${Math.floor(this.ipCounter / 250)}.${(this.ipCounter++ % 250) + 1}`;
        obj.spec.clusterIP = ip; obj.spec.clusterIPs = [ip];
      }
      if (!obj.spec.sessionAffinity) obj.spec.sessionAffinity = 'None';
      obj.status = obj.status || { loadBalancer: {} };
    } else if (k === '/Namespace') {
      obj.spec = { finalizers: ['kubernetes'], ...(obj.spec || {}) };
      obj.status = { phase: 'Active' };
    } else if (k === '/PersistentVolumeClaim') {
      obj.status = { phase: 'Pending' };
    } else if (k === '/Pod') {
      obj.status = { phase: 'Pending' };
    } else if (k === '/Secret') {
      if (!obj.type) obj.type = 'Opaque';
    } else if (k === 'apiextensions.k8s.io/CustomResourceDefinition') {
      obj.status = { conditions: [], acceptedNames: { kind: '', plural: '' }, storedVersions: [] };
    }
  }

  /** Schedules what controllers would do after a create or spec change. */
  reconcile(t, obj) {
    const kind = `${t.group}/${t.kind}`;
    const ns = obj.metadata.namespace, name = obj.metadata.name, uid = obj.metadata.uid;
    const later = (fn) => {
      if (this.neverReady(obj)) return;
      this.schedule(() => {
        const cur = this.getObj(t, ns, name);
        if (!cur || cur.metadata.uid !== uid) return;
        fn(cur);
        this.touch(t, cur);
      }, this.delayFor(obj));
    };
    const gen = obj.metadata.generation;
    switch (kind) {
      case 'apps/Deployment': {
        this.ensureReplicaSet(obj);
        later((cur) => {
          const r = cur.spec?.replicas ?? 1;
          cur.status = {
            observedGeneration: cur.metadata.generation, replicas: r, updatedReplicas: r, readyReplicas: r, availableReplicas: r,
            conditions: [
              { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: nowIso(), lastTransitionTime: nowIso() },
              { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${this.rsName(cur)}" has successfully progressed.`, lastUpdateTime: nowIso(), lastTransitionTime: nowIso() },
            ],
          };
          if (r === 0) { delete cur.status.readyReplicas; delete cur.status.availableReplicas; delete cur.status.updatedReplicas; }
          const rs = this.getObj(this.type('apps', 'replicasets'), ns, this.rsName(cur));
          if (rs) { rs.status = { replicas: r, fullyLabeledReplicas: r, readyReplicas: r, availableReplicas: r, observedGeneration: rs.metadata.generation }; this.touch(this.type('apps', 'replicasets'), rs); }
        });
        obj.status = { ...(obj.status || {}), observedGeneration: obj.status?.observedGeneration };
        break;
      }
      case 'apps/StatefulSet':
        later((cur) => {
          const r = cur.spec?.replicas ?? 1;
          const rev = `${name}-${hashOf(cur.spec?.template).slice(0, 10)}`;
          cur.status = { observedGeneration: cur.metadata.generation, replicas: r, readyReplicas: r, currentReplicas: r, updatedReplicas: r, availableReplicas: r, currentRevision: rev, updateRevision: rev, collisionCount: 0 };
        });
        break;
      case 'apps/DaemonSet':
        later((cur) => {
          const n = 1;
          cur.status = { observedGeneration: cur.metadata.generation, currentNumberScheduled: n, desiredNumberScheduled: n, numberAvailable: n, numberReady: n, updatedNumberScheduled: n, numberMisscheduled: 0 };
        });
        break;
      case 'apps/ReplicaSet':
        if (!(obj.metadata.ownerReferences || []).some((o) => o.kind === 'Deployment')) {
          later((cur) => { const r = cur.spec?.replicas ?? 1; cur.status = { replicas: r, fullyLabeledReplicas: r, readyReplicas: r, availableReplicas: r, observedGeneration: cur.metadata.generation }; });
        }
        break;
      case 'batch/Job':
        later((cur) => {
          const startTime = cur.status?.startTime || nowIso();
          if (this.shouldFail(cur)) {
            cur.status = { startTime, failed: (cur.spec?.backoffLimit ?? 6) + 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: nowIso(), lastTransitionTime: nowIso() }] };
          } else {
            cur.status = { startTime, completionTime: nowIso(), succeeded: cur.spec?.completions ?? 1, conditions: [{ type: 'Complete', status: 'True', lastProbeTime: nowIso(), lastTransitionTime: nowIso() }] };
          }
        });
        break;
      case '/Pod':
        later((cur) => {
          const once = ['Never', 'OnFailure'].includes(cur.spec?.restartPolicy);
          const fail = this.shouldFail(cur);
          const phase = fail ? 'Failed' : once ? 'Succeeded' : 'Running';
          const ready = phase === 'Running' ? 'True' : 'False';
          cur.status = {
            phase, hostIP: '10.0.0.1', podIP: `10.244.0.${(this.ipCounter++ % 250) + 1}`, startTime: cur.status?.startTime || nowIso(),
            conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: ready }, { type: 'ContainersReady', status: ready }, { type: 'PodScheduled', status: 'True' }],
            containerStatuses: (cur.spec?.containers || []).map((c) => ({
              name: c.name, image: c.image, imageID: '', ready: ready === 'True', restartCount: 0, started: phase === 'Running',
              state: phase === 'Running' ? { running: { startedAt: nowIso() } } : { terminated: { exitCode: fail ? 1 : 0, reason: fail ? 'Error' : 'Completed', startedAt: nowIso(), finishedAt: nowIso() } },
            })),
          };
        });
        break;
      case '/PersistentVolumeClaim':
        later((cur) => { cur.status = { phase: 'Bound', accessModes: cur.spec?.accessModes, capacity: cur.spec?.resources?.requests ?? {} }; if (!cur.spec.volumeName) cur.spec.volumeName = `pvc-${cur.metadata.uid}`; });
        break;
      case '/PersistentVolume':
        later((cur) => { cur.status = { phase: cur.spec?.claimRef ? 'Bound' : 'Available' }; });
        break;
      case '/Service':
        if (obj.spec?.type === 'LoadBalancer') later((cur) => { cur.status = { loadBalancer: { ingress: [{ ip: `172.18.255.${(this.ipCounter++ % 250) + 1}` }] } }; });
        break;
      case 'apiextensions.k8s.io/CustomResourceDefinition':
        this.registerCrd(obj);
        break;
      case 'apiregistration.k8s.io/APIService':
        later((cur) => { cur.status = { conditions: [{ type: 'Available', status: 'True', reason: 'Local', message: 'Local APIServices are always available', lastTransitionTime: nowIso() }] }; });
        break;
      default:
        break;
    }
    void gen;
  }

  rsName(dep) { return `${dep.metadata.name}-${hashOf(stripHash(dep.spec?.template)).slice(0, 10)}`; }

  /** Deployment controller: a ReplicaSet owned by the Deployment for its current pod template (Helm looks it up). */
  ensureReplicaSet(dep) {
    const rsType = this.type('apps', 'replicasets');
    const ns = dep.metadata.namespace;
    const tmplHash = hashOf(stripHash(dep.spec?.template)).slice(0, 10);
    const name = `${dep.metadata.name}-${tmplHash}`;
    // scale down the old ones
    for (const rs of this.bucket(rsType).values()) {
      if (rs.metadata.namespace !== ns || !(rs.metadata.ownerReferences || []).some((o) => o.uid === dep.metadata.uid)) continue;
      if (rs.metadata.name !== name && (rs.spec?.replicas ?? 0) !== 0) { rs.spec.replicas = 0; rs.status = { replicas: 0, observedGeneration: rs.metadata.generation }; rs.metadata.generation++; this.touch(rsType, rs); }
    }
    const existing = this.getObj(rsType, ns, name);
    const r = dep.spec?.replicas ?? 1;
    if (existing) {
      if (existing.spec.replicas !== r) { existing.spec.replicas = r; existing.metadata.generation++; this.touch(rsType, existing); }
      return;
    }
    const template = clone(dep.spec?.template || {});
    template.metadata = template.metadata || {};
    template.metadata.labels = { ...(template.metadata.labels || {}), 'pod-template-hash': tmplHash };
    const rs = this.newMeta({
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: {
        name, namespace: ns, generation: 1, labels: { ...(dep.spec?.template?.metadata?.labels || {}), 'pod-template-hash': tmplHash },
        annotations: { 'deployment.kubernetes.io/revision': String(Number(dep.metadata.annotations?.['deployment.kubernetes.io/revision'] || 0) + 1) },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: dep.metadata.name, uid: dep.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: r, selector: { matchLabels: { ...(dep.spec?.selector?.matchLabels || {}), 'pod-template-hash': tmplHash } }, template },
      status: { replicas: 0, observedGeneration: 1 },
    });
    this.put(rsType, rs);
  }

  /** CRD controller: serve the resource, mark the CRD Established. */
  registerCrd(crd) {
    const spec = crd.spec || {};
    const names = spec.names || {};
    for (const v of spec.versions || []) {
      if (v.served === false) continue;
      this.addType({
        group: spec.group, version: v.name, kind: names.kind, plural: names.plural, singular: names.singular || names.kind?.toLowerCase(),
        namespaced: spec.scope !== 'Cluster', shortNames: names.shortNames, categories: names.categories, crd: true,
        status: Boolean(v.subresources?.status), subresources: v.subresources?.scale ? ['scale'] : [],
      });
    }
    const now = nowIso();
    crd.status = {
      acceptedNames: { ...names, singular: names.singular || names.kind?.toLowerCase() },
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: now },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: now },
      ],
      storedVersions: (spec.versions || []).filter((v) => v.storage).map((v) => v.name),
    };
  }
  unregisterCrd(crd) {
    const spec = crd.spec || {};
    for (const v of spec.versions || []) {
      const t = this.types.get(`${spec.group}/${v.name}/${spec.names?.plural}`);
      if (t?.crd) this.types.delete(`${spec.group}/${v.name}/${spec.names?.plural}`);
    }
    this.store.delete(`${spec.group}/${spec.names?.plural}`);
  }

  // ---- discovery -----------------------------------------------------------------------------

  groupVersions() {
    /** @type {Map<string, string[]>} */
    const groups = new Map();
    for (const t of this.types.values()) {
      if (!t.group) continue;
      const vs = groups.get(t.group) || [];
      if (!vs.includes(t.version)) vs.push(t.version);
      groups.set(t.group, vs);
    }
    return groups;
  }
  apiGroupList() {
    const groups = [];
    for (const [name, versions] of this.groupVersions()) {
      const sorted = [...versions].sort(compareKubeVersions);
      groups.push({
        name,
        versions: sorted.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${name}/${sorted[0]}`, version: sorted[0] },
      });
    }
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }
  resourceList(group, version) {
    const resources = [];
    for (const t of this.types.values()) {
      if (t.group !== group || t.version !== version) continue;
      const r = { name: t.plural, singularName: t.singular || t.kind.toLowerCase(), namespaced: t.namespaced, kind: t.kind, verbs: t.verbs || ALL_VERBS };
      if (t.shortNames?.length) r.shortNames = t.shortNames;
      if (t.categories?.length) r.categories = t.categories;
      r.storageVersionHash = hashOf(`${group}/${version}/${t.plural}`).slice(0, 11);
      resources.push(r);
      if (t.status) resources.push({ name: `${t.plural}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] });
      for (const sub of t.subresources || []) {
        if (sub === 'scale') resources.push({ name: `${t.plural}/scale`, singularName: '', namespaced: t.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
        if (sub === 'log') resources.push({ name: `${t.plural}/log`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get'] });
      }
    }
    if (!resources.length) return null;
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
  }

  /**
   * A minimal OpenAPI v3 document of a group version: one path per resource whose PATCH operation names its kind and
   * takes fieldValidation, so kubectl leaves validation to the server (it sends fieldValidation=Strict).
   */
  openApiV3(group, version) {
    const paths = {};
    for (const t of this.types.values()) {
      if (t.group !== group || t.version !== version) continue;
      const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
      const p = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.plural}/{name}` : `${prefix}/${t.plural}/{name}`;
      const gvk = { group, version, kind: t.kind };
      const params = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } }));
      const op = (verb) => ({ operationId: `${verb}${t.kind}`, parameters: params, responses: { 200: { description: 'OK' } }, 'x-kubernetes-action': verb, 'x-kubernetes-group-version-kind': gvk });
      paths[p] = { get: op('get'), put: op('put'), patch: op('patch'), delete: op('delete') };
    }
    return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.29.0' }, paths, components: { schemas: {} } };
  }

  // ---- object lifecycle ----------------------------------------------------------------------

  checkNamespace(t, ns, name) {
    if (!t.namespaced) return;
    const nsObj = this.getObj(this.type('', 'namespaces'), undefined, ns);
    if (!nsObj) throw notFound(this.type('', 'namespaces'), ns);
    if (nsObj.metadata.deletionTimestamp) {
      throw new ApiError(403, 'Forbidden', `${t.plural} "${name ?? ''}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, { name: name ?? '', kind: t.plural, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }] });
    }
  }

  /** Validation and normalisation shared by create and update. */
  validate(t, obj, name) {
    const causes = [];
    if (!obj.metadata.name) causes.push({ field: 'metadata.name', type: 'FieldValueRequired', message: 'Required value: name or generateName is required' });
    else if (!(t.kind === 'Namespace' || t.kind === 'Service' ? DNS1123_LABEL : /^[^/%]+$/).test(obj.metadata.name) || (['ConfigMap', 'Secret', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ServiceAccount', 'Pod'].includes(t.kind) && !DNS1123_SUBDOMAIN.test(obj.metadata.name)) || obj.metadata.name.length > 253) {
      const label = t.kind === 'Namespace' || t.kind === 'Service';
      causes.push({ field: 'metadata.name', type: 'FieldValueInvalid', message: `Invalid value: "${obj.metadata.name}": ${label ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')" : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"}` });
    }
    for (const [k, v] of Object.entries(obj.metadata.labels || {})) {
      if (typeof v !== 'string') throw badRequest(`${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: json: cannot unmarshal ${typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'object'} into Go struct field ObjectMeta.metadata.labels of type string`);
      if (v.length > 63 || (v && !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(v))) causes.push({ field: `metadata.labels`, type: 'FieldValueInvalid', message: `Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')` });
      void k;
    }
    for (const v of Object.values(obj.metadata.annotations || {})) {
      if (typeof v !== 'string') throw badRequest(`${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: json: cannot unmarshal ${typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'object'} into Go struct field ObjectMeta.metadata.annotations of type string`);
    }
    if (t.kind === 'Secret' && t.group === '') {
      if (obj.stringData) {
        obj.data = { ...(obj.data || {}) };
        for (const [k, v] of Object.entries(obj.stringData)) obj.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        delete obj.stringData;
      }
      for (const [k, v] of Object.entries(obj.data || {})) {
        if (typeof v !== 'string') throw badRequest(`Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal ${typeof v === 'number' ? 'number' : 'object'} into Go struct field Secret.data of type []uint8`);
        const bad = base64Error(v);
        if (bad !== null) throw badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${bad}`);
        if (!/^[-._a-zA-Z0-9]+$/.test(k)) causes.push({ field: `data[${k}]`, type: 'FieldValueInvalid', message: `Invalid value: "${k}": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')` });
      }
    }
    if (t.kind === 'ConfigMap' && t.group === '') {
      for (const [k, v] of Object.entries(obj.data || {})) {
        if (typeof v !== 'string') throw badRequest(`ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal ${typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'object'} into Go struct field ConfigMap.data of type string`);
        if (!/^[-._a-zA-Z0-9]+$/.test(k)) causes.push({ field: `data[${k}]`, type: 'FieldValueInvalid', message: `Invalid value: "${k}": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')` });
      }
    }
    if (t.kind === 'Deployment' && t.group === 'apps') {
      const sel = obj.spec?.selector?.matchLabels;
      if (!obj.spec?.selector) causes.push({ field: 'spec.selector', type: 'FieldValueRequired', message: 'Required value' });
      else if (sel) {
        const labels = obj.spec?.template?.metadata?.labels || {};
        if (!Object.entries(sel).every(([k, v]) => labels[k] === v)) causes.push({ field: 'spec.template.metadata.labels', type: 'FieldValueInvalid', message: `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\`` });
      }
    }
    if (causes.length) throw invalid(t, name ?? obj.metadata.name ?? '', causes);
  }

  /**
   * @param {ResourceType} t @param {string|undefined} ns @param {any} body
   * @param {{ dryRun?: boolean, fieldManager?: string, operation?: string }} opts
   */
  create(t, ns, body, opts) {
    if (!isObj(body)) throw badRequest('the body of the request was in an unknown format');
    const obj = clone(body);
    obj.metadata = isObj(obj.metadata) ? obj.metadata : {};
    this.checkKind(t, obj);
    if (t.namespaced) {
      if (obj.metadata.namespace && obj.metadata.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      obj.metadata.namespace = ns;
    } else delete obj.metadata.namespace;
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = obj.metadata.generateName + crypto.randomBytes(3).toString('hex').slice(0, 5);
    this.validate(t, obj);
    this.checkNamespace(t, ns, obj.metadata.name);
    if (this.getObj(t, t.namespaced ? ns : undefined, obj.metadata.name)) throw alreadyExists(t, obj.metadata.name);
    for (const k of ['resourceVersion', 'uid', 'creationTimestamp', 'deletionTimestamp', 'selfLink']) delete obj.metadata[k];
    obj.apiVersion = t.group ? `${t.group}/${t.version}` : t.version;
    obj.kind = t.kind;
    this.newMeta(obj);
    if (t.status && hasSpec(t)) obj.metadata.generation = 1;
    if (t.crd) obj.metadata.generation = 1;
    if (t.status && t.kind !== 'Namespace' && t.kind !== 'Service') delete obj.status;
    this.onCreateDefaults(t, obj);
    if (opts.fieldManager && opts.operation !== 'Apply') this.recordUpdate(obj, undefined, opts.fieldManager, t);
    if (opts.dryRun) return obj;
    this.put(t, obj);
    this.reconcile(t, obj);
    return clone(obj);
  }

  checkKind(t, obj) {
    const gv = t.group ? `${t.group}/${t.version}` : t.version;
    if (obj.kind !== undefined && obj.kind !== t.kind) throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${gv})`.replace(/.*/, obj.apiVersion !== gv ? `the API version in the data (${obj.apiVersion}) does not match the expected API version (${gv})` : `${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: the kind in the data (${obj.kind}) does not match the expected kind (${t.kind})`));
    if (obj.apiVersion !== undefined && obj.apiVersion !== gv) {
      // other served versions of the same group are accepted and stored as is
      const [g] = String(obj.apiVersion).includes('/') ? String(obj.apiVersion).split('/') : [''];
      if (g !== t.group) throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${gv})`);
    }
  }

  /** PUT */
  update(t, ns, name, body, opts, sub) {
    if (!isObj(body)) throw badRequest('the body of the request was in an unknown format');
    const old = this.getObj(t, t.namespaced ? ns : undefined, name);
    const obj = clone(body);
    obj.metadata = isObj(obj.metadata) ? obj.metadata : {};
    this.checkKind(t, obj);
    if (obj.metadata.name && obj.metadata.name !== name) throw badRequest('the name of the object (' + obj.metadata.name + ') does not match the name on the URL (' + name + ')');
    obj.metadata.name = name;
    if (t.namespaced) obj.metadata.namespace = ns;
    if (!old) {
      if (sub) throw notFound(t, name);
      // PUT to a missing object creates it for most built-ins (AllowCreateOnUpdate); Helm never relies on it
      if (!['ConfigMap', 'Secret', 'Service', 'Endpoints', 'Lease'].includes(t.kind) && !t.crd) throw notFound(t, name);
      return { created: true, obj: this.create(t, ns, obj, opts) };
    }
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion) throw conflict(t, name);
    if (old.metadata.uid && obj.metadata.uid && obj.metadata.uid !== old.metadata.uid) throw conflict(t, name);
    return { created: false, obj: this.replace(t, old, obj, opts, sub) };
  }

  /** Stores `obj` as the new version of `old`, keeping system fields. */
  replace(t, old, obj, opts, sub) {
    let next;
    if (sub === 'status') {
      next = clone(old);
      next.status = obj.status;
    } else {
      next = obj;
      for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'generation', 'managedFields']) {
        if (old.metadata[k] !== undefined) next.metadata[k] = clone(old.metadata[k]); else delete next.metadata[k];
      }
      if (t.status) next.status = clone(old.status);
      if (old.metadata.deletionTimestamp && (next.metadata.finalizers || []).some((f) => !(old.metadata.finalizers || []).includes(f))) {
        throw invalid(t, old.metadata.name, [{ field: 'metadata.finalizers', type: 'FieldValueForbidden', message: 'Forbidden: no new finalizers can be added if the object is being deleted' }]);
      }
      this.validate(t, next, old.metadata.name);
      next.apiVersion = t.group ? `${t.group}/${t.version}` : t.version;
      next.kind = t.kind;
      if (t.kind === 'Service') { next.spec = next.spec || {}; if (!next.spec.clusterIP) { next.spec.clusterIP = old.spec?.clusterIP; next.spec.clusterIPs = old.spec?.clusterIPs; } if (!next.spec.type) next.spec.type = 'ClusterIP'; }
      if (t.kind === 'Namespace') next.status = old.status;
    }
    if (old.metadata.generation !== undefined && sub !== 'status') {
      const specOf = (o) => { const c = { ...o }; delete c.metadata; delete c.status; delete c.apiVersion; delete c.kind; return c; };
      if (!deepEqual(specOf(old), specOf(next))) next.metadata.generation = (old.metadata.generation || 0) + 1;
    }
    if (opts.fieldManager && opts.operation !== 'Apply') this.recordUpdate(next, old, opts.fieldManager, t, sub);
    const unchanged = deepEqual({ ...next, metadata: { ...next.metadata, resourceVersion: undefined } }, { ...old, metadata: { ...old.metadata, resourceVersion: undefined } });
    next.metadata.resourceVersion = unchanged ? old.metadata.resourceVersion : this.nextRv();
    if (opts.dryRun) return next;
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers || []).length) {
      this.remove(t, next);
      this.afterDelete(t, next, 'Background');
      return clone(next);
    }
    this.put(t, next);
    if (!unchanged && sub !== 'status' && next.metadata.generation !== old.metadata.generation) this.reconcile(t, next);
    else if (!unchanged && sub !== 'status' && ['apps/Deployment', 'apps/StatefulSet', 'apps/ReplicaSet', 'apiextensions.k8s.io/CustomResourceDefinition'].includes(`${t.group}/${t.kind}`)) this.reconcile(t, next);
    return clone(next);
  }

  /** managedFields for an Update operation: changed fields move to `manager`. */
  recordUpdate(next, old, manager, t, sub) {
    const includeStatus = sub === 'status';
    const newPaths = fieldPaths(next, includeStatus);
    const oldPaths = old ? fieldPaths(old, includeStatus) : new Set();
    const changed = new Set([...newPaths].filter((p) => !oldPaths.has(p) || !deepEqual(getAtPath(old, JSON.parse(p)), getAtPath(next, JSON.parse(p)))));
    const entries = clone(old?.metadata?.managedFields || []).map((e) => ({ ...e, paths: fromFieldsV1(e.fieldsV1) }));
    for (const e of entries) for (const p of [...e.paths]) if (changed.has(p) || !newPaths.has(p)) { if (changed.has(p) || (e.subresource || '') === (sub || '')) e.paths.delete(p); }
    const apiVersion = t.group ? `${t.group}/${t.version}` : t.version;
    let mine = entries.find((e) => e.manager === manager && e.operation === 'Update' && (e.subresource || '') === (sub || ''));
    if (!mine) { mine = { manager, operation: 'Update', apiVersion, paths: new Set(), ...(sub ? { subresource: sub } : {}) }; entries.push(mine); }
    if (changed.size || !old) { for (const p of changed) mine.paths.add(p); mine.time = nowIso(); }
    next.metadata.managedFields = entries.filter((e) => e.paths.size).map((e) => serialiseManaged(e));
    if (!next.metadata.managedFields.length) delete next.metadata.managedFields;
  }

  /** Server-side apply. */
  apply(t, ns, name, body, opts) {
    let cfg;
    try { cfg = typeof body === 'string' ? yaml.load(body) : body; } catch (e) { throw badRequest(`error decoding YAML: ${e.message}`); }
    if (!isObj(cfg)) throw badRequest('error decoding patch: the body of the request was in an unknown format');
    if (!opts.fieldManager) throw badRequest('PATCH, application/apply-patch+yaml requests must provide a field manager: missing fieldManager query parameter');
    cfg.metadata = cfg.metadata || {};
    if (!cfg.apiVersion || !cfg.kind) throw badRequest(`error decoding patch: Object 'Kind' is missing in '${JSON.stringify(cfg)}'`);
    if (cfg.metadata.name && cfg.metadata.name !== name) throw badRequest(`the name of the object (${cfg.metadata.name}) does not match the name on the URL (${name})`);
    if (cfg.metadata.resourceVersion) {
      const cur = this.getObj(t, t.namespaced ? ns : undefined, name);
      if (!cur || cur.metadata.resourceVersion !== cfg.metadata.resourceVersion) throw conflict(t, name);
    }
    const old = this.getObj(t, t.namespaced ? ns : undefined, name);
    const manager = opts.fieldManager;
    const newPaths = fieldPaths(cfg, opts.sub === 'status');
    const apiVersion = t.group ? `${t.group}/${t.version}` : t.version;
    const entries = clone(old?.metadata?.managedFields || []).map((e) => ({ ...e, paths: fromFieldsV1(e.fieldsV1) }));
    // conflicts
    const conflicts = [];
    if (old) {
      for (const e of entries) {
        if (e.manager === manager && e.operation === 'Apply') continue;
        for (const p of e.paths) {
          if (!newPaths.has(p)) continue;
          if (!deepEqual(getAtPath(old, JSON.parse(p)), getAtPath(cfg, JSON.parse(p)))) conflicts.push({ manager: e.manager, apiVersion: e.apiVersion, path: p });
        }
      }
    }
    if (conflicts.length && !opts.force) {
      const one = conflicts.length === 1;
      const byMgr = [...new Set(conflicts.map((c) => c.manager))];
      let message;
      if (one) message = `Apply failed with 1 conflict: conflict with "${conflicts[0].manager}"${conflicts[0].apiVersion ? ` using ${conflicts[0].apiVersion}` : ''}: ${pathText(conflicts[0].path)}`;
      else if (byMgr.length === 1) message = `Apply failed with ${conflicts.length} conflicts: conflicts with "${byMgr[0]}"${conflicts[0].apiVersion ? ` using ${conflicts[0].apiVersion}` : ''}:\n${conflicts.map((c) => `- ${pathText(c.path)}`).join('\n')}`;
      else message = `Apply failed with ${conflicts.length} conflicts: ${byMgr.map((m) => `conflicts with "${m}"${conflicts.find((c) => c.manager === m)?.apiVersion ? ` using ${conflicts.find((c) => c.manager === m).apiVersion}` : ''}:\n${conflicts.filter((c) => c.manager === m).map((c) => `- ${pathText(c.path)}`).join('\n')}`).join('\n')}`;
      throw new ApiError(409, 'Conflict', message, {
        causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with "${c.manager}"${c.apiVersion ? ` using ${c.apiVersion}` : ''}`, field: pathText(c.path) })),
      });
    }
    if (!old) {
      const created = clone(cfg);
      created.metadata.name = name;
      created.metadata.managedFields = [serialiseManaged({ manager, operation: 'Apply', apiVersion, time: nowIso(), paths: newPaths })];
      if (created.metadata.managedFields[0].fieldsV1 && !newPaths.size) created.metadata.managedFields = [];
      return { created: true, obj: this.create(t, ns, created, { ...opts, operation: 'Apply' }) };
    }
    // forced conflicts: other managers lose the fields
    for (const c of conflicts) for (const e of entries) if (e.manager === c.manager) e.paths.delete(c.path);
    const next = clone(old);
    let mine = entries.find((e) => e.manager === manager && e.operation === 'Apply' && (e.subresource || '') === (opts.sub || ''));
    // fields this manager applied before and no longer applies are removed unless someone else owns them
    if (mine) {
      for (const p of mine.paths) {
        if (newPaths.has(p)) continue;
        const owned = entries.some((e) => e !== mine && e.paths.has(p));
        if (!owned) deleteAtPath(next, JSON.parse(p));
      }
    }
    const merged = applyMerge(next, stripForApply(cfg));
    merged.metadata.managedFields = old.metadata.managedFields;
    if (!mine) { mine = { manager, operation: 'Apply', apiVersion, paths: new Set(), ...(opts.sub ? { subresource: opts.sub } : {}) }; entries.push(mine); }
    mine.paths = newPaths;
    mine.time = nowIso();
    mine.apiVersion = apiVersion;
    const managedFields = entries.filter((e) => e.paths.size).map((e) => serialiseManaged(e));
    merged.metadata.resourceVersion = old.metadata.resourceVersion;
    const result = this.replace(t, old, merged, { ...opts, operation: 'Apply' }, opts.sub);
    // replace() keeps the old managedFields; set the apply result
    const stored = opts.dryRun ? result : this.getObj(t, t.namespaced ? ns : undefined, name);
    if (stored) {
      const changedOwners = !deepEqual(stored.metadata.managedFields, managedFields);
      stored.metadata.managedFields = managedFields;
      if (changedOwners && !opts.dryRun && stored.metadata.resourceVersion === old.metadata.resourceVersion) this.touch(t, stored);
      return { created: false, obj: clone(stored) };
    }
    return { created: false, obj: result };
  }

  /** PATCH (non-apply) */
  patch(t, ns, name, type, body, opts, sub) {
    const old = this.getObj(t, t.namespaced ? ns : undefined, name);
    if (!old) throw notFound(t, name);
    let patch;
    try { patch = JSON.parse(body || 'null'); } catch (e) { throw badRequest(`error decoding patch: ${e.message}`); }
    let next;
    if (type === 'json') {
      if (!Array.isArray(patch)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
      try {
        next = jsonpatch.applyPatch(clone(old), patch, true, false).newDocument;
      } catch (e) {
        const msg = String(e.message || e).split('\n')[0];
        if (e.name === 'TEST_OPERATION_FAILED' || /Test operation failed/.test(msg)) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request`, { causes: [{ reason: 'FieldValueInvalid', message: 'testing value failed' }] });
        throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request`, { causes: [{ reason: 'FieldValueInvalid', message: msg }] });
      }
    } else if (type === 'merge') {
      if (!isObj(patch)) throw badRequest('error decoding patch: the body of the request was in an unknown format');
      next = mergePatch(old, patch);
    } else {
      if (t.crd) throw new ApiError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml', {});
      if (!isObj(patch)) throw badRequest('error decoding patch: the body of the request was in an unknown format');
      next = strategicMerge(old, patch);
    }
    if (!isObj(next) || !isObj(next.metadata)) throw badRequest('the patch produced an object without metadata');
    if (next.metadata.name !== name) throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
    if (next.metadata.resourceVersion && next.metadata.resourceVersion !== old.metadata.resourceVersion) throw conflict(t, name);
    if (sub === 'status') { const n = clone(old); n.status = next.status; next = n; }
    return this.replace(t, old, next, opts, sub);
  }

  /** DELETE one object */
  deleteOne(t, ns, name, options, opts) {
    const obj = this.getObj(t, t.namespaced ? ns : undefined, name);
    if (!obj) throw notFound(t, name);
    const pre = options?.preconditions || {};
    if (pre.uid && pre.uid !== obj.metadata.uid) throw conflict(t, name);
    if (pre.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) throw conflict(t, name);
    const policy = options?.propagationPolicy || (options?.orphanDependents === true ? 'Orphan' : 'Background');
    if (opts.dryRun) return clone(obj);
    if (t.kind === 'Namespace' && ['default', 'kube-system', 'kube-public'].includes(name)) {
      throw new ApiError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
    }
    if (t.kind === 'Namespace' && t.group === '') {
      // like the namespace controller: Terminating at once, contents and the namespace removed shortly after
      if (!obj.metadata.deletionTimestamp) {
        obj.metadata.deletionTimestamp = nowIso();
        obj.metadata.deletionGracePeriodSeconds = 0;
        obj.status = { phase: 'Terminating' };
        this.touch(t, obj);
        const uid = obj.metadata.uid;
        this.schedule(() => {
          const cur = this.getObj(t, undefined, name);
          if (!cur || cur.metadata.uid !== uid) return;
          this.remove(t, cur);
          this.afterDelete(t, cur, policy);
        }, this.namespaceDeleteDelayMs);
      }
      return clone(obj);
    }
    if ((obj.metadata.finalizers || []).length) {
      if (!obj.metadata.deletionTimestamp) {
        obj.metadata.deletionTimestamp = nowIso();
        obj.metadata.deletionGracePeriodSeconds = 0;
        this.touch(t, obj);
      }
      return clone(obj);
    }
    this.remove(t, obj);
    this.afterDelete(t, obj, policy);
    const out = clone(obj);
    out.metadata.deletionTimestamp = out.metadata.deletionTimestamp || nowIso();
    return out;
  }

  /** Garbage collection and namespace cleanup. */
  afterDelete(t, obj, policy) {
    if (t.kind === 'Namespace' && t.group === '') {
      for (const [key, b] of this.store) {
        const tt = [...this.types.values()].find((x) => `${x.group}/${x.plural}` === key);
        if (!tt?.namespaced) continue;
        for (const [k, o] of [...b]) if (o.metadata.namespace === obj.metadata.name) { this.remove(tt, o); if (tt.kind === 'CustomResourceDefinition') this.unregisterCrd(o); }
      }
    }
    if (t.kind === 'CustomResourceDefinition' && t.group === 'apiextensions.k8s.io') this.unregisterCrd(obj);
    const uid = obj.metadata.uid;
    for (const [key, b] of this.store) {
      const tt = [...this.types.values()].find((x) => `${x.group}/${x.plural}` === key);
      for (const [k, o] of [...b]) {
        const refs = o.metadata.ownerReferences || [];
        if (!refs.some((r) => r.uid === uid)) continue;
        if (policy === 'Orphan') {
          o.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
          if (!o.metadata.ownerReferences.length) delete o.metadata.ownerReferences;
          if (tt) this.touch(tt, o);
        } else if (tt) {
          this.remove(tt, o);
          this.afterDelete(tt, o, policy);
        }
      }
    }
  }

  list(t, ns, q) {
    const sel = q.get('labelSelector') ? parseLabelSelector(q.get('labelSelector')) : null;
    const fsel = q.get('fieldSelector') ? parseFieldSelector(q.get('fieldSelector')) : null;
    const items = [];
    for (const o of this.bucket(t).values()) {
      if (t.namespaced && ns && o.metadata.namespace !== ns) continue;
      if (sel && !sel(o.metadata.labels || {})) continue;
      if (fsel && !fsel(o)) continue;
      items.push(o);
    }
    items.sort((a, b) => ((a.metadata.namespace ?? '') + '/' + a.metadata.name).localeCompare((b.metadata.namespace ?? '') + '/' + b.metadata.name));
    const gv = t.group ? `${t.group}/${t.version}` : t.version;
    return {
      kind: `${t.kind}List`, apiVersion: gv, metadata: { resourceVersion: String(this.rv) },
      items: items.map((o) => { const c = clone(o); c.apiVersion = gv; c.kind = t.kind; return c; }),
    };
  }
}

function hasSpec(t) { return !['Namespace', 'Service', 'Pod', 'PersistentVolumeClaim', 'PersistentVolume', 'Node'].includes(t.kind); }
function hashOf(v) { return crypto.createHash('sha256').update(JSON.stringify(v ?? null)).digest('hex').replace(/[^a-z0-9]/g, '').replace(/[0-9]/g, (d) => 'bcdfghjklm'[Number(d)]).slice(0, 16); }
function stripHash(tmpl) { const c = clone(tmpl || {}); if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash']; return c; }
function goMap(m) { return `map[string]string{${Object.keys(m).sort().map((k) => `"${k}":"${m[k]}"`).join(', ')}}`; }
function serialiseManaged(e) {
  const out = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, time: e.time || nowIso(), fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(e.paths) };
  if (e.subresource) out.subresource = e.subresource;
  return out;
}
function stripForApply(cfg) {
  const c = clone(cfg);
  delete c.status;
  if (c.metadata) { for (const k of ['resourceVersion', 'managedFields', 'uid', 'creationTimestamp', 'generation']) delete c.metadata[k]; }
  return c;
}
/** Merges an applied configuration into the live object: maps recursively, keyed lists by key, other lists replaced. */
function applyMerge(live, cfg) {
  if (!isObj(cfg)) return clone(cfg);
  const out = isObj(live) ? { ...live } : {};
  for (const [k, v] of Object.entries(cfg)) {
    if (v === null) { delete out[k]; continue; }
    if (Array.isArray(v)) {
      const key = mergeKeyFor(k, v);
      if (key && Array.isArray(out[k]) && v.every((x) => isObj(x) && key in x)) {
        const list = out[k].map(clone);
        for (const item of v) {
          const idx = list.findIndex((o) => isObj(o) && o[key] === item[key]);
          if (idx >= 0) list[idx] = applyMerge(list[idx], item); else list.push(clone(item));
        }
        out[k] = list;
      } else if (MERGE_SCALAR_LISTS.has(k) && Array.isArray(out[k])) {
        out[k] = [...out[k], ...v.filter((x) => !out[k].includes(x))];
      } else out[k] = clone(v);
      continue;
    }
    out[k] = isObj(v) ? applyMerge(out[k], v) : v;
  }
  return out;
}
function base64Error(s) {
  const m = /[^A-Za-z0-9+/=]/.exec(s);
  if (m) return m.index;
  const pad = s.indexOf('=');
  if (pad >= 0 && (!/^={1,2}$/.test(s.slice(pad)) || s.length % 4 !== 0)) return pad;
  if (s.length % 4 === 1) return s.length - 1;
  if (s.length % 4 !== 0) return s.length;
  return null;
}
function compareKubeVersions(a, b) {
  const parse = (v) => { const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v); if (!m) return [0, 0, 0, v]; return [1, m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2, Number(m[1]), Number(m[3] || 0)]; };
  const pa = parse(a), pb = parse(b);
  if (pa[0] !== pb[0]) return pb[0] - pa[0];
  if (pa[0] === 0) return a.localeCompare(b);
  if (pa[1] !== pb[1]) return pb[1] - pa[1];
  if (pa[2] !== pb[2]) return pb[2] - pa[2];
  return pb[3] - pa[3];
}

// ---------------------------------------------------------------------------------------------
// HTTP layer

function send(res, code, body, contentType = 'application/json') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private', 'Audit-Id': crypto.randomUUID() });
  res.end(text);
}
const sendError = (res, e) => send(res, e.code, e.toStatus());

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function age(ts) {
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 3600 * 2) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h`;
}
function toTable(items, listMeta) {
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta || {},
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
      { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
    ],
    rows: items.map((o) => ({ cells: [o.metadata.name, age(o.metadata.creationTimestamp)], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata } })),
  };
}


/**
 * Routes one request. Exported for in-process use.
 * @param {TestCluster} c @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 */
async function handle(c, req, res) {
  await handleRequest(c, req, res);
  if (req.method !== 'GET' && c.dataDir) { try { c.save(); } catch { /* reported on the next start */ } }
}

/** @param {TestCluster} c @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
async function handleRequest(c, req, res) {
  const url = new URL(req.url || '/', 'http://x');
  const method = req.method || 'GET';
  const p = url.pathname.replace(/\/+$/, '') || '/';
  c.requests.push({ method, path: p, query: url.search, contentType: req.headers['content-type'] });
  if (c.requests.length > 5000) c.requests.splice(0, 1000);

  // fault injection
  for (const f of c.faults) {
    if (f.times > 0 && f.match({ method, path: p })) {
      f.times--;
      if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
      if (f.drop) { req.socket.destroy(); return; }
      if (f.status) {
        const reasons = { 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout', 403: 'Forbidden', 401: 'Unauthorized' };
        if (f.status === 429 || f.status === 503) res.setHeader('Retry-After', '1');
        return sendError(res, new ApiError(f.status, reasons[f.status] || 'InternalError', f.message || (f.status === 429 ? 'Too many requests, please try again later.' : f.status === 403 ? 'forbidden' : 'an error on the server ("injected fault") has prevented the request from succeeding')));
      }
    }
  }

  // authentication
  const authz = req.headers.authorization || '';
  const certOk = /** @type {any} */ (req.socket).authorized === true;
  const readOnly = Boolean(c.readOnlyToken) && authz === `Bearer ${c.readOnlyToken}`;
  if (c.token && !certOk && authz !== `Bearer ${c.token}` && !readOnly) {
    return send(res, 401, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  }

  // non-resource endpoints
  if (method === 'GET') {
    if (p === '/version') return send(res, 200, { major: '1', minor: '29', gitVersion: 'v1.29.0-tshelm-test', gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2024-01-01T00:00:00Z', goVersion: 'go1.21.5', compiler: 'gc', platform: 'linux/amd64' });
    if (p === '/healthz' || p === '/readyz' || p === '/livez') return send(res, 200, 'ok', 'text/plain; charset=utf-8');
    if (p === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] });
    if (p === '/apis') return send(res, 200, c.apiGroupList());
    if (p === '/api/v1') return send(res, 200, c.resourceList('', 'v1'));
    if (p === '/openapi/v3') {
      const paths = {};
      const gvs = new Set([...c.types.values()].map((t) => (t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`)));
      for (const gv of gvs) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${hashOf(gv + c.types.size).toUpperCase()}` };
      return send(res, 200, { paths });
    }
    const oa = /^\/openapi\/v3\/(api\/v1|apis\/([^/]+)\/([^/]+))$/.exec(p);
    if (oa) return send(res, 200, c.openApiV3(oa[2] ?? '', oa[3] ?? 'v1'));
    const g = /^\/apis\/([^/]+)$/.exec(p);
    if (g) {
      const versions = c.groupVersions().get(g[1]);
      if (!versions) return sendError(res, resourceNotFound());
      const grp = c.apiGroupList().groups.find((x) => x.name === g[1]);
      return send(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...grp });
    }
    const gv = /^\/apis\/([^/]+)\/([^/]+)$/.exec(p);
    if (gv) {
      const rl = c.resourceList(gv[1], gv[2]);
      return rl ? send(res, 200, rl) : sendError(res, resourceNotFound());
    }
  }

  // resource paths
  let rest, group, version;
  const core = /^\/api\/v1(\/.*)?$/.exec(p);
  const named = /^\/apis\/([^/]+)\/([^/]+)(\/.*)?$/.exec(p);
  if (core) { group = ''; version = 'v1'; rest = core[1] || ''; }
  else if (named) { group = named[1]; version = named[2]; rest = named[3] || ''; }
  else return sendError(res, resourceNotFound());
  const segs = rest.split('/').filter(Boolean).map(decodeURIComponent);
  let ns, plural, name, sub;
  if (segs[0] === 'namespaces' && segs.length >= 3 && c.type(group, segs[2], version)?.namespaced) {
    ns = segs[1]; [plural, name, sub] = segs.slice(2);
    if (segs.length > 5) return sendError(res, resourceNotFound());
  } else {
    [plural, name, sub] = segs;
    if (segs.length > 3) return sendError(res, resourceNotFound());
  }
  const t = plural ? c.type(group, plural, version) : undefined;
  if (!t) return sendError(res, resourceNotFound());
  if (t.namespaced && !ns && name !== undefined) return sendError(res, resourceNotFound());
  if (sub && !(sub === 'status' && t.status) && !(sub === 'log' && t.kind === 'Pod') && !(sub === 'scale' && (t.subresources || []).includes('scale'))) return sendError(res, resourceNotFound());

  const q = url.searchParams;
  if (readOnly && !['GET', 'HEAD'].includes(method)) {
    const verb = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: name === undefined ? 'deletecollection' : 'delete' }[method] || method.toLowerCase();
    return sendError(res, new ApiError(403, 'Forbidden', `${groupKind(t)}${name !== undefined ? ` "${name}"` : ''} is forbidden: User "tshelm-readonly" cannot ${verb} resource "${t.plural}" in API group "${t.group}"${ns ? ` in the namespace "${ns}"` : ' at the cluster scope'}`, { ...(name !== undefined ? { name } : {}), ...(t.group ? { group: t.group } : {}), kind: t.plural }));
  }
  const dryRun = q.getAll('dryRun').includes('All');
  const ua = String(req.headers['user-agent'] || 'unknown');
  const fieldManager = q.get('fieldManager') || ua.split('/')[0] || 'unknown';
  const opts = { dryRun, fieldManager, force: q.get('force') === 'true', sub };
  const accept = String(req.headers.accept || '');
  const wantTable = /as=Table/.test(accept);
  const gvStr = group ? `${group}/${version}` : version;
  const outObj = (o) => { const x = clone(o); if (x && x.kind === t.kind) x.apiVersion = gvStr; return x; };

  try {
    if (method === 'GET' && name === undefined) {
      const list = c.list(t, ns, q);
      if (q.get('watch') === '1' || q.get('watch') === 'true') return watch(c, t, ns, q, list, req, res);
      if (wantTable) return send(res, 200, toTable(list.items, list.metadata));
      return send(res, 200, list);
    }
    if (method === 'GET') {
      const o = c.getObj(t, t.namespaced ? ns : undefined, name);
      if (!o) throw notFound(t, name);
      if (sub === 'log') return send(res, 200, `tshelm test cluster: log of pod ${name}\n`, 'text/plain');
      if (sub === 'scale') return send(res, 200, { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name, namespace: ns, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion }, spec: { replicas: o.spec?.replicas ?? 1 }, status: { replicas: o.status?.replicas ?? 0 } });
      if (wantTable) return send(res, 200, toTable([o], { resourceVersion: o.metadata.resourceVersion }));
      return send(res, 200, outObj(o));
    }
    if (method === 'POST') {
      if (name !== undefined) throw methodNotAllowed();
      if (t.namespaced && !ns) throw resourceNotFound();
      const body = parseJsonBody(await readBody(req), req.headers['content-type']);
      const o = c.create(t, ns, body, opts);
      return send(res, 201, outObj(o));
    }
    if (method === 'PUT') {
      if (name === undefined) throw methodNotAllowed();
      const body = parseJsonBody(await readBody(req), req.headers['content-type']);
      if (sub === 'scale') {
        const o = c.getObj(t, ns, name);
        if (!o) throw notFound(t, name);
        const r = c.patch(t, ns, name, 'merge', JSON.stringify({ spec: { replicas: body?.spec?.replicas } }), opts);
        return send(res, 200, { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name, namespace: ns }, spec: { replicas: r.spec.replicas }, status: {} });
      }
      const r = c.update(t, ns, name, body, opts, sub);
      return send(res, r.created ? 201 : 200, outObj(r.obj));
    }
    if (method === 'PATCH') {
      if (name === undefined) throw methodNotAllowed();
      const ct = String(req.headers['content-type'] || '').split(';')[0].trim();
      const body = await readBody(req);
      if (ct === 'application/apply-patch+yaml') {
        if (!q.get('fieldManager')) throw badRequest('PATCH, application/apply-patch+yaml requests must provide a field manager: missing fieldManager query parameter');
        const r = c.apply(t, ns, name, body, opts);
        return send(res, r.created ? 201 : 200, outObj(r.obj));
      }
      const type = { 'application/merge-patch+json': 'merge', 'application/json-patch+json': 'json', 'application/strategic-merge-patch+json': 'strategic' }[ct];
      if (!type) throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml${t.crd ? '' : ', application/strategic-merge-patch+json'}`, {});
      const o = c.patch(t, ns, name, type, body, opts, sub === 'scale' ? undefined : sub);
      return send(res, 200, outObj(o));
    }
    if (method === 'DELETE') {
      const text = await readBody(req);
      let options = text ? JSON.parse(text) : {};
      if (q.get('propagationPolicy')) options = { ...options, propagationPolicy: q.get('propagationPolicy') };
      if (name === undefined) {
        const list = c.list(t, ns, q);
        for (const o of list.items) c.deleteOne(t, o.metadata.namespace, o.metadata.name, options, opts);
        return send(res, 200, { ...list, metadata: { resourceVersion: String(c.rv) } });
      }
      if (sub) throw methodNotAllowed();
      const o = c.deleteOne(t, ns, name, options, opts);
      if (t.kind === 'Namespace' || (o.metadata.finalizers || []).length) return send(res, 200, outObj(o));
      return send(res, 200, outObj(o));
    }
    throw methodNotAllowed();
  } catch (e) {
    if (e instanceof ApiError) return sendError(res, e);
    return sendError(res, new ApiError(500, 'InternalError', `Internal error occurred: ${e?.message || e}`, { causes: [{ message: String(e?.stack || e) }] }));
  }
}

/** A watch: initial ADDED events (or a replay after resourceVersion), then live events until timeoutSeconds. */
function watch(c, t, ns, q, list, req, res) {
  const gv = t.group ? `${t.group}/${t.version}` : t.version;
  const sel = q.get('labelSelector') ? parseLabelSelector(q.get('labelSelector')) : null;
  const fsel = q.get('fieldSelector') ? parseFieldSelector(q.get('fieldSelector')) : null;
  const matches = (o) => (!t.namespaced || !ns || o.metadata.namespace === ns) && (!sel || sel(o.metadata.labels || {})) && (!fsel || fsel(o));
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const write = (type, object) => { const o = clone(object); if (o.kind === t.kind) o.apiVersion = gv; res.write(JSON.stringify({ type, object: o }) + '\n'); };
  const rvParam = q.get('resourceVersion');
  const key = `${t.group}/${t.plural}`;
  if (!rvParam || rvParam === '0') {
    for (const o of list.items) write('ADDED', o);
  } else {
    const since = Number(rvParam);
    const oldest = c.events.length ? c.events[0].rv : c.rv;
    if (since < oldest - 1 && since < c.rv) {
      res.write(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${since} (${oldest})`, reason: 'Expired', code: 410 } }) + '\n');
      res.end();
      return;
    }
    for (const ev of c.events) if (ev.key === key && ev.rv > since && matches(ev.object)) write(ev.type, ev.object);
  }
  const w = { key, offer: (ev) => { if (matches(ev.object)) write(ev.type, ev.object); } };
  c.watchers.add(w);
  const timeoutSeconds = Number(q.get('timeoutSeconds') || 1800);
  const done = () => { c.watchers.delete(w); clearTimeout(timer); try { res.end(); } catch { /* closed */ } };
  const timer = setTimeout(done, timeoutSeconds * 1000);
  res.on('close', done);
}

function parseJsonBody(text, contentType) {
  const ct = String(contentType || 'application/json');
  try {
    if (/yaml/.test(ct)) return yaml.load(text);
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`the body of the request was in an unknown format: ${e.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Starting a server

/**
 * Starts a test API server and writes a kubeconfig for it.
 * @param {{ port?: number, host?: string, tls?: boolean, token?: string, readOnlyToken?: string, clientCert?: boolean, readyDelayMs?: number, kubeconfigPath?: string, namespace?: string, dataDir?: string }} [opts]
 *   tls: https with a generated CA; the kubeconfig then carries a client certificate (clientCert: false → the token).
 *   token: bearer token required from clients without a client certificate. readOnlyToken: a second token whose
 *   writes get 403 Forbidden. dataDir: state saved there after every change and loaded on start.
 * @returns {Promise<{ url: string, kubeconfigPath: string, dir: string, cluster: TestCluster, caData?: string, token?: string, stop(): Promise<void> }>}
 */
export async function startTestCluster(opts = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tshelm-cluster-'));
  const tls = Boolean(opts.tls);
  const token = opts.token ?? (tls ? crypto.randomBytes(16).toString('hex') : undefined);
  const cluster = new TestCluster({ readyDelayMs: opts.readyDelayMs, token });
  if (opts.readOnlyToken) { cluster.readOnlyToken = opts.readOnlyToken; if (!cluster.token) cluster.token = crypto.randomBytes(16).toString('hex'); }
  if (opts.dataDir) { fs.mkdirSync(opts.dataDir, { recursive: true }); cluster.load(path.resolve(opts.dataDir)); }
  const handler = (req, res) => { handle(cluster, req, res).catch((e) => { try { sendError(res, new ApiError(500, 'InternalError', String(e?.message || e))); } catch { /* closed */ } }); };
  let material;
  let server;
  if (tls) {
    material = makeTlsMaterial(dir);
    server = https.createServer({ key: material.key, cert: material.cert, ca: material.ca, requestCert: true, rejectUnauthorized: false }, handler);
  } else {
    server = http.createServer(handler);
  }
  server.keepAliveTimeout = 30000;
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  const host = opts.host ?? '127.0.0.1';
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(opts.port ?? 0, host, () => resolve(undefined)); });
  const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  const user = {};
  if (tls && opts.clientCert !== false && material) {
    user['client-certificate-data'] = material.clientCert.toString('base64');
    user['client-key-data'] = material.clientKey.toString('base64');
  } else if (cluster.token) user.token = cluster.token;
  const clusterEntry = { server: url };
  if (material) clusterEntry['certificate-authority-data'] = material.ca.toString('base64');
  const kubeconfig = {
    apiVersion: 'v1', kind: 'Config', preferences: {},
    clusters: [{ name: 'tshelm-test', cluster: clusterEntry }],
    users: [{ name: 'tshelm-test-admin', user }],
    contexts: [{ name: 'tshelm-test', context: { cluster: 'tshelm-test', user: 'tshelm-test-admin', ...(opts.namespace ? { namespace: opts.namespace } : {}) } }],
    'current-context': 'tshelm-test',
  };
  const kubeconfigPath = opts.kubeconfigPath ? path.resolve(opts.kubeconfigPath) : path.join(dir, 'kubeconfig');
  fs.mkdirSync(path.dirname(kubeconfigPath), { recursive: true });
  fs.writeFileSync(kubeconfigPath, yaml.dump(kubeconfig), { mode: 0o600 });
  return {
    url, kubeconfigPath, dir, cluster, token: cluster.token,
    caData: material ? material.ca.toString('base64') : undefined,
    async stop() {
      for (const t of cluster.timers) clearTimeout(t);
      if (cluster.dataDir) cluster.save();
      cluster.timers.clear();
      await new Promise((resolve) => { server.close(() => resolve(undefined)); for (const s of sockets) s.destroy(); });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { mergePatch, strategicMerge, ApiError };
