using System.Net;
using System.Net.Sockets;
using System.Text;
using ProxyProtocol;

namespace RawTcp;

/// <summary>
/// One connection: the PROXY header first (nothing is sent before it, as the spec requires), then one command per
/// line. Any header error closes the connection without a reply.
/// </summary>
internal sealed class LineServer
{
    private const int MaxLineLength = 1024;

    // Only the balancer may send a header; here that is this machine.
    private static readonly IPNetwork[] TrustedNetworks = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    private readonly ProxyParserOptions _options = new() { HeaderTimeout = TimeSpan.FromSeconds(5) };

    public async Task HandleAsync(Socket socket, CancellationToken cancellationToken)
    {
        using (socket)
        {
            var peer = (IPEndPoint)socket.RemoteEndPoint!;
            var peerAddress = peer.Address.IsIPv4MappedToIPv6 ? peer.Address.MapToIPv4() : peer.Address;
            if (!TrustedNetworks.Any(n => n.Contains(peerAddress)))
            {
                Console.WriteLine($"{peer}: not a trusted balancer, closed");
                return;
            }

            ProxyHeader header;
            try
            {
                header = await ProxyProtocolReader.ReadAsync(socket, _options, cancellationToken);
            }
            catch (ProxyProtocolException ex)
            {
                // The error code and its description only: the bytes themselves are untrusted.
                Console.WriteLine($"{peer}: rejected ({ex.Error}: {ex.Error.GetDescription()})");
                return;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                return;
            }

            // LOCAL (health checks) and UNKNOWN keep the socket's own address.
            var client = header.Source ?? peer;
            Console.WriteLine($"{peer}: {header}");
            try
            {
                await ServeAsync(new NetworkStream(socket, ownsSocket: false), client, header, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The client went away.
            }
        }
    }

    private static async Task ServeAsync(Stream stream, IPEndPoint client, ProxyHeader header, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, bufferSize: MaxLineLength, leaveOpen: true);
        await using var writer = new StreamWriter(stream, Encoding.ASCII, bufferSize: 1024, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync($"HELLO {client}");
        while (await ReadLineAsync(reader, cancellationToken) is { } line)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var command = (space < 0 ? line : line[..space]).ToUpperInvariant();
            var argument = space < 0 ? string.Empty : line[(space + 1)..];
            switch (command)
            {
                case "WHOAMI":
                    await writer.WriteLineAsync($"{client} ({header.Version}, {header.Command})");
                    break;
                case "ECHO":
                    await writer.WriteLineAsync(argument);
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("BYE");
                    return;
                default:
                    await writer.WriteLineAsync("ERR unknown command");
                    break;
            }
        }
    }

    // Reads one line of at most MaxLineLength characters: a client cannot make the server buffer more than that.
    private static async Task<string?> ReadLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(TimeSpan.FromMinutes(1));
        var line = new StringBuilder();
        var one = new char[1];
        while (await reader.ReadAsync(one, idle.Token) == 1)
        {
            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            if (line.Length == MaxLineLength + 1)
            {
                return null; // too long: close the connection
            }

            line.Append(one[0]);
        }

        return null;
    }
}
