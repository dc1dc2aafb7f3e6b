using System.Net;
using System.Text.Json.Nodes;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

/// <summary>
/// Admission through the HTTP API: what is created comes back with Kubernetes' defaults, and
/// invalid objects and changes to immutable fields are refused with 422 naming each field.
/// </summary>
public sealed class AdmissionTests
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string Services = "/api/v1/namespaces/default/services";
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    private const string Jobs = "/apis/batch/v1/namespaces/default/jobs";

    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"busybox:1.36","ports":[{"containerPort":8080}]}]}}}}
        """;

    [Fact]
    public async Task Created_objects_come_back_with_Kubernetes_defaults()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var pod = await api.PostAsync(Pods, """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        Assert.Equal(HttpStatusCode.Created, pod.Status);
        var podSpec = pod.Json["spec"]!;
        Assert.Equal(("Always", "ClusterFirst", 30L, "default"), (podSpec["restartPolicy"]!.GetValue<string>(), podSpec["dnsPolicy"]!.GetValue<string>(),
            podSpec["terminationGracePeriodSeconds"]!.GetValue<long>(), podSpec["serviceAccountName"]!.GetValue<string>()));
        Assert.Equal("Always", podSpec["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
        Assert.Equal(2, podSpec["tolerations"]!.AsArray().Count);
        Assert.Equal("""{"phase":"Pending","qosClass":"BestEffort"}""", pod.Json["status"]!.ToJsonString());

        var deployment = await api.PostAsync(Deployments, Deployment);
        Assert.Equal(HttpStatusCode.Created, deployment.Status);
        var deploymentSpec = deployment.Json["spec"]!;
        Assert.Equal(1, deploymentSpec["replicas"]!.GetValue<long>());
        Assert.Equal("RollingUpdate", deploymentSpec["strategy"]!["type"]!.GetValue<string>());
        Assert.Equal("TCP", deploymentSpec["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.Equal(deployment.Json.ToJsonString(), (await api.GetAsync(Deployments + "/web")).Json.ToJsonString());

        var service = await api.PostAsync(Services, """{"metadata":{"name":"web"},"spec":{"type":"NodePort","selector":{"app":"web"},"ports":[{"port":80}]}}""");
        Assert.Equal(HttpStatusCode.Created, service.Status);
        var serviceSpec = service.Json["spec"]!;
        Assert.Matches(@"^10\.43\.\d+\.\d+$", serviceSpec["clusterIP"]!.GetValue<string>());
        Assert.Equal(("TCP", 80L, "Cluster"), (serviceSpec["ports"]![0]!["protocol"]!.GetValue<string>(), serviceSpec["ports"]![0]!["targetPort"]!.GetValue<long>(),
            serviceSpec["externalTrafficPolicy"]!.GetValue<string>()));
        Assert.InRange(serviceSpec["ports"]![0]!["nodePort"]!.GetValue<long>(), 30000, 32767);

        var job = await api.PostAsync(Jobs, """{"metadata":{"name":"once"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}""");
        Assert.Equal(HttpStatusCode.Created, job.Status);
        var uid = job.Json["metadata"]!["uid"]!.GetValue<string>();
        Assert.Equal(uid, job.Json["spec"]!["selector"]!["matchLabels"]!["batch.kubernetes.io/controller-uid"]!.GetValue<string>());
        Assert.Equal("once", job.Json["spec"]!["template"]!["metadata"]!["labels"]!["job-name"]!.GetValue<string>());
        Assert.Equal(6, job.Json["spec"]!["backoffLimit"]!.GetValue<long>());
    }

    [Fact]
    public async Task Invalid_objects_are_refused_with_422_naming_every_field_and_nothing_is_stored()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var refused = await api.PostAsync(Deployments, """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":-1,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web"}]}}}}
            """);

        Assert.Equal((HttpStatusCode)422, refused.Status);
        Assert.Equal("Invalid", refused.Reason);
        Assert.Equal("Deployment.apps \"web\" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.spec.containers[0].image: Required value]",
            refused.Json["message"]!.GetValue<string>());
        var details = refused.Json["details"]!;
        Assert.Equal(("web", "apps", "Deployment"), (details["name"]!.GetValue<string>(), details["group"]!.GetValue<string>(), details["kind"]!.GetValue<string>()));
        Assert.Equal(
            [("FieldValueInvalid", "spec.replicas", "Invalid value: -1: must be greater than or equal to 0"), ("FieldValueRequired", "spec.template.spec.containers[0].image", "Required value")],
            details["causes"]!.AsArray().Select(c => (c!["reason"]!.GetValue<string>(), c["field"]!.GetValue<string>(), c["message"]!.GetValue<string>())));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(Deployments + "/web")).Status);

        var job = await api.PostAsync(Jobs, """{"metadata":{"name":"once"},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}""");
        Assert.Equal((HttpStatusCode)422, job.Status);
        Assert.Equal("spec.template.spec.restartPolicy", job.Json["details"]!["causes"]![0]!["field"]!.GetValue<string>());

        var service = await api.PostAsync(Services, """{"metadata":{"name":"web"},"spec":{"ports":[{"port":0}]}}""");
        Assert.Equal((HttpStatusCode)422, service.Status);
        Assert.Equal("spec.ports[0].port", service.Json["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Changes_to_immutable_fields_are_refused_with_422_naming_the_field()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        await api.PostAsync(Deployments, Deployment);
        var service = await api.PostAsync(Services, """{"metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}""");
        var clusterIP = service.Json["spec"]!["clusterIP"]!.GetValue<string>();
        await api.PostAsync(Jobs, """{"metadata":{"name":"once"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}""");
        await api.PostAsync(Pods, """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        await api.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"frozen"},"data":{"a":"b"},"immutable":true}""");

        await Refused(api.PatchAsync(Services + "/web", """{"spec":{"clusterIP":"10.43.0.99"}}"""),
            "spec.clusterIPs[0]", "Invalid value: []string{\"10.43.0.99\"}: may not change once set");
        Assert.Equal(clusterIP, (await api.GetAsync(Services + "/web")).Json["spec"]!["clusterIP"]!.GetValue<string>());

        var deployment = (await api.GetAsync(Deployments + "/web")).Json;
        deployment["spec"]!["selector"] = JsonNode.Parse("""{"matchLabels":{"app":"web","v":"2"}}""");
        deployment["spec"]!["template"]!["metadata"]!["labels"]!["v"] = "2";
        await Refused(api.PutAsync(Deployments + "/web", deployment.ToJsonString()),
            "spec.selector", "Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"v\":\"2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");

        await Refused(api.PatchAsync(Jobs + "/once", """{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox:1.37"}]}}}}""", "application/strategic-merge-patch+json"),
            "spec.template", null);
        await Refused(api.PatchAsync(Pods + "/p", """{"spec":{"restartPolicy":"Never"}}"""), "spec", null);
        var newImage = await api.PatchAsync(Pods + "/p", """{"spec":{"containers":[{"name":"c","image":"busybox:1.37"}]}}""", "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, newImage.Status);
        await Refused(api.PatchAsync("/api/v1/namespaces/default/configmaps/frozen", """{"data":{"a":"c"}}"""),
            "data", "Forbidden: field is immutable when `immutable` is set");
    }

    // A 422 Invalid whose first cause is on <paramref name="field"/>, with <paramref name="message"/> when given.
    private static async Task Refused(Task<KubeApi.Response> request, string field, string? message)
    {
        var response = await request;
        Assert.True(response.Status == (HttpStatusCode)422, response.ToString());
        var cause = response.Json["details"]!["causes"]![0]!;
        Assert.Equal(field, cause["field"]!.GetValue<string>());
        if (message is not null)
        {
            Assert.Equal(message, cause["message"]!.GetValue<string>());
        }
    }
}
