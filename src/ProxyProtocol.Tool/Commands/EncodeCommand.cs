using System.CommandLine;

namespace ProxyProtocol.Tool.Commands;

/// <summary><c>proxyproto encode</c>: build a header from flags and print it as hex (or raw bytes).</summary>
internal static class EncodeCommand
{
    public static Command Create(ToolConsole console)
    {
        var flags = new HeaderFlags(withAddresses: true);
        var raw = new Option<bool>("--raw") { Description = "Write the header's raw bytes to stdout instead of hex." };
        var command = new Command(
            "encode",
            "Build a PROXY header and print it as hex. Exit 0 done, 2 usage.\n" +
            "Example: proxyproto encode --v2 -s 203.0.113.7:51000 -d 10.0.0.1:443 --authority example.com --crc32c");
        flags.AddTo(command);
        command.Options.Add(raw);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var template = flags.Read(parse);
                if (template.Mode == HeaderMode.Proxy && !template.HasAddresses)
                {
                    throw new UsageException("give --source and --destination, or --local, or --unknown.");
                }

                var bytes = template.Build().Encode();
                if (parse.GetValue(raw))
                {
                    await ToolOutput.WriteBytesAsync(console, bytes, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await console.Out.WriteLineAsync(Convert.ToHexStringLower(bytes)).ConfigureAwait(false);
                }

                return Cli.ExitOk;
            }
            catch (UsageException ex)
            {
                return await Cli.UsageAsync(console, "proxyproto encode", ex.Message).ConfigureAwait(false);
            }
        });
        return command;
    }
}
