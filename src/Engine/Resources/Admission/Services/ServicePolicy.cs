using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission.Metadata;
using Berth.Engine.Resources.Admission.Pods;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Services;

/// <summary>
/// Services: core/v1 defaults (ClusterIP, no session affinity, TCP ports aimed at themselves,
/// Cluster traffic policies), the IP family fields of a single-stack IPv4 cluster, and the rules of
/// <c>ValidateService</c>. Cluster IPs and node ports are handed out afterwards by
/// <see cref="ServiceAllocator"/>; on update the values already allocated carry over when a client
/// leaves them out, and a different one is refused ("may not change once set").
/// </summary>
internal sealed class ServicePolicy : KindPolicy
{
    /// <summary>The three hours of ClientIP session affinity Kubernetes defaults to.</summary>
    public const long DefaultAffinitySeconds = 10800;

    private static readonly FieldPath Spec = FieldPath.Root("spec");

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObject("spec");
        spec.DefaultString("sessionAffinity", "None");
        if (spec.TextAt("sessionAffinity") == "None")
        {
            spec.Remove("sessionAffinityConfig");
        }
        else if (spec.TextAt("sessionAffinity") == "ClientIP" && spec.ObjectAt("sessionAffinityConfig")?.ObjectAt("clientIP")?["timeoutSeconds"] is null)
        {
            spec["sessionAffinityConfig"] = new JsonObject { ["clientIP"] = new JsonObject { ["timeoutSeconds"] = DefaultAffinitySeconds } };
        }

        spec.DefaultString("type", "ClusterIP");
        foreach (var (port, _) in spec.ArrayAt("ports").Items())
        {
            port.DefaultString("protocol", "TCP");
            if (port["targetPort"] is null || port.StringAt("targetPort") == "" || port.IntegerAt("targetPort") == 0)
            {
                port["targetPort"] = port["port"]?.DeepClone();
            }
        }

        if (ServiceTypes.ExternallyAccessible(spec))
        {
            spec.DefaultString("externalTrafficPolicy", "Cluster");
        }

        if (ServiceTypes.Type(spec) is "NodePort" or "LoadBalancer" or "ClusterIP")
        {
            spec.DefaultValue("internalTrafficPolicy", "Cluster");
        }

        if (ServiceTypes.Type(spec) == "LoadBalancer")
        {
            spec.DefaultValue("allocateLoadBalancerNodePorts", true);
        }
    }

    public override void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        var spec = obj.EnsureObject("spec");
        if (spec.TextAt("clusterIP").Length > 0 && (spec.ArrayAt("clusterIPs")?.Count ?? 0) == 0)
        {
            spec["clusterIPs"] = new JsonArray(spec.TextAt("clusterIP"));
        }

        DefaultIPFamilies(spec);
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        var spec = obj.EnsureObject("spec");
        var oldSpec = old.ObjectAt("spec") ?? [];
        CarryAllocatedValues(spec, oldSpec);
        NormalizeClusterIPs(spec, oldSpec);
        DropTypeDependentFields(spec, oldSpec);
        DefaultIPFamilies(spec);
        if (ServiceTypes.Type(spec) != "LoadBalancer")
        {
            obj["status"] = InitialStatus(obj); // a load-balancer status means nothing once the type changed
        }
    }

    public override JsonObject InitialStatus(JsonObject obj) => new() { ["loadBalancer"] = new JsonObject() };

    public override void Validate(ResourceType type, JsonObject obj, FieldErrors errors)
    {
        var spec = obj.ObjectAt("spec") ?? [];
        var serviceType = ServiceTypes.Type(spec);
        var ports = spec.ArrayAt("ports");
        var headless = ServiceTypes.IsHeadless(spec);
        if ((ports?.Count ?? 0) == 0 && !headless && serviceType != "ExternalName")
        {
            errors.Required(Spec.Child("ports"));
        }

        switch (serviceType)
        {
            case "LoadBalancer" or "NodePort" when headless:
                errors.Invalid(Spec.Child("clusterIPs").Index(0), "None", $"may not be set to 'None' for {serviceType} services");
                break;
            case "ExternalName":
                ValidateExternalName(spec, errors);
                break;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (port, index) in ports.Items())
        {
            ValidatePort(port, (ports?.Count ?? 0) > 1, names, Spec.Child("ports").Index(index), errors);
        }

        if (spec.ObjectAt("selector") is { } selector)
        {
            LabelRules.Validate(selector, Spec.Child("selector"), errors);
        }

        ValidateSessionAffinity(spec, errors);
        ClusterIPRules.Validate(spec, errors);
        foreach (var (ip, index) in (spec.ArrayAt("externalIPs") ?? []).Select((ip, i) => (ip?.ToString() ?? "", i)))
        {
            if (!ServiceNetwork.IsValidIP(ip))
            {
                errors.Invalid(Spec.Child("externalIPs").Index(index), ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
            }
        }

        errors.OneOf(Spec.Child("type"), serviceType, "ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
        ValidateNodePorts(spec, serviceType, errors);
        ValidateDuplicatePorts(ports, errors);
        if (spec["allocateLoadBalancerNodePorts"] is not null && serviceType != "LoadBalancer")
        {
            errors.Forbidden(Spec.Child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'");
        }

        ValidateTrafficPolicies(spec, errors);
    }

    public override void ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old, FieldErrors errors)
    {
        ClusterIPRules.ValidateUpdate(obj.ObjectAt("spec") ?? [], old.ObjectAt("spec") ?? [], errors);
        Validate(type, obj, errors);
    }

    // A single-stack IPv4 cluster: every service is IPv4 SingleStack, except that a headless
    // service without selector is RequireDualStack with both families, as Kubernetes makes it.
    private static void DefaultIPFamilies(JsonObject spec)
    {
        if (!ServiceTypes.NeedsClusterIP(spec))
        {
            return;
        }

        var headlessWithoutSelector = spec.TextAt("clusterIP") == "None" && (spec.ObjectAt("selector")?.Count ?? 0) == 0;
        if ((spec.ArrayAt("ipFamilies")?.Count ?? 0) == 0)
        {
            spec["ipFamilies"] = new JsonArray("IPv4");
        }

        if (headlessWithoutSelector)
        {
            spec.DefaultValue("ipFamilyPolicy", "RequireDualStack");
            var families = spec.ArrayAt("ipFamilies")!;
            if (spec.TextAt("ipFamilyPolicy") == "RequireDualStack" && families.Count == 1)
            {
                families.Add(families[0]?.ToString() == "IPv4" ? "IPv6" : "IPv4");
            }

            return;
        }

        spec.DefaultValue("ipFamilyPolicy", "SingleStack");
    }

    // Kubernetes' NormalizeClusterIPs for updates: read what a client meant by clusterIP versus clusterIPs.
    private static void NormalizeClusterIPs(JsonObject spec, JsonObject oldSpec)
    {
        var oldIPs = ServiceTypes.ClusterIPs(oldSpec);
        var sameIPs = oldIPs.SequenceEqual(ServiceTypes.ClusterIPs(spec));
        if (oldIPs.Count > 0 && (spec.ArrayAt("clusterIPs")?.Count ?? 0) == 0 && oldSpec.TextAt("clusterIP") == spec.TextAt("clusterIP"))
        {
            spec["clusterIPs"] = oldSpec["clusterIPs"]?.DeepClone();
            sameIPs = true;
        }

        if (oldSpec.TextAt("clusterIP") == spec.TextAt("clusterIP") || !sameIPs)
        {
            return;
        }

        if (oldSpec.TextAt("clusterIP").Length > 0 && spec.TextAt("clusterIP").Length == 0)
        {
            spec.Remove("clusterIPs");
        }
        else
        {
            spec["clusterIPs"] = new JsonArray(spec.TextAt("clusterIP"));
        }
    }

    // Fields that no longer apply after a change of type, dropped when the client left them as they were.
    private static void DropTypeDependentFields(JsonObject spec, JsonObject oldSpec)
    {
        if (ServiceTypes.NeedsClusterIP(oldSpec) && !ServiceTypes.NeedsClusterIP(spec))
        {
            if (ServiceTypes.ClusterIPs(oldSpec).SequenceEqual(ServiceTypes.ClusterIPs(spec)))
            {
                spec.Remove("clusterIP");
                spec.Remove("clusterIPs");
            }

            foreach (var field in new[] { "ipFamilies", "ipFamilyPolicy" })
            {
                if (JsonNode.DeepEquals(spec[field], oldSpec[field]))
                {
                    spec.Remove(field);
                }
            }
        }

        if (ServiceTypes.NeedsNodePorts(oldSpec) && !ServiceTypes.NeedsNodePorts(spec) && NodePorts(spec).SequenceEqual(NodePorts(oldSpec)))
        {
            foreach (var (port, _) in spec.ArrayAt("ports").Items())
            {
                port.Remove("nodePort");
            }
        }

        if (ServiceTypes.Type(oldSpec) == "LoadBalancer" && ServiceTypes.Type(spec) != "LoadBalancer"
            && JsonNode.DeepEquals(spec["allocateLoadBalancerNodePorts"], oldSpec["allocateLoadBalancerNodePorts"]))
        {
            spec.Remove("allocateLoadBalancerNodePorts");
        }

        if (ServiceTypes.ExternallyAccessible(oldSpec) && !ServiceTypes.ExternallyAccessible(spec) && spec.TextAt("externalTrafficPolicy") == oldSpec.TextAt("externalTrafficPolicy"))
        {
            spec.Remove("externalTrafficPolicy");
        }
    }

    // Kubernetes' patchAllocatedValues: a client that leaves out the cluster IP or a node port keeps what it was given.
    private static void CarryAllocatedValues(JsonObject spec, JsonObject oldSpec)
    {
        if (ServiceTypes.NeedsClusterIP(oldSpec) && ServiceTypes.NeedsClusterIP(spec))
        {
            if (spec.TextAt("clusterIP").Length == 0 && oldSpec["clusterIP"] is not null)
            {
                spec["clusterIP"] = oldSpec["clusterIP"]!.DeepClone();
            }

            if ((spec.ArrayAt("clusterIPs")?.Count ?? 0) == 0 && (oldSpec.ArrayAt("clusterIPs")?.Count ?? 0) > 0)
            {
                spec["clusterIPs"] = oldSpec["clusterIPs"]!.DeepClone();
            }
        }

        if (!ServiceTypes.NeedsNodePorts(oldSpec) || !ServiceTypes.NeedsNodePorts(spec))
        {
            return;
        }

        var used = NodePorts(oldSpec).Intersect(NodePorts(spec)).ToHashSet();
        var byName = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (port, _) in oldSpec.ArrayAt("ports").Items())
        {
            byName[port.TextAt("name")] = port.IntegerAt("nodePort") ?? 0;
        }

        foreach (var (port, _) in spec.ArrayAt("ports").Items())
        {
            if ((port.IntegerAt("nodePort") ?? 0) == 0 && byName.TryGetValue(port.TextAt("name"), out var previous) && previous != 0 && !used.Contains(previous))
            {
                port["nodePort"] = previous;
            }
        }
    }

    private static List<long> NodePorts(JsonObject spec) =>
        spec.ArrayAt("ports").Items().Select(p => p.Item.IntegerAt("nodePort") ?? 0).Where(p => p != 0).ToList();

    private static void ValidateExternalName(JsonObject spec, FieldErrors errors)
    {
        if ((spec.ArrayAt("clusterIPs")?.Count ?? 0) > 0)
        {
            errors.Forbidden(Spec.Child("clusterIPs"), "may not be set for ExternalName services");
        }

        if ((spec.ArrayAt("ipFamilies")?.Count ?? 0) > 0)
        {
            errors.Forbidden(Spec.Child("ipFamilies"), "may not be set for ExternalName services");
        }

        if (spec["ipFamilyPolicy"] is not null)
        {
            errors.Forbidden(Spec.Child("ipFamilyPolicy"), "may not be set for ExternalName services");
        }

        // The name (a CNAME) may end with a dot to mark it fully qualified.
        errors.RequiredAndValid(Spec.Child("externalName"), spec.TextAt("externalName").TrimEnd('.'), ObjectNames.SubdomainErrors);
    }

    private static void ValidatePort(JsonObject port, bool requireName, HashSet<string> names, FieldPath path, FieldErrors errors)
    {
        var name = port.TextAt("name");
        if (requireName && name.Length == 0)
        {
            errors.Required(path.Child("name"));
        }
        else if (name.Length > 0)
        {
            errors.Invalid(path.Child("name"), name, ObjectNames.LabelErrors(name));
            if (!names.Add(name))
            {
                errors.Duplicate(path.Child("name"), name);
            }
        }

        var number = port.IntegerAt("port") ?? 0;
        errors.Invalid(path.Child("port"), number, PortRules.NumberErrors(number));
        ContainerRules.ValidateProtocol(port, path.Child("protocol"), errors);
        PortNumberOrName.Validate(port["targetPort"], path.Child("targetPort"), errors);
        if (port.StringAt("appProtocol") is { } appProtocol)
        {
            errors.Invalid(path.Child("appProtocol"), appProtocol, QualifiedNames.Errors(appProtocol));
        }
    }

    private static void ValidateSessionAffinity(JsonObject spec, FieldErrors errors)
    {
        var affinity = spec.TextAt("sessionAffinity");
        switch (affinity)
        {
            case "":
                errors.Required(Spec.Child("sessionAffinity"));
                break;
            case "ClientIP":
                var timeout = spec.ObjectAt("sessionAffinityConfig")?.ObjectAt("clientIP")?.IntegerAt("timeoutSeconds");
                if (timeout is null)
                {
                    errors.Required(Spec.Child("sessionAffinityConfig"), "when session affinity type is ClientIP");
                }
                else if (timeout is <= 0 or > 86400)
                {
                    errors.Invalid(Spec.Child("sessionAffinityConfig", "clientIP", "timeoutSeconds"), timeout.Value, "must be greater than 0 and less than 86400");
                }

                break;
            case "None":
                if (spec["sessionAffinityConfig"] is not null)
                {
                    errors.Forbidden(Spec.Child("sessionAffinityConfig"), "must not be set when session affinity is None");
                }

                break;
            default:
                errors.NotSupported(Spec.Child("sessionAffinity"), affinity, "ClientIP", "None");
                break;
        }
    }

    private static void ValidateNodePorts(JsonObject spec, string serviceType, FieldErrors errors)
    {
        var seen = new HashSet<(string, long)>();
        foreach (var (port, index) in spec.ArrayAt("ports").Items())
        {
            var nodePort = port.IntegerAt("nodePort") ?? 0;
            if (nodePort == 0)
            {
                continue;
            }

            var at = Spec.Child("ports").Index(index).Child("nodePort");
            if (serviceType == "ClusterIP")
            {
                errors.Forbidden(at, "may not be used when `type` is 'ClusterIP'");
            }

            if (!seen.Add((port.TextAt("protocol"), nodePort)))
            {
                errors.Duplicate(at, nodePort);
            }
        }
    }

    private static void ValidateDuplicatePorts(JsonArray? ports, FieldErrors errors)
    {
        var seen = new HashSet<(string, long)>();
        foreach (var (port, index) in ports.Items())
        {
            var protocol = port.TextAt("protocol");
            var number = port.IntegerAt("port") ?? 0;
            if (!seen.Add((protocol, number)))
            {
                // Kubernetes prints the (protocol, port) key it compares, a core.ServicePort, with %#v.
                errors.Duplicate(Spec.Child("ports").Index(index), new BadValue(
                    $"core.ServicePort{{Name:\"\", Protocol:{BadValue.GoQuote(protocol)}, AppProtocol:(*string)(nil), Port:{number}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}"));
            }
        }
    }

    private static void ValidateTrafficPolicies(JsonObject spec, FieldErrors errors)
    {
        var external = spec.TextAt("externalTrafficPolicy");
        if (!ServiceTypes.ExternallyAccessible(spec))
        {
            if (external.Length > 0)
            {
                errors.Invalid(Spec.Child("externalTrafficPolicy"), external, "may only be set for externally-accessible services");
            }
        }
        else if (external.Length == 0)
        {
            errors.Required(Spec.Child("externalTrafficPolicy"));
        }
        else if (external is not ("Cluster" or "Local"))
        {
            errors.NotSupported(Spec.Child("externalTrafficPolicy"), external, "Cluster", "Local");
        }

        var healthCheckNodePort = spec.IntegerAt("healthCheckNodePort") ?? 0;
        var needsHealthCheck = ServiceTypes.Type(spec) == "LoadBalancer" && external == "Local";
        if (!needsHealthCheck && healthCheckNodePort != 0)
        {
            errors.Invalid(Spec.Child("healthCheckNodePort"), healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
        }

        var internalPolicy = spec.StringAt("internalTrafficPolicy");
        if (internalPolicy is null && ServiceTypes.Type(spec) is "NodePort" or "LoadBalancer" or "ClusterIP")
        {
            errors.Required(Spec.Child("internalTrafficPolicy"));
        }
        else if (internalPolicy is not null and not ("Cluster" or "Local"))
        {
            errors.NotSupported(Spec.Child("internalTrafficPolicy"), internalPolicy, "Cluster", "Local");
        }
    }
}
