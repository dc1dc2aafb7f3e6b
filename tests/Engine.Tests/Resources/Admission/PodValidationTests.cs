namespace Berth.Engine.Tests.Resources.Admission;

/// <summary>Pods Kubernetes refuses are refused here, every field named as kubectl prints it.</summary>
public sealed class PodValidationTests
{
    [Fact]
    public void A_pod_needs_containers()
    {
        Assert.Equal(["spec.containers: Required value"], Admit.CreateErrors("pods", Admit.Pod("{}")));
    }

    [Fact]
    public void A_container_needs_a_name_and_an_image()
    {
        Assert.Equal(
            ["spec.containers[0].name: Required value", "spec.containers[0].image: Required value"],
            Admit.CreateErrors("pods", Admit.Pod("""{"containers":[{}]}""")));
    }

    [Fact]
    public void Container_names_are_DNS_labels_and_unique()
    {
        var errors = Admit.CreateErrors("pods", Admit.Pod("""{"containers":[{"name":"Web","image":"a"},{"name":"db","image":"a"},{"name":"db","image":"a"}]}"""));

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of", errors[0]);
        Assert.Equal("spec.containers[2].name: Duplicate value: \"db\"", errors[1]);
    }

    [Fact]
    public void Init_container_names_may_not_repeat_a_container_name()
    {
        Assert.Equal(
            ["spec.initContainers[0].name: Duplicate value: \"web\""],
            Admit.CreateErrors("pods", Admit.Pod("""{"containers":[CONTAINER],"initContainers":[CONTAINER]}""")));
    }

    [Fact]
    public void Ports_are_checked_for_range_names_protocol_and_duplicates()
    {
        var errors = Admit.CreateErrors("pods", Admit.Pod("""
            {"containers":[{"name":"web","image":"a","ports":[
              {"containerPort":0},{"containerPort":70000},{"name":"http","containerPort":80},{"name":"http","containerPort":81},
              {"name":"HTTP","containerPort":82},{"containerPort":83,"protocol":"ICMP"}]}]}
            """));

        Assert.Equal(
            [
                "spec.containers[0].ports[0].containerPort: Required value",
                "spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.containers[0].ports[3].name: Duplicate value: \"http\"",
                "spec.containers[0].ports[4].name: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "spec.containers[0].ports[4].name: Invalid value: \"HTTP\": must contain at least one letter (a-z)",
                "spec.containers[0].ports[5].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            ],
            errors);
    }

    [Fact]
    public void Policies_must_be_known_values()
    {
        var errors = Admit.CreateErrors("pods", Admit.Pod("""{"containers":[{"name":"web","image":"a","imagePullPolicy":"Sometimes"}],"restartPolicy":"Sometimes","dnsPolicy":"Google"}"""));

        Assert.Equal(
            [
                "spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
                "spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"",
            ],
            errors);
    }

    [Fact]
    public void Mounts_must_name_a_volume_of_the_pod()
    {
        var errors = Admit.CreateErrors("pods", Admit.Pod("""
            {"containers":[{"name":"web","image":"a","volumeMounts":[{"name":"data","mountPath":"/data"},{"name":"cache","mountPath":"/data"}]}],
             "volumes":[{"name":"cache"}]}
            """));

        Assert.Equal(["spec.containers[0].volumeMounts[0].name: Not found: \"data\"", "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/data\": must be unique"], errors);
    }

    [Fact]
    public void A_volume_has_one_source_and_what_that_source_requires()
    {
        var errors = Admit.CreateErrors("pods", Admit.Pod("""
            {"containers":[CONTAINER],"volumes":[{"name":"a","emptyDir":{},"hostPath":{"path":"/x"}},{"name":"b","secret":{}},{"name":"c"},{"name":"c"}]}
            """));

        Assert.Equal(
            [
                "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type",
                "spec.volumes[1].secret.secretName: Required value",
                "spec.volumes[3].name: Duplicate value: \"c\"",
            ],
            errors);
    }

    [Fact]
    public void Environment_variables_take_a_value_or_one_source()
    {
        var errors = Admit.CreateErrors("pods", Admit.Pod("""
            {"containers":[{"name":"web","image":"a","env":[{"name":""},{"name":"A=B","value":"x"},{"name":"C","valueFrom":{}},
              {"name":"D","value":"x","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}]}]}
            """));

        Assert.Equal(
            [
                "spec.containers[0].env[0].name: Required value",
                "spec.containers[0].env[1].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
                "spec.containers[0].env[2].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
                "spec.containers[0].env[3].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty",
            ],
            errors);
    }

    [Fact]
    public void Probes_have_one_handler_and_liveness_succeeds_once()
    {
        var errors = Admit.CreateErrors("pods", Admit.Pod("""
            {"containers":[{"name":"web","image":"a","livenessProbe":{"exec":{"command":["true"]},"httpGet":{"port":80},"successThreshold":2},
              "readinessProbe":{"periodSeconds":-1}}]}
            """));

        Assert.Equal(
            [
                "spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
                "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
                "spec.containers[0].readinessProbe: Required value: must specify a handler type",
                "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
            ],
            errors);
    }

    [Fact]
    public void Requests_may_not_exceed_limits_and_quantities_must_be_quantities()
    {
        Assert.Equal(
            ["spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"],
            Admit.CreateErrors("pods", Admit.Pod("""{"containers":[{"name":"web","image":"a","resources":{"limits":{"cpu":"1"},"requests":{"cpu":"2"}}}]}""")));

        var malformed = Admit.CreateFails("pods", Admit.Pod("""{"containers":[{"name":"web","image":"a","resources":{"limits":{"cpu":"lots"}}}]}"""));
        Assert.Equal(400, malformed.Code);
        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", malformed.Message);
    }

    [Fact]
    public void Tolerations_are_checked()
    {
        var errors = Admit.CreateErrors("pods", Admit.Pod("""
            {"containers":[CONTAINER],"tolerations":[{"key":"a","operator":"Exists","value":"x"},{"operator":"Equal"},{"key":"b","operator":"Exists","effect":"NoSchedule","tolerationSeconds":5}]}
            """));

        Assert.Equal(
            [
                "spec.tolerations[0].operator: Invalid value: \"x\": value must be empty when `operator` is 'Exists'",
                "spec.tolerations[1].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
                "spec.tolerations[2].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
            ],
            errors);
    }

    [Fact]
    public void Every_error_of_a_pod_is_reported_at_once_in_the_message()
    {
        var refusal = Admit.CreateFails("pods", Admit.Pod("""{"containers":[{"name":"web"}],"restartPolicy":"Sometimes"}""", name: "Bad"));

        Assert.Equal(3, refusal.Causes.Count);
        Assert.StartsWith("Pod \"Bad\" is invalid: [metadata.name: Invalid value: \"Bad\": a lowercase RFC 1123 subdomain", refusal.Message);
        Assert.EndsWith(", spec.containers[0].image: Required value, spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"]", refusal.Message);
    }
}
