using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ProxyProtocol.Tool.Commands;

/// <summary>
/// <c>proxyproto send</c>: connect, send a header and then data (optionally half-close), and print what comes back until
/// the peer closes or the timeout ends. Without <c>--source</c>/<c>--destination</c> the header describes this very connection.
/// </summary>
internal static class SendCommand
{
    public static Command Create(ToolConsole console)
    {
        var target = new Argument<string>("target") { Description = "The PROXY-enabled service, host:port ([v6]:port for IPv6)." };
        var flags = new HeaderFlags(withAddresses: true);
        var data = DataInput.CreateOption("Bytes to send after the header: TEXT (escapes \\r \\n \\t \\0 \\\\ \\xHH), @FILE, or - for stdin.");
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds allowed for connecting, sending and reading the reply.",
            HelpName = "seconds",
            DefaultValueFactory = _ => 5,
        };
        var halfClose = new Option<bool>("--half-close")
        {
            Description = "Shut down sending after the data (a FIN), for servers that answer at end of input. Off by default: Kestrel, for one, aborts a request whose client half-closes.",
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not describe the connection on stderr." };
        var command = new Command(
            "send",
            "Connect to a PROXY-enabled service, send a header then data, and print the reply.\n" +
            "Exit 0 when the peer closed the connection, 1 on connection failure, reset or timeout, 2 usage.\n" +
            "Example: proxyproto send 127.0.0.1:8080 --v1 -s 203.0.113.7:51000 -d 10.0.0.1:80 --data 'GET / HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n'")
        {
            target, data, timeout, halfClose, quiet,
        };
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            const string Name = "proxyproto send";
            try
            {
                var template = flags.Read(parse);
                var remote = EndpointText.ParseHost(parse.GetValue(target)!, "target");
                var seconds = parse.GetValue(timeout);
                if (!(seconds > 0 && seconds <= 3600))
                {
                    throw new UsageException("--timeout must be more than 0 and at most 3600 seconds.");
                }

                var payload = await DataInput.ReadAsync(parse.GetValue(data), console, cancellationToken).ConfigureAwait(false) ?? [];
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(seconds));
                return await RunAsync(console, remote, template, payload, parse.GetValue(halfClose), parse.GetValue(quiet), seconds, deadline.Token, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (UsageException ex)
            {
                return await Cli.UsageAsync(console, Name, ex.Message).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(
        ToolConsole console, EndPoint remote, HeaderTemplate template, byte[] payload, bool halfClose, bool quiet, double seconds,
        CancellationToken deadline, CancellationToken interrupted)
    {
        const string Name = "proxyproto send";
        var stage = "connecting to " + EndpointText.Format(remote);
        try
        {
            using var socket = await TcpConnect.ConnectAsync(remote, TimeSpan.FromSeconds(seconds), deadline).ConfigureAwait(false);
            var header = template.Build((IPEndPoint)socket.LocalEndPoint!, (IPEndPoint)socket.RemoteEndPoint!);
            stage = "sending the header";
            await ProxyProtocolWriter.WriteAsync(socket, header, deadline).ConfigureAwait(false);
            if (payload.Length > 0)
            {
                stage = "sending the data after the header";
                await socket.SendAsync(payload, SocketFlags.None, deadline).ConfigureAwait(false);
            }

            if (!quiet)
            {
                var data = payload.Length > 0 ? $", then {payload.Length} bytes of data" : string.Empty;
                await console.Error.WriteLineAsync(
                    $"{Name}: {EndpointText.Format(socket.LocalEndPoint)} -> {EndpointText.Format(socket.RemoteEndPoint)}: sent {HeaderSummary.Describe(header)}{data}")
                    .ConfigureAwait(false);
            }

            if (halfClose)
            {
                socket.Shutdown(SocketShutdown.Send);
            }

            stage = "reading the reply";
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline).ConfigureAwait(false)) > 0)
            {
                await ToolOutput.WriteBytesAsync(console, buffer.AsMemory(0, read), interrupted).ConfigureAwait(false);
            }

            return Cli.ExitOk;
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !interrupted.IsCancellationRequested))
        {
            await console.Error.WriteLineAsync($"{Name}: timed out after {seconds.ToString(CultureInfo.InvariantCulture)} s while {stage}.").ConfigureAwait(false);
            return Cli.ExitInvalid;
        }
        catch (SocketException ex)
        {
            await console.Error.WriteLineAsync($"{Name}: {stage} failed: {ex.Message} ({ex.SocketErrorCode}).").ConfigureAwait(false);
            return Cli.ExitInvalid;
        }
    }
}
