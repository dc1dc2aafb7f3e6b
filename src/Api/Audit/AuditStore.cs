using System.Data.Common;
using System.Globalization;
using Berth.Engine.Store;

namespace Berth.Api.Audit;

/// <summary>
/// What a read of the audit log asks for: one workspace (null: rows of every workspace and of none,
/// which only a read narrowed to one user may ask), optionally narrowed, newest first, a page at a time.
/// </summary>
public sealed record AuditQuery(
    string? Workspace,
    string? User = null,
    string? Resource = null,
    string? Verb = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    long? Before = null,
    int Limit = 100);

/// <summary>
/// The <c>audit_events</c> table (migration 0007). It only ever inserts and selects: the log is
/// append-only, so nothing here updates or deletes a row.
/// </summary>
public sealed class AuditStore(DatastoreConfig datastore)
{
    private const string Columns = "at, user_name, token_id, workspace, verb, api_group, resource, subresource, namespace, name, status, source, revision";

    /// <summary>Rows per INSERT: 13 parameters each, under SQLite's oldest limit of 999 parameters a statement.</summary>
    private const int RowsPerStatement = 64;

    /// <summary>
    /// Appends <paramref name="events"/> whole or not at all, in their order (ids grow with it). One
    /// multi-row INSERT per <see cref="RowsPerStatement"/> rows: a batch that fits in one is one
    /// statement, atomic by itself, so one round trip with no transaction to open and commit (the
    /// writer loop flushes many small batches under load, and every round trip is CPU on both ends).
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var transaction = events.Count > RowsPerStatement ? await connection.BeginTransactionAsync(ct) : null;
        for (var start = 0; start < events.Count; start += RowsPerStatement)
        {
            await using var command = InsertCommand(connection, events, start, Math.Min(RowsPerStatement, events.Count - start));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(ct);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }

    private DbCommand InsertCommand(DbConnection connection, IReadOnlyList<AuditEvent> events, int start, int count)
    {
        var sql = new System.Text.StringBuilder($"INSERT INTO audit_events ({Columns}) VALUES ");
        var parameters = new List<(string, object)>(count * 13);
        for (var i = 0; i < count; i++)
        {
            var e = events[start + i];
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture,
                $"(@at{i}, @user{i}, @token{i}, @workspace{i}, @verb{i}, @group{i}, @resource{i}, @subresource{i}, @namespace{i}, @name{i}, @status{i}, @source{i}, @revision{i})");
            parameters.AddRange([
                ($"at{i}", SqlCommands.Timestamp(datastore.Kind, e.At)), ($"user{i}", Nullable(e.User)), ($"token{i}", Nullable(e.TokenId)),
                ($"workspace{i}", Nullable(e.Workspace)), ($"verb{i}", e.Verb), ($"group{i}", Nullable(e.ApiGroup)), ($"resource{i}", Nullable(e.Resource)),
                ($"subresource{i}", Nullable(e.Subresource)), ($"namespace{i}", Nullable(e.Namespace)), ($"name{i}", Nullable(e.Name)),
                ($"status{i}", e.Status), ($"source{i}", Nullable(e.Source)), ($"revision{i}", (object?)e.Revision ?? DBNull.Value)]);
        }

        return SqlCommands.Create(connection, sql.ToString(), [.. parameters]);
    }

    /// <summary>One page of a workspace's log, newest first.</summary>
    public async Task<IReadOnlyList<AuditEvent>> ReadAsync(AuditQuery query, CancellationToken ct)
    {
        if (query.Workspace is null && query.User is null)
        {
            throw new ArgumentException("a read of every workspace's rows must be narrowed to one user", nameof(query));
        }

        var where = new List<string> { "1 = 1" };
        var parameters = new List<(string, object)> { ("limit", query.Limit) };
        void Filter(string clause, string name, object? value)
        {
            if (value is not null)
            {
                where.Add(clause);
                parameters.Add((name, value));
            }
        }

        Filter("workspace = @workspace", "workspace", query.Workspace);
        Filter("user_name = @user", "user", query.User);
        Filter("resource = @resource", "resource", query.Resource);
        Filter("verb = @verb", "verb", query.Verb);
        Filter("at >= @since", "since", query.Since is { } since ? SqlCommands.Timestamp(datastore.Kind, since) : null);
        Filter("at < @until", "until", query.Until is { } until ? SqlCommands.Timestamp(datastore.Kind, until) : null);
        Filter("id < @before", "before", query.Before);

        return await SelectAsync($"WHERE {string.Join(" AND ", where)} ORDER BY id DESC LIMIT @limit", [.. parameters], ct);
    }

    /// <summary>
    /// The rows of successful writes that stored a revision of one object from <paramref name="fromRevision"/>
    /// to <paramref name="toRevision"/>: who made each revision of its history.
    /// </summary>
    public Task<IReadOnlyList<AuditEvent>> ReadRevisionsAsync(string workspace, string resource, string? @namespace, string name, long fromRevision, long toRevision, CancellationToken ct)
    {
        // The (workspace, revision) index narrows to the range; the object's own columns pick its rows out of it.
        (string, object)[] parameters = [("workspace", workspace), ("from", fromRevision), ("to", toRevision), ("resource", resource), ("name", name)];
        return @namespace is null
            ? SelectAsync($"{ObjectRevisions} AND namespace IS NULL ORDER BY revision", parameters, ct)
            : SelectAsync($"{ObjectRevisions} AND namespace = @namespace ORDER BY revision", [.. parameters, ("namespace", @namespace)], ct);
    }

    private const string ObjectRevisions = "WHERE workspace = @workspace AND revision >= @from AND revision <= @to AND resource = @resource AND name = @name";

    private async Task<IReadOnlyList<AuditEvent>> SelectAsync(string clauses, (string, object)[] parameters, CancellationToken ct)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = SqlCommands.Create(connection, $"SELECT id, {Columns} FROM audit_events {clauses}", parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<AuditEvent>();
        while (await reader.ReadAsync(ct))
        {
            events.Add(new AuditEvent(ReadTime(reader.GetValue(1)), Text(reader, 2), Text(reader, 3), Text(reader, 4), reader.GetString(5),
                Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9), Text(reader, 10), reader.GetInt32(11), Text(reader, 12))
            {
                Id = reader.GetInt64(0),
                Revision = reader.IsDBNull(13) ? null : reader.GetInt64(13),
            });
        }

        return events;
    }

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset ReadTime(object value) => value switch
    {
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        DateTimeOffset offset => offset,
        _ => DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
    };
}
