using System.Net;
using System.Text;
using ProxyProtocol.Robustness.Tests.Hostile;

namespace ProxyProtocol.Robustness.Tests.Soak;

/// <summary>One valid proxied POST /echo: header and request written in random pieces, the reply checked byte for byte.</summary>
internal static class EchoClient
{
    internal static async Task<string?> RunAsync(IPEndPoint server, Random random)
    {
        var (header, source) = RandomHeader(random);
        var body = new byte[random.Next(4) == 0 ? random.Next(16 * 1024, 256 * 1024) : random.Next(0, 2048)];
        random.NextBytes(body);
        var request = Wire.Post("/echo", body);
        byte[] bytes = [.. header, .. request];

        using var socket = await RawTcp.ConnectAsync(server);
        for (var pos = 0; pos < bytes.Length;)
        {
            var n = random.Next(3) == 0 ? random.Next(1, 64) : bytes.Length - pos;
            n = Math.Min(n, bytes.Length - pos);
            await socket.SendAsync(bytes.AsMemory(pos, n));
            pos += n;
        }

        var reply = await RawTcp.ReadToCloseAsync(socket, TimeSpan.FromSeconds(30));
        if (reply is null)
        {
            return "no reply within 30 s";
        }

        var split = reply.AsSpan().IndexOf("\r\n\r\n"u8);
        if (split < 0)
        {
            return $"not HTTP: {reply.Length} bytes";
        }

        var head = Encoding.ASCII.GetString(reply, 0, split);
        if (!head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
        {
            return "status: " + head.Split('\r')[0];
        }

        var remote = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("X-Remote: ", StringComparison.OrdinalIgnoreCase))?[10..];
        var expected = source is null ? null : $"{source.Address}:{source.Port}";
        if (expected is not null && remote != expected)
        {
            return $"remote {remote}, expected {expected}";
        }

        return reply.AsSpan(split + 4).SequenceEqual(body) ? null : $"body altered: sent {body.Length}, got {reply.Length - split - 4}";
    }

    // v1 or v2, IPv4 or IPv6, sometimes LOCAL/UNKNOWN (then the socket address is kept), sometimes TLVs and CRC32C.
    private static (byte[] Header, IPEndPoint? Source) RandomHeader(Random random)
    {
        var v6 = random.Next(3) == 0;
        var source = new IPEndPoint(v6 ? RandomV6(random) : new IPAddress(random.Next(1, int.MaxValue)), random.Next(1, 65536));
        var destination = new IPEndPoint(v6 ? IPAddress.Parse("2001:db8::1") : IPAddress.Parse("198.51.100.1"), 443);
        switch (random.Next(6))
        {
            case 0:
                return (new ProxyHeaderBuilder(ProxyVersion.V1).Proxy(source, destination).Build().Encode(), source);
            case 1:
                return (new ProxyHeaderBuilder().Local().AddTlv(0x00, [0]).Build().Encode(), null);
            default:
                var builder = new ProxyHeaderBuilder().Proxy(source, destination);
                if (random.Next(2) == 0)
                {
                    builder.AddAuthority("host" + random.Next(100) + ".example").AddUniqueId(new byte[random.Next(1, 129)]);
                }

                if (random.Next(2) == 0)
                {
                    builder.AddCrc32C();
                }

                return (builder.Build().Encode(), source);
        }
    }

    private static IPAddress RandomV6(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        return new IPAddress(bytes);
    }
}
