using System.Text.Json.Nodes;

namespace Berth.Engine.Tests.Resources.Admission;

/// <summary>Service defaults and rules; cluster IPs and node ports themselves are allocated later, with the store (see ServiceAllocationTests).</summary>
public sealed class ServiceAdmissionTests
{
    private static string Service(string spec) => """{"metadata":{"name":"web"},"spec":SPEC}""".Fill(("SPEC", spec));

    [Fact]
    public void A_service_gets_core_v1_defaults_and_single_stack_families()
    {
        var service = Admit.Create("services", Service("""{"selector":{"app":"web"},"ports":[{"port":80},{"name":"x","port":81,"targetPort":"http"}]}""".Replace("[{\"port\":80}", "[{\"name\":\"w\",\"port\":80}")));
        var spec = service["spec"]!;

        Assert.Equal("ClusterIP", spec["type"]!.GetValue<string>());
        Assert.Equal("None", spec["sessionAffinity"]!.GetValue<string>());
        Assert.Equal("Cluster", spec["internalTrafficPolicy"]!.GetValue<string>());
        Assert.Equal("""["IPv4"]""", spec["ipFamilies"]!.ToJsonString());
        Assert.Equal("SingleStack", spec["ipFamilyPolicy"]!.GetValue<string>());
        Assert.Equal("""[{"name":"w","port":80,"protocol":"TCP","targetPort":80},{"name":"x","port":81,"targetPort":"http","protocol":"TCP"}]""", spec["ports"]!.ToJsonString());
        Assert.Null(spec["externalTrafficPolicy"]);
        Assert.Equal("""{"loadBalancer":{}}""", service["status"]!.ToJsonString());
    }

    [Fact]
    public void Externally_reachable_services_get_a_traffic_policy_and_load_balancers_node_ports()
    {
        var nodePort = Admit.Create("services", Service("""{"type":"NodePort","ports":[{"port":80}]}"""));
        Assert.Equal("Cluster", nodePort["spec"]!["externalTrafficPolicy"]!.GetValue<string>());

        var loadBalancer = Admit.Create("services", Service("""{"type":"LoadBalancer","ports":[{"port":80}]}"""));
        Assert.True(loadBalancer["spec"]!["allocateLoadBalancerNodePorts"]!.GetValue<bool>());
    }

    [Fact]
    public void A_headless_service_keeps_None_and_without_selector_is_dual_stack_by_policy()
    {
        var headless = Admit.Create("services", Service("""{"clusterIP":"None","selector":{"app":"web"},"ports":[{"port":80}]}"""));
        Assert.Equal("""["None"]""", headless["spec"]!["clusterIPs"]!.ToJsonString());
        Assert.Equal("SingleStack", headless["spec"]!["ipFamilyPolicy"]!.GetValue<string>());

        var bare = Admit.Create("services", Service("""{"clusterIP":"None"}"""));
        Assert.Equal("RequireDualStack", bare["spec"]!["ipFamilyPolicy"]!.GetValue<string>());
        Assert.Equal("""["IPv4","IPv6"]""", bare["spec"]!["ipFamilies"]!.ToJsonString());
    }

    [Fact]
    public void Ports_are_required_valid_named_when_several_and_unique()
    {
        Assert.Equal(["spec.ports: Required value"], Admit.CreateErrors("services", Service("""{"selector":{"app":"web"}}""")));
        Assert.Equal(
            [
                "spec.ports[0].name: Required value",
                "spec.ports[1].name: Required value",
                "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
            ],
            Admit.CreateErrors("services", Service("""{"ports":[{"port":80},{"port":0}]}""")));
        Assert.Equal(
            ["spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"],
            Admit.CreateErrors("services", Service("""{"ports":[{"name":"a","port":80},{"name":"b","port":80}]}""")));
    }

    [Fact]
    public void Types_and_policies_must_be_known_and_fit_the_type()
    {
        Assert.Equal(
            ["spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""],
            Admit.CreateErrors("services", Service("""{"type":"Internal","ports":[{"port":80}]}""")));
        Assert.Equal(
            ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
            Admit.CreateErrors("services", Service("""{"ports":[{"port":80,"nodePort":30080}]}""")));
        Assert.Equal(
            ["spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services"],
            Admit.CreateErrors("services", Service("""{"externalTrafficPolicy":"Local","ports":[{"port":80}]}""")));
        Assert.Equal(
            ["spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services"],
            Admit.CreateErrors("services", Service("""{"ipFamilyPolicy":"RequireDualStack","ports":[{"port":80}]}""")));
    }

    [Fact]
    public void An_external_name_service_needs_a_DNS_name_and_no_cluster_IP()
    {
        var service = Admit.Create("services", Service("""{"type":"ExternalName","externalName":"db.example.com"}"""));
        Assert.Null(service["spec"]!["ipFamilies"]);
        Assert.Equal(["spec.externalName: Required value"], Admit.CreateErrors("services", Service("""{"type":"ExternalName"}""")));
    }

    [Fact]
    public void Service_names_are_DNS_1035_labels()
    {
        Assert.Equal(
            ["metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"],
            Admit.CreateErrors("services", """{"metadata":{"name":"1web"},"spec":{"ports":[{"port":80}]}}"""));
    }

    [Fact]
    public void The_cluster_IP_may_not_change_but_a_client_may_leave_it_out()
    {
        var service = Admit.Create("services", Service("""{"clusterIP":"10.43.0.10","ports":[{"port":80}]}"""));
        Assert.Equal("""["10.43.0.10"]""", service["spec"]!["clusterIPs"]!.ToJsonString());

        Assert.Equal(
            ["spec.clusterIPs[0]: Invalid value: []string{\"10.43.0.11\"}: may not change once set"],
            Admit.UpdateErrors("services", service, s => s["spec"]!["clusterIP"] = "10.43.0.11"));

        var omitted = Admit.Update("services", service, s =>
        {
            s["spec"]!.AsObject().Remove("clusterIP");
            s["spec"]!.AsObject().Remove("clusterIPs");
        });
        Assert.Equal("10.43.0.10", omitted["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public void Node_ports_carry_over_by_port_name_and_go_when_the_type_no_longer_needs_them()
    {
        var service = Admit.Create("services", Service("""{"type":"NodePort","ports":[{"name":"http","port":80,"nodePort":30080}]}"""));

        var omitted = Admit.Update("services", service, s => s["spec"]!["ports"] = JsonNode.Parse("""[{"name":"http","port":80}]"""));
        Assert.Equal(30080, omitted["spec"]!["ports"]![0]!["nodePort"]!.GetValue<long>());

        var clusterIP = Admit.Update("services", service, s => s["spec"]!["type"] = "ClusterIP");
        Assert.Null(clusterIP["spec"]!["ports"]![0]!["nodePort"]);
        Assert.Null(clusterIP["spec"]!["externalTrafficPolicy"]);
    }
}
