using Berth.Api.Limits;
using Berth.Engine.Observability;
using Berth.Engine.Store;
using Berth.Engine.Controllers.Runtime;
using Microsoft.Extensions.Logging;

namespace Berth.Api;

/// <summary>What <c>berth server</c> is told on its command line; plain values, so tests build one as easily as the CLI does.</summary>
public sealed record ServerOptions
{
    /// <summary>Where the embedded SQLite datastore lives when <see cref="Datastore"/> is not given.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>The address and port to serve HTTP on, e.g. <c>127.0.0.1:8080</c>; port 0 picks a free one.</summary>
    public string Listen { get; init; } = "127.0.0.1:8080";

    /// <summary>The datastore as users type it (see <c>DatastoreConfig.Parse</c>); null means embedded SQLite.</summary>
    public string? Datastore { get; init; }

    /// <summary>Tuning for the control loops (leader election, workspace discovery, retries); tests shorten the waits.</summary>
    public ControllerOptions Controllers { get; init; } = new();

    /// <summary>
    /// The first password of the bootstrap user <c>admin</c>; null generates one. Used only when
    /// the admin does not exist yet: a restart never changes it.
    /// </summary>
    public string? AdminPassword { get; init; }

    /// <summary>Whether anyone may create an account (<c>POST /console/v1/users</c>); an operator running a closed server turns it off.</summary>
    public bool AllowSignUp { get; init; } = true;

    /// <summary>
    /// How long a deleted workspace's objects and revisions are kept before they are purged and its
    /// name is free again (<c>--deleted-workspace-retention</c>); zero, the default, purges them as
    /// part of the deletion. Nobody can reach them meanwhile: this is time to restore from the
    /// database, not an undo.
    /// </summary>
    public TimeSpan DeletedWorkspaceRetention { get; init; } = TimeSpan.Zero;

    /// <summary>Where the server's logs go. The whole process shares one logger factory built from this.</summary>
    public Action<ILoggingBuilder> Logging { get; init; } = ConsoleLogging.Console(LogFormat.Text);

    /// <summary>
    /// The key file Secrets are encrypted with at rest (<c>--encryption-key-file</c>); null means
    /// <c>DATA_DIR/encryption-keys.json</c>. Made with a new key when missing. Every server sharing a
    /// datastore needs the same file (docs/identity.md, "Secrets at rest").
    /// </summary>
    public string? EncryptionKeyFile { get; init; }

    /// <summary>
    /// The operator's own serving certificate (<c>--tls-cert-file</c>, PEM, the leaf first and any
    /// chain after it) and its key (<c>--tls-key-file</c>), given together; null for both means the
    /// server's generated CA in <c>DATA_DIR/tls/</c> (docs/identity.md, "TLS").
    /// </summary>
    public string? TlsCertificateFile { get; init; }

    /// <inheritdoc cref="TlsCertificateFile"/>
    public string? TlsKeyFile { get; init; }

    /// <summary>
    /// The CA that signed <see cref="TlsCertificateFile"/> (<c>--tls-ca-file</c>), which kubeconfigs
    /// embed and join tokens hash; null takes the self-signed certificate the chain ends in, if any.
    /// </summary>
    public string? TlsCaFile { get; init; }

    /// <summary>
    /// Where the other replicas sharing the datastore reach this one (<c>--advertise-url</c>), to read
    /// the log of a pod whose node's agent is connected here; null means <c>https://</c> with the
    /// address bound (and the port Kestrel took), or the machine's host name when bound to every address.
    /// </summary>
    public string? AdvertiseUrl { get; init; }

    /// <summary>Tuning of the revision store and its watch cache (its logger is the server's).</summary>
    public RevisionStoreOptions Store { get; init; } = new();

    /// <summary>Request and sign-in rate limits (429 with Retry-After beyond them).</summary>
    public RateLimitOptions RateLimits { get; init; } = new();
}
