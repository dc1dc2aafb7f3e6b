using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission.Services;

/// <summary>Endpoints: ports are TCP unless they say otherwise (<c>SetDefaults_Endpoints</c>).</summary>
internal sealed class EndpointsPolicy : KindPolicy
{
    public override void Default(JsonObject obj)
    {
        foreach (var (subset, _) in obj.ArrayAt("subsets").Items())
        {
            foreach (var (port, _) in subset.ArrayAt("ports").Items())
            {
                port.DefaultString("protocol", "TCP");
            }
        }
    }
}
