using System.CommandLine;
using System.Net.Sockets;
using ProxyProtocol.Tool.Relay;

namespace ProxyProtocol.Tool.Commands;

/// <summary>
/// <c>proxyproto relay</c>: an L4 relay like HAProxy's <c>send-proxy</c>/<c>send-proxy-v2</c>. Each client gets its own
/// upstream connection that starts with a header describing that client.
/// </summary>
internal static class RelayCommand
{
    public static Command Create(ToolConsole console)
    {
        var listen = new Option<string>("--listen", "-l") { Description = "Address to accept clients on, ip:port (port 0 picks a free one).", HelpName = "ip:port", Required = true };
        var upstream = new Option<string>("--upstream", "-u") { Description = "The PROXY-enabled server, host:port.", HelpName = "host:port", Required = true };
        var maxConnections = new Option<int>("--max-connections")
        {
            Description = "Clients relayed at once; more wait in the listen backlog.",
            HelpName = "n",
            DefaultValueFactory = _ => 256,
        };
        var connectTimeout = new Option<double>("--connect-timeout") { Description = "Seconds allowed to connect upstream.", HelpName = "seconds", DefaultValueFactory = _ => 5 };
        var idleTimeout = new Option<double>("--idle-timeout")
        {
            Description = "Close a link idle in both directions for this many seconds; 0 never does.",
            HelpName = "seconds",
            DefaultValueFactory = _ => 300,
        };
        var acceptProxy = new Option<bool>("--accept-proxy")
        {
            Description = "Expect a PROXY header from each client (a relay behind a balancer) and pass its addresses on.",
        };
        var passTlvs = new Option<string>("--pass-tlvs")
        {
            Description = "With --accept-proxy: the received TLVs to copy into the upstream header: all, none, or TYPE[,TYPE...] " +
                "(0x02 or 2). A received CRC32C is never copied (--crc32c computes a new one); TLV flags given here replace received TLVs of their type.",
            HelpName = "all|none|TYPES",
            DefaultValueFactory = _ => "none",
        };
        var headerTimeout = new Option<double>("--header-timeout")
        {
            Description = "With --accept-proxy: seconds allowed for the client's header.",
            HelpName = "seconds",
            DefaultValueFactory = _ => 10,
        };
        var flags = new HeaderFlags(withAddresses: false);
        var parserFlags = new ParserOptionFlags();
        var command = new Command(
            "relay",
            "Relay TCP clients to an upstream server, starting each upstream connection with a PROXY header that describes\n" +
            "the client. Copies both ways with half-close; logs one line per connection on stderr; Ctrl+C or SIGTERM stops it.\n" +
            "An accept that fails for want of file descriptors or buffers is retried (logged once). Exit 0 after a clean stop,\n" +
            "1 when it cannot listen or accepting fails for another reason, 2 usage.\n" +
            "Example: proxyproto relay --listen 127.0.0.1:8000 --upstream 127.0.0.1:8080 --v2 --authority example.com --crc32c")
        {
            listen, upstream, maxConnections, connectTimeout, idleTimeout, acceptProxy, headerTimeout, passTlvs,
        };
        flags.AddTo(command);
        parserFlags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            const string Name = "proxyproto relay";
            RelaySettings settings;
            try
            {
                var max = parse.GetValue(maxConnections);
                if (max is < 1 or > 100_000)
                {
                    throw new UsageException("--max-connections must be from 1 to 100000.");
                }

                var connect = Seconds(parse.GetValue(connectTimeout), "--connect-timeout");
                var idleSeconds = parse.GetValue(idleTimeout);
                if (!(idleSeconds is >= 0 and <= 86_400))
                {
                    throw new UsageException("--idle-timeout must be from 0 (never) to 86400 seconds.");
                }

                TimeSpan? idle = idleSeconds == 0 ? null : TimeSpan.FromSeconds(idleSeconds);
                ProxyParserOptions? accept = null;
                var receiveOnly = parserFlags.All.Append<Option>(headerTimeout).Append(passTlvs).FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });
                if (!parse.GetValue(acceptProxy) && receiveOnly is not null)
                {
                    throw new UsageException($"{receiveOnly.Name} applies to received headers: use it with --accept-proxy.");
                }

                if (parse.GetValue(acceptProxy))
                {
                    accept = parserFlags.Read(parse) with { HeaderTimeout = Seconds(parse.GetValue(headerTimeout), "--header-timeout") };
                }

                var header = flags.Read(parse);
                var pass = TlvSelection.Parse(parse.GetValue(passTlvs)!);
                if (!pass.IsNone && header.Version == ProxyVersion.V1)
                {
                    throw new UsageException("--pass-tlvs needs --v2 upstream (v1 headers carry no TLVs).");
                }

                settings = new RelaySettings(
                    EndpointText.ParseIP(parse.GetValue(listen)!, "--listen"),
                    EndpointText.ParseHost(parse.GetValue(upstream)!, "--upstream"),
                    header,
                    max,
                    connect,
                    idle,
                    accept,
                    pass);
            }
            catch (UsageException ex)
            {
                return await Cli.UsageAsync(console, Name, ex.Message).ConfigureAwait(false);
            }

            try
            {
                // A failure to accept is in the log already, where it happened.
                var failure = await new RelayServer(settings, new RelayLog(console.Error)).RunAsync(cancellationToken).ConfigureAwait(false);
                return failure is null ? Cli.ExitOk : Cli.ExitInvalid;
            }
            catch (SocketException ex)
            {
                await console.Error.WriteLineAsync($"{Name}: cannot listen on {EndpointText.Format(settings.Listen)}: {ex.Message} ({ex.SocketErrorCode}).").ConfigureAwait(false);
                return Cli.ExitInvalid;
            }
        });
        return command;
    }

    private static TimeSpan Seconds(double value, string flag) =>
        value > 0 && value <= 3600 ? TimeSpan.FromSeconds(value) : throw new UsageException($"{flag} must be more than 0 and at most 3600 seconds.");
}
