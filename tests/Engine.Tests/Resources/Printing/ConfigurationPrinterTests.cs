namespace Berth.Engine.Tests.Resources.Printing;

public sealed class ConfigurationPrinterTests
{
    // Objects below are created 3m2s before the printers' now.
    [Fact]
    public void A_config_map_counts_its_data_and_binary_data()
    {
        Assert.Equal("NAME DATA AGE", Printed.Headers("", "configmaps"));
        Assert.Equal(["settings", "3", "3m2s"], Printed.Row("", "configmaps",
            """{"metadata":{"name":"settings","creationTimestamp":"2025-03-01T11:56:58Z"},"data":{"mode":"fast","size":"2"},"binaryData":{"logo":"iVBORw0K"}}"""));
    }

    [Fact]
    public void A_secret_shows_its_type_and_counts_its_data()
    {
        Assert.Equal("NAME TYPE DATA AGE", Printed.Headers("", "secrets"));
        Assert.Equal(["tls", "kubernetes.io/tls", "2", "3m2s"], Printed.Row("", "secrets",
            """{"metadata":{"name":"tls","creationTimestamp":"2025-03-01T11:56:58Z"},"type":"kubernetes.io/tls","data":{"tls.crt":"Y3J0","tls.key":"a2V5"}}"""));
    }

    [Fact]
    public void A_service_account_counts_its_secrets()
    {
        Assert.Equal("NAME SECRETS AGE", Printed.Headers("", "serviceaccounts"));
        Assert.Equal(["default", "0", "3m2s"], Printed.Row("", "serviceaccounts", """{"metadata":{"name":"default","creationTimestamp":"2025-03-01T11:56:58Z"}}"""));
        Assert.Equal("1", Printed.Row("", "serviceaccounts", """{"metadata":{"name":"robot"},"secrets":[{"name":"robot-token"}]}""")[1]);
    }

    [Fact]
    public void An_object_without_a_creation_time_is_of_unknown_age() =>
        Assert.Equal(["x", "0", "<unknown>"], Printed.Row("", "configmaps", """{"metadata":{"name":"x"}}"""));
}
