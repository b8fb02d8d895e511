{{/*
A service that keeps no state of its own, as a Deployment with its ConfigMap mounted at
/etc/geocdn: the gateways, the health service, the invalidation service. Arguments: root,
component (its name), image, values (its section of the values), env (extra container env, a list).
*/}}
{{- define "geocdn.deployment" -}}
{{- $name := printf "%s-%s" (include "geocdn.fullname" .root) .component -}}
{{- $values := .values -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "geocdn.labels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  {{- if not (and $values.autoscaling $values.autoscaling.enabled) }}
  replicas: {{ $values.replicas }}
  {{- end }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "geocdn.selectorLabels" (dict "root" .root "component" .component) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "geocdn.labels" (dict "root" .root "component" .component) | nindent 8 }}
      annotations:
        checksum/config: {{ .config | sha256sum }}
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        fsGroup: 65532
      {{- with .root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "geocdn.image" (dict "root" .root "image" .image) }}
          imagePullPolicy: {{ .root.Values.image.pullPolicy }}
          env:
            - name: SPRING_CONFIG_ADDITIONAL_LOCATION
              value: file:/etc/geocdn/
            - name: JAVA_TOOL_OPTIONS
              value: {{ printf "-Xms%dm -Xmx%dm" (int $values.heapMiB) (int $values.heapMiB) | quote }}
            {{- with .env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          ports:
            - name: http
              containerPort: {{ $values.port | default 8080 }}
            - name: management
              containerPort: {{ $values.managementPort | default 9080 }}
          {{- include "geocdn.probes" .root | nindent 10 }}
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- include "geocdn.containerSecurity" .root | nindent 12 }}
          volumeMounts:
            - name: config
              mountPath: /etc/geocdn
              readOnly: true
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: config
          configMap:
            name: {{ $name }}
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $name }}
  labels:
    {{- include "geocdn.labels" (dict "root" .root "component" .component) | nindent 4 }}
data:
  application.yaml: |
    {{- .config | nindent 4 }}
    {{- with $values.config }}
    ---
    {{- toYaml . | nindent 4 }}
    {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "geocdn.labels" (dict "root" .root "component" .component) | nindent 4 }}
  {{- with ($values.service).annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ ($values.service).type | default "ClusterIP" }}
  selector:
    {{- include "geocdn.selectorLabels" (dict "root" .root "component" .component) | nindent 4 }}
  ports:
    - name: http
      port: {{ ($values.service).port | default ($values.port | default 8080) }}
      targetPort: http
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}-management
  labels:
    {{- include "geocdn.labels" (dict "root" .root "component" .component) | nindent 4 }}
    geocdn.dev/port: management
spec:
  type: ClusterIP
  selector:
    {{- include "geocdn.selectorLabels" (dict "root" .root "component" .component) | nindent 4 }}
  ports:
    - name: management
      port: {{ $values.managementPort | default 9080 }}
      targetPort: management
{{- end -}}
