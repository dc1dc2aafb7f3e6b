using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Berth.Engine.Store;

namespace Berth.Api.Authentication;

/// <summary>A token just issued: the secret exists only here, once; the store keeps its hash.</summary>
public sealed record IssuedToken(string Id, string Secret, string User, string? Workspace, bool ReadOnly = false);

/// <summary>Whom a verified token speaks for: a user, in one workspace or (null) in each of theirs, perhaps only to read.</summary>
public sealed record TokenIdentity(string Id, string User, string? Workspace, bool ReadOnly);

/// <summary>
/// API tokens in the <c>api_tokens</c> table (migration 0002): random 256-bit secrets, stored only
/// as SHA-256 hashes. A high-entropy secret needs no slow password hash: nobody can guess one to
/// match a leaked hash, and a plain hash lets a request be verified with one indexed lookup,
/// which <see cref="VerifiedTokenCache"/> then spares for a few seconds.
/// </summary>
public sealed class ApiTokenStore(DatastoreConfig datastore, TimeProvider time)
{
    private const string SecretPrefix = "berth_";

    private readonly VerifiedTokenCache verified = new(time);

    /// <param name="workspace">The one workspace the token opens, or null for every workspace the user is a member of.</param>
    public async Task<IssuedToken> IssueAsync(string user, string? workspace, string description, DateTimeOffset? expires = null, bool readOnly = false, CancellationToken ct = default)
    {
        var id = "tok_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        await ExecuteAsync(
            "INSERT INTO api_tokens (id, token_hash, user_name, workspace, description, created_at, expires_at, read_only) " +
            "VALUES (@id, @hash, @user, @workspace, @description, @created, @expires, @readOnly)",
            ct,
            ("id", id), ("hash", Hash(secret)), ("user", user), ("workspace", (object?)workspace ?? DBNull.Value), ("description", description),
            ("created", Time(time.GetUtcNow())), ("expires", expires is null ? DBNull.Value : Time(expires.Value)), ("readOnly", readOnly));
        return new IssuedToken(id, secret, user, workspace, readOnly);
    }

    /// <summary>The identity of a live token (not revoked, not expired), or null for anything else.</summary>
    public async Task<TokenIdentity?> VerifyAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null; // not one of ours: no need to ask the database
        }

        var hash = Hash(secret);
        if (verified.Find(hash) is { } known)
        {
            return known;
        }

        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = Command(connection,
            "SELECT id, user_name, workspace, expires_at, read_only FROM api_tokens WHERE token_hash = @hash AND revoked_at IS NULL",
            ("hash", hash));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        DateTimeOffset? expires = reader.IsDBNull(3) ? null : ReadTime(reader.GetValue(3));
        if (expires <= time.GetUtcNow())
        {
            return null;
        }

        var identity = new TokenIdentity(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetBoolean(4));
        verified.Remember(hash, identity, expires);
        return identity;
    }

    /// <summary>Revokes every live token of <paramref name="user"/> in <paramref name="workspace"/> issued for <paramref name="description"/>.</summary>
    public async Task RevokeAsync(string user, string workspace, string description, CancellationToken ct = default)
    {
        await ExecuteAsync(
            "UPDATE api_tokens SET revoked_at = @now WHERE user_name = @user AND workspace = @workspace AND description = @description AND revoked_at IS NULL",
            ct, ("now", Time(time.GetUtcNow())), ("user", user), ("workspace", workspace), ("description", description));
        verified.Clear(); // revocations are rare: forgetting every verified token is simpler than finding its hash
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private async Task ExecuteAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        SqlCommands.Create(connection, sql, parameters);

    // PostgreSQL columns are timestamptz (Npgsql wants UTC DateTimeOffset); SQLite's are ISO 8601 text.
    private object Time(DateTimeOffset value) =>
        datastore.Kind == DatastoreKind.Postgres ? value.ToUniversalTime() : value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ReadTime(object value) => value switch
    {
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        DateTimeOffset offset => offset,
        _ => DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
    };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
