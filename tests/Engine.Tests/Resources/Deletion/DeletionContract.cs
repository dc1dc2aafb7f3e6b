using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Resources.Deletion;

/// <summary>
/// Base of the deletion suites: the generic registry over a real store (each suite runs on
/// PostgreSQL and SQLite through nested classes), a clock that stands still so timestamps can be
/// asserted exactly, and a fresh workspace with a namespace <c>demo</c> per test.
/// </summary>
public abstract class DeletionContract(StoreFixture fixture) : StoreContract(fixture)
{
    protected const string Demo = "demo";

    protected static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    protected static readonly ResourceType ConfigMaps = Type("", "configmaps");
    protected static readonly ResourceType Pods = Type("", "pods");
    protected static readonly ResourceType Deployments = Type("apps", "deployments");
    protected static readonly ResourceType Jobs = Type("batch", "jobs");
    protected static readonly ResourceType Events = Type("", "events");
    protected static readonly ResourceType Namespaces = BuiltInResources.Namespaces;

    protected ResourceObjects Objects { get; } = new(fixture.Store, new StillClock(Now));

    /// <summary>A workspace of its own holding the namespace <see cref="Demo"/>.</summary>
    protected async Task<string> WorkspaceAsync()
    {
        var workspace = NewWorkspace();
        await Objects.CreateAsync(workspace, Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = Demo } });
        return workspace;
    }

    protected static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    protected static string? Meta(JsonObject obj, string field) => obj["metadata"]?[field]?.ToJsonString().Trim('"');

    protected static string Timestamp(DateTimeOffset time) => ObjectAdmission.Timestamp(time);

    protected static async Task<ResourceException> RefusedAsync(Func<Task> call) => await Assert.ThrowsAsync<ResourceException>(call);

    private static ResourceType Type(string group, string plural) =>
        ResourceRegistry.BuiltIn.Find(group, "v1", plural) ?? throw new InvalidOperationException(plural);

    private sealed class StillClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
