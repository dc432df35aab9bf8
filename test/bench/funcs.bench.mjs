// Function-heavy rendering: a chart whose templates lean on Sprig and Helm functions the way big real charts do
// (toYaml of a large values tree, nested include | nindent, tpl, dict/merge/list work, printf/quote/trunc,
// sha256sum, b64enc), rendered through the built library (loadChart + renderChart). Reports renders per second
// and the output size. Uses dist/ (run `npx tsc -p .` first).
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function valuesYaml() {
  let y = 'global:\n  labels:\n    team: platform\n    tier: backend\nservices:\n';
  for (let i = 0; i < 60; i++) {
    y += `  svc${i}:\n    enabled: ${i % 7 !== 0}\n    image: {repository: registry.example.com/team/app${i}, tag: "1.${i}.0", pullPolicy: IfNotPresent}\n`;
    y += `    replicas: ${1 + (i % 4)}\n    ports: [{name: http, containerPort: ${8000 + i}}, {name: metrics, containerPort: ${9000 + i}}]\n`;
    y += `    env:\n${Array.from({ length: 12 }, (_, k) => `      - {name: VAR_${k}, value: "value-${i}-${k}"}\n`).join('')}`;
    y += `    resources: {limits: {cpu: ${100 + i}m, memory: ${128 + i}Mi}, requests: {cpu: 50m, memory: 64Mi}}\n`;
    y += `    annotations: {checksum/config: "${'ab'.repeat(16)}", note: "{{ .Release.Name }}-svc${i}"}\n`;
  }
  return y;
}

const helpers = `{{- define "bench.name" -}}{{ .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- define "bench.fullname" -}}{{ printf "%s-%s" .Release.Name (include "bench.name" .) | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- define "bench.labels" -}}
app.kubernetes.io/name: {{ include "bench.name" . }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ toYaml .Values.global.labels }}
{{- end -}}
{{- define "bench.container" -}}
- name: {{ .name }}
  image: {{ printf "%s:%s" .svc.image.repository .svc.image.tag | quote }}
  ports: {{- toYaml .svc.ports | nindent 4 }}
  env: {{- toYaml .svc.env | nindent 4 }}
  resources: {{- toYaml .svc.resources | nindent 4 }}
{{- end -}}
`;

const deployment = `{{- range $name, $svc := .Values.services }}
{{- if $svc.enabled }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "bench.fullname" $ }}-{{ $name }}
  labels: {{- include "bench.labels" $ | nindent 4 }}
  annotations:
    {{- range $k, $v := $svc.annotations }}
    {{ $k }}: {{ tpl $v $ | quote }}
    {{- end }}
    checksum/values: {{ toYaml $svc | sha256sum }}
spec:
  replicas: {{ $svc.replicas }}
  selector:
    matchLabels: {{- include "bench.labels" $ | nindent 6 }}
  template:
    metadata:
      labels: {{- merge (dict "svc" $name) $.Values.global.labels | toYaml | nindent 8 }}
    spec:
      containers: {{- include "bench.container" (dict "name" $name "svc" $svc) | nindent 8 }}
      volumes: {{- list (dict "name" "cfg" "configMap" (dict "name" (printf "%s-cfg" $name))) | toYaml | nindent 8 }}
---
apiVersion: v1
kind: Secret
metadata:
  name: {{ $name }}-secret
data:
  token: {{ printf "%s-%s" $name $svc.image.tag | b64enc | quote }}
{{- end }}
{{- end }}
`;

export default async function () {
  const { loadChart, renderChart } = await import(pathToFileURL(join(repo, 'dist', 'index.js')).href);
  const dir = mkdtempSync(join(tmpdir(), 'tshelm-bench-funcs-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: bench\nversion: 1.2.3\n');
  writeFileSync(join(dir, 'values.yaml'), valuesYaml());
  writeFileSync(join(dir, 'templates', '_helpers.tpl'), helpers);
  writeFileSync(join(dir, 'templates', 'deployments.yaml'), deployment);
  const chart = await loadChart(dir);
  const opts = { releaseName: 'bench', namespace: 'default' };
  let out = await renderChart(chart, opts);
  const text = out['bench/templates/deployments.yaml'];
  if (!text || !text.includes('kind: Deployment') || !text.includes('VAR_11')) throw new Error('unexpected bench output');
  for (let i = 0; i < 3; i++) out = await renderChart(await loadChart(dir), opts);
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 3000) {
    await renderChart(await loadChart(dir), opts);
    n++;
  }
  const ms = (performance.now() - t0) / n;
  console.log(`function-heavy chart: ${text.split('\n').length} output lines, ${text.length} bytes`);
  console.log(`load+render: ${(1000 / ms).toFixed(1)} ops/s  (${ms.toFixed(2)} ms per render, ${n} runs)`);
}
