using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ProxyProtocol.Tool.Probe;

/// <summary>Reads what a server replied: a printable first line, and whether it shows a given address.</summary>
internal static class ReplyText
{
    private const int MaxLine = 60;

    /// <summary>The first line of a text reply (control characters as '.'), or the first bytes in hex.</summary>
    public static string FirstLine(byte[] reply)
    {
        if (reply.Length == 0)
        {
            return string.Empty;
        }

        if (reply[0] is < 0x20 or > 0x7E)
        {
            return "0x" + Convert.ToHexStringLower(reply.AsSpan(0, Math.Min(reply.Length, 8))) + (reply.Length > 8 ? "…" : string.Empty);
        }

        var end = reply.AsSpan().IndexOfAny((byte)'\r', (byte)'\n');
        var line = reply.AsSpan(0, end < 0 ? reply.Length : end);
        var text = new string(Encoding.Latin1.GetString(line[..Math.Min(line.Length, MaxLine)]).Select(c => c is < ' ' or > '~' ? '.' : c).ToArray());
        return line.Length > MaxLine ? text + "…" : text;
    }

    /// <summary>
    /// True when the reply holds <paramref name="address"/> as a whole address: 198.51.100.1 is not found in
    /// 198.51.100.10, but is in "[::ffff:198.51.100.1]:40001" or "for=198.51.100.1".
    /// </summary>
    public static bool Shows(byte[] reply, IPAddress address) => Shows(reply, address.ToString());

    /// <summary>True when the reply holds <paramref name="addressText"/> (IPv6 when it has a colon) as a whole address, as <see cref="Shows(byte[], IPAddress)"/>.</summary>
    public static bool Shows(byte[] reply, string addressText)
    {
        var text = Encoding.Latin1.GetString(reply);
        var pattern = addressText.Contains(':', StringComparison.Ordinal)
            ? $"(?<![0-9a-f:]){Regex.Escape(addressText)}(?![0-9a-f]|:[0-9a-f])"
            : $"(?<![0-9.]){Regex.Escape(addressText)}(?![0-9]|\\.[0-9])";
        return Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
