using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ProxyProtocol.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A sample's built output (same configuration as the tests) run as its own process with <c>dotnet Sample.dll</c>,
/// until it prints the line that says where it listens. Killed on dispose.
/// </summary>
internal sealed class SampleProcess : IDisposable
{
    private readonly Process _process;

    private SampleProcess(Process process, Match listening)
    {
        _process = process;
        Listening = listening;
    }

    /// <summary>The match of the listening line (its groups carry the address).</summary>
    public Match Listening { get; }

    public static async Task<SampleProcess> StartAsync(string sample, Regex listeningLine, params string[] arguments)
    {
        // tests/ProxyProtocol.AspNetCore.Tests/bin/<Configuration>/net10.0/ -> samples/<sample>/bin/<Configuration>/net10.0/
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = testOutput.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var sampleOutput = Path.Combine(root, "samples", sample, "bin", testOutput.Parent.Name, testOutput.Name);
        Assert.True(File.Exists(Path.Combine(sampleOutput, sample + ".dll")), $"sample not built at {sampleOutput}");

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = sampleOutput, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(sample + ".dll");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (listeningLine.Match(line) is { Success: true } match)
                {
                    _ = process.StandardOutput.ReadToEndAsync(); // keep draining
                    return new SampleProcess(process, match);
                }
            }

            throw new InvalidOperationException($"{sample} exited before listening.");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
