using Berth.Engine.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Berth.Api.Audit;

internal static class AuditServices
{
    /// <summary>The audit log's table and the background loop that fills it (see <see cref="AuditLog"/>).</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services, DatastoreConfig datastore)
    {
        services.AddSingleton(new AuditStore(datastore));
        services.AddSingleton<AuditedRevisions>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<AuditLog>());
        return services;
    }
}
