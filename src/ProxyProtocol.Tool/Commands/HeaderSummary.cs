using System.Globalization;
using System.Text;

namespace ProxyProtocol.Tool.Commands;

/// <summary>
/// One-line descriptions of a header for logs and summaries, in the words of a v1 line:
/// <c>a v1 header: TCP4 203.0.113.7:51000 -> 10.0.0.1:80 (46 bytes)</c>.
/// </summary>
internal static class HeaderSummary
{
    public static string Describe(ProxyHeader header)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder().Append(c, $"a v{(int)header.Version} header: ");
        if (header.Command == ProxyCommand.Local)
        {
            text.Append("LOCAL");
        }
        else if (header.HasIPEndPoints)
        {
            var transport = header.Transport == ProxyTransport.Datagram ? "UDP" : "TCP";
            var family = header.AddressFamily == ProxyAddressFamily.InterNetworkV6 ? "6" : "4";
            text.Append(transport).Append(family).Append(' ')
                .Append(EndpointText.Format(header.Source)).Append(" -> ").Append(EndpointText.Format(header.Destination));
        }
        else
        {
            text.Append(header.AddressFamily == ProxyAddressFamily.Unix ? "UNIX (paths not shown)" : header.Version == ProxyVersion.V1 ? "UNKNOWN" : "UNSPEC (no addresses)");
        }

        var tlvs = header.Tlvs.ToList();
        if (tlvs.Count > 0)
        {
            text.Append(", TLVs ").AppendJoin(' ', tlvs.Select(t => t.ToString()));
        }

        return text.Append(c, $" ({header.GetEncodedLength()} bytes)").ToString();
    }
}
