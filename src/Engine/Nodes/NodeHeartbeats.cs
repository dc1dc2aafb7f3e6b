using Berth.Engine.Store;

namespace Berth.Engine.Nodes;

/// <summary>
/// Node heartbeats in <c>node_heartbeats</c> (migration 0012): one row per node, overwritten by
/// each beat, beside the revision log rather than in it. The AgentHub writes them; the node
/// lifecycle controller reads them to tell a silent node from a live one, whichever replica the
/// node is connected to.
/// </summary>
public sealed class NodeHeartbeats(DatastoreConfig datastore)
{
    public async Task BeatAsync(string workspace, string nodeName, string serverId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await Connections.OpenAsync(datastore, ct);
        await using var command = SqlCommands.Create(connection,
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
}
