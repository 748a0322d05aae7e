namespace ProxyProtocol.Internal;

/// <summary>A short hex excerpt around an error offset, shown only when the caller opts in.</summary>
internal static class InputExcerpt
{
    private const int Before = 16;
    private const int After = 16;

    public static InvalidDataException Format(ReadOnlySpan<byte> input, int offset)
    {
        var start = Math.Clamp(offset - Before, 0, input.Length);
        var end = Math.Clamp(offset + After, start, input.Length);
        return new InvalidDataException($"Input bytes {start}..{end}: {Convert.ToHexString(input[start..end])}");
    }
}
