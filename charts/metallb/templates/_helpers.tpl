{{/* The namespace of every object: .Values.namespace, else the release's. */}}
{{- define "metallb.namespace" -}}
{{- default .Release.Namespace .Values.namespace -}}
{{- end -}}

{{/* Labels of every object; pass (dict "ctx" $ "component" "controller"). */}}
{{- define "metallb.labels" -}}
app: metallb
app.kubernetes.io/name: metallb
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
{{- with .component }}
component: {{ . }}
{{- end }}
{{- end -}}

{{/* The address ranges as a list, whether configmap.ipRange is one string or a list. */}}
{{- define "metallb.addresses" -}}
{{- $r := .Values.configmap.ipRange -}}
{{- if kindIs "slice" $r -}}
{{- toYaml $r -}}
{{- else -}}
{{- list (toString $r) | toYaml -}}
{{- end -}}
{{- end -}}
