{{/* The regional gateway's configuration. */}}
{{- define "geocdn.gatewayConfig" -}}
{{ include "geocdn.commonConfig" (dict "root" . "port" .Values.gateway.port "managementPort" .Values.gateway.managementPort) }}
cdn:
  gateway:
    id: {{ printf "gw-%s" .Values.region | quote }}
    region: {{ .Values.region | quote }}
    {{- with (include "geocdn.healthUrl" .) }}
    membership:
      health-service-url: {{ . | quote }}
    {{- end }}
    # this region's nodes first; the others' when all of these are down
    regions:
      {{- include "geocdn.regionNodes" . | nindent 6 }}
    {{- with .Values.distances }}
    distances:
      {{- toYaml . | nindent 6 }}
    {{- end }}
{{- end -}}

{{/* The global gateway's: every region's gateway and nodes, and client blocks to place clients by. */}}
{{- define "geocdn.globalGatewayConfig" -}}
{{ include "geocdn.commonConfig" (dict "root" . "port" 8080 "managementPort" 9080) }}
cdn:
  gateway:
    id: gw-global
    {{- with (include "geocdn.healthUrl" .) }}
    membership:
      health-service-url: {{ . | quote }}
    {{- end }}
    regions:
      {{ .Values.region }}:
        gateway: {{ printf "http://%s-gateway.%s.svc.cluster.local:%d" (include "geocdn.fullname" .) .Release.Namespace (int .Values.gateway.service.port) | quote }}
        nodes:
          {{- include "geocdn.ownNodes" . | nindent 10 }}
      {{- range $region, $spec := .Values.otherRegions }}
      {{ $region }}:
        gateway: {{ $spec.gateway | quote }}
        nodes:
          {{- toYaml $spec.nodes | nindent 10 }}
      {{- end }}
    {{- with .Values.distances }}
    distances:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- with .Values.globalGateway.cidrs }}
    placement:
      cidrs:
        {{- range $block, $region := . }}
        "[{{ $block }}]": {{ $region | quote }}
        {{- end }}
    {{- end }}
{{- end -}}

{{/* The health service's: every region's gateway and nodes to probe, and the purge log to read. */}}
{{- define "geocdn.healthConfig" -}}
{{ include "geocdn.commonConfig" (dict "root" . "port" .Values.health.port "managementPort" .Values.health.managementPort) }}
cdn:
  health:
    purge-log:
      bootstrap-servers: {{ .Values.kafka.bootstrapServers | quote }}
    regions:
      {{ .Values.region }}:
        gateway: {{ printf "http://%s-gateway.%s.svc.cluster.local:%d" (include "geocdn.fullname" .) .Release.Namespace (int .Values.gateway.service.port) | quote }}
        gateway-management: {{ printf "http://%s-gateway-management.%s.svc.cluster.local:%d" (include "geocdn.fullname" .) .Release.Namespace (int .Values.gateway.managementPort) | quote }}
        nodes:
          {{- include "geocdn.ownNodes" . | nindent 10 }}
      {{- range $region, $spec := .Values.otherRegions }}
      {{ $region }}:
        gateway: {{ $spec.gateway | quote }}
        {{- with $spec.gatewayManagement }}
        gateway-management: {{ . | quote }}
        {{- end }}
        nodes:
          {{- toYaml $spec.nodes | nindent 10 }}
      {{- end }}
{{- end -}}

{{/* The invalidation service's: the purge log, every region's nodes (warming), one token from the Secret. */}}
{{- define "geocdn.invalidationConfig" -}}
{{ include "geocdn.commonConfig" (dict "root" . "port" .Values.invalidation.port "managementPort" .Values.invalidation.managementPort) }}
cdn:
  invalidation:
    kafka:
      bootstrap-servers: {{ .Values.kafka.bootstrapServers | quote }}
    {{- with (include "geocdn.healthUrl" .) }}
    membership:
      health-service-url: {{ . | quote }}
    {{- end }}
    tokens:
      - name: admin
        secret: ${GEOCDN_PURGE_TOKEN}
        scopes: [purge, warm, read]
    regions:
      {{- include "geocdn.regionNodes" . | nindent 6 }}
{{- end -}}
