using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Tests.Support;

/// <summary>One log call as a provider received it, with the structured fields that came with it.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields);

/// <summary>A logger provider that keeps every entry, for tests that read what the server logged.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();

    public IReadOnlyList<CapturedLog> Entries => entries.ToArray();

    public void AddTo(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Debug);
        logging.AddProvider(this);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), fields));
        }
    }
}
