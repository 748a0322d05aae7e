using System.Text;

namespace ProxyProtocol.Tests.Harness;

/// <summary>Test input helpers: hex with spaces, ASCII lines, concatenation.</summary>
internal static class Hex
{
    internal static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));

    internal static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    internal static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
