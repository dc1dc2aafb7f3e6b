using System.Security.Cryptography;
using System.Text;
using Berth.Engine.Nodes;
using Berth.Engine.Store;

namespace Berth.Api.Agents;

/// <summary>A node credential just issued: the secret exists only here, once.</summary>
public sealed record IssuedNodeCredential(string Id, string Secret, string Workspace, string NodeName);

/// <summary>The node a verified credential speaks for.</summary>
public sealed record NodeCaller(string CredentialId, string Workspace, string NodeName);

/// <summary>
/// Node credentials in <c>node_credentials</c> (migration 0009): random 256-bit secrets with their
/// own prefix, so a leaked one is recognisable as a node's and never mistaken for a user's API
/// token, stored only as SHA-256 hashes. Verification reads the table every time: an agent
/// presents its credential once per connection, not per request, so there is nothing to cache.
/// </summary>
public sealed class NodeCredentialStore(DatastoreConfig datastore, TimeProvider time)
{
    public const string SecretPrefix = NodeCredentialSecret.Prefix;

    public async Task<IssuedNodeCredential> IssueAsync(string workspace, string nodeName, CancellationToken ct = default)
    {
        var (id, secret) = NewSecret();
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = Command(connection,
            "INSERT INTO node_credentials (id, token_hash, workspace, node_name, created_at) VALUES (@id, @hash, @workspace, @node, @created)",
            ("id", id), ("hash", Hash(secret)), ("workspace", workspace), ("node", nodeName), ("created", Time(time.GetUtcNow())));
        await command.ExecuteNonQueryAsync(ct);
        return new IssuedNodeCredential(id, secret, workspace, nodeName);
    }

    /// <summary>
    /// Issues the node's credential only if it has no live one, as one step: of two joins racing
    /// for one name, one gets the node and the other null (else both would check, find none, and
    /// both become the node). PostgreSQL serializes the two on a transaction lock of the name;
    /// SQLite's write transaction already does.
    /// </summary>
    public async Task<IssuedNodeCredential?> IssueFirstAsync(string workspace, string nodeName, CancellationToken ct = default)
    {
        var (id, secret) = NewSecret();
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (datastore.Kind == DatastoreKind.Postgres)
        {
            await using var lockName = Command(connection, "SELECT pg_advisory_xact_lock(hashtextextended('berth node ' || @workspace || '/' || @node, 0))",
                ("workspace", workspace), ("node", nodeName));
            lockName.Transaction = transaction;
            await lockName.ExecuteNonQueryAsync(ct);
        }

        await using var insert = Command(connection,
            "INSERT INTO node_credentials (id, token_hash, workspace, node_name, created_at) SELECT @id, @hash, @workspace, @node, @created " +
            "WHERE NOT EXISTS (SELECT 1 FROM node_credentials WHERE workspace = @workspace AND node_name = @node AND revoked_at IS NULL)",
            ("id", id), ("hash", Hash(secret)), ("workspace", workspace), ("node", nodeName), ("created", Time(time.GetUtcNow())));
        insert.Transaction = transaction;
        var issued = await insert.ExecuteNonQueryAsync(ct) == 1;
        await transaction.CommitAsync(ct);
        return issued ? new IssuedNodeCredential(id, secret, workspace, nodeName) : null;
    }

    /// <summary>The node of a live credential, or null for anything else (unknown, revoked, not a node credential).</summary>
    public async Task<NodeCaller?> VerifyAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = Command(connection,
            "SELECT id, workspace, node_name FROM node_credentials WHERE token_hash = @hash AND revoked_at IS NULL", ("hash", Hash(secret)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new NodeCaller(reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    /// <summary>Whether the credential with this id is still live (a connected agent's is checked now and then).</summary>
    public async Task<bool> IsLiveAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = Command(connection, "SELECT 1 FROM node_credentials WHERE id = @id AND revoked_at IS NULL", ("id", id));
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>Whether the node has a live credential.</summary>
    public async Task<bool> HasLiveAsync(string workspace, string nodeName, CancellationToken ct = default)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = Command(connection,
            "SELECT 1 FROM node_credentials WHERE workspace = @workspace AND node_name = @node AND revoked_at IS NULL",
            ("workspace", workspace), ("node", nodeName));
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>Revokes every live credential of the node; returns how many there were.</summary>
    public async Task<int> RevokeAsync(string workspace, string nodeName, CancellationToken ct = default)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = Command(connection,
            "UPDATE node_credentials SET revoked_at = @now WHERE workspace = @workspace AND node_name = @node AND revoked_at IS NULL",
            ("now", Time(time.GetUtcNow())), ("workspace", workspace), ("node", nodeName));
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static (string Id, string Secret) NewSecret() =>
        ("node_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
         SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private object Time(DateTimeOffset value) => SqlCommands.Timestamp(datastore.Kind, value);

    private static System.Data.Common.DbCommand Command(System.Data.Common.DbConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        SqlCommands.Create(connection, sql, parameters);
}
