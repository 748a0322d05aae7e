using System.Diagnostics;
using Xunit.Abstractions;

namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>
/// A flood of malformed headers of every kind (invalid seeds, garbage, mutated headers, oversize, endless lines,
/// plain HTTP/TLS/SSH, mid-header close and reset, connect-only): no unhandled exception, no error log, warnings
/// within the flood budget, nothing accepted, and memory and handles flat: after a warm-up, two equal phases of
/// flood; the second must not grow what the first left.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class MalformedFloodTests(ITestOutputHelper output)
{
    private const int WarmUp = 2000;
    private const int Phase = 8000;

    [Fact]
    public async Task Flood_of_malformed_headers_leaves_the_server_clean_and_flat()
    {
        FileLimit.EnsureAtLeast(4096);
        await using var server = await ServerProcess.StartAsync(TimeSpan.FromSeconds(5));
        var inputs = Malformed.Mix(seed: 6).Take(WarmUp + (2 * Phase)).ToArray();
        var start = await server.StatsAsync(collect: true);
        var watch = Stopwatch.StartNew();

        await PlayAsync(server, inputs[..WarmUp]);
        await PlayAsync(server, inputs[WarmUp..(WarmUp + Phase)]);
        await Task.Delay(500);
        var warm = await server.StatsAsync(collect: true);
        await PlayAsync(server, inputs[(WarmUp + Phase)..]);
        await Task.Delay(500);
        var end = await server.StatsAsync(collect: true);
        watch.Stop();

        var kinds = inputs.GroupBy(i => i.Kind.StartsWith("seed-", StringComparison.Ordinal) ? "seed-*" : i.Kind).Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine($"malformed connections: {inputs.Length} in {watch.Elapsed.TotalSeconds:F1} s ({string.Join(", ", kinds)})");
        output.WriteLine($"start: heap {start.Heap / 1024} KiB, RSS {start.Rss / 1024} KiB, handles {start.Handles}, threads {start["threads"]}");
        output.WriteLine($"after warm-up and phase 1 ({WarmUp + Phase}): heap {warm.Heap / 1024} KiB, RSS {warm.Rss / 1024} KiB, handles {warm.Handles}, threads {warm["threads"]}");
        output.WriteLine($"after phase 2 ({Phase} more): heap {end.Heap / 1024} KiB, RSS {end.Rss / 1024} KiB, handles {end.Handles}, threads {end["threads"]}");
        output.WriteLine($"logs: warnings {end.Warnings - start.Warnings}, errors {end.Errors}, debug {end["logs.debug"]}; unobserved task exceptions {end["unobserved"]}");
        output.WriteLine("rejections: " + string.Join(", ", end.All.Where(p => p.Key.StartsWith("rejected.", StringComparison.Ordinal)).Select(p => $"{p.Key[9..]} {p.Value}")));

        Assert.Equal(0, end.Errors);
        Assert.Equal(0, end["unobserved"]);
        Assert.Equal(start["accepted"], end["accepted"]);
        // Each connection is rejected, or counted as empty when nothing was read: connect-only ones, and resets that
        // discarded their bytes before the server read them (as a health check's reset looks).
        var empty = end["empty"] - start["empty"];
        output.WriteLine($"empty connections: {empty}");
        Assert.Equal(inputs.Length, end["rejected"] - start["rejected"] + empty);
        Assert.True(empty >= inputs.Count(i => i.Move == HostileMove.ConnectOnly));
        Assert.True(empty <= inputs.Count(i => i.Move is HostileMove.ConnectOnly or HostileMove.ResetMidHeader));

        // Flood protection: at most 10 warnings plus one summary per 10-second window.
        var windows = (long)Math.Ceiling(watch.Elapsed.TotalSeconds / 10) + 1;
        Assert.True(end.Warnings - start.Warnings <= 11 * windows, $"{end.Warnings - start.Warnings} warnings in {windows} windows");

        // Flat: the second phase keeps nothing the first did not (RSS may still settle a little: pools, JIT tiers).
        Assert.True(end.Handles <= warm.Handles + 10, $"handles {warm.Handles} -> {end.Handles}");
        Assert.True(end.Heap <= warm.Heap + (1 << 20), $"heap {warm.Heap} -> {end.Heap}");
        Assert.True(end.Rss <= warm.Rss + (16 << 20), $"RSS {warm.Rss} -> {end.Rss}");
        Assert.Equal(start.Connections, end.Connections);
    }

    private static async Task PlayAsync(ServerProcess server, (string Kind, HostileMove Move, byte[] Bytes)[] inputs)
    {
        var misbehaved = 0;
        await Parallel.ForEachAsync(inputs, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (input, _) =>
        {
            if (!await HostileClient.PlayAsync(server.ProxyEndPoint, input.Move, input.Bytes))
            {
                Interlocked.Increment(ref misbehaved);
            }
        });
        Assert.Equal(0, misbehaved);
    }
}
