using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Berth.Engine.Nodes;
using Berth.Engine.Store;

namespace Berth.Api.Agents;

/// <summary>A join token as the console lists it: never its secret.</summary>
public sealed record JoinTokenInfo(string Id, string Workspace, string Description, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>A join token just issued: the secret exists only here, once.</summary>
public sealed record IssuedJoinToken(JoinTokenInfo Info, string Secret);

/// <summary>
/// Join tokens in <c>join_tokens</c> (migration 0006): random 256-bit secrets, kept only as
/// SHA-256 hashes, each good for one workspace until it expires or is revoked. A join token is
/// only ever exchanged for a node credential (<see cref="NodeCredentialStore"/>); it is never what
/// a node connects with, so revoking one leaves the nodes that joined with it connected.
/// </summary>
public sealed class JoinTokenStore(DatastoreConfig datastore, TimeProvider time)
{
    private const string Columns = "id, workspace, description, created_by, created_at, expires_at, revoked_at";

    public async Task<IssuedJoinToken> IssueAsync(string workspace, string description, string createdBy, DateTimeOffset? expires, CancellationToken ct = default)
    {
        var secret = JoinToken.NewSecret();
        var info = new JoinTokenInfo("join_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), workspace, description, createdBy,
            time.GetUtcNow(), expires, null);
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = SqlCommands.Create(connection,
            "INSERT INTO join_tokens (id, token_hash, workspace, description, created_by, created_at, expires_at) " +
            "VALUES (@id, @hash, @workspace, @description, @by, @created, @expires)",
            ("id", info.Id), ("hash", Hash(secret)), ("workspace", workspace), ("description", description), ("by", createdBy),
            ("created", Time(info.CreatedAt)), ("expires", expires is null ? DBNull.Value : Time(expires.Value)));
        await command.ExecuteNonQueryAsync(ct);
        return new IssuedJoinToken(info, secret);
    }

    /// <summary>The workspace's join tokens, revoked and expired ones too, newest first.</summary>
    public async Task<IReadOnlyList<JoinTokenInfo>> ListAsync(string workspace, CancellationToken ct = default)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = SqlCommands.Create(connection,
            $"SELECT {Columns} FROM join_tokens WHERE workspace = @workspace ORDER BY created_at DESC, id", ("workspace", workspace));
        return await ReadAllAsync(command, ct);
    }

    /// <summary>Revokes the token; false when the workspace has no token of that id.</summary>
    public async Task<bool> RevokeAsync(string workspace, string id, CancellationToken ct = default)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = SqlCommands.Create(connection,
            "UPDATE join_tokens SET revoked_at = COALESCE(revoked_at, @now) WHERE workspace = @workspace AND id = @id",
            ("now", Time(time.GetUtcNow())), ("workspace", workspace), ("id", id));
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>The token whose secret this is, when it is live (not revoked, not expired); else null.</summary>
    public async Task<JoinTokenInfo?> VerifyAsync(string secret, CancellationToken ct = default)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = SqlCommands.Create(connection,
            $"SELECT {Columns} FROM join_tokens WHERE token_hash = @hash AND revoked_at IS NULL", ("hash", Hash(secret)));
        var found = (await ReadAllAsync(command, ct)).SingleOrDefault();
        return found is { ExpiresAt: { } expires } && expires <= time.GetUtcNow() ? null : found;
    }

    private static async Task<IReadOnlyList<JoinTokenInfo>> ReadAllAsync(DbCommand command, CancellationToken ct)
    {
        var found = new List<JoinTokenInfo>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(new JoinTokenInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                SqlCommands.ReadTimestamp(reader.GetValue(4)),
                reader.IsDBNull(5) ? null : SqlCommands.ReadTimestamp(reader.GetValue(5)),
                reader.IsDBNull(6) ? null : SqlCommands.ReadTimestamp(reader.GetValue(6))));
        }

        return found;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private object Time(DateTimeOffset value) => SqlCommands.Timestamp(datastore.Kind, value);
}
