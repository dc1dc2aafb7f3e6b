using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>
/// Kubernetes' defaults for one container (<c>SetDefaults_Container</c>, probes, handlers, ports and
/// field references), so a container reads back as it does from a real API server.
/// </summary>
internal static class ContainerDefaults
{
    public static void Apply(JsonObject container)
    {
        if (container["imagePullPolicy"] is null || container.StringAt("imagePullPolicy") == "")
        {
            container["imagePullPolicy"] = ImageReference.IsLatest(container.TextAt("image")) ? "Always" : "IfNotPresent";
        }

        container.DefaultString("terminationMessagePath", "/dev/termination-log");
        container.DefaultString("terminationMessagePolicy", "File");
        container.DefaultValue("resources", new JsonObject()); // a struct in Go, so always written out

        foreach (var (port, _) in container.ArrayAt("ports").Items())
        {
            port.DefaultString("protocol", "TCP");
        }

        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (container.ObjectAt(probe) is { } found)
            {
                ApplyProbe(found);
            }
        }

        if (container.ObjectAt("lifecycle") is { } lifecycle)
        {
            foreach (var hook in new[] { "postStart", "preStop" })
            {
                if (lifecycle.ObjectAt(hook) is { } handler)
                {
                    ApplyHandler(handler);
                }
            }
        }

        foreach (var (variable, _) in container.ArrayAt("env").Items())
        {
            if (variable.ObjectAt("valueFrom")?.ObjectAt("fieldRef") is { } fieldRef)
            {
                FieldReference(fieldRef);
            }
        }
    }

    /// <summary><c>SetDefaults_ObjectFieldSelector</c>: a field reference without apiVersion means v1.</summary>
    public static void FieldReference(JsonObject fieldRef) => fieldRef.DefaultString("apiVersion", "v1");

    private static void ApplyProbe(JsonObject probe)
    {
        probe.DefaultNumber("timeoutSeconds", 1);
        probe.DefaultNumber("periodSeconds", 10);
        probe.DefaultNumber("successThreshold", 1);
        probe.DefaultNumber("failureThreshold", 3);
        ApplyHandler(probe);
        if (probe.ObjectAt("grpc") is { } grpc)
        {
            grpc.DefaultValue("service", "");
        }
    }

    private static void ApplyHandler(JsonObject handler)
    {
        if (handler.ObjectAt("httpGet") is { } httpGet)
        {
            httpGet.DefaultString("path", "/");
            httpGet.DefaultString("scheme", "HTTP");
        }
    }
}
