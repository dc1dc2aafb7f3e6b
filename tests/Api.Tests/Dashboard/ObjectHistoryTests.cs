using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Berth.Api.Dashboard;
using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Tests.Support;
using Berth.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Dashboard;

/// <summary>
/// The dashboard's editor and History tab against a real server on PostgreSQL: revisions listed with
/// who made them (kubectl's through the API, the dashboard's own, a controller's), a replace refused
/// with 409 when the object moved on, a viewer refused, and restore writing an old revision anew.
/// </summary>
public sealed class ObjectHistoryTests
{
    private static readonly ResourceType ConfigMaps = ResourceRegistry.BuiltIn.Types.Single(t => t.Group.Length == 0 && t.Plural == "configmaps");

    [KubectlFact(postgres: true)]
    public async Task Edits_history_authors_conflicts_and_restore_on_postgres()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url);
        await EditsHistoryAuthorsConflictsAndRestoreAsync(server, dir);
    }

    [KubectlFact]
    public async Task Edits_history_authors_conflicts_and_restore_on_sqlite()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        await EditsHistoryAuthorsConflictsAndRestoreAsync(server, dir);
    }

    private static async Task EditsHistoryAuthorsConflictsAndRestoreAsync(BerthServer server, TempDirectory dir)
    {
        var alice = await server.CreateUserAsync("alice");
        var bob = await server.CreateUserAsync("bob");
        var carol = await server.CreateUserAsync("carol");
        var alpha = await server.CreateWorkspaceAsync("alpha", alice);
        await server.AddMemberAsync(alpha, bob, WorkspaceRole.Developer);
        await server.AddMemberAsync(alpha, carol, WorkspaceRole.Viewer);
        var kubectl = new Kubectl(await Kubeconfigs.WriteAsync(server, dir.Path, "alice", "alpha", await server.IssueTokenAsync(alice, null)), Path.Combine(dir.Path, "cache"));

        Assert.Equal(0, (await kubectl.RunAsync("create", "configmap", "settings", "--from-literal=mode=first")).ExitCode);
        Assert.Equal(0, (await kubectl.RunAsync("patch", "configmap", "settings", "-p", """{"data":{"mode":"second"}}""")).ExitCode);

        await using var scope = server.Services.CreateAsyncScope();
        var dashboard = scope.ServiceProvider.GetRequiredService<IDashboardObjects>();
        var opened = (await dashboard.GetAsync(User("bob"), "alpha", ConfigMaps, "default", "settings"))!;
        var openedVersion = (string)opened.Object["metadata"]!["resourceVersion"]!;

        // Bob edits what he opened: a replace as of that version.
        var saved = await dashboard.ReplaceAsync(User("bob"), "alpha", ConfigMaps, "default", "settings", opened.Yaml.Replace("mode: second", "mode: third"), openedVersion, dryRun: false);
        Assert.False(saved.Failed, string.Join("; ", saved.AllErrors.Select(e => e.Message)));
        Assert.Equal("third", await DataAsync(kubectl, "mode"));

        // Saving again from the same opened version: the object moved on, so 409, and nothing is stored.
        var stale = await dashboard.ReplaceAsync(User("bob"), "alpha", ConfigMaps, "default", "settings", opened.Yaml.Replace("mode: second", "mode: stale"), openedVersion, dryRun: false);
        var conflict = Assert.Single(stale.Documents);
        Assert.Equal(DocumentOutcome.Conflict, conflict.Result);
        Assert.Contains("changed since you opened it", conflict.Errors[0].Message);
        Assert.Equal("third", await DataAsync(kubectl, "mode"));

        // An invalid edit is refused at the line of the field the 422 names.
        var current = (await dashboard.GetAsync(User("bob"), "alpha", ConfigMaps, "default", "settings"))!;
        var invalidText = current.Yaml.Replace("mode: third", "\"bad key!\": x");
        var invalid = await dashboard.ReplaceAsync(User("bob"), "alpha", ConfigMaps, "default", "settings", invalidText,
            (string)current.Object["metadata"]!["resourceVersion"]!, dryRun: true);
        var error = Assert.Single(invalid.AllErrors);
        Assert.Equal(invalidText.Split('\n').ToList().FindIndex(l => l.Contains("bad key!", StringComparison.Ordinal)) + 1, error.Line);

        // A controller's write (inside the server, no audit row) is the system's.
        var objects = scope.ServiceProvider.GetRequiredService<ResourceObjects>();
        var labelled = await objects.GetAsync("alpha", ConfigMaps, "default", "settings");
        labelled["metadata"]!["labels"] = new JsonObject { ["touched-by"] = "controller" };
        await objects.UpdateAsync("alpha", ConfigMaps, "default", "settings", labelled);

        var history = await Eventually.WaitForAsync("bob's save in the audit log, linked to its revision",
            async () => (await dashboard.HistoryAsync(User("carol"), "alpha", ConfigMaps, "default", "settings"))!,
            h => h.Revisions.Count == 4 && h.Revisions[2].Author == "bob", TimeSpan.FromSeconds(10));
        Assert.True(history.Exists);
        Assert.Equal(["created", "updated", "updated", "updated"], history.Revisions.Select(r => r.Change));
        Assert.Equal(["alice", "alice", "bob", "system (controllers)"], history.Revisions.Select(r => r.Author));
        Assert.All(history.Revisions.Take(3), r => Assert.NotNull(r.At));
        Assert.Contains("mode: first", history.Revisions[0].Yaml);
        Assert.Contains("mode: third", history.Revisions[2].Yaml);

        // A viewer reads the history but may neither save nor restore.
        var refused = await dashboard.ReplaceAsync(User("carol"), "alpha", ConfigMaps, "default", "settings", current.Yaml, (string)labelled["metadata"]!["resourceVersion"]!, dryRun: false);
        Assert.Contains("does not allow you to update", Assert.Single(refused.AllErrors).Message);
        await Assert.ThrowsAsync<DashboardException>(() => dashboard.RestoreAsync(User("carol"), "alpha", ConfigMaps, "default", "settings", history.Revisions[0].Revision));
        Assert.Equal("third", await DataAsync(kubectl, "mode"));

        // Restore the first revision: its data and labels come back as a new revision; history keeps all.
        var restored = await dashboard.RestoreAsync(User("alice"), "alpha", ConfigMaps, "default", "settings", history.Revisions[0].Revision);
        Assert.True(restored > history.Revisions[^1].Revision);
        Assert.Equal("first", await DataAsync(kubectl, "mode"));
        Assert.Equal("", (await kubectl.RunAsync("get", "configmap", "settings", "-o", "jsonpath={.metadata.labels}")).Stdout.Trim());
        var after = await Eventually.WaitForAsync("the restore in the history, as alice's",
            async () => (await dashboard.HistoryAsync(User("alice"), "alpha", ConfigMaps, "default", "settings"))!,
            h => h.Revisions.Count == 5 && h.Revisions[^1].Author == "alice", TimeSpan.FromSeconds(10));
        Assert.Equal(history.Revisions.Select(r => r.Revision), after.Revisions.Take(4).Select(r => r.Revision));

        // Deleted, its history is still there (ending in the delete), and a revision of it re-creates it.
        await dashboard.DeleteAsync(User("alice"), "alpha", ConfigMaps, "default", "settings");
        var gone = await Eventually.WaitForAsync("the delete in the history, as alice's",
            async () => (await dashboard.HistoryAsync(User("alice"), "alpha", ConfigMaps, "default", "settings"))!,
            h => h.Revisions.Count == 6 && h.Revisions[^1].Author == "alice", TimeSpan.FromSeconds(10));
        Assert.False(gone.Exists);
        Assert.Equal("deleted", gone.Revisions[^1].Change);
        await dashboard.RestoreAsync(User("bob"), "alpha", ConfigMaps, "default", "settings", gone.Revisions[2].Revision);
        Assert.Equal("third", await DataAsync(kubectl, "mode"));

        // A user outside the workspace sees no history at all.
        await server.CreateUserAsync("mallory");
        Assert.Null(await dashboard.HistoryAsync(User("mallory"), "alpha", ConfigMaps, "default", "settings"));
    }

    [KubectlFact(postgres: true)]
    public async Task A_secrets_history_hides_its_values_but_shows_which_changed()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url);
        var alice = await server.CreateUserAsync("alice");
        var carol = await server.CreateUserAsync("carol");
        var alpha = await server.CreateWorkspaceAsync("alpha", alice);
        await server.AddMemberAsync(alpha, carol, WorkspaceRole.Viewer);
        var kubectl = new Kubectl(await Kubeconfigs.WriteAsync(server, dir.Path, "alice", "alpha", await server.IssueTokenAsync(alice, null)), Path.Combine(dir.Path, "cache"));
        Assert.Equal(0, (await kubectl.RunAsync("create", "secret", "generic", "db", "--from-literal=user=admin", "--from-literal=password=hunter2")).ExitCode);
        Assert.Equal(0, (await kubectl.RunAsync("patch", "secret", "db", "-p", """{"stringData":{"password":"correct horse"}}""")).ExitCode);

        await using var scope = server.Services.CreateAsyncScope();
        var dashboard = scope.ServiceProvider.GetRequiredService<IDashboardObjects>();
        var secrets = ResourceRegistry.BuiltIn.Types.Single(t => t.Group.Length == 0 && t.Plural == "secrets");
        var history = (await dashboard.HistoryAsync(User("alice"), "alpha", secrets, "default", "db"))!;
        Assert.Equal(2, history.Revisions.Count);
        Assert.All(history.Revisions, r => Assert.DoesNotContain(Convert.ToBase64String("hunter2"u8.ToArray()), r.Yaml));
        string Line(int revision, string key) => history.Revisions[revision].Yaml.Split('\n').Single(l => l.Trim().StartsWith(key + ":", StringComparison.Ordinal));
        Assert.Equal(Line(0, "user"), Line(1, "user"));
        Assert.NotEqual(Line(0, "password"), Line(1, "password"));

        // The same over the console API, for those whose role may read Secrets only.
        using var owner = await ConsoleClient.SignInAsync(server.Address, "alice", Tenants.Password);
        var read = await Eventually.WaitForAsync("both revisions attributed to alice",
            () => owner.GetAsync("/console/v1/workspaces/alpha/history/secrets/db?namespace=default"),
            r => r.Json?["revisions"] is JsonArray { Count: 2 } revisions && revisions.All(x => (string?)x!["author"] == "alice"), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(Convert.ToBase64String("hunter2"u8.ToArray()), read.Json!.ToJsonString());
        using var viewer = await ConsoleClient.SignInAsync(server.Address, "carol", Tenants.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/console/v1/workspaces/alpha/history/secrets/db?namespace=default")).Status);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/console/v1/workspaces/alpha/history/namespaces/default")).Status);
    }

    [PostgresFact]
    public Task A_long_history_lists_its_newest_revisions_and_says_how_many_are_left_out() => InAlphaAsync(async services =>
    {
        var objects = services.GetRequiredService<ResourceObjects>();
        var counter = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "counter" }, ["data"] = new JsonObject { ["count"] = "0" } };
        await objects.CreateAsync("alpha", ConfigMaps, "default", counter);
        for (var n = 1; n <= DashboardHistory.MaxRevisions + 4; n++)
        {
            var current = await objects.GetAsync("alpha", ConfigMaps, "default", "counter");
            current["data"]!["count"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await objects.UpdateAsync("alpha", ConfigMaps, "default", "counter", current);
        }

        var history = (await services.GetRequiredService<IDashboardObjects>().HistoryAsync(User("alice"), "alpha", ConfigMaps, "default", "counter"))!;
        Assert.Equal(DashboardHistory.MaxRevisions, history.Revisions.Count);
        Assert.Equal(5, history.Omitted);
        Assert.Contains($"count: \"{DashboardHistory.MaxRevisions + 4}\"", history.Revisions[^1].Yaml);
        Assert.Contains("count: \"5\"", history.Revisions[0].Yaml);
        Assert.All(history.Revisions, r => Assert.Equal("system (controllers)", r.Author));
    });

    [PostgresFact]
    public Task A_history_read_before_a_writes_audit_row_learns_when_its_author_is_known_and_a_controllers_write_has_none() => InAlphaAsync(async services =>
    {
        var dashboard = services.GetRequiredService<IDashboardObjects>();

        // Alice's write: its audit row is stored off the request path, and the wait ends once it is, not after a fixed delay.
        var applied = await dashboard.ApplyAsync(User("alice"), "alpha", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: watched\n  namespace: default\ndata:\n  mode: first\n", dryRun: false);
        Assert.False(applied.Failed, string.Join("; ", applied.AllErrors.Select(e => e.Message)));
        var written = (await dashboard.HistoryAsync(User("alice"), "alpha", ConfigMaps, "default", "watched"))!.Revisions[^1].Revision;
        Assert.True(await dashboard.AuthorMayBeKnownAsync("alpha", written));
        var read = (await dashboard.HistoryAsync(User("alice"), "alpha", ConfigMaps, "default", "watched"))!.Revisions[^1];
        Assert.True(read.Audited);
        Assert.Equal("alice", read.Author);
        Assert.True(await dashboard.AuthorMayBeKnownAsync("alpha", written)); // asked again after the row: known at once

        // A controller's write on a lone server: no row comes, so no second read is worth it.
        var objects = services.GetRequiredService<ResourceObjects>();
        var current = await objects.GetAsync("alpha", ConfigMaps, "default", "watched");
        current["data"]!["mode"] = "second";
        var stored = await objects.UpdateAsync("alpha", ConfigMaps, "default", "watched", current);
        Assert.False(await dashboard.AuthorMayBeKnownAsync("alpha", long.Parse((string)stored["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture)));
    });

    /// <summary>Runs <paramref name="test"/> on a server of its own on PostgreSQL, where alice owns the workspace alpha.</summary>
    private static async Task InAlphaAsync(Func<IServiceProvider, Task> test)
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url);
        await server.CreateWorkspaceAsync("alpha", await server.CreateUserAsync("alice"));
        await using var scope = server.Services.CreateAsyncScope();
        await test(scope.ServiceProvider);
    }

    private static ClaimsPrincipal User(string name) => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "test"));

    private static async Task<string> DataAsync(Kubectl kubectl, string key) =>
        (await kubectl.RunAsync("get", "configmap", "settings", "-o", $"jsonpath={{.data.{key}}}")).Stdout.Trim();
}
