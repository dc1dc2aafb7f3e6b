using System.Text;
using System.Text.Json.Nodes;
using Berth.Api.Audit;
using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Dashboard;

/// <summary>
/// A Secret's values through the dashboard's host: hidden from its page's object and YAML, revealed
/// only to roles that may read Secrets (the workspace's setting decides for developers), every
/// reveal audited, and no value ever in the server's log.
/// </summary>
public sealed class DashboardSecretsTests
{
    private const string Password = "hunter2-correct";
    private static readonly ResourceType Secrets = ResourceRegistry.BuiltIn.Find("", "v1", "secrets")!;

    [PostgresFact]
    public async Task Values_are_hidden_until_revealed_by_a_role_that_may_read_secrets_and_each_reveal_is_audited()
    {
        await using var host = await DashboardHost.StartAsync();
        await CreateSecretAsync(host);

        // The page's object and YAML: keys, no values, not even in kubectl's last-applied copy.
        var document = await host.WithAsync<IDashboardObjects, ObjectDocument?>(o => o.GetAsync(host.As("alice"), "alpha", Secrets, "default", "db"));
        Assert.NotNull(document);
        Assert.DoesNotContain(Base64(Password), document.Yaml);
        Assert.DoesNotContain(Base64(Password), document.Object.ToJsonString());
        Assert.Contains("password: •••", document.Yaml);

        var keys = await host.WithAsync<IDashboardSecrets, IReadOnlyList<SecretKey>?>(s => s.KeysAsync(host.As("alice"), "alpha", "default", "db"));
        Assert.Equal([new SecretKey("blob", 2), new SecretKey("password", Password.Length)], keys);

        // The owner reveals one key, then all; a binary value comes as base64.
        var one = await host.WithAsync<IDashboardSecrets, IReadOnlyList<SecretValue>>(s => s.RevealAsync(host.As("alice"), "alpha", "default", "db", "password"));
        Assert.Equal([new SecretValue("password", Password, false)], one);
        var all = await host.WithAsync<IDashboardSecrets, IReadOnlyList<SecretValue>>(s => s.RevealAsync(host.As("alice"), "alpha", "default", "db", null));
        Assert.Equal([new SecretValue("blob", "/wA=", true), new SecretValue("password", Password, false)], all);

        // A viewer: no keys, and a crafted reveal is refused.
        Assert.Null(await host.WithAsync<IDashboardSecrets, IReadOnlyList<SecretKey>?>(s => s.KeysAsync(host.As("carol"), "alpha", "default", "db")));
        await Assert.ThrowsAsync<DashboardException>(() => host.WithAsync<IDashboardSecrets>(s => s.RevealAsync(host.As("carol"), "alpha", "default", "db", "password")));

        // A developer: refused, with the reason, until an admin lets developers read Secrets.
        var refused = await Assert.ThrowsAsync<DashboardException>(() =>
            host.WithAsync<IDashboardSecrets>(s => s.RevealAsync(host.As("dave"), "alpha", "default", "db", "password")));
        Assert.Contains("developers of this workspace may not read Secrets", refused.Message);
        await using (var scope = host.Server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkspaceChanges>()
                .SetDevelopersReadSecretsAsync(new Membership(host.Alpha, WorkspaceRole.Owner), true, CancellationToken.None);
        }

        var developers = await host.WithAsync<IDashboardSecrets, IReadOnlyList<SecretValue>>(s => s.RevealAsync(host.As("dave"), "alpha", "default", "db", "password"));
        Assert.Equal(Password, Assert.Single(developers).Text);

        // Every reveal, allowed or refused, newest first; the value itself in no log line.
        var rows = await host.AuditRowsAsync(new AuditQuery("alpha", Verb: "reveal"), 5);
        Assert.Equal([("dave", 200), ("dave", 403), ("carol", 403), ("alice", 200), ("alice", 200)], rows.Select(r => (r.User, r.Status)));
        Assert.All(rows, r => Assert.Equal(("secrets", "default", "db", "dashboard"), (r.Resource, r.Namespace, r.Name, r.Source)));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(Password, StringComparison.Ordinal) || e.Message.Contains(Base64(Password), StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task Editing_a_secret_starts_with_an_audited_reveal_and_saves_the_edited_values()
    {
        await using var host = await DashboardHost.StartAsync();
        await CreateSecretAsync(host);

        var opened = await host.WithAsync<IDashboardSecrets, ObjectDocument>(s => s.RevealForEditAsync(host.As("alice"), "alpha", "default", "db"));
        Assert.Contains($"password: {Base64(Password)}", opened.Yaml);
        await Assert.ThrowsAsync<DashboardException>(() => host.WithAsync<IDashboardSecrets>(s => s.RevealForEditAsync(host.As("carol"), "alpha", "default", "db")));

        var version = (string)opened.Object["metadata"]!["resourceVersion"]!;
        var edited = opened.Yaml.Replace(Base64(Password), Base64("a new password"), StringComparison.Ordinal);
        var outcome = await host.WithAsync<IDashboardObjects, ApplyOutcome>(o => o.ReplaceAsync(host.As("alice"), "alpha", Secrets, "default", "db", edited, version, dryRun: false));
        Assert.False(outcome.Failed, string.Join("; ", outcome.AllErrors.Select(e => e.Message)));
        var stored = await host.Server.Services.GetRequiredService<ResourceObjects>().GetAsync("alpha", Secrets, "default", "db");
        Assert.Equal(Base64("a new password"), (string?)stored["data"]!["password"]);

        var rows = await host.AuditRowsAsync(new AuditQuery("alpha", Verb: "reveal"), 2);
        Assert.Equal([("carol", 403), ("alice", 200)], rows.Select(r => (r.User, r.Status)));
    }

    private static async Task CreateSecretAsync(DashboardHost host)
    {
        var data = new JsonObject { ["password"] = Base64(Password), ["blob"] = "/wA=" };
        await host.Server.Services.GetRequiredService<ResourceObjects>().CreateAsync("alpha", Secrets, "default", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = "db",
                ["namespace"] = "default",
                // kubectl's client-side apply keeps a copy of the whole Secret here.
                ["annotations"] = new JsonObject { ["kubectl.kubernetes.io/last-applied-configuration"] = new JsonObject { ["data"] = data.DeepClone() }.ToJsonString() },
            },
            ["data"] = data,
        });
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
