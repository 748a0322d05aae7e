using System.Text.Json;

namespace ProxyProtocol.Tool.Tests;

/// <summary>Runs the CLI in-process with captured streams.</summary>
internal static class ToolRunner
{
    internal static async Task<(int Exit, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cli.RunAsync(args, input, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    internal static async Task<(int Exit, JsonElement Json)> DecodeJsonAsync(params string[] args)
    {
        var (exit, stdout, _) = await RunAsync(string.Empty, ["decode", "--json", .. args]);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines); // exactly one object
        return (exit, JsonDocument.Parse(lines[0]).RootElement.Clone());
    }
}
