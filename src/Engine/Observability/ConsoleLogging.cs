using Microsoft.Extensions.Logging;

namespace Berth.Engine.Observability;

/// <summary>
/// The console logging of <c>berth server</c> and <c>berth agent</c>: one line per event, framework
/// chatter held back to warnings.
/// </summary>
public static class ConsoleLogging
{
    public static Action<ILoggingBuilder> Console(LogFormat format) => logging =>
    {
        // ASP.NET Core's own per-request lines would duplicate Berth's request log, and its
        // "Now listening on" would repeat what `berth server` prints itself.
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
        // "No XML encryptor configured": the cookie key ring is stored in the datastore in the clear
        // on purpose (every replica must read it; see docs/identity.md, "Cookie sign-in"), so the
        // warning at every start would only alarm.
        logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        logging.SetMinimumLevel(LogLevel.Information);
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
    };
}
