using System.Diagnostics;

namespace ProxyProtocol.LoadBenchmark;

/// <summary>
/// Server and load generator on separate CPUs (Linux, taskset): on a small machine they otherwise compete for the same
/// cores, and the scheduler's choices move the rates by more than the effect being measured. With the server alone on
/// its CPU and busy, its rate is its capacity, and the ratio between variants is the ratio of their costs.
/// </summary>
internal sealed record Pinning(string ServerCpus, string ClientCpus)
{
    public const string Taskset = "taskset";
    private const string PinnedMarker = "PROXYPROTOCOL_LOADBENCH_PINNED";

    /// <summary>The split: CPU 0 for the server, CPU 1 for the load generator, when there are two or more CPUs and
    /// taskset exists; null (no pinning) otherwise.</summary>
    public static Pinning? Default()
    {
        if (IsPinnedProcess)
        {
            return new Pinning("0", "1"); // already re-started on its one CPU, which is all it can see now
        }

        if (!OperatingSystem.IsLinux() || Environment.ProcessorCount < 2 || FindOnPath(Taskset) is null)
        {
            return null;
        }

        return new Pinning("0", "1");
    }

    /// <summary>True when this process is the re-started, pinned load generator.</summary>
    public static bool IsPinnedProcess => Environment.GetEnvironmentVariable(PinnedMarker) == "1";

    /// <summary>Runs this program again under taskset on the client CPUs (affinity is per thread on Linux, so it has to
    /// be set before the runtime starts its threads) and returns its exit code.</summary>
    public async Task<int> RunPinnedAsync(string[] args)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var info = new ProcessStartInfo(Taskset) { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(ClientCpus);
        info.ArgumentList.Add(self);
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(Pinning).Assembly.Location);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment[PinnedMarker] = "1";
        using var child = Process.Start(info) ?? throw new InvalidOperationException("could not start taskset");
        await child.WaitForExitAsync().ConfigureAwait(false);
        return child.ExitCode;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
