using Berth.Engine.Controllers.Compaction;
using Berth.Engine.Controllers.GarbageCollection;
using Berth.Engine.Controllers.Namespaces;
using Berth.Engine.Controllers.Runtime;

namespace Berth.Engine.Controllers;

/// <summary>The controllers every Berth server runs while it leads; add a controller here to have it run.</summary>
public static class BuiltInControllers
{
    public static IReadOnlyList<Func<ControllerContext, IController>> All { get; } =
    [
        context => new GarbageCollector(context),
        context => new NamespaceController(context),
        context => new HistoryCompactor(context),
    ];
}
