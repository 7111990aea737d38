{{/* The release's resources are called after the release, or after the chart when the release name holds it. */}}
{{- define "stagehand.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "stagehand.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "stagehand.labels" -}}
{{ include "stagehand.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* application.yaml of the ConfigMap: the demo switch, the sources and any other setting from .Values.config. */}}
{{- define "stagehand.applicationYaml" -}}
{{- $stagehand := dict "demo" (dict "enabled" .Values.demo) "git-cache" "/var/lib/stagehand/git" -}}
{{- if .Values.sources -}}
{{- $_ := set $stagehand "sources" .Values.sources -}}
{{- end -}}
{{- $app := mustMergeOverwrite (dict "stagehand" $stagehand) (deepCopy .Values.config) -}}
{{- toYaml $app -}}
{{- end -}}
