// A very large synthetic chart in the manner of kube-prometheus-stack: a parent chart with several subcharts,
// several hundred templates, a helpers file of nested named templates (include | nindent chains several levels
// deep), toYaml of value blocks, tpl on rule expressions, ranges over long lists, and big CRD files.
// Rendered in-process (load + render, cold and warm) and through the CLI (`tshelm template`, process start-up
// included) with wall time and peak RSS. Uses dist/ (run `npx tsc -p .` first).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const bin = join(repo, 'bin', 'tshelm.js');

const COMPONENTS = Number(process.env.BENCH_COMPONENTS ?? 60); // × 5 templates in the parent
const SUBCHARTS = Number(process.env.BENCH_SUBCHARTS ?? 4); // × 40 templates each
const RULES = 25; // alerting rules per component

function write(dir, files) {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

function helpers(chart) {
  return `{{- define "${chart}.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "${chart}.fullname" -}}
{{- if .Values.fullnameOverride -}}{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}{{- end -}}{{- end -}}
{{- end -}}
{{- define "${chart}.chartref" -}}{{- replace "+" "_" .Chart.Version | printf "%s-%s" .Chart.Name -}}{{- end -}}
{{- define "${chart}.namespace" -}}{{- default .Release.Namespace .Values.namespaceOverride -}}{{- end -}}
{{- define "${chart}.selectorLabels" -}}
app.kubernetes.io/name: {{ include "${chart}.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- define "${chart}.labels" -}}
helm.sh/chart: {{ include "${chart}.chartref" . }}
{{ include "${chart}.selectorLabels" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
release: {{ $.Release.Name | quote }}
heritage: {{ $.Release.Service | quote }}
{{- if .Values.commonLabels }}
{{ toYaml .Values.commonLabels }}
{{- end }}
{{- end -}}
{{- define "${chart}.component.labels" -}}
{{ include "${chart}.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}
{{- define "${chart}.component.fullname" -}}
{{- printf "%s-%s" (include "${chart}.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "${chart}.metadata" -}}
name: {{ include "${chart}.component.fullname" . }}
namespace: {{ include "${chart}.namespace" .root }}
labels:
  {{- include "${chart}.component.labels" . | nindent 2 }}
{{- with .annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
`;
}

function componentTemplates(chart, comp) {
  const ctx = `(dict "root" . "component" "${comp}" "annotations" .Values.components.${comp}.annotations)`;
  const v = `.Values.components.${comp}`;
  return {
    [`templates/${comp}/deployment.yaml`]: `{{- if ${v}.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  {{- include "${chart}.metadata" ${ctx} | nindent 2 }}
spec:
  replicas: {{ ${v}.replicas }}
  selector:
    matchLabels:
      {{- include "${chart}.selectorLabels" . | nindent 6 }}
      app.kubernetes.io/component: ${comp}
  template:
    metadata:
      labels:
        {{- include "${chart}.component.labels" ${ctx} | nindent 8 }}
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/${comp}/configmap.yaml") . | sha256sum }}
    spec:
      serviceAccountName: {{ include "${chart}.component.fullname" ${ctx} }}
      containers:
        - name: ${comp}
          image: "{{ ${v}.image.repository }}:{{ ${v}.image.tag | default $.Chart.AppVersion }}"
          args:
            {{- range $k, $val := ${v}.args }}
            - --{{ $k }}={{ $val }}
            {{- end }}
          env:
            {{- range $i, $e := ${v}.env }}
            - name: {{ $e.name | upper | replace "-" "_" }}
              value: {{ $e.value | quote }}
            {{- end }}
          resources:
            {{- toYaml ${v}.resources | nindent 12 }}
          securityContext:
            {{- toYaml $.Values.securityContext | nindent 12 }}
{{- end }}
`,
    [`templates/${comp}/service.yaml`]: `{{- if ${v}.enabled }}
apiVersion: v1
kind: Service
metadata:
  {{- include "${chart}.metadata" ${ctx} | nindent 2 }}
spec:
  ports:
    {{- range ${v}.ports }}
    - name: {{ .name }}
      port: {{ .port }}
      targetPort: {{ .name }}
    {{- end }}
  selector:
    {{- include "${chart}.selectorLabels" . | nindent 4 }}
{{- end }}
`,
    [`templates/${comp}/serviceaccount.yaml`]: `{{- if ${v}.enabled }}
apiVersion: v1
kind: ServiceAccount
metadata:
  {{- include "${chart}.metadata" ${ctx} | nindent 2 }}
{{- end }}
`,
    [`templates/${comp}/configmap.yaml`]: `{{- if ${v}.enabled }}
apiVersion: v1
kind: ConfigMap
metadata:
  {{- include "${chart}.metadata" ${ctx} | nindent 2 }}
data:
  config.yaml: |
    {{- toYaml ${v} | nindent 4 }}
  merged.json: {{ merge (deepCopy ${v}.args) $.Values.defaultArgs | toJson | quote }}
{{- end }}
`,
    [`templates/${comp}/rules.yaml`]: `{{- if ${v}.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  {{- include "${chart}.metadata" ${ctx} | nindent 2 }}
spec:
  groups:
    - name: ${comp}.rules
      rules:
        {{- range ${v}.rules }}
        - alert: {{ .alert }}
          expr: {{ tpl .expr $ | quote }}
          for: {{ .for | default "5m" }}
          labels:
            severity: {{ .severity }}
            {{- include "${chart}.selectorLabels" $ | nindent 12 }}
          annotations:
            summary: {{ printf "%s on %s" .alert "${comp}" | quote }}
            runbook: {{ printf "https://runbooks.example.com/%s/%s" "${comp}" (lower .alert) }}
        {{- end }}
{{- end }}
`,
  };
}

function componentValues(comp, i) {
  const rules = [];
  for (let r = 0; r < RULES; r++)
    rules.push(
      `      - alert: ${comp.replace(/-/g, '')}Alert${r}\n        expr: 'rate(http_requests_total{job="{{ .Release.Name }}-${comp}",code=~"5.."}[5m]) > ${r}'\n        severity: ${r % 3 ? 'warning' : 'critical'}\n`,
    );
  return `  ${comp}:
    enabled: ${i % 7 !== 6}
    replicas: ${1 + (i % 3)}
    image:
      repository: quay.io/example/${comp}
      tag: v${i}.0.0
    annotations:
      example.com/owner: team-${i % 5}
    args:
      log-level: info
      port: ${8000 + i}
      retention: ${i}d
    env:
      - name: cluster-name
        value: bench
      - name: shard-${i}
        value: "${i}"
    ports:
      - name: http
        port: ${8000 + i}
      - name: metrics
        port: ${9000 + i}
    resources:
      requests:
        cpu: ${10 + i}m
        memory: ${64 + i}Mi
      limits:
        memory: ${128 + i}Mi
    rules:
${rules.join('')}`;
}

function makeChart(dir, chart, ncomp, withCrds) {
  const comps = Array.from({ length: ncomp }, (_, i) => `c${i}`);
  const files = {
    'Chart.yaml': `apiVersion: v2\nname: ${chart}\nversion: 1.2.3\nappVersion: "v0.70.0"\n`,
    'values.yaml': `commonLabels:\n  team: observability\n  tier: monitoring\nsecurityContext:\n  runAsNonRoot: true\n  runAsUser: 65534\n  readOnlyRootFilesystem: true\ndefaultArgs:\n  log-format: json\n  web.enable-lifecycle: true\ncomponents:\n${comps.map(componentValues).join('')}`,
    'templates/_helpers.tpl': helpers(chart),
  };
  for (const c of comps) Object.assign(files, componentTemplates(chart, c));
  if (withCrds) {
    for (let i = 0; i < 10; i++) {
      let props = '';
      for (let p = 0; p < 400; p++) props += `                  field${p}:\n                    type: string\n                    description: A long description of field ${p} of the custom resource, as CRDs have.\n`;
      files[`crds/crd-${i}.yaml`] = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things${i}.monitoring.example.com\nspec:\n  group: monitoring.example.com\n  names:\n    kind: Thing${i}\n    plural: things${i}\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n${props}`;
    }
  }
  write(dir, files);
  return comps.length * 5;
}

export function makeLargeChart(root) {
  const top = join(root, 'kube-stack');
  let n = makeChart(top, 'kube-stack', COMPONENTS, true);
  const deps = [];
  for (let s = 0; s < SUBCHARTS; s++) {
    const name = `sub${s}`;
    n += makeChart(join(top, 'charts', name), name, 8, false);
    deps.push(`  - name: ${name}\n    version: 1.2.3\n    repository: ""\n`);
  }
  writeFileSync(join(top, 'Chart.yaml'), `apiVersion: v2\nname: kube-stack\nversion: 1.2.3\nappVersion: "v0.70.0"\ndependencies:\n${deps.join('')}`);
  return { dir: top, templates: n };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function run() {
  if (!existsSync(join(repo, 'dist', 'index.js'))) {
    console.log('render-large bench skipped: dist/ not built (run npx tsc -p .)');
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'tshelm-large-'));
  try {
    const { dir, templates } = makeLargeChart(root);
    const lib = await import(pathToFileURL(join(repo, 'dist', 'index.js')).href);
    const times = [];
    let outFiles = 0;
    let outBytes = 0;
    for (let i = 0; i < 4; i++) {
      const t0 = performance.now();
      const chart = await lib.loadChart(dir);
      const out = await lib.renderChart(chart, { releaseName: 'bench', namespace: 'monitoring' });
      times.push(performance.now() - t0);
      outFiles = Object.keys(out).length;
      outBytes = Object.values(out).reduce((a, s) => a + s.length, 0);
    }
    const hasTime = existsSync('/usr/bin/time');
    const t0 = performance.now();
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-v', process.execPath, bin, 'template', 'bench', dir, '-n', 'monitoring', '--include-crds'], { encoding: 'utf8', maxBuffer: 1 << 30 })
      : spawnSync(process.execPath, [bin, 'template', 'bench', dir, '-n', 'monitoring', '--include-crds'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const cliMs = performance.now() - t0;
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
    const docs = (r.stdout.match(/^# Source: /gm) ?? []).length;
    console.log(`synthetic kube-stack: ${templates} templates (${SUBCHARTS} subcharts), ${outFiles} rendered files, ${(outBytes / 1048576).toFixed(1)} MB out`);
    console.log(`  in-process load+render: cold ${times[0].toFixed(0)} ms, warm ${median(times.slice(1)).toFixed(0)} ms; heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
    console.log(`  CLI tshelm template --include-crds: ${cliMs.toFixed(0)} ms wall, peak RSS ${m ? (Number(m[1]) / 1024).toFixed(0) + ' MB' : 'n/a'}, ${docs} documents, exit ${r.status}`);
    if (r.status !== 0) console.log(`  CLI error: ${(r.stderr ?? '').split('\n')[0]}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await run();
