namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>Reads the SSL TLV's client field: PP2_CLIENT_SSL (bit 0x01) says the client used TLS to reach the proxy.</summary>
internal static class SslTlv
{
    private const byte Type = 0x20;
    private const byte ClientSsl = 0x01;

    public static bool ClientUsedTls(ProxyHeader header) =>
        header.TryGetTlv(Type, out var value) && value.Length >= 5 && (value.Span[0] & ClientSsl) != 0;
}
