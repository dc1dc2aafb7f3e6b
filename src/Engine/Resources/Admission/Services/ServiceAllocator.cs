using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;

namespace Berth.Engine.Resources.Admission.Services;

/// <summary>
/// Gives a Service what it needs and has not got: a cluster IP from <see cref="ServiceNetwork"/>
/// (unless headless or ExternalName) and a node port for each port of a NodePort or LoadBalancer
/// Service, each unique within the workspace (<see cref="AddressClaims"/>). Values a client picks
/// are checked (in range, not held by another Service) and refused as Kubernetes refuses them. The
/// caller keeps the returned claims when its write succeeds and disposes them either way.
/// </summary>
public sealed class ServiceAllocator(IRevisionStore store, TimeProvider time)
{
    public static readonly ResourceType Services = ResourceRegistry.BuiltIn.Find("", "v1", "services")!;

    private static readonly FieldPath Spec = FieldPath.Root("spec");

    /// <summary>Allocates for <paramref name="service"/> (a create when <paramref name="previous"/> is null); null for other kinds.</summary>
    public async Task<AddressClaims?> AllocateAsync(string workspace, ResourceType type, JsonObject service, JsonObject? previous, CancellationToken ct)
    {
        if (type != Services)
        {
            return null;
        }

        var spec = service.EnsureObject("spec");
        var needsIP = ServiceTypes.NeedsClusterIP(spec) && spec.TextAt("clusterIP") != "None";
        var needsPorts = ServiceTypes.NeedsNodePorts(spec);
        var claims = new AddressClaims(store, workspace, time);
        if (!needsIP && !needsPorts)
        {
            return claims;
        }

        try
        {
            var errors = new FieldErrors();
            var inUse = await InUseAsync(workspace, service, ct);
            if (needsIP)
            {
                await AllocateIPAsync(claims, service, spec, inUse, errors, ct);
            }

            if (needsPorts)
            {
                await AllocateNodePortsAsync(claims, service, spec, inUse, errors, ct);
            }

            errors.ThrowIfAny(type, service.ObjectAt("metadata")?.StringAt("name"));
            return claims;
        }
        catch
        {
            await claims.DisposeAsync();
            throw;
        }
    }

    private async Task AllocateIPAsync(AddressClaims claims, JsonObject service, JsonObject spec, InUse inUse, FieldErrors errors, CancellationToken ct)
    {
        var requested = spec.TextAt("clusterIP");
        if (requested.Length > 0)
        {
            var clusterIPs = BadValue.StringList(ServiceTypes.ClusterIPs(spec));
            if (!ServiceNetwork.Contains(requested))
            {
                errors.Invalid(Spec.Child("clusterIPs"), clusterIPs, $"failed to allocate IP {requested}: the provided IP ({requested}) is not in the valid range. The range of valid IPs is {ServiceNetwork.ClusterIPRange}");
            }
            else if (inUse.IPs.Contains(requested) || !await claims.TryClaimAsync(AddressClaims.IPPrefix + requested, service, UsesIP(requested), ct))
            {
                errors.Invalid(Spec.Child("clusterIPs"), clusterIPs, $"failed to allocate IP {requested}: provided IP is already allocated");
            }

            return;
        }

        var allocated = await FirstFreeAsync(ServiceNetwork.AddressCount, ServiceNetwork.StaticAddressBand, offset =>
        {
            var ip = ServiceNetwork.Address(offset);
            return inUse.IPs.Contains(ip) ? Task.FromResult(false) : claims.TryClaimAsync(AddressClaims.IPPrefix + ip, service, UsesIP(ip), ct);
        });
        var address = allocated is { } offset ? ServiceNetwork.Address(offset) : throw RangeFull("serviceIP");
        spec["clusterIP"] = address;
        spec["clusterIPs"] = new JsonArray(address);
    }

    private async Task AllocateNodePortsAsync(AddressClaims claims, JsonObject service, JsonObject spec, InUse inUse, FieldErrors errors, CancellationToken ct)
    {
        foreach (var (port, index) in spec.ArrayAt("ports").Items())
        {
            var requested = port.IntegerAt("nodePort") ?? 0;
            if (requested != 0)
            {
                var at = Spec.Child("ports").Index(index).Child("nodePort");
                if (requested is < ServiceNetwork.NodePortMin or > ServiceNetwork.NodePortMax)
                {
                    errors.Invalid(at, requested, $"provided port is not in the valid range. The range of valid ports is {ServiceNetwork.NodePortMin}-{ServiceNetwork.NodePortMax}");
                }
                else if (inUse.Ports.Contains(requested) || !await claims.TryClaimAsync(PortKey(requested), service, UsesPort(requested), ct))
                {
                    errors.Invalid(at, requested, "provided port is already allocated");
                }

                continue;
            }

            var allocated = await FirstFreeAsync(ServiceNetwork.PortCount, ServiceNetwork.StaticPortBand, offset =>
            {
                long candidate = ServiceNetwork.NodePortMin + offset;
                return inUse.Ports.Contains(candidate) || NodePorts(spec).Contains(candidate)
                    ? Task.FromResult(false)
                    : claims.TryClaimAsync(PortKey(candidate), service, UsesPort(candidate), ct);
            });
            port["nodePort"] = ServiceNetwork.NodePortMin + (allocated ?? throw RangeFull("nodePort"));
        }
    }

    /// <summary>
    /// Kubernetes' scan: from a random place in the upper (dynamic) part of a range, every value of
    /// that part, then the lower (static) band that users are encouraged to pick from.
    /// </summary>
    private static async Task<int?> FirstFreeAsync(int size, int staticBand, Func<int, Task<bool>> tryClaim)
    {
        var dynamicSize = size - staticBand;
        var start = RandomNumberGenerator.GetInt32(dynamicSize);
        for (var i = 0; i < dynamicSize; i++)
        {
            var offset = staticBand + ((start + i) % dynamicSize);
            if (await tryClaim(offset))
            {
                return offset;
            }
        }

        for (var offset = 0; offset < staticBand; offset++)
        {
            if (await tryClaim(offset))
            {
                return offset;
            }
        }

        return null;
    }

    // What the other live Services use, claim or no claim (a Service stored before claims existed has none).
    private async Task<InUse> InUseAsync(string workspace, JsonObject service, CancellationToken ct)
    {
        var uid = service.ObjectAt("metadata")?.TextAt("uid");
        var inUse = new InUse([], []);
        var page = await store.ListAsync(workspace, ResourceKeys.Prefix(Services), ct: ct);
        foreach (var item in page.Items)
        {
            if (JsonNode.Parse(item.Value) is not JsonObject other || other.ObjectAt("metadata")?.TextAt("uid") == uid)
            {
                continue;
            }

            var spec = other.ObjectAt("spec") ?? [];
            inUse.IPs.UnionWith(ServiceTypes.ClusterIPs(spec));
            inUse.Ports.UnionWith(NodePorts(spec));
        }

        return inUse;
    }

    private static Func<JsonObject, bool> UsesIP(string ip) => service => ServiceTypes.ClusterIPs(service.ObjectAt("spec") ?? []).Contains(ip);

    private static Func<JsonObject, bool> UsesPort(long port) => service => NodePorts(service.ObjectAt("spec") ?? []).Contains(port);

    private static IEnumerable<long> NodePorts(JsonObject spec) => spec.ArrayAt("ports").Items().Select(p => p.Item.IntegerAt("nodePort") ?? 0).Where(p => p != 0);

    private static string PortKey(long port) => AddressClaims.PortPrefix + port.ToString(CultureInfo.InvariantCulture);

    private static ResourceException RangeFull(string what) =>
        new(500, "InternalError", $"Internal error occurred: failed to allocate a {what}: range is full");

    private sealed record InUse(HashSet<string> IPs, HashSet<long> Ports);
}
