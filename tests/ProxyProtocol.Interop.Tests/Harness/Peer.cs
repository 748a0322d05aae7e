using System.Net;

namespace ProxyProtocol.Interop.Tests.Harness;

/// <summary>
/// Finds a peer program (haproxy, nginx, curl, openssl). A missing peer skips the test on a developer machine and
/// fails it under CI (<c>CI=true</c>), where .ci/run installs the Debian packages.
/// </summary>
internal static class Peer
{
    // PROXYPROTOCOL_PEER_PATH replaces the search path (used to check the skip/fail behaviour without uninstalling).
    private static readonly string[] SearchPath = Environment.GetEnvironmentVariable("PROXYPROTOCOL_PEER_PATH") is { } only
        ? only.Split(':', StringSplitOptions.RemoveEmptyEntries)
        : [.. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/sbin", "/usr/bin", "/sbin"];

    private static readonly Dictionary<string, string> Versions = [];

    internal static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the program's path and records its version in the test output.</summary>
    internal static string Require(string name, ITestOutputHelper output, string? package = null)
    {
        var path = SearchPath.Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
        if (path is null)
        {
            var why = $"'{name}' is not installed (apt-get install {package ?? name}).";
            if (InCi)
            {
                Assert.Fail($"{why} CI=true: interop peers are required.");
            }

            Skip.If(true, why);
        }

        output.WriteLine($"peer {name}: {Version(name, path!)}");
        return path!;
    }

    internal static string Version(string name, string path)
    {
        lock (Versions)
        {
            if (Versions.TryGetValue(name, out var known))
            {
                return known;
            }
        }

        string[] args = name switch
        {
            "haproxy" => ["-v"],
            "nginx" => ["-v"],
            "openssl" => ["version"],
            _ => ["--version"],
        };
        var (_, text) = RunAsync(path, args, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        var version = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no version output)";
        lock (Versions)
        {
            Versions[name] = version;
        }

        return version;
    }

    /// <summary>Starts a long-running peer in the foreground; it is ready when every endpoint of <paramref name="listens"/>
    /// accepts connections.</summary>
    internal static Task<TestProcess> StartAsync(string path, IEnumerable<string> args, ITestOutputHelper output, params IPEndPoint[] listens) =>
        TestProcess.Start(path, args, output).ListeningOnAsync(TimeSpan.FromSeconds(15), listens);

    /// <summary>Runs a short-lived program to completion (bounded) and returns its exit code and combined output.</summary>
    internal static async Task<(int Exit, string Output)> RunAsync(string path, IEnumerable<string> args, TimeSpan timeout)
    {
        var (exit, stdout, stderr) = await TestProcess.RunAsync(path, args, timeout);
        return (exit, stdout + stderr);
    }
}
