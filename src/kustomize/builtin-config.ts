// kustomize's built-in transformer configuration (its builtinpluginconsts): which fields of which kinds hold
// labels, selectors, annotations, images, replicas, namespaces and references to other objects by name.
import type { FieldSpec } from './fieldspec.js';

const fs = (path: string, kind?: string, group?: string, version?: string, create = false): FieldSpec => ({ path, kind, group, version, create });
const c = (path: string, kind?: string, group?: string, version?: string): FieldSpec => fs(path, kind, group, version, true);

const AFFINITY = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

/** metadata/labels and pod template labels (templateLabels). */
export const METADATA_LABELS: FieldSpec[] = [
  c('metadata/labels'),
  c('spec/template/metadata/labels', 'ReplicationController', undefined, 'v1'),
  c('spec/template/metadata/labels', 'Deployment'),
  c('spec/template/metadata/labels', 'ReplicaSet'),
  c('spec/template/metadata/labels', 'DaemonSet'),
  c('spec/template/metadata/labels', 'StatefulSet', 'apps'),
  c('spec/template/metadata/labels', 'Job', 'batch'),
  c('spec/jobTemplate/metadata/labels', 'CronJob', 'batch'),
  c('spec/jobTemplate/spec/template/metadata/labels', 'CronJob', 'batch'),
];

const VOLUME_CLAIM_TEMPLATE_LABELS: FieldSpec[] = [c('spec/volumeClaimTemplates[]/metadata/labels', 'StatefulSet', 'apps')];

/** commonLabels: selectors as well as metadata and templates. */
export const COMMON_LABELS: FieldSpec[] = [
  c('spec/selector', 'Service', undefined, 'v1'),
  c('spec/selector', 'ReplicationController', undefined, 'v1'),
  c('spec/selector/matchLabels', 'Deployment'),
  ...AFFINITY.map((p) => fs(p, 'Deployment', 'apps')),
  c('spec/selector/matchLabels', 'ReplicaSet'),
  c('spec/selector/matchLabels', 'DaemonSet'),
  c('spec/selector/matchLabels', 'StatefulSet', 'apps'),
  ...AFFINITY.map((p) => fs(p, 'StatefulSet', 'apps')),
  fs('spec/selector/matchLabels', 'Job', 'batch'),
  fs('spec/jobTemplate/spec/selector/matchLabels', 'CronJob', 'batch'),
  fs('spec/selector/matchLabels', 'PodDisruptionBudget', 'policy'),
  fs('spec/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io'),
  fs('spec/ingress/from/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io'),
  fs('spec/egress/to/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io'),
  ...METADATA_LABELS,
  ...VOLUME_CLAIM_TEMPLATE_LABELS,
];

// (kustomize v5.5, which kubectl carries, also labels StatefulSet volume claim templates with templateLabels)
export const TEMPLATE_LABELS: FieldSpec[] = [...METADATA_LABELS, ...VOLUME_CLAIM_TEMPLATE_LABELS];

export const COMMON_ANNOTATIONS: FieldSpec[] = [
  c('metadata/annotations'),
  c('spec/template/metadata/annotations', 'ReplicationController', undefined, 'v1'),
  c('spec/template/metadata/annotations', 'Deployment'),
  c('spec/template/metadata/annotations', 'ReplicaSet'),
  c('spec/template/metadata/annotations', 'DaemonSet'),
  c('spec/template/metadata/annotations', 'StatefulSet'),
  c('spec/template/metadata/annotations', 'Job', 'batch'),
  c('spec/jobTemplate/metadata/annotations', 'CronJob', 'batch'),
  c('spec/jobTemplate/spec/template/metadata/annotations', 'CronJob', 'batch'),
];

export const NAMESPACE: FieldSpec[] = [
  c('metadata/name', 'Namespace'),
  c('spec/service/namespace', 'APIService', 'apiregistration.k8s.io'),
  fs('spec/conversion/webhook/clientConfig/service/namespace', 'CustomResourceDefinition', 'apiextensions.k8s.io'),
];

export const IMAGES: FieldSpec[] = [
  c('spec/containers[]/image'),
  c('spec/initContainers[]/image'),
  c('spec/volumes[]/image/reference'),
  c('spec/template/spec/containers[]/image'),
  c('spec/template/spec/initContainers[]/image'),
  c('spec/template/spec/volumes[]/image/reference'),
];

export const REPLICAS: FieldSpec[] = ['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map((k) => c('spec/replicas', k));

/** Kinds whose names prefixes and suffixes never touch. */
export const PREFIX_SUFFIX_SKIP = new Set(['CustomResourceDefinition', 'APIService', 'Namespace']);

export interface NameRef {
  kind: string;
  group?: string;
  version?: string;
  fieldSpecs: FieldSpec[];
}

const POD_PATHS: Record<string, string> = { Pod: 'spec', PodTemplate: 'template/spec', CronJob: 'spec/jobTemplate/spec/template/spec' };
const WORKLOADS = ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job'];
function podSpecs(subpaths: string[], kinds: string[], podVersion = true): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const k of kinds) {
    const base = POD_PATHS[k] ?? 'spec/template/spec';
    for (const sp of subpaths) out.push(fs(`${base}/${sp}`, k, undefined, k === 'Pod' && podVersion ? 'v1' : undefined));
  }
  return out;
}

const CM_PATHS = ['volumes/configMap/name', 'containers/env/valueFrom/configMapKeyRef/name', 'initContainers/env/valueFrom/configMapKeyRef/name', 'containers/envFrom/configMapRef/name', 'initContainers/envFrom/configMapRef/name', 'volumes/projected/sources/configMap/name'];
const SECRET_PATHS = ['volumes/secret/secretName', 'containers/env/valueFrom/secretKeyRef/name', 'initContainers/env/valueFrom/secretKeyRef/name', 'containers/envFrom/secretRef/name', 'initContainers/envFrom/secretRef/name', 'imagePullSecrets/name', 'volumes/projected/sources/secret/name'];
const ALL_POD_KINDS = ['Pod', 'PodTemplate', ...WORKLOADS, 'CronJob'];
const SA_KINDS = ['Pod', 'StatefulSet', 'Deployment', 'ReplicationController', 'CronJob', 'Job', 'DaemonSet'];

export const NAME_REFERENCES: NameRef[] = [
  ...['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map((kind) => ({ kind, fieldSpecs: [fs('spec/scaleTargetRef/name', 'HorizontalPodAutoscaler')] })),
  {
    kind: 'ConfigMap',
    version: 'v1',
    fieldSpecs: [
      ...podSpecs(CM_PATHS, ALL_POD_KINDS),
      fs('spec/configSource/configMap', 'Node'),
      fs('rules/resourceNames', 'Role'),
      fs('rules/resourceNames', 'ClusterRole'),
      fs('metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap', 'Ingress'),
    ],
  },
  {
    kind: 'Secret',
    version: 'v1',
    fieldSpecs: [
      ...podSpecs(SECRET_PATHS, ALL_POD_KINDS),
      fs('spec/tls/secretName', 'Ingress'),
      fs('metadata/annotations/ingress.kubernetes.io\\/auth-secret', 'Ingress'),
      fs('metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret', 'Ingress'),
      fs('metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret', 'Ingress'),
      fs('imagePullSecrets/name', 'ServiceAccount'),
      fs('parameters/secretName', 'StorageClass'),
      fs('parameters/adminSecretName', 'StorageClass'),
      fs('parameters/userSecretName', 'StorageClass'),
      fs('parameters/secretRef', 'StorageClass'),
      fs('rules/resourceNames', 'Role'),
      fs('rules/resourceNames', 'ClusterRole'),
      fs('spec/template/spec/containers/env/valueFrom/secretKeyRef/name', 'Service', 'serving.knative.dev', 'v1'),
      fs('spec/azureFile/secretName', 'PersistentVolume'),
    ],
  },
  {
    kind: 'Service',
    version: 'v1',
    fieldSpecs: [
      fs('spec/serviceName', 'StatefulSet', 'apps'),
      fs('spec/rules/http/paths/backend/serviceName', 'Ingress'),
      fs('spec/backend/serviceName', 'Ingress'),
      fs('spec/rules/http/paths/backend/service/name', 'Ingress'),
      fs('spec/defaultBackend/service/name', 'Ingress'),
      fs('spec/service/name', 'APIService', 'apiregistration.k8s.io'),
      fs('webhooks/clientConfig/service', 'ValidatingWebhookConfiguration', 'admissionregistration.k8s.io'),
      fs('webhooks/clientConfig/service', 'MutatingWebhookConfiguration', 'admissionregistration.k8s.io'),
    ],
  },
  { kind: 'Role', group: 'rbac.authorization.k8s.io', fieldSpecs: [fs('roleRef/name', 'RoleBinding', 'rbac.authorization.k8s.io')] },
  {
    kind: 'ClusterRole',
    group: 'rbac.authorization.k8s.io',
    fieldSpecs: [fs('roleRef/name', 'RoleBinding', 'rbac.authorization.k8s.io'), fs('roleRef/name', 'ClusterRoleBinding', 'rbac.authorization.k8s.io')],
  },
  {
    kind: 'ServiceAccount',
    version: 'v1',
    fieldSpecs: [
      fs('subjects', 'RoleBinding', 'rbac.authorization.k8s.io'),
      fs('subjects', 'ClusterRoleBinding', 'rbac.authorization.k8s.io'),
      ...podSpecs(['serviceAccountName'], SA_KINDS, false),
    ],
  },
  { kind: 'PersistentVolumeClaim', version: 'v1', fieldSpecs: podSpecs(['volumes/persistentVolumeClaim/claimName'], SA_KINDS, false) },
  { kind: 'PersistentVolume', version: 'v1', fieldSpecs: [fs('spec/volumeName', 'PersistentVolumeClaim'), fs('rules/resourceNames', 'ClusterRole')] },
  {
    kind: 'StorageClass',
    version: 'v1',
    group: 'storage.k8s.io',
    fieldSpecs: [fs('spec/storageClassName', 'PersistentVolume'), fs('spec/storageClassName', 'PersistentVolumeClaim'), fs('spec/volumeClaimTemplates/spec/storageClassName', 'StatefulSet')],
  },
  { kind: 'PriorityClass', version: 'v1', group: 'scheduling.k8s.io', fieldSpecs: podSpecs(['priorityClassName'], SA_KINDS, false) },
  { kind: 'IngressClass', version: 'v1', group: 'networking.k8s.io/v1', fieldSpecs: [fs('spec/ingressClassName', 'Ingress')] },
  { kind: 'ValidatingAdmissionPolicy', group: 'admissionregistration.k8s.io', fieldSpecs: [fs('spec/policyName', 'ValidatingAdmissionPolicyBinding', 'admissionregistration.k8s.io')] },
];

/** The legacy sort order (kustomize's defaultOrderFirst / defaultOrderLast). */
export const ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole',
  'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume',
  'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
export const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
