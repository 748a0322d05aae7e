namespace ProxyProtocol.Fuzz.Targets;

/// <summary>The fuzz targets by name, as the scripts and the regression tests call them.</summary>
public static class FuzzTargets
{
    /// <summary>Runs one input through a target.</summary>
    /// <param name="input">The input.</param>
    public delegate void Target(ReadOnlySpan<byte> input);

    /// <summary>Gets the targets by name.</summary>
    public static IReadOnlyDictionary<string, Target> All { get; } = new Dictionary<string, Target>(StringComparer.Ordinal)
    {
        ["span"] = SpanTarget.Run,
        ["sequence"] = SequenceTarget.Run,
        ["roundtrip"] = RoundTripTarget.Run,
        ["tlv"] = TlvTarget.Run,
    };

    /// <summary>
    /// Turns a seed into an input for <paramref name="target"/>: the sequence target reads two split-seed bytes first,
    /// the TLV target only the TLV area (a seed that is not a v2 header with TLVs is used as it is).
    /// </summary>
    /// <param name="target">The target's name.</param>
    /// <param name="seed">A seed from the corpus.</param>
    /// <param name="splitSeed">The split seed to prefix (sequence target only).</param>
    /// <returns>The input.</returns>
    public static byte[] ToInput(string target, byte[] seed, ushort splitSeed) => target switch
    {
        "sequence" => [(byte)(splitSeed >> 8), (byte)splitSeed, .. seed],
        "tlv" => ProxyHeaderParser.Parse(seed, out var header, Support.FuzzOptions.RoundTrip).IsComplete && header!.Tlvs.Count > 0
            ? header.Tlvs.RawBytes.ToArray()
            : seed,
        _ => seed,
    };
}
