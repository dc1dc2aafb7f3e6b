using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;
using Berth.Web.Services;

namespace Berth.Api.Tests.Dashboard;

/// <summary>
/// The Team page's role changes (the console's rules: only admins and owners change roles, nobody
/// grants above their own, an admin does not touch an owner, the last owner stays) and its audit
/// log (owners and admins only; filters; pages by the id cursor with no row twice); a token the
/// grant rules refuse is refused in words.
/// </summary>
public sealed class DashboardTeamRolesAndAuditTests
{
    [PostgresFact]
    public async Task A_token_refused_by_the_grant_rules_is_refused_in_words()
    {
        await using var host = await DashboardHost.StartAsync();
        Task Create(string name, string role) => host.WithAsync<IDashboardTeam>(t =>
            t.CreateTokenAsync(host.As("dave"), "alpha", new NewTeamToken(name, role, false, null)));

        var above = await Assert.ThrowsAsync<DashboardException>(() => Create("ci", "admin"));
        Assert.Equal("a token cannot have role 'admin': the most you can grant here is 'developer'", above.Message);
        var unnamed = await Assert.ThrowsAsync<DashboardException>(() => Create(" ", "viewer"));
        Assert.Equal("The name is required, at most 100 characters.", unnamed.Message);
    }

    [PostgresFact]
    public async Task Role_changes_follow_the_console_rules_and_the_audit_log_filters_and_pages()
    {
        await using var host = await DashboardHost.StartAsync();
        Task Change(string actor, string member, string role) =>
            host.WithAsync<IDashboardTeam>(t => t.ChangeRoleAsync(host.As(actor), "alpha", member, role));

        await Assert.ThrowsAsync<DashboardException>(() => Change("carol", "dave", "viewer"));  // a viewer changes nobody
        await Assert.ThrowsAsync<DashboardException>(() => Change("dave", "carol", "developer")); // nor does a developer
        await Change("erin", "carol", "developer");
        await Assert.ThrowsAsync<DashboardException>(() => Change("erin", "carol", "owner"));    // above the admin's own role
        await Assert.ThrowsAsync<DashboardException>(() => Change("erin", "alice", "viewer"));   // an admin does not demote an owner
        var last = await Assert.ThrowsAsync<DashboardException>(() => Change("alice", "alice", "admin"));
        Assert.Contains("last owner", last.Message);
        await Change("erin", "erin", "developer"); // stepping down needs no right

        var roles = await host.WithAsync<IDashboardTeam, IReadOnlyList<TeamMember>>(t => t.MembersAsync(host.As("alice"), "alpha"));
        Assert.Equal([("alice", "owner"), ("carol", "developer"), ("dave", "developer"), ("erin", "developer")], roles.Select(m => (m.User, m.Role)));

        // Now only alice may read the log: erin stepped down.
        Task<AuditEntries> Audit(string actor, AuditFilter filter, long? before = null, int limit = 50) =>
            host.WithAsync<IDashboardTeam, AuditEntries>(t => t.AuditAsync(host.As(actor), "alpha", filter, before, limit));
        await Assert.ThrowsAsync<DashboardException>(() => Audit("erin", new AuditFilter()));
        await Assert.ThrowsAsync<DashboardException>(() => Audit("dave", new AuditFilter()));

        // Seven role-change attempts, newest first (the audit log is written behind the change).
        await host.AuditRowsAsync(new Berth.Api.Audit.AuditQuery("alpha", Verb: "patch"), 7);
        var changes = await Audit("alice", new AuditFilter(Verb: "patch"));
        Assert.Equal([("erin", 200), ("alice", 409), ("erin", 403), ("erin", 403), ("erin", 200), ("dave", 403), ("carol", 403)],
            changes.Items.Select(r => (r.User, r.Status)));
        Assert.Null(changes.Before);

        var erins = await Audit("alice", new AuditFilter(User: "erin", Verb: "patch"));
        Assert.All(erins.Items, r => Assert.Equal("erin", r.User));
        Assert.Equal(4, erins.Items.Count);
        Assert.Empty((await Audit("alice", new AuditFilter(Verb: "patch", Since: DateTimeOffset.UtcNow.AddHours(1)))).Items);

        // Pages of three: newest first, each from before the last, every row once.
        var pages = new List<AuditEntry>();
        long? before = null;
        do
        {
            var page = await Audit("alice", new AuditFilter(Verb: "patch"), before, 3);
            pages.AddRange(page.Items);
            before = page.Before;
        }
        while (before is not null);
        Assert.Equal(changes.Items.Select(r => r.Id), pages.Select(r => r.Id));
    }
}
