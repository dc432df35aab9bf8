// `helm create`'s chartutil.Create / CreateFrom (Helm v3.13.3 layout and rules), with a starter chart of our own
// writing: a Deployment of nginx behind a Service, an optional Ingress and HorizontalPodAutoscaler, a
// ServiceAccount, NOTES.txt, named helpers and a connection test. It lints clean and renders.

import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { marshalYaml, parseYaml } from '../funcs/yaml.js';
import { loadChart } from './load.js';
import { marshalMetadata } from './package.js';
import { APIVersionV2, type Chart, type Metadata } from './types.js';

const CHART_NAME = /^[a-zA-Z0-9._-]+$/;
const MAX_CHART_NAME_LENGTH = 250;
const PLACEHOLDER = '<CHARTNAME>';

export function validateChartName(name: string): void {
  if (name === '' || name.length > MAX_CHART_NAME_LENGTH) throw new Error(`chart name must be between 1 and ${MAX_CHART_NAME_LENGTH} characters`);
  if (!CHART_NAME.test(name)) throw new Error(`chart name must match the regular expression ${JSON.stringify(CHART_NAME.source)}`);
}

const transform = (src: string, name: string) => src.split(PLACEHOLDER).join(name);

const chartYaml = `apiVersion: v2
name: <CHARTNAME>
description: A Helm chart for Kubernetes, made with tshelm create
# "application" charts install resources; "library" charts only offer named templates to other charts.
type: application
# The chart's own version (SemVer 2); raise it whenever the chart changes.
version: 0.1.0
# The version of the application the chart deploys.
appVersion: "1.27.0"
`;

const valuesYaml = `# Default values for <CHARTNAME>. Override them with -f my-values.yaml or --set key=value.

replicaCount: 1

image:
  repository: nginx
  pullPolicy: IfNotPresent
  # Leave empty to use the chart's appVersion.
  tag: ""

imagePullSecrets: []
nameOverride: ""
fullnameOverride: ""

serviceAccount:
  # Create a ServiceAccount for the pods.
  create: true
  # Mount its API token into the pods.
  automount: true
  annotations: {}
  # Name of the ServiceAccount; generated from the full name when empty.
  name: ""

podAnnotations: {}
podLabels: {}

podSecurityContext: {}

securityContext: {}

service:
  type: ClusterIP
  port: 80

ingress:
  enabled: false
  className: ""
  annotations: {}
  hosts:
    - host: <CHARTNAME>.example.local
      paths:
        - path: /
          pathType: ImplementationSpecific
  tls: []

resources: {}
  # Requests and limits, for example:
  # limits:
  #   cpu: 100m
  #   memory: 128Mi

autoscaling:
  enabled: false
  minReplicas: 1
  maxReplicas: 10
  targetCPUUtilizationPercentage: 80
  # targetMemoryUtilizationPercentage: 80

nodeSelector: {}

tolerations: []

affinity: {}
`;

const helmignore = `# Files and directories left out of the package (one pattern a line, like .gitignore).
.DS_Store
.git/
.gitignore
.bzr/
.bzrignore
.hg/
.hgignore
.svn/
*.swp
*.bak
*.tmp
*.orig
*~
.project
.idea/
*.tmproj
.vscode/
`;

const helpers = `{{/*
The chart's short name (nameOverride wins), cut to the 63 characters Kubernetes allows in a label.
*/}}
{{- define "<CHARTNAME>.name" -}}
{{- .Values.nameOverride | default .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name of the release's objects: fullnameOverride, else RELEASE-CHART (just RELEASE when it already
holds the chart's name).
*/}}
{{- define "<CHARTNAME>.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := .Values.nameOverride | default .Chart.Name }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
CHART-VERSION, for the helm.sh/chart label.
*/}}
{{- define "<CHARTNAME>.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels every object carries.
*/}}
{{- define "<CHARTNAME>.labels" -}}
helm.sh/chart: {{ include "<CHARTNAME>.chart" . }}
{{ include "<CHARTNAME>.selectorLabels" . }}
{{- with .Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Labels that select the pods (never change them after the first install).
*/}}
{{- define "<CHARTNAME>.selectorLabels" -}}
app.kubernetes.io/name: {{ include "<CHARTNAME>.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The ServiceAccount the pods run as.
*/}}
{{- define "<CHARTNAME>.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- .Values.serviceAccount.name | default (include "<CHARTNAME>.fullname" .) }}
{{- else }}
{{- .Values.serviceAccount.name | default "default" }}
{{- end }}
{{- end }}
`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "<CHARTNAME>.fullname" . }}
  labels:
    {{- include "<CHARTNAME>.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "<CHARTNAME>.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      labels:
        {{- include "<CHARTNAME>.labels" . | nindent 8 }}
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      serviceAccountName: {{ include "<CHARTNAME>.serviceAccountName" . }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .Chart.Name }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 80
              protocol: TCP
          livenessProbe:
            httpGet:
              path: /
              port: http
          readinessProbe:
            httpGet:
              path: /
              port: http
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "<CHARTNAME>.fullname" . }}
  labels:
    {{- include "<CHARTNAME>.labels" . | nindent 4 }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: {{ .Values.service.port }}
      targetPort: http
      protocol: TCP
      name: http
  selector:
    {{- include "<CHARTNAME>.selectorLabels" . | nindent 4 }}
`;

const serviceAccount = `{{- if .Values.serviceAccount.create -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "<CHARTNAME>.serviceAccountName" . }}
  labels:
    {{- include "<CHARTNAME>.labels" . | nindent 4 }}
  {{- with .Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: {{ .Values.serviceAccount.automount }}
{{- end }}
`;

const ingress = `{{- if .Values.ingress.enabled -}}
{{- $fullName := include "<CHARTNAME>.fullname" . -}}
{{- $port := .Values.service.port -}}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ $fullName }}
  labels:
    {{- include "<CHARTNAME>.labels" . | nindent 4 }}
  {{- with .Values.ingress.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with .Values.ingress.className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- if .Values.ingress.tls }}
  tls:
    {{- range .Values.ingress.tls }}
    - hosts:
        {{- range .hosts }}
        - {{ . | quote }}
        {{- end }}
      secretName: {{ .secretName }}
    {{- end }}
  {{- end }}
  rules:
    {{- range .Values.ingress.hosts }}
    - host: {{ .host | quote }}
      http:
        paths:
          {{- range .paths }}
          - path: {{ .path }}
            pathType: {{ .pathType }}
            backend:
              service:
                name: {{ $fullName }}
                port:
                  number: {{ $port }}
          {{- end }}
    {{- end }}
{{- end }}
`;

const hpa = `{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "<CHARTNAME>.fullname" . }}
  labels:
    {{- include "<CHARTNAME>.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "<CHARTNAME>.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
    {{- with .Values.autoscaling.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
    {{- with .Values.autoscaling.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
{{- end }}
`;

const notes = `{{- $fullName := include "<CHARTNAME>.fullname" . -}}
{{ .Chart.Name }} {{ .Chart.AppVersion }} is installed as release {{ .Release.Name }} in namespace {{ .Release.Namespace }}.

Reach the application:
{{- if .Values.ingress.enabled }}
{{- range $host := .Values.ingress.hosts }}
{{- range .paths }}
  http{{ if $.Values.ingress.tls }}s{{ end }}://{{ $host.host }}{{ .path }}
{{- end }}
{{- end }}
{{- else if eq .Values.service.type "NodePort" }}
  export NODE_PORT=$(kubectl get --namespace {{ .Release.Namespace }} -o jsonpath="{.spec.ports[0].nodePort}" services {{ $fullName }})
  export NODE_IP=$(kubectl get nodes --namespace {{ .Release.Namespace }} -o jsonpath="{.items[0].status.addresses[0].address}")
  echo http://$NODE_IP:$NODE_PORT
{{- else if eq .Values.service.type "LoadBalancer" }}
  (the load balancer's address may take a minute to appear: kubectl get svc -w {{ $fullName }} -n {{ .Release.Namespace }})
  export SERVICE_IP=$(kubectl get svc --namespace {{ .Release.Namespace }} {{ $fullName }} --template "{{"{{ range (index .status.loadBalancer.ingress 0) }}{{.}}{{ end }}"}}")
  echo http://$SERVICE_IP:{{ .Values.service.port }}
{{- else }}
  kubectl --namespace {{ .Release.Namespace }} port-forward svc/{{ $fullName }} 8080:{{ .Values.service.port }}
  echo "Visit http://127.0.0.1:8080"
{{- end }}
`;

const testConnection = `apiVersion: v1
kind: Pod
metadata:
  name: "{{ include "<CHARTNAME>.fullname" . }}-test-connection"
  labels:
    {{- include "<CHARTNAME>.labels" . | nindent 4 }}
  annotations:
    "helm.sh/hook": test
spec:
  containers:
    - name: wget
      image: busybox
      command: ['wget']
      args: ['{{ include "<CHARTNAME>.fullname" . }}:{{ .Values.service.port }}']
  restartPolicy: Never
`;

/** The starter chart's files (path relative to the chart directory → content), for chart NAME. */
export function starterFiles(name: string): [string, string][] {
  return [
    ['Chart.yaml', transform(chartYaml, name)],
    ['values.yaml', transform(valuesYaml, name)],
    ['.helmignore', helmignore],
    ['templates/ingress.yaml', transform(ingress, name)],
    ['templates/deployment.yaml', transform(deployment, name)],
    ['templates/service.yaml', transform(service, name)],
    ['templates/serviceaccount.yaml', transform(serviceAccount, name)],
    ['templates/hpa.yaml', transform(hpa, name)],
    ['templates/NOTES.txt', transform(notes, name)],
    ['templates/_helpers.tpl', transform(helpers, name)],
    ['templates/tests/test-connection.yaml', transform(testConnection, name)],
  ];
}

function writeFile(name: string, content: string | Uint8Array): void {
  mkdirSync(dirname(name), { recursive: true, mode: 0o755 });
  writeFileSync(name, content, { mode: 0o644 });
}

/** chartutil.Create: DIR/NAME with the starter chart; returns the chart's absolute directory. */
export function createChart(name: string, dir: string, warn: (msg: string) => void = (m) => process.stderr.write(m)): string {
  validateChartName(name);
  const path = resolve(dir);
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new Error(`stat ${path}: no such file or directory`);
  }
  if (!st.isDirectory()) throw new Error(`no such directory ${path}`);
  const cdir = join(path, name);
  if (existsSync(cdir) && !statSync(cdir).isDirectory()) throw new Error(`file ${cdir} already exists and is not a directory`);
  for (const [rel, content] of starterFiles(name)) {
    const p = join(cdir, rel);
    if (existsSync(p)) warn(`WARNING: File ${JSON.stringify(p)} already exists. Overwriting.\n`);
    writeFile(p, content);
  }
  mkdirSync(join(cdir, 'charts'), { recursive: true, mode: 0o755 });
  return cdir;
}

/** chartutil.CreateFrom: a new chart DEST/<md.name> scaffolded from the starter chart SRC (<CHARTNAME>
 *  replaced in templates and values). */
export async function createChartFrom(md: Metadata, dest: string, src: string): Promise<void> {
  let schart: Chart;
  try {
    schart = await loadChart(src);
  } catch (e) {
    throw new Error(`could not load ${src}: ${(e as Error).message}`);
  }
  schart.metadata = md;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const outdir = join(dest, md.name ?? '');
  if (existsSync(outdir) && !statSync(outdir).isDirectory()) throw new Error(`file ${outdir} already exists and is not a directory`);
  const files: [string, string | Uint8Array][] = [['Chart.yaml', marshalMetadata(md)]];
  // values.yaml is written from the raw file (comments kept) with the placeholder replaced by the new name
  for (const f of schart.raw) if (f.name === 'values.yaml') files.push(['values.yaml', transform(dec.decode(f.data), md.name ?? '')]);
  try {
    const vals = files.find(([n]) => n === 'values.yaml');
    if (vals) parseYaml(String(vals[1]));
    else marshalYaml(schart.values);
  } catch (e) {
    throw new Error(`transforming values file: ${(e as Error).message}`);
  }
  if (schart.schema) files.push(['values.schema.json', schart.schema]);
  for (const t of schart.templates) files.push([t.name, enc.encode(transform(dec.decode(t.data), schart.name()))]);
  for (const f of schart.files) files.push([f.name, f.data]);
  mkdirSync(outdir, { recursive: true, mode: 0o755 });
  for (const [rel, content] of files) writeFile(join(outdir, rel), content);
  if (schart.dependencies.length > 0) {
    const { saveChart } = await import('./package.js');
    for (const d of schart.dependencies) saveChart(d, join(outdir, 'charts'));
  }
}

/** `helm create NAME [--starter S]`: NAME may be a path; the chart is named after its last element. */
export async function runCreate(nameArg: string, starter: string | undefined, starterDir: string, out: (s: string) => void): Promise<string> {
  out(`Creating ${nameArg}\n`);
  const chartname = nameArg.replace(/\/+$/, '').split('/').pop() || nameArg;
  const dir = dirname(nameArg);
  if (starter) {
    const md: Metadata = { name: chartname, description: 'A Helm chart for Kubernetes', type: 'application', version: '0.1.0', appVersion: '0.1.0', apiVersion: APIVersionV2 };
    const lstarter = isAbsolute(starter) ? starter : join(starterDir, starter);
    await createChartFrom(md, dir, lstarter);
    return join(resolve(dir), chartname);
  }
  return createChart(chartname, dir, out);
}
