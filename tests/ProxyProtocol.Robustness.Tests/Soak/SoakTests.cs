using System.Diagnostics;
using ProxyProtocol.Robustness.Tests.Hostile;
using Xunit.Abstractions;

namespace ProxyProtocol.Robustness.Tests.Soak;

/// <summary>
/// Mixed valid and invalid traffic for a bounded number of minutes (soak/run.sh --minutes N): every valid request's
/// body is echoed and compared byte for byte, its PROXY source checked; the server's memory and handles stay flat
/// (compared between the end of the first third and the end) and it logs no error.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Workers = 16;

    [SoakFact]
    [Trait("Category", "Soak")]
    public async Task Mixed_traffic_loses_nothing_and_stays_flat()
    {
        var duration = TimeSpan.FromMinutes(SoakFactAttribute.Minutes!.Value);
        FileLimit.EnsureAtLeast(4096);
        await using var server = await ServerProcess.StartAsync(TimeSpan.FromSeconds(5), duration + TimeSpan.FromMinutes(5));
        var start = await server.StatsAsync(collect: true);
        var watch = Stopwatch.StartNew();
        long valid = 0, invalid = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        ServerStats? third = null;
        var samples = new List<string>();

        var sampler = Task.Run(async () =>
        {
            var interval = TimeSpan.FromTicks(Math.Max(duration.Ticks / 12, TimeSpan.FromSeconds(5).Ticks));
            while (watch.Elapsed < duration)
            {
                await Task.Delay(interval);
                var s = await server.StatsAsync(collect: true);
                samples.Add($"{watch.Elapsed.TotalSeconds,6:F0} s: heap {s.Heap / 1024,7} KiB, RSS {s.Rss / 1024,7} KiB, handles {s.Handles,4}, threads {s["threads"],3}, connections {s.Connections,3}, accepted {s["accepted"],7}, rejected {s["rejected"],7}");
                if (third is null && watch.Elapsed >= duration / 3)
                {
                    third = s;
                }
            }
        });

        await Parallel.ForAsync(0, Workers, async (worker, _) =>
        {
            var random = new Random(1000 + worker);
            using var malformed = Malformed.Mix(worker).GetEnumerator();
            while (watch.Elapsed < duration && failures.Count < 10)
            {
                if (random.Next(10) < 6)
                {
                    var error = await EchoClient.RunAsync(server.ProxyEndPoint, random);
                    if (error is not null)
                    {
                        failures.Enqueue(error);
                    }

                    Interlocked.Increment(ref valid);
                }
                else
                {
                    malformed.MoveNext();
                    var (kind, move, bytes) = malformed.Current;
                    if (!await HostileClient.PlayAsync(server.ProxyEndPoint, move, bytes))
                    {
                        failures.Enqueue("server answered or stayed open on " + kind);
                    }

                    Interlocked.Increment(ref invalid);
                }
            }
        });
        await sampler;
        await Task.Delay(1000);
        var end = await server.StatsAsync(collect: true);

        output.WriteLine($"soak {duration.TotalMinutes} min: {valid} valid echo requests, {invalid} malformed connections, {watch.Elapsed.TotalSeconds:F0} s");
        output.WriteLine($"start: heap {start.Heap / 1024} KiB, RSS {start.Rss / 1024} KiB, handles {start.Handles}");
        samples.ForEach(output.WriteLine);
        output.WriteLine($"end:   heap {end.Heap / 1024} KiB, RSS {end.Rss / 1024} KiB, handles {end.Handles}; warnings {end.Warnings}, errors {end.Errors}, unobserved {end["unobserved"]}");
        foreach (var failure in failures)
        {
            output.WriteLine("FAILURE: " + failure);
        }

        Assert.Empty(failures);
        Assert.Equal(0, end.Errors);
        Assert.Equal(0, end["unobserved"]);
        Assert.True(valid > 0 && invalid > 0);
        Assert.True(end["accepted"] - start["accepted"] >= valid, $"accepted {end["accepted"]} of {valid}");
        Assert.NotNull(third);
        Assert.True(end.Handles <= third.Handles + 10, $"handles {third.Handles} -> {end.Handles}");
        Assert.True(end.Heap <= third.Heap + (4 << 20), $"heap {third.Heap} -> {end.Heap}");
        Assert.True(end.Rss <= third.Rss + (32 << 20), $"RSS {third.Rss} -> {end.Rss}");
        var windows = (long)Math.Ceiling(watch.Elapsed.TotalSeconds / 10) + 1;
        Assert.True(end.Warnings <= 11 * windows, $"{end.Warnings} warnings in {windows} windows");
    }
}
