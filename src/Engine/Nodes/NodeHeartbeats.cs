using Berth.Engine.Store;

namespace Berth.Engine.Nodes;

/// <summary>
/// Node heartbeats in <c>node_heartbeats</c> (migration 0012): one row per node, overwritten by
/// each beat, beside the revision log rather than in it. The AgentHub writes them; the node
/// lifecycle controller reads them to tell a silent node from a live one, whichever replica the
/// node is connected to. The row also names that replica (<c>server_id</c>, empty once its agent
/// left), so a second agent is refused on every replica and a log is read through the right one,
/// and keeps the node's latest usage report (migration 0015), so every replica serves it.
/// </summary>
public sealed class NodeHeartbeats(DatastoreConfig datastore)
{
    /// <summary>
    /// The node beat (and its replica holds it); with <paramref name="usage"/>, its latest usage
    /// report rides on the same write, so sharing usage costs no write of its own.
    /// </summary>
    public async Task BeatAsync(string workspace, string nodeName, string serverId, DateTimeOffset now, CancellationToken ct = default,
        (string Report, DateTimeOffset At)? usage = null)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = usage is { } shared
            ? SqlCommands.Create(connection,
                "INSERT INTO node_heartbeats (workspace, node_name, last_seen, server_id, usage_report, usage_at) VALUES (@workspace, @node, @now, @server, @report, @at) " +
                "ON CONFLICT (workspace, node_name) DO UPDATE SET last_seen = excluded.last_seen, server_id = excluded.server_id, " +
                "usage_report = excluded.usage_report, usage_at = excluded.usage_at",
                ("workspace", workspace), ("node", nodeName), ("now", SqlCommands.Timestamp(datastore.Kind, now)), ("server", serverId),
                ("report", shared.Report), ("at", SqlCommands.Timestamp(datastore.Kind, shared.At)))
            : SqlCommands.Create(connection,
                "INSERT INTO node_heartbeats (workspace, node_name, last_seen, server_id) VALUES (@workspace, @node, @now, @server) " +
                "ON CONFLICT (workspace, node_name) DO UPDATE SET last_seen = excluded.last_seen, server_id = excluded.server_id",
                ("workspace", workspace), ("node", nodeName), ("now", SqlCommands.Timestamp(datastore.Kind, now)), ("server", serverId));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>When the node last beat, or null if it never did.</summary>
    public async Task<DateTimeOffset?> LastSeenAsync(string workspace, string nodeName, CancellationToken ct = default)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = SqlCommands.Create(connection,
            "SELECT last_seen FROM node_heartbeats WHERE workspace = @workspace AND node_name = @node", ("workspace", workspace), ("node", nodeName));
        return await command.ExecuteScalarAsync(ct) is { } value and not DBNull ? SqlCommands.ReadTimestamp(value) : null;
    }

    /// <summary>
    /// Makes <paramref name="serverId"/> the node's replica and beats, unless another replica holds
    /// it: one that is alive (its <c>server_replicas</c> row seen since <paramref name="replicaAliveSince"/>)
    /// and whose session of the node beat since <paramref name="beatAliveSince"/>. One statement, so of
    /// two agents registering on two replicas at once exactly one gets the node. False when refused.
    /// </summary>
    public async Task<bool> ClaimAsync(string workspace, string nodeName, string serverId, DateTimeOffset now,
        DateTimeOffset beatAliveSince, DateTimeOffset replicaAliveSince, CancellationToken ct = default)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = SqlCommands.Create(connection,
            "INSERT INTO node_heartbeats (workspace, node_name, last_seen, server_id) VALUES (@workspace, @node, @now, @server) " +
            "ON CONFLICT (workspace, node_name) DO UPDATE SET last_seen = excluded.last_seen, server_id = excluded.server_id " +
            "WHERE node_heartbeats.server_id IN ('', excluded.server_id) OR node_heartbeats.last_seen < @beat " +
            "OR NOT EXISTS (SELECT 1 FROM server_replicas r WHERE r.server_id = node_heartbeats.server_id AND r.last_seen >= @replica)",
            ("workspace", workspace), ("node", nodeName), ("now", SqlCommands.Timestamp(datastore.Kind, now)), ("server", serverId),
            ("beat", SqlCommands.Timestamp(datastore.Kind, beatAliveSince)), ("replica", SqlCommands.Timestamp(datastore.Kind, replicaAliveSince)));
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>The node's agent left <paramref name="serverId"/>: no replica holds it now, so it may connect to any at once.</summary>
    public async Task ReleaseAsync(string workspace, string nodeName, string serverId, CancellationToken ct = default)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = SqlCommands.Create(connection,
            "UPDATE node_heartbeats SET server_id = '' WHERE workspace = @workspace AND node_name = @node AND server_id = @server",
            ("workspace", workspace), ("node", nodeName), ("server", serverId));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The replica holding the node's agent and when the node last beat; null if none holds it.</summary>
    public async Task<(string ServerId, DateTimeOffset LastSeen)?> HolderAsync(string workspace, string nodeName, CancellationToken ct = default)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = SqlCommands.Create(connection,
            "SELECT server_id, last_seen FROM node_heartbeats WHERE workspace = @workspace AND node_name = @node AND server_id <> ''",
            ("workspace", workspace), ("node", nodeName));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetString(0), SqlCommands.ReadTimestamp(reader.GetValue(1))) : null;
    }

    /// <summary>The usage reports received since <paramref name="since"/> by replicas other than <paramref name="exceptServerId"/>.</summary>
    public async Task<IReadOnlyList<NodeUsageRow>> UsageSinceAsync(DateTimeOffset since, string exceptServerId, CancellationToken ct = default)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = SqlCommands.Create(connection,
            "SELECT workspace, node_name, usage_report, usage_at FROM node_heartbeats WHERE usage_at >= @since AND server_id <> @server",
            ("since", SqlCommands.Timestamp(datastore.Kind, since)), ("server", exceptServerId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<NodeUsageRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new NodeUsageRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), SqlCommands.ReadTimestamp(reader.GetValue(3))));
        }

        return rows;
    }
}

/// <summary>A node's usage report as its replica shared it with a beat (<see cref="NodeHeartbeats.BeatAsync"/>).</summary>
public sealed record NodeUsageRow(string Workspace, string NodeName, string Report, DateTimeOffset At);
