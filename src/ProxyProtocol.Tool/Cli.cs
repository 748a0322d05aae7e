using System.CommandLine;
using ProxyProtocol.Tool.Commands;

namespace ProxyProtocol.Tool;

/// <summary>
/// The <c>proxyproto</c> command line. Exit codes: 0 success (valid header, reply read, clean stop), 1 invalid header or
/// network failure, 2 usage error. Ctrl+C/SIGTERM cancel the running command (relay stops cleanly).
/// </summary>
internal static class Cli
{
    public const int ExitOk = 0;
    public const int ExitInvalid = 1;
    public const int ExitUsage = 2;

    public static Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        RunAsync(args, new ToolConsole(stdin, stdout, stderr), cancellationToken);

    public static async Task<int> RunAsync(string[] args, ToolConsole console, CancellationToken cancellationToken = default)
    {
        var stdout = console.Out;
        var stderr = console.Error;
        var root = new RootCommand(
            "proxyproto: decode, encode, send and relay HAProxy PROXY protocol v1/v2 headers, and probe how strictly a server reads them.\n" +
            "Exit codes: 0 success, 1 invalid header or network failure, 2 usage error.")
        {
            DecodeCommand.Create(console),
            EncodeCommand.Create(console),
            SendCommand.Create(console),
            RelayCommand.Create(console),
            ProbeCommand.Create(console),
        };

        // No arguments: the help, not a bare "Required command was not provided".
        if (args.Length == 0)
        {
            args = ["--help"];
        }

        // No response files: '@file' is send's "--data @file", not a list of arguments.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            var name = parse.CommandResult.Command is RootCommand ? "proxyproto" : $"proxyproto {parse.CommandResult.Command.Name}";
            return await UsageAsync(console, name, string.Join("\n", parse.Errors.Select(e => e.Message))).ConfigureAwait(false);
        }

        // Signals are handled by Program (it cancels cancellationToken), so that a command's own exit code stands.
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reports a usage error of <paramref name="command"/> (e.g. "proxyproto send") with the one hint every usage error ends with.</summary>
    public static async Task<int> UsageAsync(ToolConsole console, string command, string message)
    {
        foreach (var line in message.Split('\n'))
        {
            await console.Error.WriteLineAsync($"{command}: {line}").ConfigureAwait(false);
        }

        await console.Error.WriteLineAsync($"Run '{command} --help' for usage.").ConfigureAwait(false);
        return ExitUsage;
    }
}
