using System.Globalization;
using System.Text;
using ProxyProtocol;
using ProxyProtocol.AspNetCore;

namespace HelloProxy;

/// <summary>Describes what the app learned about the client: the connection's view and the PROXY header behind it.</summary>
internal static class Report
{
    public static string Describe(HttpContext context)
    {
        var connection = context.Connection;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Real client: {Format(connection.RemoteIpAddress)}:{connection.RemotePort}\n");

        var header = context.GetProxyHeader();
        if (header is null)
        {
            text.Append("PROXY header: none\n");
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"PROXY header: version={(int)header.Version}, transport={Transport(header)}, src={Source(header)}, dst={Destination(header)}, command={(header.Command == ProxyCommand.Local ? "LOCAL" : "PROXY")}\n");
        Tlvs.Append(header, text);
        if (context.Features.Get<IProxyProtocolFeature>()?.SocketRemoteEndPoint is { } balancer)
        {
            text.Append(CultureInfo.InvariantCulture, $"Balancer (socket peer): {balancer}\n");
        }

        if (context.Request.Headers["Forwarded"] is { Count: > 0 } forwarded)
        {
            text.Append(CultureInfo.InvariantCulture, $"Forwarded: {forwarded}\n");
        }

        return text.ToString();
    }

    private static string Format(System.Net.IPAddress? address) => address switch
    {
        null => "unknown",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } => $"[{address}]",
        _ => address.ToString(),
    };

    private static string Transport(ProxyHeader header) => (header.AddressFamily, header.Transport) switch
    {
        (ProxyAddressFamily.InterNetwork, ProxyTransport.Stream) => "TCP4",
        (ProxyAddressFamily.InterNetworkV6, ProxyTransport.Stream) => "TCP6",
        (ProxyAddressFamily.InterNetwork, ProxyTransport.Datagram) => "UDP4",
        (ProxyAddressFamily.InterNetworkV6, ProxyTransport.Datagram) => "UDP6",
        (ProxyAddressFamily.Unix, ProxyTransport.Stream) => "UNIX-STREAM",
        (ProxyAddressFamily.Unix, ProxyTransport.Datagram) => "UNIX-DGRAM",
        _ => "UNKNOWN",
    };

    private static string Source(ProxyHeader header) =>
        header.Source is { } source ? Endpoint(source) : header.SourceUnixPath ?? "(none)";

    private static string Destination(ProxyHeader header) =>
        header.Destination is { } destination ? Endpoint(destination) : header.DestinationUnixPath ?? "(none)";

    private static string Endpoint(System.Net.IPEndPoint endpoint) => $"{Format(endpoint.Address)}:{endpoint.Port}";
}
