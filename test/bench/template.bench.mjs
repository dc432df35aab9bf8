// Parse and execute throughput of the Go template engine on a generated ~2,000-line chart-like template
// with nested range/with, define + template calls, pipelines and printf.
import { Template } from '../../dist/template/index.js';
import { GoInt } from '../../dist/template/types.js';

function helpers() {
  return `{{- define "app.name" -}}{{ .Values.nameOverride | default .Chart.Name }}{{- end }}
{{- define "app.fullname" -}}{{ printf "%s-%s" .Release.Name .Chart.Name }}{{- end }}
{{- define "app.labels" -}}
app.kubernetes.io/name: {{ template "app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- range $k, $v := .Values.commonLabels }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end }}
{{- define "app.container" -}}
- name: {{ .name }}
  image: "{{ .image.repository }}:{{ .image.tag }}"
  {{- with .env }}
  env:
  {{- range . }}
    - name: {{ .name }}
      value: {{ .value | quote }}
  {{- end }}
  {{- end }}
  {{- if .ports }}
  ports:
  {{- range $i, $p := .ports }}
    - containerPort: {{ $p }}
      name: port-{{ $i }}
  {{- end }}
  {{- else }}
  ports: []
  {{- end }}
{{- end }}
`;
}

function body(blocks) {
  let s = '';
  for (let b = 0; b < blocks; b++) {
    s += `---
# block ${b}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ template "app.fullname" . }}-${b}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicas }}
  template:
    spec:
      containers:
      {{- range .Values.containers }}
      {{- template "app.container" . }}
      {{- end }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- range $k, $v := . }}
        {{ $k }}: {{ $v }}
        {{- end }}
      {{- end }}
      {{- if and .Values.enabled (gt (len .Values.containers) 1) }}
      enabled: {{ .Values.enabled }}
      {{- else if .Values.other }}
      other: true
      {{- end }}
`;
  }
  return s;
}

function values() {
  const containers = [];
  for (let i = 0; i < 6; i++) {
    containers.push({
      name: `c${i}`,
      image: { repository: `repo/img${i}`, tag: `v1.${i}` },
      env: [
        { name: 'A', value: 'x' },
        { name: 'B', value: String(i) },
      ],
      ports: i % 2 ? [8080 + i, 9090] : [],
    });
  }
  return {
    Values: {
      replicas: 3,
      enabled: true,
      containers,
      nodeSelector: { 'kubernetes.io/os': 'linux', zone: 'a' },
      commonLabels: { team: 'x', tier: 'backend' },
    },
    Release: { Name: 'rel', Namespace: 'default' },
    Chart: { Name: 'app', Version: '1.0.0' },
  };
}

function makeFuncs(t) {
  const def = (args, ret, fn, opts = {}) => ({ args, ret, fn, ...opts });
  return {
    default: def(['interface {}', 'interface {}'], 'interface {}', (d, ...v) => (v.length && v[0] !== null && v[0] !== '' ? v[0] : d), { variadic: true }),
    quote: def(['interface {}'], 'string', (...a) => a.filter((x) => x !== null).map((x) => JSON.stringify(String(x))).join(' '), { variadic: true }),
    nindent: def(['int', 'string'], 'string', (n, s) => '\n' + s.split('\n').map((l) => ' '.repeat(Number(n.value)) + l).join('\n')),
    include: def(['string', 'interface {}'], 'string', (name, data) => t.executeTemplate(name, data), { err: true }),
  };
}

function time(fn, minMs = 1500) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    fn();
    n++;
    now = performance.now();
  }
  const ms = (now - start) / n;
  return { n, ms, ops: 1000 / ms };
}

export default function run() {
  const src = helpers() + body(75);
  const lines = src.split('\n').length;
  const data = values();
  const build = () => {
    const t = new Template('root');
    t.funcs(makeFuncs(t));
    t.option('missingkey=zero');
    return t;
  };
  // correctness guard: the output must contain every block
  const t0 = build();
  t0.new('bench.yaml').parse(src);
  const out = t0.executeTemplate('bench.yaml', data);
  if (!out.includes('# block 74') || !out.includes('containerPort: 9090')) throw new Error('unexpected bench output');

  const p = time(() => {
    const t = build();
    t.new('bench.yaml').parse(src);
  });
  const e = time(() => t0.executeTemplate('bench.yaml', data));
  const outLines = out.split('\n').length;
  console.log(`template source: ${lines} lines, ${src.length} bytes; output: ${outLines} lines, ${out.length} bytes`);
  console.log(`parse:   ${p.ops.toFixed(1)} ops/s  (${p.ms.toFixed(3)} ms per parse, ${p.n} runs)`);
  console.log(`execute: ${e.ops.toFixed(1)} ops/s  (${e.ms.toFixed(3)} ms per execute, ${e.n} runs)`);
  void GoInt;
}
