{{/* The release's base name, for every object. */}}
{{- define "geocdn.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels of a component's objects: the root context and the component's name. */}}
{{- define "geocdn.labels" -}}
{{ include "geocdn.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
geocdn.dev/region: {{ .root.Values.region | quote }}
{{- end -}}

{{- define "geocdn.selectorLabels" -}}
app.kubernetes.io/name: geocdn
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* A component's image: the registry, its name and the tag (the chart's appVersion by default). */}}
{{- define "geocdn.image" -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .image (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{/* How many node slots exist: the autoscaler's maximum, so that every gateway knows every slot. */}}
{{- define "geocdn.nodeSlots" -}}
{{- if .Values.node.autoscaling.enabled -}}{{ .Values.node.autoscaling.maxReplicas }}{{- else -}}{{ .Values.node.replicas }}{{- end -}}
{{- end -}}

{{/* This region's nodes as the services list them: id, data URL, management URL per slot. */}}
{{- define "geocdn.ownNodes" -}}
{{- $name := include "geocdn.fullname" . -}}
{{- $root := . -}}
{{- range $i := until (int (include "geocdn.nodeSlots" .)) }}
- id: {{ printf "%s-%d" $root.Values.region $i }}
  url: {{ printf "http://%s-node-%d.%s-node.%s.svc.cluster.local:%d" $name $i $name $root.Release.Namespace (int $root.Values.node.port) }}
  management: {{ printf "http://%s-node-%d.%s-node.%s.svc.cluster.local:%d" $name $i $name $root.Release.Namespace (int $root.Values.node.managementPort) }}
{{- end }}
{{- end -}}

{{/* Every region's nodes, this one's first: the shape of cdn.gateway.regions, cdn.peers.regions, ... */}}
{{- define "geocdn.regionNodes" -}}
{{ .Values.region }}:
  nodes:
{{- include "geocdn.ownNodes" . | nindent 4 }}
{{- range $region, $spec := .Values.otherRegions }}
{{ $region }}:
  nodes:
{{- toYaml $spec.nodes | nindent 4 }}
{{- end }}
{{- end -}}

{{/* The health service's URL: the configured one, else this install's own, else none. */}}
{{- define "geocdn.healthUrl" -}}
{{- if .Values.healthServiceUrl -}}
{{- .Values.healthServiceUrl -}}
{{- else if .Values.health.enabled -}}
{{- printf "http://%s-health.%s.svc.cluster.local:%d" (include "geocdn.fullname" .) .Release.Namespace (int .Values.health.port) -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding cluster-secret and purge-token. */}}
{{- define "geocdn.secretName" -}}
{{- default (printf "%s-credentials" (include "geocdn.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* What every service's configuration starts with: listening on the pod's address, tracing. */}}
{{- define "geocdn.commonConfig" -}}
server:
  address: 0.0.0.0
  port: {{ .port }}
management:
  server:
    address: 0.0.0.0
    port: {{ .managementPort }}
{{- with .root.Values.tracing.otlpEndpoint }}
  opentelemetry:
    tracing:
      export:
        otlp:
          endpoint: {{ . | quote }}
  tracing:
    sampling:
      probability: {{ $.root.Values.tracing.samplingProbability }}
{{- end }}
{{- end -}}

{{/* The memory of a node's container in MiB: heap, direct memory for the cache and its headroom, JVM overhead. */}}
{{- define "geocdn.nodeDirectMiB" -}}
{{- $cache := int .Values.node.cacheMaxMiB -}}
{{- add $cache (max 32 (div $cache 8)) 256 -}}
{{- end -}}

{{- define "geocdn.nodeMemoryMiB" -}}
{{- add (int (include "geocdn.nodeDirectMiB" .)) (int .Values.node.heapMiB) 384 -}}
{{- end -}}

{{/* The container security context every GeoCDN container runs with. */}}
{{- define "geocdn.containerSecurity" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Probes on the management port: startup (up to 60 s), readiness and liveness. */}}
{{- define "geocdn.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: management
  periodSeconds: 1
  failureThreshold: 60
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: management
  periodSeconds: 2
  failureThreshold: 2
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: management
  periodSeconds: 10
  failureThreshold: 3
{{- end -}}

{{/* Whether the Prometheus Operator's objects are rendered. */}}
{{- define "geocdn.monitoring" -}}
{{- if eq (toString .Values.monitoring.enabled) "true" -}}true
{{- else if and (eq (toString .Values.monitoring.enabled) "auto") (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") -}}true
{{- end -}}
{{- end -}}
