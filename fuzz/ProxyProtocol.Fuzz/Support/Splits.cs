namespace ProxyProtocol.Fuzz.Support;

/// <summary>
/// Deterministic chunking derived from a 16-bit seed taken from the fuzz input, so AFL++ explores split points too.
/// Seed 0 keeps the data in one piece, 0xFFFF splits it at every byte; others mix small, medium, large and empty chunks.
/// </summary>
internal static class Splits
{
    public const int SeedLength = 2;

    public static List<ReadOnlyMemory<byte>> Chunk(ReadOnlyMemory<byte> data, ushort seed)
    {
        var chunks = new List<ReadOnlyMemory<byte>>();
        if (seed == 0)
        {
            chunks.Add(data);
            return chunks;
        }

        var state = (seed * 2654435761u) | 1;
        var pos = 0;
        while (pos < data.Length)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            var length = seed == ushort.MaxValue ? 1 : (state % 16) switch
            {
                0 => 0, // empty segments are legal in a sequence and must not confuse the parser
                < 10 => 1 + (int)((state >> 8) % 4),
                < 14 => 1 + (int)((state >> 8) % 32),
                _ => 1 + (int)((state >> 8) % 600),
            };
            length = Math.Min(length, data.Length - pos);
            chunks.Add(data.Slice(pos, length));
            pos += length;
        }

        return chunks;
    }
}
