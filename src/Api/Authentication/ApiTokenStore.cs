using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Berth.Api.Tenancy;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;

namespace Berth.Api.Authentication;

/// <summary>
/// API tokens in the <c>api_tokens</c> table (migrations 0002, 0005, 0008): random 256-bit
/// secrets, stored only as SHA-256 hashes. A high-entropy secret needs no slow password hash:
/// nobody can guess one to match a leaked hash, and a plain hash lets a request be verified with
/// one indexed lookup. That lookup is made on every request, uncached, so a revocation or an
/// expiry takes effect on the very next request on every replica sharing the datastore.
/// </summary>
public sealed class ApiTokenStore(DatastoreConfig datastore, TimeProvider time)
{
    /// <summary>Every secret starts with this, so secret scanners (and people) can tell a leaked Berth token.</summary>
    public const string SecretPrefix = "berth_";

    /// <summary>How often one server records that a token was used: often enough to tell a live token from a forgotten one.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const string Columns = "id, user_name, workspace, description, role, read_only, created_at, expires_at, last_used_at, revoked_at";

    private readonly ConcurrentDictionary<string, DateTimeOffset> lastUseRecorded = new();

    public async Task<IssuedToken> IssueAsync(NewToken token, CancellationToken ct = default)
    {
        var id = "tok_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        await ExecuteAsync(
            "INSERT INTO api_tokens (id, token_hash, user_name, workspace, description, created_at, expires_at, read_only, role) " +
            "VALUES (@id, @hash, @user, @workspace, @description, @created, @expires, @readOnly, @role)",
            ct,
            ("id", id), ("hash", Hash(secret)), ("user", token.User), ("workspace", (object?)token.Workspace ?? DBNull.Value), ("description", token.Name),
            ("created", Time(time.GetUtcNow())), ("expires", token.ExpiresAt is { } expires ? Time(expires) : DBNull.Value), ("readOnly", token.ReadOnly),
            ("role", token.Role is { } role ? role.Name() : DBNull.Value));
        return new IssuedToken(id, secret, token.User, token.Workspace, token.ReadOnly, token.Role);
    }

    /// <param name="workspace">The one workspace the token opens, or null for every workspace the user is a member of.</param>
    public Task<IssuedToken> IssueAsync(string user, string? workspace, string description, DateTimeOffset? expires = null, bool readOnly = false, CancellationToken ct = default) =>
        IssueAsync(new NewToken(user, workspace, description, expires, readOnly), ct);

    /// <summary>The identity of a live token (not revoked, not expired), or null for anything else.</summary>
    public async Task<TokenIdentity?> VerifyAsync(string secret, CancellationToken ct = default) =>
        (await VerifyAsync(secret, null, ct)).Identity;

    /// <summary>
    /// <see cref="VerifyAsync(string, CancellationToken)"/>, and in the same query the stored row of
    /// the namespace <paramref name="read"/> names (its <c>current_values</c> row, as the store's own
    /// get reads it; a deleted one is none), for a create into it: one round trip where a token check
    /// and then the store's read were two. The row is returned only with a live token's identity.
    /// </summary>
    public async Task<(TokenIdentity? Identity, NamespaceRead? Namespace)> VerifyAsync(string secret, (string Workspace, string Namespace)? read, CancellationToken ct = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return (null, null); // not one of ours: no need to ask the database
        }

        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = read is { } wanted
            ? Command(connection,
                "SELECT t.id, t.user_name, t.workspace, t.expires_at, t.read_only, t.role, c.key, c.revision, c.create_revision, c.value FROM api_tokens t " +
                "LEFT JOIN current_values c ON c.workspace = @workspace AND c.key = @key AND NOT c.deleted WHERE t.token_hash = @hash AND t.revoked_at IS NULL",
                ("hash", Hash(secret)), ("workspace", wanted.Workspace), ("key", NamespaceRead.KeyOf(wanted.Namespace)))
            : Command(connection,
                "SELECT id, user_name, workspace, expires_at, read_only, role FROM api_tokens WHERE token_hash = @hash AND revoked_at IS NULL",
                ("hash", Hash(secret)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return (null, null);
        }

        var now = time.GetUtcNow();
        if (!reader.IsDBNull(3) && SqlCommands.ReadTimestamp(reader.GetValue(3)) <= now)
        {
            return (null, null);
        }

        var identity = new TokenIdentity(reader.GetString(0), reader.GetString(1), NullableText(reader, 2), reader.GetBoolean(4), Role(reader, 5));
        RecordUse(identity.Id, now);
        var @namespace = read is { } asked
            ? new NamespaceRead(asked.Workspace, asked.Namespace, reader.IsDBNull(6) ? null
                : new KeyValue(reader.GetString(6), Bytes(reader.GetValue(9)), reader.GetInt64(7), reader.GetInt64(8)))
            : null;
        return (identity, @namespace);
    }

    /// <summary>A stored value as bytes: PostgreSQL's <c>json</c> comes back as text, SQLite's blob as bytes.</summary>
    private static byte[] Bytes(object value) => value as byte[] ?? Encoding.UTF8.GetBytes((string)value);

    /// <summary>The tokens of one user, newest first, revoked and expired ones included.</summary>
    public Task<IReadOnlyList<ApiTokenInfo>> ListOfUserAsync(string user, CancellationToken ct = default) =>
        ListAsync("user_name = @value", user, ct);

    /// <summary>The tokens scoped to one workspace, of every user, newest first.</summary>
    public Task<IReadOnlyList<ApiTokenInfo>> ListOfWorkspaceAsync(string workspace, CancellationToken ct = default) =>
        ListAsync("workspace = @value", workspace, ct);

    /// <summary>
    /// Revokes the token <paramref name="id"/> if it is <paramref name="user"/>'s, live, and (when
    /// <paramref name="workspace"/> is given) scoped to that workspace; false when there is no such token.
    /// </summary>
    public Task<bool> RevokeOfUserAsync(string id, string user, string? workspace = null, CancellationToken ct = default) =>
        workspace is null
            ? RevokeOneAsync(id, "user_name = @owner", user, ct)
            : RevokeOneAsync(id, "user_name = @owner AND workspace = @workspace", user, ct, ("workspace", workspace));

    /// <summary>Revokes the token <paramref name="id"/> if it is scoped to <paramref name="workspace"/> and live; false when there is no such token.</summary>
    public Task<bool> RevokeInWorkspaceAsync(string id, string workspace, CancellationToken ct = default) =>
        RevokeOneAsync(id, "workspace = @owner", workspace, ct);

    /// <summary>Revokes every live token of <paramref name="user"/> in <paramref name="workspace"/> issued for <paramref name="description"/>.</summary>
    public Task RevokeAsync(string user, string workspace, string description, CancellationToken ct = default) =>
        ExecuteAsync(
            "UPDATE api_tokens SET revoked_at = @now WHERE user_name = @user AND workspace = @workspace AND description = @description AND revoked_at IS NULL",
            ct, ("now", Time(time.GetUtcNow())), ("user", user), ("workspace", workspace), ("description", description));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private async Task<bool> RevokeOneAsync(string id, string ownership, string owner, CancellationToken ct, params (string Name, object Value)[] more)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = Command(connection,
            $"UPDATE api_tokens SET revoked_at = @now WHERE id = @id AND {ownership} AND revoked_at IS NULL",
            [("now", Time(time.GetUtcNow())), ("id", id), ("owner", owner), .. more]);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    private async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(string filter, string value, CancellationToken ct)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = Command(connection, $"SELECT {Columns} FROM api_tokens WHERE {filter} ORDER BY created_at DESC, id", ("value", value));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var tokens = new List<ApiTokenInfo>();
        while (await reader.ReadAsync(ct))
        {
            tokens.Add(new ApiTokenInfo(reader.GetString(0), reader.GetString(1), NullableText(reader, 2), reader.GetString(3), Role(reader, 4),
                reader.GetBoolean(5), SqlCommands.ReadTimestamp(reader.GetValue(6)), NullableTime(reader, 7), NullableTime(reader, 8), NullableTime(reader, 9)));
        }

        return tokens;
    }

    /// <summary>
    /// Notes the use in <c>last_used_at</c>, at most once per <see cref="LastUsedResolution"/> per
    /// token on this server and off the request's path: a busy token costs one write a minute, not
    /// one per request, and a failed write loses only this hint.
    /// </summary>
    private void RecordUse(string id, DateTimeOffset now)
    {
        if (lastUseRecorded.TryGetValue(id, out var recorded) && now - recorded < LastUsedResolution)
        {
            return;
        }

        if (lastUseRecorded.Count > 100_000)
        {
            lastUseRecorded.Clear(); // bounded: forgetting only means one more write per token
        }

        lastUseRecorded[id] = now;
        _ = Task.Run(async () =>
        {
            try
            {
                await ExecuteAsync("UPDATE api_tokens SET last_used_at = @now WHERE id = @id", CancellationToken.None, ("now", Time(now)), ("id", id));
            }
            catch (Exception)
            {
                // Any failure (the datastore is busy or closing) loses only this hint.
                lastUseRecorded.TryRemove(id, out _); // try again on the next use
            }
        });
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        SqlCommands.Create(connection, sql, parameters);

    private object Time(DateTimeOffset value) => SqlCommands.Timestamp(datastore.Kind, value);

    private static string? NullableText(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static DateTimeOffset? NullableTime(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : SqlCommands.ReadTimestamp(reader.GetValue(column));

    private static WorkspaceRole? Role(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : WorkspaceRoles.Parse(reader.GetString(column));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
