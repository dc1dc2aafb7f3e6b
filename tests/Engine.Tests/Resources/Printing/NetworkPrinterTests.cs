namespace Berth.Engine.Tests.Resources.Printing;

public sealed class NetworkPrinterTests
{
    // Objects below are created 2d3h before the printers' now.
    private static string[] Service(string spec, string status = "{}") => Printed.Row("", "services", Printed.Fill("""
        {"metadata":{"name":"web","creationTimestamp":"2025-02-27T09:00:00Z"},"spec":%SPEC%,"status":%STATUS%}
        """, ("SPEC", spec), ("STATUS", status)));

    [Fact]
    public void A_cluster_ip_service_shows_its_address_ports_and_selector()
    {
        var row = Service("""
            {"type":"ClusterIP","clusterIP":"10.43.0.10","clusterIPs":["10.43.0.10"],"selector":{"app":"web"},
             "ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"},{"name":"dns","port":53,"protocol":"UDP"}]}
            """);

        Assert.Equal("NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE SELECTOR", Printed.Headers("", "services", wide: true));
        Assert.Equal(["web", "ClusterIP", "10.43.0.10", "<none>", "80/TCP,53/UDP", "2d3h", "app=web"], row);
    }

    [Fact]
    public void A_service_before_defaulting_reads_as_cluster_ip_over_tcp_with_no_address()
    {
        Assert.Equal(["ClusterIP", "<none>", "<none>", "80/TCP"], Service("""{"ports":[{"port":80}]}""")[1..5]);
        Assert.Equal("None", Service("""{"type":"ClusterIP","clusterIP":"None","clusterIPs":["None"]}""")[2]); // headless
        Assert.Equal(["<none>", "<none>"], [Service("{}")[4], Service("{}")[6]]);
    }

    [Fact]
    public void A_node_port_service_shows_port_and_node_port()
    {
        var row = Service("""{"type":"NodePort","clusterIPs":["10.43.0.11"],"externalIPs":["192.0.2.1"],"ports":[{"port":80,"nodePort":30080,"protocol":"TCP"}]}""");
        Assert.Equal(["NodePort", "10.43.0.11", "192.0.2.1", "80:30080/TCP"], row[1..5]);
    }

    [Fact]
    public void A_load_balancer_is_pending_until_it_has_an_address()
    {
        const string spec = """{"type":"LoadBalancer","clusterIPs":["10.43.0.12"],"ports":[{"port":443,"nodePort":31443,"protocol":"TCP"}]}""";
        Assert.Equal("<pending>", Service(spec)[3]);
        Assert.Equal("203.0.113.5,lb.example.com", Service(spec, """{"loadBalancer":{"ingress":[{"ip":"203.0.113.5"},{"hostname":"lb.example.com"}]}}""")[3]);
    }

    [Fact]
    public void An_external_name_service_shows_the_name_it_points_to() =>
        Assert.Equal(["ExternalName", "<none>", "db.example.com", "<none>"], Service("""{"type":"ExternalName","externalName":"db.example.com"}""")[1..5]);

    [Fact]
    public void An_ingress_shows_class_hosts_address_and_ports()
    {
        var row = Printed.Row("networking.k8s.io", "ingresses", """
            {"metadata":{"name":"front","creationTimestamp":"2025-02-27T09:00:00Z"},
             "spec":{"ingressClassName":"haproxy","tls":[{"hosts":["a.example.com"]}],
               "rules":[{"host":"a.example.com"},{"http":{}},{"host":"b.example.com"},{"host":"c.example.com"},{"host":"d.example.com"}]},
             "status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}}
            """);

        Assert.Equal("NAME CLASS HOSTS ADDRESS PORTS AGE", Printed.Headers("networking.k8s.io", "ingresses"));
        Assert.Equal(["front", "haproxy", "a.example.com,b.example.com,c.example.com + 2 more...", "192.0.2.10", "80, 443", "2d3h"], row);
        Assert.Equal(["<none>", "*", "", "80"], Printed.Row("networking.k8s.io", "ingresses",
            """{"metadata":{"name":"any"},"spec":{"defaultBackend":{"service":{"name":"web","port":{"number":80}}}}}""")[1..5]);
    }

    [Fact]
    public void Endpoints_list_three_addresses_and_count_the_rest()
    {
        var row = Printed.Row("", "endpoints", """
            {"metadata":{"name":"web","creationTimestamp":"2025-02-27T09:00:00Z"},"subsets":[
              {"addresses":[{"ip":"10.42.0.5"},{"ip":"10.42.0.6"}],"ports":[{"name":"http","port":8080},{"name":"metrics","port":9090}]},
              {"addresses":[{"ip":"fd00::1"}],"ports":[{"port":8080}]}]}
            """);

        Assert.Equal(["web", "10.42.0.5:8080,10.42.0.6:8080,10.42.0.5:9090 + 2 more...", "2d3h"], row);
        Assert.Equal("[fd00::1]:8080", Printed.Row("", "endpoints",
            """{"metadata":{"name":"v6"},"subsets":[{"addresses":[{"ip":"fd00::1"}],"ports":[{"port":8080}]}]}""")[1]);
        Assert.Equal("10.42.0.9", Printed.Row("", "endpoints", """{"metadata":{"name":"headless"},"subsets":[{"addresses":[{"ip":"10.42.0.9"}]}]}""")[1]);
        Assert.Equal("<none>", Printed.Row("", "endpoints", """{"metadata":{"name":"empty"}}""")[1]);
    }

    [Fact]
    public void An_endpoint_slice_shows_address_type_ports_and_endpoints()
    {
        var row = Printed.Row("discovery.k8s.io", "endpointslices", """
            {"metadata":{"name":"web-x7k2p","creationTimestamp":"2025-02-27T09:00:00Z"},"addressType":"IPv4",
             "ports":[{"name":"http","port":8080,"protocol":"TCP"},{"name":"named"},{}],
             "endpoints":[{"addresses":["10.42.0.5"],"conditions":{"ready":true}},{"addresses":["10.42.0.6"]}]}
            """);

        Assert.Equal("NAME ADDRESSTYPE PORTS ENDPOINTS AGE", Printed.Headers("discovery.k8s.io", "endpointslices"));
        Assert.Equal(["web-x7k2p", "IPv4", "8080,named,*", "10.42.0.5,10.42.0.6", "2d3h"], row);
        Assert.Equal(["<unset>", "<unset>"], Printed.Row("discovery.k8s.io", "endpointslices", """{"metadata":{"name":"empty"},"addressType":"IPv4"}""")[2..4]);
    }
}
