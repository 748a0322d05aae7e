using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace ProxyProtocol.LoadBenchmark;

/// <summary>
/// Starts the server child, checks that PROXY headers reach it, warms up, then runs rounds: every round runs each
/// workload against plain, v1 and v2 in rotating order, so the variants share the same machine state. Ratios are taken
/// within a round, then summarised as min / median / max.
/// </summary>
internal static class Orchestrator
{
    private static readonly Variant[] Variants = [Variant.Plain, Variant.V1, Variant.V2TlvsCrc];

    public static async Task<int> RunAsync(LoadOptions o)
    {
        var cells = o.Workloads.Count * Variants.Length;
        var budget = (o.Warmup * cells) + (o.RunTime * cells * o.Runs) + TimeSpan.FromSeconds(10 + (cells * (o.Runs + 1)));
        Console.WriteLine($"# load benchmark: {o.Runs} rounds x {o.Workloads.Count} workloads x {Variants.Length} variants, {o.RunTime.TotalSeconds:0.###} s per run, warm-up {o.Warmup.TotalSeconds:0.###} s; bounded by {budget.TotalSeconds:0} s");
        Console.WriteLine($"# {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} logical CPUs, load {LoadAverage()}");

        using var server = StartServer(budget + TimeSpan.FromSeconds(30), o.Pinning);
        if (o.Pinning is { } pin)
        {
            Console.WriteLine($"# pinned: server on CPU {pin.ServerCpus}, load generator on CPU {pin.ClientCpus}");
        }

        try
        {
            using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var ready = await server.StandardOutput.ReadLineAsync(startup.Token).ConfigureAwait(false)
                ?? throw new InvalidOperationException("the server exited before it was ready");
            var parts = ready.Split(' ');
            if (parts[0] != "READY")
            {
                throw new InvalidOperationException($"unexpected server output: {ready}");
            }

            var plain = new IPEndPoint(IPAddress.Loopback, int.Parse(parts[1], CultureInfo.InvariantCulture));
            var proxy = new IPEndPoint(IPAddress.Loopback, int.Parse(parts[2], CultureInfo.InvariantCulture));
            var control = new IPEndPoint(IPAddress.Loopback, int.Parse(parts[3], CultureInfo.InvariantCulture));
            Console.WriteLine($"# server pid {server.Id}, {parts[4]}, ports plain {plain.Port}, PROXY {proxy.Port}, control {control.Port}");
            var serverCpus = int.Parse(parts[4].Split("cpus=")[1], CultureInfo.InvariantCulture);

            await CheckAsync(plain, proxy, startup.Token).ConfigureAwait(false);

            using var deadline = new CancellationTokenSource(budget);
            foreach (var workload in o.Workloads)
            {
                foreach (var variant in Variants)
                {
                    if (o.Warmup > TimeSpan.Zero)
                    {
                        await MeasureAsync(o, workload, variant, plain, proxy, control, serverCpus, o.Warmup).ConfigureAwait(false);
                    }
                }
            }

            var results = new Dictionary<(Workload, Variant), List<RunResult>>();
            var loads = new List<string>();
            for (var round = 0; round < o.Runs; round++)
            {
                loads.Add(LoadAverage());
                foreach (var workload in o.Workloads)
                {
                    for (var k = 0; k < Variants.Length; k++)
                    {
                        deadline.Token.ThrowIfCancellationRequested();
                        var variant = Variants[(k + round) % Variants.Length];
                        var result = await MeasureAsync(o, workload, variant, plain, proxy, control, serverCpus, o.RunTime).ConfigureAwait(false);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"round {round + 1} {Name(workload),-14} {Name(variant),-17} {result.ConnectionsPerSecond,6:0} conn/s {result.RequestsPerSecond,6:0} req/s p50 {result.P50Microseconds,6:0} us p99 {result.P99Microseconds,6:0} us server CPU {result.CpuPerRequestMicroseconds,5:0.0} us/req busy {result.ServerBusy * 100,3:0}% {result.AllocatedPerConnection,6:0} B/conn {result.AllocatedPerRequest,5:0} B/req errors {result.Errors}{(result.FirstError is null ? "" : " (" + result.FirstError + ")")}"));
                        (results.TryGetValue((workload, variant), out var list) ? list : results[(workload, variant)] = []).Add(result);
                    }
                }
            }

            loads.Add(LoadAverage());
            var report = Report.Build(o, results, loads);
            Console.WriteLine();
            Console.WriteLine(report);
            if (o.Markdown is { } path)
            {
                await File.WriteAllTextAsync(path, report, Encoding.UTF8).ConfigureAwait(false);
            }

            var errors = results.Values.SelectMany(r => r).Sum(r => r.Errors);
            return errors == 0 ? 0 : 1;
        }
        finally
        {
            server.StandardInput.Close(); // the server stops when its input closes
            if (!server.WaitForExit(10_000))
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<RunResult> MeasureAsync(LoadOptions o, Workload workload, Variant variant, IPEndPoint plain, IPEndPoint proxy, IPEndPoint control, int serverCpus, TimeSpan duration)
    {
        var target = variant == Variant.Plain ? plain : proxy;
        var concurrency = workload == Workload.NewConnection ? o.NewConcurrency : o.KeepAliveConcurrency;
        var before = await ServerStatsAsync(control).ConfigureAwait(false);
        var result = await LoadClient.RunAsync(workload, variant, target, concurrency, duration, o.MaxRequests).ConfigureAwait(false);
        var after = await ServerStatsAsync(control).ConfigureAwait(false);
        result.ServerAllocated = after.Allocated - before.Allocated;
        result.ServerCpu = after.Cpu - before.Cpu;
        result.ServerCpus = serverCpus;
        return result;
    }

    private static async Task<(long Allocated, TimeSpan Cpu)> ServerStatsAsync(IPEndPoint control)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var body = (await LoadClient.GetOnceAsync(control, [], "/stats", timeout.Token).ConfigureAwait(false)).Split(' ');
        return (long.Parse(body[0], CultureInfo.InvariantCulture), TimeSpan.FromTicks(long.Parse(body[1], CultureInfo.InvariantCulture)));
    }

    /// <summary>The PROXY endpoint must show the header's client, the plain one the socket's.</summary>
    private static async Task CheckAsync(IPEndPoint plain, IPEndPoint proxy, CancellationToken cancellationToken)
    {
        var direct = await LoadClient.GetOnceAsync(plain, [], "/whoami", cancellationToken).ConfigureAwait(false);
        var v1 = await LoadClient.GetOnceAsync(proxy, Headers.For(Variant.V1, 0), "/whoami", cancellationToken).ConfigureAwait(false);
        var v2 = await LoadClient.GetOnceAsync(proxy, Headers.For(Variant.V2TlvsCrc, 0), "/whoami", cancellationToken).ConfigureAwait(false);
        if (!direct.StartsWith("127.0.0.1:", StringComparison.Ordinal) || v1 != "198.51.100.1:40000" || v2 != "198.51.100.1:40000")
        {
            throw new InvalidOperationException($"PROXY check failed: plain {direct}, v1 {v1}, v2 {v2}");
        }

        Console.WriteLine($"# check: plain sees {direct}, v1 and v2 see {v1}");
    }

    private static Process StartServer(TimeSpan lifetime, Pinning? pinning)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var info = new ProcessStartInfo(pinning is null ? self : Pinning.Taskset)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (pinning is not null)
        {
            // taskset before exec, so every thread of the server (the runtime sizes its pools from the affinity) stays there.
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(pinning.ServerCpus);
            info.ArgumentList.Add(self);
        }

        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(Orchestrator).Assembly.Location);
        }

        info.ArgumentList.Add("server");
        info.ArgumentList.Add(lifetime.TotalSeconds.ToString("0", CultureInfo.InvariantCulture));
        info.Environment["DOTNET_gcServer"] = "1"; // ASP.NET Core's default
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the server");
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    internal static string Name(Workload w) => w == Workload.NewConnection ? "new-connection" : "keep-alive";

    internal static string Name(Variant v) => v switch
    {
        Variant.Plain => "plain",
        Variant.V1 => "PROXY v1",
        _ => "PROXY v2+TLVs+CRC",
    };
}
