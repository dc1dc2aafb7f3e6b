using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Engine.Tests.Controllers.Support;

/// <summary>One controller running against a real store, attached to one workspace, as the manager runs it on the leader.</summary>
internal sealed class RunningController : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly SharedInformers informers;
    private readonly Task running;

    private RunningController(SharedInformers informers, Task running)
    {
        this.informers = informers;
        this.running = running;
    }

    public static async Task<RunningController> StartAsync(IRevisionStore store, string workspace, Func<ControllerContext, IController> create, ControllerOptions? options = null)
    {
        options ??= new ControllerOptions();
        var informers = new SharedInformers(store, ResourceRegistry.BuiltIn, options.Informers, NullLoggerFactory.Instance);
        var context = new ControllerContext(informers, new ObjectClient(new ResourceObjects(store, TimeProvider.System)), options, NullLoggerFactory.Instance);
        var controller = create(context);
        var stopping = new CancellationTokenSource();
        var running = new RunningController(informers, controller.RunAsync(stopping.Token));
        running.stopping.Token.Register(stopping.Cancel);
        await controller.AttachAsync(workspace, CancellationToken.None);
        return running;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await running;
        await informers.DisposeAsync();
        stopping.Dispose();
    }
}
