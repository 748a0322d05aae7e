using System.Globalization;

namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>The server's <c>/stats</c> lines: memory, handles, log counts by level, connections, PROXY counters.</summary>
internal sealed class ServerStats(IReadOnlyDictionary<string, long> values)
{
    internal long this[string name] => values.TryGetValue(name, out var v) ? v : 0;

    internal long Heap => this["heap"];

    internal long Rss => this["rss"];

    internal long Handles => this["handles"];

    internal long Connections => this["connections"];

    internal long Warnings => this["logs.warning"];

    internal long Errors => this["logs.error"] + this["logs.critical"];

    internal IEnumerable<KeyValuePair<string, long>> All => values;

    internal static ServerStats Parse(string text) => new(text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.Split('=', 2))
        .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal));

    public override string ToString() => string.Join(", ", values.Select(p => $"{p.Key}={p.Value}"));
}
