using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission.Services;

/// <summary>
/// A Service's clusterIP, clusterIPs, ipFamilies and ipFamilyPolicy, which must agree with each
/// other and with a single-stack IPv4 cluster (Kubernetes' <c>ValidateServiceClusterIPsRelatedFields</c>),
/// and which may not change once set.
/// </summary>
internal static class ClusterIPRules
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly FieldPath ClusterIPs = Spec.Child("clusterIPs");

    public static void Validate(JsonObject spec, FieldErrors errors)
    {
        if (!ServiceTypes.NeedsClusterIP(spec))
        {
            return;
        }

        var clusterIP = spec.TextAt("clusterIP");
        var clusterIPs = ServiceTypes.ClusterIPs(spec);
        var rendered = BadValue.StringList(spec["clusterIPs"] is null ? null : clusterIPs);
        if (clusterIP.Length != 0)
        {
            if (clusterIPs.Count == 0)
            {
                errors.Required(ClusterIPs);
            }
            else if (clusterIPs[0] != clusterIP)
            {
                errors.Invalid(ClusterIPs, rendered, "first value must match `clusterIP`");
            }
        }
        else if (clusterIPs.Count != 0)
        {
            errors.Invalid(ClusterIPs, rendered, "must be empty when `clusterIP` is not specified");
        }

        var families = (spec.ArrayAt("ipFamilies") ?? []).Select(f => f?.ToString() ?? "").ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < families.Count; i++)
        {
            if (families[i] is not ("IPv4" or "IPv6"))
            {
                errors.NotSupported(Spec.Child("ipFamilies").Index(i), families[i], "IPv4", "IPv6");
            }

            if (!seen.Add(families[i]))
            {
                errors.Duplicate(Spec.Child("ipFamilies").Index(i), families[i]);
            }
        }

        var policy = spec.StringAt("ipFamilyPolicy");
        if (policy is not null and not ("SingleStack" or "PreferDualStack" or "RequireDualStack"))
        {
            errors.NotSupported(Spec.Child("ipFamilyPolicy"), policy, "PreferDualStack", "RequireDualStack", "SingleStack");
        }

        var invalidIPs = false;
        for (var i = 0; i < clusterIPs.Count; i++)
        {
            if (i == 0 && clusterIPs[i] == "None")
            {
                if (clusterIPs.Count > 1)
                {
                    invalidIPs = true;
                    errors.Invalid(ClusterIPs, rendered, "'None' must be the first and only value");
                }

                continue;
            }

            if (!ServiceNetwork.IsValidIP(clusterIPs[i]))
            {
                invalidIPs = true;
                errors.Invalid(ClusterIPs.Index(i), clusterIPs[i], "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
            }
        }

        if (clusterIPs.Count > 2)
        {
            errors.Invalid(ClusterIPs, rendered, "may only hold up to 2 values");
        }

        if (invalidIPs)
        {
            return;
        }

        if (clusterIPs.Count > 1 && ServiceNetwork.IsIPv6(clusterIPs[0]) == ServiceNetwork.IsIPv6(clusterIPs[1]))
        {
            errors.Invalid(ClusterIPs, rendered, "may specify no more than one IP for each IP family");
        }

        var headless = ServiceTypes.IsHeadless(spec);
        for (var i = 0; !headless && i < Math.Min(clusterIPs.Count, families.Count); i++)
        {
            if (families[i] == "IPv4" && ServiceNetwork.IsIPv6(clusterIPs[i]))
            {
                errors.Invalid(ClusterIPs.Index(i), clusterIPs[i], $"expected an IPv4 value as indicated by `ipFamilies[{i}]`");
            }
            else if (families[i] == "IPv6" && !ServiceNetwork.IsIPv6(clusterIPs[i]))
            {
                errors.Invalid(ClusterIPs.Index(i), clusterIPs[i], $"expected an IPv6 value as indicated by `ipFamilies[{i}]`");
            }
        }

        ValidateSingleStackCluster(spec, families, policy, headless, errors);
    }

    /// <summary>Kubernetes' <c>validateUpgradeDowngradeClusterIPs</c>: the primary cluster IP never changes.</summary>
    public static void ValidateUpdate(JsonObject spec, JsonObject oldSpec, FieldErrors errors)
    {
        if (!ServiceTypes.NeedsClusterIP(spec) || !ServiceTypes.NeedsClusterIP(oldSpec))
        {
            return;
        }

        if (ServiceTypes.IsHeadless(spec) && ServiceTypes.IsHeadless(oldSpec))
        {
            return;
        }

        var now = ServiceTypes.ClusterIPs(spec);
        var before = ServiceTypes.ClusterIPs(oldSpec);
        var rendered = BadValue.StringList(spec["clusterIPs"] is null ? null : now);
        if (now.Count == before.Count)
        {
            for (var i = 0; i < before.Count; i++)
            {
                if (before[i] != now[i])
                {
                    errors.Invalid(ClusterIPs.Index(i), rendered, "may not change once set");
                }
            }
        }
        else if (before.Count > now.Count)
        {
            if (now.Count == 0)
            {
                errors.Invalid(ClusterIPs.Index(0), rendered, "primary clusterIP can not be unset");
            }
            else if (now[0] != before[0])
            {
                errors.Invalid(ClusterIPs.Index(0), rendered, "may not change once set");
            }
        }
        else if (before.Count > 0 && now[0] != before[0])
        {
            errors.Invalid(ClusterIPs.Index(0), rendered, "may not change once set");
        }
    }

    // What initIPFamilyFields refuses on a cluster that has only IPv4 service addresses.
    private static void ValidateSingleStackCluster(JsonObject spec, List<string> families, string? policy, bool headless, FieldErrors errors)
    {
        var headlessWithoutSelector = headless && (spec.ObjectAt("selector")?.Count ?? 0) == 0;
        if (headlessWithoutSelector)
        {
            return; // Kubernetes gives these both families whatever the cluster has
        }

        if (policy == "RequireDualStack")
        {
            errors.Invalid(Spec.Child("ipFamilyPolicy"), policy, "this cluster is not configured for dual-stack services");
        }

        for (var i = 0; i < families.Count; i++)
        {
            if (families[i] == "IPv6")
            {
                errors.Invalid(Spec.Child("ipFamilies").Index(i), families[i], "not configured on this cluster");
            }
        }
    }
}
