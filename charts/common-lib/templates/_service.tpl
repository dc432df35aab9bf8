{{/*
common-lib.service: a Service for the chart's pods. Values used: service.type, service.port (and the
container port named "http").
*/}}
{{- define "common-lib.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "common-lib.fullname" . }}
  labels:
    {{- include "common-lib.labels" . | nindent 4 }}
spec:
  type: {{ .Values.service.type | default "ClusterIP" }}
  ports:
    - name: http
      port: {{ .Values.service.port }}
      targetPort: http
      protocol: TCP
  selector:
    {{- include "common-lib.selectorLabels" . | nindent 4 }}
{{- end -}}
