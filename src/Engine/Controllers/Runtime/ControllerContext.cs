using Berth.Engine.Resources;
using Berth.Engine.Store;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Controllers.Runtime;

/// <summary>
/// What a controller is built with for one term of leadership: the shared informers to read
/// from, the client to write through, the options, and logging. A new term gets a new context
/// and new controllers, so nothing outlives a lost leadership.
/// </summary>
public sealed record ControllerContext(SharedInformers Informers, ObjectClient Client, ControllerOptions Options, ILoggerFactory LoggerFactory)
{
    public ResourceRegistry Registry => Informers.Registry;

    /// <summary>The revision store itself, for controllers that look after the log rather than objects (compaction).</summary>
    public IRevisionStore Store => Informers.Store;
}
