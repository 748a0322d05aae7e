namespace ProxyProtocol.Tool.Probe;

/// <summary>
/// A TLS 1.3 ClientHello record, as a client that bypasses the proxy would send first: a server that requires a
/// PROXY header must reject its first byte (0x16) at once, and a TLS server that does not would answer it.
/// </summary>
internal static class TlsClientHello
{
    public static byte[] Create()
    {
        var random = new byte[32];
        var keyShare = new byte[32];
        System.Security.Cryptography.RandomNumberGenerator.Fill(random);
        System.Security.Cryptography.RandomNumberGenerator.Fill(keyShare);
        byte[] extensions =
        [
            .. Extension(0x002B, [0x04, 0x03, 0x04, 0x03, 0x03]),                  // supported_versions: TLS 1.3, 1.2
            .. Extension(0x000A, [0x00, 0x04, 0x00, 0x1D, 0x00, 0x17]),            // supported_groups: x25519, secp256r1
            .. Extension(0x000D, [0x00, 0x06, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01]), // signature_algorithms
            .. Extension(0x0033, [.. U16(36), 0x00, 0x1D, .. U16(32), .. keyShare]), // key_share: one x25519 key
        ];
        byte[] hello =
        [
            0x03, 0x03, .. random,                               // legacy_version TLS 1.2, random
            0x00,                                                // no session id
            .. U16(6), 0x13, 0x01, 0x13, 0x02, 0xC0, 0x2F,       // cipher suites
            0x01, 0x00,                                          // compression: null
            .. U16(extensions.Length), .. extensions,
        ];
        byte[] handshake = [0x01, 0x00, .. U16(hello.Length), .. hello]; // ClientHello, 24-bit length
        return [0x16, 0x03, 0x01, .. U16(handshake.Length), .. handshake]; // handshake record
    }

    private static byte[] Extension(ushort type, byte[] body) => [.. U16(type), .. U16(body.Length), .. body];

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];
}
