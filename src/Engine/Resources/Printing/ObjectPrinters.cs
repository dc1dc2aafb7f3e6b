using Berth.Engine.Resources.Printing.Kinds;

namespace Berth.Engine.Resources.Printing;

/// <summary>The printer of each built-in kind, by group and resource, and NAME AGE for any other.</summary>
public static class ObjectPrinters
{
    public static readonly ObjectPrinter Default = new DefaultPrinter();

    private static readonly Dictionary<string, ObjectPrinter> ByResource = new(StringComparer.Ordinal)
    {
        ["pods"] = new PodPrinter(),
        ["services"] = new ServicePrinter(),
        ["endpoints"] = new EndpointsPrinter(),
        ["configmaps"] = new ConfigMapPrinter(),
        ["secrets"] = new SecretPrinter(),
        ["namespaces"] = new NamespacePrinter(),
        ["nodes"] = new NodePrinter(),
        ["events"] = new EventPrinter(),
        ["serviceaccounts"] = new ServiceAccountPrinter(),
        ["deployments.apps"] = new DeploymentPrinter(),
        ["replicasets.apps"] = new ReplicaSetPrinter(),
        ["daemonsets.apps"] = new DaemonSetPrinter(),
        ["statefulsets.apps"] = new StatefulSetPrinter(),
        ["jobs.batch"] = new JobPrinter(),
        ["cronjobs.batch"] = new CronJobPrinter(),
        ["ingresses.networking.k8s.io"] = new IngressPrinter(),
        ["leases.coordination.k8s.io"] = new LeasePrinter(),
        ["endpointslices.discovery.k8s.io"] = new EndpointSlicePrinter(),
    };

    public static ObjectPrinter For(ResourceType type) => ByResource.GetValueOrDefault(type.QualifiedResource, Default);
}
