namespace Berth.Engine.Tests.Resources.Admission;

/// <summary>ConfigMaps and Secrets: keys, sizes, stringData, types and immutability.</summary>
public sealed class ConfigAdmissionTests
{
    [Fact]
    public void Data_keys_must_be_file_names()
    {
        Assert.Equal(
            ["data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"],
            Admit.CreateErrors("configmaps", """{"metadata":{"name":"c"},"data":{"bad key":"x","good.key":"y"}}"""));
        Assert.Equal(
            ["data[a]: Invalid value: \"a\": duplicate of key present in binaryData"],
            Admit.CreateErrors("configmaps", """{"metadata":{"name":"c"},"data":{"a":"x"},"binaryData":{"a":"eA=="}}"""));
    }

    [Fact]
    public void An_immutable_config_map_stays_as_it_is()
    {
        var configMap = Admit.Create("configmaps", """{"metadata":{"name":"c"},"data":{"a":"x"},"immutable":true}""");

        Assert.Equal(
            ["data: Forbidden: field is immutable when `immutable` is set"],
            Admit.UpdateErrors("configmaps", configMap, c => c["data"]!["a"] = "y"));
        Assert.Equal(
            ["immutable: Forbidden: field is immutable when `immutable` is set"],
            Admit.UpdateErrors("configmaps", configMap, c => c["immutable"] = false));
        Admit.Update("configmaps", configMap, c => c["metadata"]!["labels"] = new System.Text.Json.Nodes.JsonObject { ["a"] = "b" });
    }

    [Fact]
    public void A_secret_is_Opaque_and_its_string_data_becomes_data()
    {
        var secret = Admit.Create("secrets", """{"metadata":{"name":"s"},"data":{"a":"eA=="},"stringData":{"b":"hello"}}""");

        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
        Assert.Equal("""{"a":"eA==","b":"aGVsbG8="}""", secret["data"]!.ToJsonString());
        Assert.Null(secret["stringData"]);
    }

    [Fact]
    public void Secret_data_must_be_base64()
    {
        var refusal = Admit.CreateFails("secrets", """{"metadata":{"name":"s"},"data":{"a":"not base64!"}}""");

        Assert.Equal(400, refusal.Code);
        Assert.Equal("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 3", refusal.Message);
    }

    [Fact]
    public void Typed_secrets_need_their_keys_and_keep_their_type()
    {
        Assert.Equal(
            ["data[tls.crt]: Required value", "data[tls.key]: Required value"],
            Admit.CreateErrors("secrets", """{"metadata":{"name":"s"},"type":"kubernetes.io/tls","data":{}}"""));

        var secret = Admit.Create("secrets", """{"metadata":{"name":"s"},"data":{"a":"eA=="},"immutable":true}""");
        Assert.Equal(
            ["type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable", "data: Forbidden: field is immutable when `immutable` is set"],
            Admit.UpdateErrors("secrets", secret, s =>
            {
                s["type"] = "kubernetes.io/basic-auth";
                s["data"]!["username"] = "eA==";
            }));
    }
}
