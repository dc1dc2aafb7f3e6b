using System.Text.Json.Nodes;

namespace Berth.Engine.Tests.Resources.Admission;

/// <summary>What every kind's metadata must satisfy, and the namespace and ingress rules.</summary>
public sealed class MetadataAdmissionTests
{
    [Fact]
    public void Label_keys_and_values_are_checked_at_the_label_map()
    {
        var errors = Admit.CreateErrors("configmaps", """{"metadata":{"name":"c","labels":{"tier":"bad value!","-bad":"x","example.com/ok":"y"}}}""");

        Assert.Equal(
            [
                "metadata.labels: Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                "metadata.labels: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ],
            errors);
    }

    [Fact]
    public void Annotation_keys_are_qualified_names_and_all_annotations_fit_in_256_KiB()
    {
        Assert.Equal(
            ["metadata.annotations: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
            Admit.CreateErrors("configmaps", """{"metadata":{"name":"c","annotations":{"a/b/c":"x","UPPER/Case":"ok"}}}"""));
        var huge = new string('x', 256 * 1024);
        Assert.Equal(
            ["metadata.annotations: Too long: may not be more than 262144 bytes"],
            Admit.CreateErrors("configmaps", """{"metadata":{"name":"c","annotations":{"a":"HUGE"}}}""".Fill(("HUGE", huge))));
    }

    [Fact]
    public void A_name_is_required_and_a_generate_name_prefix_may_end_with_a_dash()
    {
        Assert.Equal(["metadata.name: Required value: name or generateName is required"], Admit.CreateErrors("configmaps", """{"data":{}}"""));
        Assert.Matches("^job-[a-z0-9]{5}$", Admit.Create("configmaps", """{"metadata":{"generateName":"job-"}}""")["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Label_errors_on_update_are_refused_too()
    {
        var configMap = Admit.Create("configmaps", """{"metadata":{"name":"c"}}""");

        Assert.Single(Admit.UpdateErrors("configmaps", configMap, c => c["metadata"]!["labels"] = new JsonObject { ["a"] = "b c" }));
    }

    [Fact]
    public void A_namespace_carries_its_name_as_a_label_and_starts_Active()
    {
        var ns = Admit.Create("namespaces", """{"metadata":{"name":"demo"}}""");

        Assert.Equal("demo", ns["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
        Assert.Equal("""{"phase":"Active"}""", ns["status"]!.ToJsonString());
        var relabelled = Admit.Update("namespaces", ns, n => n["metadata"]!["labels"] = new JsonObject());
        Assert.Equal("demo", relabelled["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
    }

    [Fact]
    public void Ingress_paths_need_a_path_type_and_backends_a_service_port()
    {
        var errors = Admit.CreateErrors("ingresses.networking.k8s.io", """
            {"metadata":{"name":"web"},"spec":{"rules":[{"host":"Web.example.com","http":{"paths":[
              {"path":"/","backend":{"service":{"name":"web","port":{"number":80}}}},
              {"path":"api","pathType":"Prefix","backend":{"service":{"name":"api"}}}]}}]}}
            """);

        Assert.Equal(
            [
                "spec.rules[0].host: Invalid value: \"Web.example.com\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
                "spec.rules[0].http.paths[1].path: Invalid value: \"api\": must be an absolute path",
                "spec.rules[0].http.paths[1].backend: Required value: port name or number is required",
            ],
            errors);
        var ingress = Admit.Create("ingresses.networking.k8s.io", """{"metadata":{"name":"web"},"spec":{"defaultBackend":{"service":{"name":"web","port":{"name":"http"}}}}}""");
        Assert.Equal("""{"loadBalancer":{}}""", ingress["status"]!.ToJsonString());
    }
}
