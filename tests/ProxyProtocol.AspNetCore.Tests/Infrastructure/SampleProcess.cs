using System.Collections.Concurrent;
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

    private readonly ConcurrentQueue<string> _output;

    private SampleProcess(Process process, Match listening, ConcurrentQueue<string> output)
    {
        _process = process;
        Listening = listening;
        _output = output;
    }

    /// <summary>The match of the listening line (its groups carry the address).</summary>
    public Match Listening { get; }

    /// <summary>Standard output so far, one line per item (the console logger writes here).</summary>
    public IReadOnlyCollection<string> Output => _output;

    public static Task<SampleProcess> StartAsync(string sample, Regex listeningLine, params string[] arguments) =>
        StartAsync(sample, listeningLine, new Dictionary<string, string>(), arguments);

    /// <summary>Starts the sample with extra environment variables, as an operator would set them.</summary>
    public static async Task<SampleProcess> StartAsync(string sample, Regex listeningLine, IReadOnlyDictionary<string, string> environment, params string[] arguments)
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

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var output = new ConcurrentQueue<string>();
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.Enqueue(line);
                if (listeningLine.Match(line) is { Success: true } match)
                {
                    _ = KeepReadingAsync(process.StandardOutput, output);
                    return new SampleProcess(process, match, output);
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

    private static async Task KeepReadingAsync(StreamReader reader, ConcurrentQueue<string> output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            output.Enqueue(line);
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
