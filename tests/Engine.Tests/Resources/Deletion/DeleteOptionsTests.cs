using System.Text.Json.Nodes;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.DryRun;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Tests.Resources.Deletion;

/// <summary>Reading DeleteOptions as kubectl sends them, and refusing what Kubernetes' ValidateDeleteOptions refuses.</summary>
public sealed class DeleteOptionsTests
{
    [Fact]
    public void Reads_the_body_kubectl_sends()
    {
        var options = DeleteOptions.FromJson(JsonNode.Parse("""
            {"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":7,"propagationPolicy":"Foreground",
             "preconditions":{"uid":"u-1","resourceVersion":"42"},"dryRun":["All"]}
            """)!.AsObject());

        Assert.Equal(7, options.GracePeriodSeconds);
        Assert.Equal(PropagationPolicy.Foreground, options.PropagationPolicy);
        Assert.Equal(("u-1", "42"), (options.PreconditionUid, options.PreconditionResourceVersion));
        Assert.True(options.DryRun);
    }

    [Fact]
    public void An_unknown_policy_is_Invalid_naming_the_supported_ones()
    {
        var refused = Assert.Throws<ResourceException>(() => DeleteOptions.FromJson(JsonNode.Parse("""{"propagationPolicy":"Sideways"}""")!.AsObject()));

        Assert.Equal(422, refused.Code);
        Assert.Equal("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Sideways\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"", refused.Message);
        Assert.Equal(("meta.k8s.io", "DeleteOptions"), (refused.Group, refused.Kind));
        Assert.Equal("FieldValueNotSupported", Assert.Single(refused.Causes).Reason);
    }

    [Fact]
    public void Both_forms_of_the_policy_at_once_are_refused_with_every_other_fault()
    {
        var refused = Assert.Throws<ResourceException>(() => DeleteOptions.Parse(null, "Orphan", true, null, null, ["Yes"]));

        Assert.Equal(["propagationPolicy", "dryRun"], refused.Causes.Select(c => c.Field));
        Assert.Equal(
            "DeleteOptions.meta.k8s.io \"\" is invalid: [propagationPolicy: Invalid value: \"Orphan\": orphanDependents and deletionPropagation cannot be both set, dryRun: Unsupported value: []string{\"Yes\"}: supported values: \"All\"]",
            refused.Message);
    }

    [Fact]
    public void A_malformed_field_is_a_BadRequest()
    {
        var refused = Assert.Throws<ResourceException>(() => DeleteOptions.FromJson(JsonNode.Parse("""{"gracePeriodSeconds":"soon"}""")!.AsObject()));

        Assert.Equal((400, "gracePeriodSeconds must be an integer"), (refused.Code, refused.Message));
    }

    [Theory]
    [InlineData("CreateOptions")]
    [InlineData("PatchOptions")]
    public void DryRun_knows_only_All(string optionsKind)
    {
        Assert.True(DryRunOption.Parse(["All"], optionsKind));
        Assert.False(DryRunOption.Parse([], optionsKind));
        var refused = Assert.Throws<ResourceException>(() => DryRunOption.Parse(["server"], optionsKind));
        Assert.Equal($"{optionsKind}.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{{\"server\"}}: supported values: \"All\"", refused.Message);
    }
}
