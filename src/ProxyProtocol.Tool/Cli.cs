using System.CommandLine;
using ProxyProtocol.Tool.Commands;

namespace ProxyProtocol.Tool;

/// <summary>The <c>proxyproto</c> command line. Exit codes: 0 success/valid, 1 invalid header or failure, 2 usage.</summary>
internal static class Cli
{
    public const int ExitOk = 0;
    public const int ExitInvalid = 1;
    public const int ExitUsage = 2;

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var console = new ToolConsole(stdin, stdout, stderr);
        var root = new RootCommand("proxyproto: decode, encode, send and relay HAProxy PROXY protocol v1/v2 headers.")
        {
            DecodeCommand.Create(console),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"proxyproto: {error.Message}").ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("Run 'proxyproto --help' for usage.").ConfigureAwait(false);
            return ExitUsage;
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }
}
