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
    };

    /// <summary>Turns a seed into an input for <paramref name="target"/>: the sequence target reads two split-seed bytes first.</summary>
    /// <param name="target">The target's name.</param>
    /// <param name="seed">A seed from the corpus.</param>
    /// <param name="splitSeed">The split seed to prefix (sequence target only).</param>
    /// <returns>The input.</returns>
    public static byte[] ToInput(string target, byte[] seed, ushort splitSeed) =>
        target == "sequence" ? [(byte)(splitSeed >> 8), (byte)splitSeed, .. seed] : seed;
}
