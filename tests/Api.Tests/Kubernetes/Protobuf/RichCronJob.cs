namespace Berth.Api.Tests.Kubernetes.Protobuf;

/// <summary>
/// A cron job whose pod template uses most of what pods can say: probes, env sources, resources, volumes,
/// scheduling and security, zero values behind Go pointers. <c>kubectl create job --from</c> sends all of it back as protobuf.
/// </summary>
internal static class RichCronJob
{
    public const string Name = "nightly";

    public const string Manifest = """
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: nightly
          labels: {team: data}
          annotations: {note: kept}
        spec:
          schedule: "0 3 * * *"
          timeZone: Etc/UTC
          concurrencyPolicy: Forbid
          startingDeadlineSeconds: 0
          suspend: false
          jobTemplate:
            metadata:
              labels: {job: nightly}
            spec:
              backoffLimit: 0
              parallelism: 2
              completions: 4
              completionMode: Indexed
              activeDeadlineSeconds: 600
              ttlSecondsAfterFinished: 3600
              podFailurePolicy:
                rules:
                - action: FailJob
                  onExitCodes: {containerName: main, operator: In, values: [42, 43]}
                - action: Ignore
                  onPodConditions: [{type: DisruptionTarget, status: "True"}]
              template:
                metadata:
                  labels: {job: nightly}
                  annotations: {trace: "on"}
                spec:
                  restartPolicy: Never
                  serviceAccountName: robot
                  automountServiceAccountToken: false
                  terminationGracePeriodSeconds: 0
                  nodeSelector: {disk: ssd}
                  hostname: worker
                  securityContext:
                    runAsUser: 1000
                    runAsNonRoot: true
                    fsGroup: 2000
                    supplementalGroups: [3000, 4000]
                    sysctls: [{name: net.ipv4.ping_group_range, value: "0 1"}]
                    seccompProfile: {type: RuntimeDefault}
                  tolerations:
                  - {key: dedicated, operator: Equal, value: batch, effect: NoSchedule}
                  - {operator: Exists, effect: NoExecute, tolerationSeconds: 30}
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a, b]}]}]
                    podAntiAffinity:
                      preferredDuringSchedulingIgnoredDuringExecution:
                      - weight: 50
                        podAffinityTerm:
                          topologyKey: kubernetes.io/hostname
                          labelSelector: {matchExpressions: [{key: job, operator: Exists}]}
                  topologySpreadConstraints:
                  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {job: nightly}}}
                  hostAliases: [{ip: 127.0.0.2, hostnames: [db.local]}]
                  dnsConfig: {nameservers: [127.0.0.53], options: [{name: ndots, value: "2"}]}
                  imagePullSecrets: [{name: registry}]
                  initContainers:
                  - name: init
                    image: busybox:1.36
                    command: [sh, -c, echo init]
                  containers:
                  - name: main
                    image: busybox:1.36
                    imagePullPolicy: IfNotPresent
                    command: [sh, -c]
                    args: ["echo $GREETING; sleep 1"]
                    workingDir: /work
                    ports:
                    - {name: http, containerPort: 8080, protocol: TCP}
                    - {containerPort: 9090, hostPort: 19090, protocol: UDP}
                    env:
                    - {name: GREETING, value: hello}
                    - {name: EMPTY, value: ""}
                    - name: POD_NAME
                      valueFrom: {fieldRef: {fieldPath: metadata.name}}
                    - name: MODE
                      valueFrom: {configMapKeyRef: {name: settings, key: mode, optional: true}}
                    - name: PASSWORD
                      valueFrom: {secretKeyRef: {name: login, key: password}}
                    - name: MEMORY_MB
                      valueFrom: {resourceFieldRef: {containerName: main, resource: limits.memory, divisor: 1Mi}}
                    envFrom:
                    - {configMapRef: {name: settings}, prefix: CFG_}
                    - {secretRef: {name: login, optional: false}}
                    resources:
                      requests: {cpu: 250m, memory: 64Mi}
                      limits: {cpu: "1", memory: 128Mi}
                    volumeMounts:
                    - {name: data, mountPath: /work}
                    - {name: config, mountPath: /etc/app, readOnly: true, subPath: app}
                    livenessProbe:
                      httpGet: {path: /healthz, port: http, httpHeaders: [{name: X-Probe, value: "1"}]}
                      initialDelaySeconds: 5
                      periodSeconds: 10
                    readinessProbe:
                      tcpSocket: {port: 8080}
                      failureThreshold: 3
                    startupProbe:
                      exec: {command: [cat, /tmp/ready]}
                      timeoutSeconds: 2
                    lifecycle:
                      preStop: {sleep: {seconds: 2}}
                      postStart: {httpGet: {path: /started, port: 8080, scheme: HTTP}}
                    securityContext:
                      allowPrivilegeEscalation: false
                      readOnlyRootFilesystem: true
                      runAsUser: 0
                      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
                    stdin: true
                    tty: true
                    terminationMessagePolicy: FallbackToLogsOnError
                  volumes:
                  - name: data
                    emptyDir: {sizeLimit: 1Gi, medium: Memory}
                  - name: config
                    configMap: {name: settings, defaultMode: 0644, items: [{key: app, path: app.conf}]}
                  - name: secret
                    secret: {secretName: login, optional: true}
                  - name: host
                    hostPath: {path: /var/log, type: Directory}
                  - name: claim
                    persistentVolumeClaim: {claimName: data, readOnly: true}
                  - name: projected
                    projected:
                      sources:
                      - serviceAccountToken: {path: token, expirationSeconds: 3600, audience: api}
                      - downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
                  - name: nfs
                    nfs: {server: nfs.local, path: /exports}
        """;
}
