using Berth.Api.Replicas;
using Berth.Engine.Nodes;
using Berth.Engine.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Agents;

/// <summary>The AgentHub's services and route: SignalR over WebSockets only, behind node-credential authentication.</summary>
internal static class AgentHubHosting
{

    public static void AddAgentHub(this IServiceCollection services, DatastoreConfig datastore)
    {
        services.AddSignalR().AddHubOptions<AgentHub>(options =>
        {
            // A node's whole desired state comes back from Register in one message.
            options.MaximumReceiveMessageSize = 4 * 1024 * 1024;
            // One call of a node at a time (SignalR's default), so its log chunks and reports keep their order.
        });
        services.AddSingleton(sp => new NodeCredentialStore(datastore, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new JoinTokenStore(datastore, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<NodeRegistrar>();
        services.AddSingleton<NodeSessions>();
        services.AddSingleton<PodReports>();
        services.AddSingleton<PodLogStreams>();
        services.AddSingleton<PodLogs>();
        services.AddSingleton<ReplicaLogs>();
        services.AddSingleton<UsageSamples>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageSamples>());
        services.AddSingleton(sp => new ReplicaDirectory(datastore, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ReplicaDirectory>>()));
        services.AddSingleton<UsageHistory>();
    }

    public static void MapAgentHub(this WebApplication app)
    {
        app.UseWebSockets();
        app.UseNodeHubAuthentication();
        app.MapHub<AgentHub>(AgentHubRoute.Path, options => options.Transports = HttpTransportType.WebSockets);
        app.MapJoinEndpoints();
    }
}
