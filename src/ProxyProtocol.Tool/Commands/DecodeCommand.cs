using System.CommandLine;

namespace ProxyProtocol.Tool.Commands;

/// <summary><c>proxyproto decode</c>: parse a header from hex (argument or stdin) or a raw file and describe it.</summary>
internal static class DecodeCommand
{
    public static Command Create(ToolConsole console)
    {
        var hex = new Argument<string[]>("hex")
        {
            Description = "The header (and any payload) as hex; whitespace and 0x prefixes are allowed. Read from stdin when absent.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var file = new Option<FileInfo?>("--file") { Description = "Read raw bytes from this file instead of hex.", HelpName = "path" };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object, for scripts." };
        var datagram = new Option<bool>("--datagram")
        {
            Description = "The input is one UDP datagram: a header for UDP (v2, transport DGRAM) and the payload after it. " +
                "Without it, the input is the start of a TCP stream, where a UDP header is refused (TransportMismatch).",
        };
        var flags = new ParserOptionFlags();
        var command = new Command("decode", "Decode a PROXY protocol header. Exit 0 valid, 1 invalid, 2 usage.") { hex, file, datagram, json };
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var options = flags.Read(parse);
                var input = await ReadInputAsync(parse.GetValue(hex) ?? [], parse.GetValue(file), console.In, cancellationToken).ConfigureAwait(false);
                var oneDatagram = parse.GetValue(datagram);
                ProxyHeader? header;
                var result = oneDatagram ? ProxyHeaderParser.ParseDatagram(input, out header, out _, options) : ProxyHeaderParser.Parse(input, out header, options);
                var report = new DecodeReport(input, result, header, oneDatagram);
                await console.Out.WriteAsync(parse.GetValue(json) ? report.ToJson() : report.ToText()).ConfigureAwait(false);
                return result.IsComplete ? Cli.ExitOk : Cli.ExitInvalid;
            }
            catch (UsageException ex)
            {
                return await Cli.UsageAsync(console, "proxyproto decode", ex.Message).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static async Task<byte[]> ReadInputAsync(string[] hex, FileInfo? file, TextReader stdin, CancellationToken cancellationToken)
    {
        if (file is not null)
        {
            if (hex.Length > 0)
            {
                throw new UsageException("give either hex or --file, not both.");
            }

            try
            {
                return await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new UsageException($"cannot read {file.FullName}: {ex.Message}");
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new UsageException($"cannot read {file.FullName}: {ex.Message}");
            }
        }

        if (hex.Length > 0)
        {
            return HexInput.Parse(hex);
        }

        var text = await stdin.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return HexInput.Parse([text]);
    }
}
