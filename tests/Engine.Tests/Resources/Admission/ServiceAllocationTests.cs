using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Admission.Services;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Resources.Admission;

/// <summary>
/// Cluster IPs and node ports, allocated through the registry on a real store: unique within a
/// workspace even when servers race, refused as Kubernetes refuses them, and free again once the
/// Service that held them is gone.
/// </summary>
public abstract class ServiceAllocationTests(StoreFixture fixture)
{
    private static readonly ResourceType Services = Admit.Type("services");
    private static readonly ResourceType Namespaces = Admit.Type("namespaces");

    private readonly ResourceObjects objects = new(fixture.Store, TimeProvider.System);
    private readonly string workspace = "t" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Each_service_gets_its_own_cluster_IP_from_the_service_range()
    {
        await objects.CreateAsync(workspace, Namespaces, null, JsonNode.Parse("""{"metadata":{"name":"default"}}""")!.AsObject());
        var ips = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var service = await CreateAsync($"s{i}", """{"ports":[{"port":80}]}""");
            var ip = service["spec"]!["clusterIP"]!.GetValue<string>();
            Assert.True(ServiceNetwork.Contains(ip), ip);
            Assert.StartsWith("10.43.", ip);
            Assert.Equal($"[\"{ip}\"]", service["spec"]!["clusterIPs"]!.ToJsonString());
            ips.Add(ip);
        }

        Assert.Equal(ips.Count, ips.Distinct().Count());
    }

    [Fact]
    public async Task A_chosen_cluster_IP_must_be_in_range_and_free()
    {
        await objects.CreateAsync(workspace, Namespaces, null, JsonNode.Parse("""{"metadata":{"name":"default"}}""")!.AsObject());
        var chosen = await CreateAsync("db", """{"clusterIP":"10.43.0.20","ports":[{"port":5432}]}""");
        Assert.Equal("10.43.0.20", chosen["spec"]!["clusterIP"]!.GetValue<string>());

        var taken = await Assert.ThrowsAsync<ResourceException>(() => CreateAsync("db2", """{"clusterIP":"10.43.0.20","ports":[{"port":5432}]}"""));
        Assert.Equal("Service \"db2\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.43.0.20\"}: failed to allocate IP 10.43.0.20: provided IP is already allocated", taken.Message);

        var outside = await Assert.ThrowsAsync<ResourceException>(() => CreateAsync("db3", """{"clusterIP":"10.96.0.10","ports":[{"port":5432}]}"""));
        Assert.Equal("spec.clusterIPs", outside.Causes.Single().Field);
        Assert.Equal("Invalid value: []string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10: the provided IP (10.96.0.10) is not in the valid range. The range of valid IPs is 10.43.0.0/16", outside.Causes.Single().Message);
    }

    [Fact]
    public async Task The_address_of_a_deleted_service_can_be_chosen_again_at_once()
    {
        await objects.CreateAsync(workspace, Namespaces, null, JsonNode.Parse("""{"metadata":{"name":"default"}}""")!.AsObject());
        await CreateAsync("db", """{"clusterIP":"10.43.0.30","type":"NodePort","ports":[{"port":5432,"nodePort":30030}]}""");
        await objects.DeleteAsync(workspace, Services, "default", "db");

        var again = await CreateAsync("db", """{"clusterIP":"10.43.0.30","type":"NodePort","ports":[{"port":5432,"nodePort":30030}]}""");

        Assert.Equal("10.43.0.30", again["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_create_releases_what_it_claimed()
    {
        await objects.CreateAsync(workspace, Namespaces, null, JsonNode.Parse("""{"metadata":{"name":"default"}}""")!.AsObject());
        await CreateAsync("db", """{"ports":[{"port":5432}]}""");
        var exists = await Assert.ThrowsAsync<ResourceException>(() => CreateAsync("db", """{"clusterIP":"10.43.0.40","ports":[{"port":5432}]}"""));
        Assert.Equal("AlreadyExists", exists.Reason);
        Assert.Null(await fixture.Store.GetAsync(workspace, AddressClaims.IPPrefix + "10.43.0.40"));

        var other = await CreateAsync("cache", """{"clusterIP":"10.43.0.40","ports":[{"port":6379}]}""");

        Assert.Equal("10.43.0.40", other["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public async Task Node_ports_are_handed_out_once_and_a_taken_one_is_refused()
    {
        await objects.CreateAsync(workspace, Namespaces, null, JsonNode.Parse("""{"metadata":{"name":"default"}}""")!.AsObject());
        var web = await CreateAsync("web", """{"type":"NodePort","ports":[{"name":"http","port":80},{"name":"https","port":443}]}""");
        var ports = web["spec"]!["ports"]!.AsArray().Select(p => p!["nodePort"]!.GetValue<long>()).ToList();
        Assert.All(ports, p => Assert.InRange(p, ServiceNetwork.NodePortMin, ServiceNetwork.NodePortMax));
        Assert.NotEqual(ports[0], ports[1]);

        var taken = await Assert.ThrowsAsync<ResourceException>(() => CreateAsync("api", $$"""{"type":"NodePort","ports":[{"port":80,"nodePort":{{ports[0]}}}]}"""));
        Assert.Equal($"spec.ports[0].nodePort: Invalid value: {ports[0]}: provided port is already allocated", $"{taken.Causes[0].Field}: {taken.Causes[0].Message}");
        var outside = await Assert.ThrowsAsync<ResourceException>(() => CreateAsync("api", """{"type":"NodePort","ports":[{"port":80,"nodePort":80}]}"""));
        Assert.Equal("Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767", outside.Causes[0].Message);

        // Leaving the node ports out of an update keeps them; switching to ClusterIP frees them.
        var updated = await objects.PatchAsync(workspace, Services, "default", "web", Berth.Engine.Resources.Patching.PatchType.Merge,
            JsonNode.Parse("""{"spec":{"type":"ClusterIP"}}"""));
        Assert.Null(updated["spec"]!["ports"]![0]!["nodePort"]);
        var reused = await CreateAsync("api", $$"""{"type":"NodePort","ports":[{"port":80,"nodePort":{{ports[0]}}}]}""");
        Assert.Equal(ports[0], reused["spec"]!["ports"]![0]!["nodePort"]!.GetValue<long>());
    }

    [Fact]
    public async Task Racing_servers_never_give_one_address_to_two_services()
    {
        await objects.CreateAsync(workspace, Namespaces, null, JsonNode.Parse("""{"metadata":{"name":"default"}}""")!.AsObject());
        var servers = Enumerable.Range(0, 8).Select(_ => new ResourceObjects(fixture.Store, TimeProvider.System)).ToList();

        var attempts = await Task.WhenAll(servers.Select(async (server, i) =>
        {
            try
            {
                var body = JsonNode.Parse("""{"metadata":{"name":"NAME"},"spec":{"clusterIP":"10.43.0.50","ports":[{"port":80}]}}""".Replace("NAME", $"race{i}"))!.AsObject();
                await server.CreateAsync(workspace, Services, "default", body);
                return true;
            }
            catch (ResourceException e) when (e.Code == 422)
            {
                return false;
            }
        }));

        Assert.Equal(1, attempts.Count(won => won));
        var list = await objects.ListAsync(workspace, Services, "default", new ListOptions());
        Assert.Single(list.Items);
    }

    private Task<JsonObject> CreateAsync(string name, string spec) =>
        objects.CreateAsync(workspace, Services, "default", JsonNode.Parse("""{"metadata":{"name":"NAME"},"spec":SPEC}""".Replace("NAME", name).Replace("SPEC", spec))!.AsObject());

    public sealed class Postgres(PostgresStoreFixture fixture) : ServiceAllocationTests(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : ServiceAllocationTests(fixture), IClassFixture<SqliteStoreFixture>;
}
