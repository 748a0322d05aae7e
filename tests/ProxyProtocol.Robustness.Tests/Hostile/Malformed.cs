using System.Buffers.Binary;
using System.Text;
using ProxyProtocol.Fuzz.Seeds;

namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>How a hostile client behaves on one connection.</summary>
internal enum HostileMove
{
    /// <summary>Sends an invalid header and waits for the server to close.</summary>
    SendInvalid,

    /// <summary>Sends part of a valid header, then closes (FIN).</summary>
    CloseMidHeader,

    /// <summary>Sends part of a valid header, then resets (RST).</summary>
    ResetMidHeader,

    /// <summary>Connects and closes without a byte (a port scan, a TCP health check).</summary>
    ConnectOnly,
}

/// <summary>Malformed connections of every kind, deterministic for a seed.</summary>
internal static class Malformed
{
    /// <summary>Every invalid seed of the fuzz corpus, plus the kinds below, each named.</summary>
    internal static IReadOnlyList<(string Kind, HostileMove Move, byte[] Bytes)> Catalogue { get; } = CreateCatalogue();

    /// <summary>An endless mix: the catalogue, random garbage and valid headers with bytes flipped into invalid ones.</summary>
    internal static IEnumerable<(string Kind, HostileMove Move, byte[] Bytes)> Mix(int seed)
    {
        var random = new Random(seed);
        var valid = SeedCorpus.All.Select(s => s.Value).Where(b => ProxyHeaderParser.Validate(b).IsComplete).ToArray();
        while (true)
        {
            switch (random.Next(4))
            {
                case 0:
                    yield return Catalogue[random.Next(Catalogue.Count)];
                    break;
                case 1:
                    var garbage = new byte[random.Next(1, 300)];
                    random.NextBytes(garbage);
                    if (ProxyHeaderParser.Validate(garbage).IsInvalid)
                    {
                        yield return ("random-bytes", HostileMove.SendInvalid, garbage);
                    }

                    break;
                case 2:
                    var mutated = (byte[])valid[random.Next(valid.Length)].Clone();
                    var length = ProxyHeaderParser.Validate(mutated).BytesConsumed;
                    for (var flips = random.Next(1, 4); flips > 0; flips--)
                    {
                        mutated[random.Next(length)] ^= (byte)random.Next(1, 256);
                    }

                    if (ProxyHeaderParser.Validate(mutated).IsInvalid)
                    {
                        yield return ("mutated-header", HostileMove.SendInvalid, mutated);
                    }

                    break;
                default:
                    var header = valid[random.Next(valid.Length)];
                    var cut = random.Next(1, ProxyHeaderParser.Validate(header).BytesConsumed);
                    yield return random.Next(2) == 0
                        ? ("close-mid-header", HostileMove.CloseMidHeader, header[..cut])
                        : ("reset-mid-header", HostileMove.ResetMidHeader, header[..cut]);
                    break;
            }
        }
    }

    private static List<(string, HostileMove, byte[])> CreateCatalogue()
    {
        var list = new List<(string, HostileMove, byte[])>();
        foreach (var (name, bytes) in SeedCorpus.All)
        {
            if (ProxyHeaderParser.Validate(bytes).IsInvalid)
            {
                list.Add(("seed-" + name, HostileMove.SendInvalid, bytes));
            }
        }

        var tooLarge = new byte[16];
        "\r\n\r\n\0\r\nQUIT\n"u8.CopyTo(tooLarge);
        tooLarge[12] = 0x21;
        tooLarge[13] = 0x11;
        BinaryPrimitives.WriteUInt16BigEndian(tooLarge.AsSpan(14), ushort.MaxValue);
        list.Add(("v2-advertises-65535", HostileMove.SendInvalid, tooLarge));
        list.Add(("v1-endless-line", HostileMove.SendInvalid, Encoding.ASCII.GetBytes("PROXY UNKNOWN " + new string('x', 400))));
        list.Add(("http-without-header", HostileMove.SendInvalid, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray()));
        list.Add(("tls-client-hello", HostileMove.SendInvalid, [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03]));
        list.Add(("ssh-banner", HostileMove.SendInvalid, "SSH-2.0-OpenSSH_9.2\r\n"u8.ToArray()));
        list.Add(("connect-only", HostileMove.ConnectOnly, []));
        return list;
    }
}
