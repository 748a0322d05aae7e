using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ProxyProtocol.Robustness.Server;

/// <summary>Counts log entries by level (and Warning+ by event), and echoes Error+ to stderr for diagnosis.</summary>
internal sealed class CountingLoggerProvider : ILoggerProvider
{
    private readonly long[] _byLevel = new long[7];

    public ConcurrentDictionary<string, long> WarningsByEvent { get; } = new(StringComparer.Ordinal);

    public long Count(LogLevel level) => Interlocked.Read(ref _byLevel[(int)level]);

    public ILogger CreateLogger(string categoryName) => new CountingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CountingLogger(CountingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.None)
            {
                return;
            }

            Interlocked.Increment(ref owner._byLevel[(int)logLevel]);
            if (logLevel >= LogLevel.Warning)
            {
                owner.WarningsByEvent.AddOrUpdate($"{logLevel}:{category}:{eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}", 1, (_, n) => n + 1);
            }

            if (logLevel >= LogLevel.Error)
            {
                Console.Error.WriteLine($"{logLevel} {category}[{eventId}]: {formatter(state, exception)} {exception}");
            }
        }
    }
}
