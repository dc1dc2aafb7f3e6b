using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Berth.Engine.Store;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Replicas;

/// <summary>
/// The server replicas sharing this datastore, in <c>server_replicas</c> (migration 0015): each
/// records where the others reach it and the certificate its TLS is verified by, keeps its row fresh
/// while it runs and deletes it when it stops. What an agent's replica alone can do (read a pod's
/// log from the node) another replica asks of it over HTTP, with the cluster secret
/// (<c>cluster_secret</c>, made once by the first replica) as the proof that a replica asks.
/// </summary>
internal sealed partial class ReplicaDirectory(DatastoreConfig datastore, TimeProvider time, ILogger<ReplicaDirectory> log) : IAsyncDisposable
{
    /// <summary>How often a running replica says it is alive.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    /// <summary>A replica silent for this long is taken for dead: its nodes' agents may connect elsewhere.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>The header a replica sends the cluster secret in.</summary>
    public const string SecretHeader = "Berth-Replica-Secret";

    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, HttpClient> clients = new();
    private Task refresh = Task.CompletedTask;
    private byte[] secret = [];

    /// <summary>This replica, as <c>node_heartbeats.server_id</c> and <c>server_replicas</c> name it.</summary>
    public string ServerId { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Whether another replica was alive (seen within <see cref="Timeout"/>) when this one last
    /// looked: at its start, then with each refresh of its own row (every <see cref="RefreshInterval"/>,
    /// on the same connection). What only other replicas make worth doing (reading what they share)
    /// can be skipped while there are none, so a lone server does no periodic query for it.
    /// </summary>
    public bool OthersAlive => othersAlive;

    /// <summary>When this replica last looked for the others (<see cref="OthersAlive"/>); null before its start.</summary>
    public DateTimeOffset? LookedAt { get; private set; }

    private volatile bool othersAlive;

    /// <summary>Where the other replicas reach this one, once it has started.</summary>
    public Uri? Url { get; private set; }

    /// <summary>Another replica as its row says: its URL and the certificate (PEM) its TLS must chain to.</summary>
    public sealed record Replica(string ServerId, Uri Url, string TrustedPem);

    /// <summary>Records this replica (after Kestrel bound its port) and keeps the row fresh until disposed.</summary>
    public async Task StartAsync(Uri url, string trustedPem, CancellationToken ct)
    {
        Url = url;
        secret = Encoding.UTF8.GetBytes(await EnsureSecretAsync(ct));
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using (var command = SqlCommands.Create(connection,
            "INSERT INTO server_replicas (server_id, url, trusted_pem, last_seen) VALUES (@server, @url, @pem, @now)",
            ("server", ServerId), ("url", url.ToString()), ("pem", trustedPem), ("now", Now)))
        {
            await command.ExecuteNonQueryAsync(ct);
        }

        // Rows of replicas that died rather than stopped: nothing reads them once stale.
        await using (var command = SqlCommands.Create(connection, "DELETE FROM server_replicas WHERE last_seen < @old",
            ("old", SqlCommands.Timestamp(datastore.Kind, time.GetUtcNow() - TimeSpan.FromDays(1)))))
        {
            await command.ExecuteNonQueryAsync(ct);
        }

        await LookForOthersAsync(connection, ct);
        refresh = Task.Run(() => RefreshAsync(stop.Token), CancellationToken.None);
    }

    /// <summary>The replica <paramref name="serverId"/> if it is alive (seen within <see cref="Timeout"/>), else null.</summary>
    public async Task<Replica?> FindAsync(string serverId, CancellationToken ct)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = SqlCommands.Create(connection,
            "SELECT url, trusted_pem FROM server_replicas WHERE server_id = @server AND last_seen >= @alive",
            ("server", serverId), ("alive", SqlCommands.Timestamp(datastore.Kind, AliveSince)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new Replica(serverId, new Uri(reader.GetString(0)), reader.GetString(1)) : null;
    }

    /// <summary>Replicas seen since this moment are alive.</summary>
    public DateTimeOffset AliveSince => time.GetUtcNow() - Timeout;

    /// <summary>Whether <paramref name="presented"/> is the cluster secret; in constant time, so its bytes cannot be guessed one by one.</summary>
    public bool IsClusterSecret(string? presented) =>
        secret.Length > 0 && presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), secret);

    /// <summary>A request to <paramref name="replica"/>'s internal endpoint <paramref name="path"/>, carrying the cluster secret.</summary>
    public HttpRequestMessage Request(Replica replica, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(replica.Url, path));
        request.Headers.Add(SecretHeader, Encoding.UTF8.GetString(secret));
        return request;
    }

    /// <summary>
    /// The client for <paramref name="replica"/>: its TLS must chain to the certificate that replica
    /// recorded (its CA, or its own certificate), and to nothing else: not the system's roots. The
    /// host name is not checked, as the certificate of a replica bound to 0.0.0.0 names no address
    /// another machine reaches it by; the pinned anchor is what makes it that replica.
    /// </summary>
    public HttpClient ClientFor(Replica replica) =>
        clients.GetOrAdd(replica.ServerId + "\n" + replica.TrustedPem, _ =>
        {
            var anchor = X509Certificate2.CreateFromPem(replica.TrustedPem);
            var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, chain, _) => Trusts(anchor, certificate, chain),
                },
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                ConnectTimeout = TimeSpan.FromSeconds(10),
                // A redirect would carry the secret header wherever it points: a replica never redirects.
                AllowAutoRedirect = false,
            };
            // A follow lasts as long as its container: the stream has no overall deadline.
            return new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        });

    private static bool Trusts(X509Certificate2 anchor, X509Certificate? presented, X509Chain? sent)
    {
        if (presented is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        if (leaf.RawDataMemory.Span.SequenceEqual(anchor.RawDataMemory.Span))
        {
            return true;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(anchor);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (sent is not null)
        {
            foreach (var element in sent.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }

    private object Now => SqlCommands.Timestamp(datastore.Kind, time.GetUtcNow());

    /// <summary>The cluster secret: the row the first replica made, or a new one if none did yet (two at once agree on the first insert).</summary>
    private async Task<string> EnsureSecretAsync(CancellationToken ct)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using (var insert = SqlCommands.Create(connection,
            "INSERT INTO cluster_secret (id, secret) VALUES (1, @secret) ON CONFLICT (id) DO NOTHING",
            ("secret", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))))
        {
            await insert.ExecuteNonQueryAsync(ct);
        }

        await using var select = SqlCommands.Create(connection, "SELECT secret FROM cluster_secret WHERE id = 1");
        return (string)(await select.ExecuteScalarAsync(ct))!;
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        while (await Ticked(timer, ct))
        {
            try
            {
                await using var connection = await Connections.OpenAsync(datastore, ct);
                await using var command = SqlCommands.Create(connection,
                    "UPDATE server_replicas SET last_seen = @now WHERE server_id = @server", ("server", ServerId), ("now", Now));
                await command.ExecuteNonQueryAsync(ct);
                await LookForOthersAsync(connection, ct);
            }
            catch (Exception e) when (e is StoreException or DbException && !ct.IsCancellationRequested)
            {
                LogRefreshFailed(log, e);
            }
        }
    }

    private async Task LookForOthersAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = SqlCommands.Create(connection,
            "SELECT EXISTS (SELECT 1 FROM server_replicas WHERE server_id <> @server AND last_seen >= @alive)",
            ("server", ServerId), ("alive", SqlCommands.Timestamp(datastore.Kind, AliveSince)));
        othersAlive = Convert.ToBoolean(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        LookedAt = time.GetUtcNow();
    }

    /// <summary>The next tick of <paramref name="timer"/>; false once <paramref name="ct"/> is cancelled.</summary>
    public static async Task<bool> Ticked(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await refresh.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
        if (Url is not null)
        {
            try
            {
                await using var connection = await Connections.OpenAsync(datastore, CancellationToken.None);
                await using var command = SqlCommands.Create(connection, "DELETE FROM server_replicas WHERE server_id = @server", ("server", ServerId));
                await command.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is StoreException or DbException)
            {
                LogRefreshFailed(log, e); // its row goes stale instead
            }
        }

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not record this replica as alive in server_replicas")]
    private static partial void LogRefreshFailed(ILogger logger, Exception e);
}
