using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ProxyProtocol.AspNetCore.Internal;

namespace ProxyProtocol.AspNetCore.Tests.Middleware;

/// <summary>
/// Instrument names are a contract with dashboards and alerts, frozen at 1.0 like the API: the meter publishes exactly
/// these, each counting a fact no other instrument counts, and the package README's table lists exactly these.
/// </summary>
public sealed partial class MeterInstrumentsTests
{
    private static readonly string[] Frozen =
    [
        "proxy_protocol.connections.empty",
        "proxy_protocol.connections.without_header",
        "proxy_protocol.crc32c.mismatches",
        "proxy_protocol.header.read.duration",
        "proxy_protocol.headers.accepted",
        "proxy_protocol.headers.rejected",
        "proxy_protocol.untrusted_peers",
    ];

    [Fact]
    public void Meter_publishes_exactly_the_frozen_instruments()
    {
        Assert.Equal(Frozen, Published());
    }

    [Fact]
    public void ReadmeMetricsTable_lists_exactly_the_published_instruments()
    {
        // tests/ProxyProtocol.AspNetCore.Tests/bin/<Configuration>/net10.0/ -> the repository root
        var root = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var readme = File.ReadAllText(Path.Combine(root, "src", "ProxyProtocol.AspNetCore", "README.md"));
        Assert.Equal(Published(), TableRow().Matches(readme).Select(m => m.Groups["name"].Value).Order(StringComparer.Ordinal));
    }

    private static List<string> Published()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var names = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == ProxyProtocolMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    lock (names)
                    {
                        names.Add(instrument.Name);
                    }
                }
            },
        };
        listener.Start();
        ProxyProtocolMetrics.For(services);
        lock (names)
        {
            return [.. names.Order(StringComparer.Ordinal)];
        }
    }

    [GeneratedRegex(@"^\| `(?<name>proxy_protocol\.[a-z0-9_.]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
