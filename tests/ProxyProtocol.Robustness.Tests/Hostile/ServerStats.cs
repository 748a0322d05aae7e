using System.Globalization;

namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>The server's <c>/stats</c> lines: memory, handles, log counts by level, connections, PROXY counters.</summary>
public sealed class ServerStats(IReadOnlyDictionary<string, long> values)
{
    public long this[string name] => values.TryGetValue(name, out var v) ? v : 0;

    public long Heap => this["heap"];

    public long Rss => this["rss"];

    public long Handles => this["handles"];

    public long Connections => this["connections"];

    public long Warnings => this["logs.warning"];

    public long Errors => this["logs.error"] + this["logs.critical"];

    public IEnumerable<KeyValuePair<string, long>> All => values;

    public static ServerStats Parse(string text) => new(text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.Split('=', 2))
        .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal));

    public override string ToString() => string.Join(", ", values.Select(p => $"{p.Key}={p.Value}"));
}
