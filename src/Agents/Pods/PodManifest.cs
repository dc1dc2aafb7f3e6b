using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Agents.Pods;

// The parts of a Pod the agent acts on, read from the object's JSON as the API stored it (already
// defaulted and validated by admission, so absent fields mean what Kubernetes' defaults say).

/// <param name="Status">The status the server holds (what this node reported last), when the object had one.</param>
public sealed record PodManifest(PodMetadata Metadata, PodSpec Spec, PodStatusManifest? Status = null)
{
    public string Uid => Metadata.Uid;

    /// <summary><c>namespace/name</c>, as events and logs name a pod.</summary>
    public string Key => $"{Metadata.Namespace}/{Metadata.Name}";

    /// <summary>Being deleted: its containers are to be stopped and the server told when they are gone.</summary>
    public bool IsTerminating => Metadata.DeletionTimestamp is not null;

    /// <summary>The grace its deletion gives it, else its own termination grace.</summary>
    public TimeSpan TerminationGrace => Metadata.DeletionGracePeriodSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : Spec.TerminationGrace;

    public static PodManifest From(JsonObject pod) => pod.Deserialize(AgentJson.Default.PodManifest)
        ?? throw new JsonException("a pod without metadata or spec");
}

public sealed record PodMetadata(
    string Name,
    string Uid,
    string Namespace = "default",
    DateTimeOffset? DeletionTimestamp = null,
    long? DeletionGracePeriodSeconds = null,
    IReadOnlyDictionary<string, string>? Labels = null,
    IReadOnlyDictionary<string, string>? Annotations = null);

/// <summary>The part of the pod's stored status the agent reads back: the address it reported, kept once the pod has ended.</summary>
public sealed record PodStatusManifest(string? PodIP = null);

public sealed record PodSpec(
    IReadOnlyList<ContainerManifest> Containers,
    string RestartPolicy = "Always",
    long? TerminationGracePeriodSeconds = null,
    string? NodeName = null,
    IReadOnlyList<VolumeManifest>? Volumes = null,
    string? ServiceAccountName = null,
    IReadOnlyList<ContainerManifest>? InitContainers = null,
    string? Hostname = null)
{
    /// <summary>Kubernetes' default grace for a pod that names none.</summary>
    public TimeSpan TerminationGrace => TimeSpan.FromSeconds(TerminationGracePeriodSeconds ?? 30);
}

public sealed record ContainerManifest(
    string Name,
    string Image,
    string? ImagePullPolicy = null,
    IReadOnlyList<string>? Command = null,
    IReadOnlyList<string>? Args = null,
    string? WorkingDir = null,
    IReadOnlyList<EnvVar>? Env = null,
    IReadOnlyList<EnvFromSource>? EnvFrom = null,
    IReadOnlyList<VolumeMount>? VolumeMounts = null,
    IReadOnlyList<PortManifest>? Ports = null,
    ResourceRequirements? Resources = null,
    ProbeManifest? LivenessProbe = null,
    ProbeManifest? ReadinessProbe = null,
    ProbeManifest? StartupProbe = null,
    string? RestartPolicy = null)
{
    /// <summary>An init container that keeps running beside the app containers (Kubernetes' native sidecar).</summary>
    public bool IsSidecar => RestartPolicy == "Always";
}

/// <summary>A probe as admission defaulted it (period 10 s, timeout 1 s, success 1, failure 3).</summary>
public sealed record ProbeManifest(
    HttpGetAction? HttpGet = null,
    TcpSocketAction? TcpSocket = null,
    ExecAction? Exec = null,
    int InitialDelaySeconds = 0,
    int TimeoutSeconds = 1,
    int PeriodSeconds = 10,
    int SuccessThreshold = 1,
    int FailureThreshold = 3);

/// <summary><c>port</c> is a number or the name of a declared container port.</summary>
public sealed record HttpGetAction(System.Text.Json.JsonElement Port, string Path = "/", string? Host = null, string Scheme = "HTTP", IReadOnlyList<HttpHeader>? HttpHeaders = null);

public sealed record HttpHeader(string Name, string Value);

public sealed record TcpSocketAction(System.Text.Json.JsonElement Port, string? Host = null);

public sealed record ExecAction(IReadOnlyList<string> Command);

/// <summary>An env var: a literal value (with <c>$(VAR)</c> references), or a value from a ConfigMap, a Secret or the pod itself.</summary>
public sealed record EnvVar(string Name, string? Value = null, EnvVarSource? ValueFrom = null);

public sealed record EnvVarSource(KeyRef? ConfigMapKeyRef = null, KeyRef? SecretKeyRef = null, FieldRef? FieldRef = null);

public sealed record KeyRef(string Name, string Key, bool? Optional = null);

public sealed record FieldRef(string FieldPath);

/// <summary>Every key of a ConfigMap or Secret as env vars, each name prefixed.</summary>
public sealed record EnvFromSource(string? Prefix = null, NamedRef? ConfigMapRef = null, NamedRef? SecretRef = null);

public sealed record NamedRef(string Name, bool? Optional = null);

public sealed record VolumeMount(string Name, string MountPath, bool ReadOnly = false, string? SubPath = null);

public sealed record VolumeManifest(
    string Name,
    EmptyDirSource? EmptyDir = null,
    ConfigMapVolumeSource? ConfigMap = null,
    SecretVolumeSource? Secret = null,
    HostPathSource? HostPath = null,
    DownwardApiVolumeSource? DownwardAPI = null,
    ProjectedVolumeSource? Projected = null);

public sealed record EmptyDirSource(string? Medium = null);

public sealed record ConfigMapVolumeSource(string Name, IReadOnlyList<KeyToPath>? Items = null, int? DefaultMode = null, bool? Optional = null);

public sealed record SecretVolumeSource(string SecretName, IReadOnlyList<KeyToPath>? Items = null, int? DefaultMode = null, bool? Optional = null);

public sealed record KeyToPath(string Key, string Path, int? Mode = null);

public sealed record DownwardApiVolumeSource(IReadOnlyList<DownwardApiFile>? Items = null, int? DefaultMode = null);

/// <summary>One file of a downwardAPI volume: a field of the pod, or a container's limit or request.</summary>
public sealed record DownwardApiFile(string Path, FieldRef? FieldRef = null, ResourceFieldRef? ResourceFieldRef = null, int? Mode = null);

public sealed record ResourceFieldRef(string Resource, string? ContainerName = null, string? Divisor = null);

/// <summary>Files from several sources in one directory.</summary>
public sealed record ProjectedVolumeSource(IReadOnlyList<VolumeProjection>? Sources = null, int? DefaultMode = null);

/// <summary>One source of a projected volume (a Secret is named by <c>name</c> here, not <c>secretName</c>).</summary>
public sealed record VolumeProjection(
    ConfigMapVolumeSource? ConfigMap = null,
    SecretProjection? Secret = null,
    DownwardApiVolumeSource? DownwardAPI = null,
    System.Text.Json.JsonElement? ServiceAccountToken = null,
    System.Text.Json.JsonElement? ClusterTrustBundle = null);

public sealed record SecretProjection(string Name, IReadOnlyList<KeyToPath>? Items = null, bool? Optional = null);

public sealed record HostPathSource(string Path, string? Type = null);

public sealed record PortManifest(int ContainerPort, int? HostPort = null, string Protocol = "TCP", string? Name = null);

public sealed record ResourceRequirements(IReadOnlyDictionary<string, string>? Limits = null, IReadOnlyDictionary<string, string>? Requests = null);
