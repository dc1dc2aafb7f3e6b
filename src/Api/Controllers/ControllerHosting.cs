using Berth.Engine.Controllers;
using Berth.Engine.Controllers.Leadership;
using Berth.Engine.Controllers.NodeLifecycle;
using Berth.Engine.Nodes;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Controllers;

/// <summary>
/// Runs the <see cref="ControllerManager"/> with the host: it starts trying for leadership when the
/// server starts, and stops its controllers (giving leadership up) before the store closes.
/// </summary>
internal sealed class ControllerHosting(ControllerManager manager, ControllerOptions options) : IHostedService
{
    public static void AddTo(IServiceCollection services, DatastoreConfig datastore, ControllerOptions options)
    {
        services.AddSingleton(new NodeHeartbeats(datastore));
        services.AddSingleton(sp => new ControllerManager(
            sp.GetRequiredService<IRevisionStore>(),
            sp.GetRequiredService<ResourceObjects>(),
            sp.GetRequiredService<ResourceRegistry>(),
            LeaderElections.For(datastore, options),
            // The node lifecycle controller reads heartbeats from the datastore, beside the revision log.
            [.. BuiltInControllers.All, context => new NodeLifecycleController(context, sp.GetRequiredService<NodeHeartbeats>())],
            options,
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => new ControllerHosting(sp.GetRequiredService<ControllerManager>(), options));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Enabled)
        {
            manager.Start();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => manager.DisposeAsync().AsTask();
}
