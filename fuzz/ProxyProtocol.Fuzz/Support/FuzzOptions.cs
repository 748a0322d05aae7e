namespace ProxyProtocol.Fuzz.Support;

/// <summary>The option sets every input is parsed under; the targets check how their results relate.</summary>
internal static class FuzzOptions
{
    /// <summary>The library's defaults (4096-byte cap, CRC32C enforced, strict v1).</summary>
    public static ProxyParserOptions Default { get; } = ProxyParserOptions.Default;

    /// <summary>Accepts a superset of <see cref="Default"/>: the largest cap, CRC mismatches reported, nginx's mixed TCP6
    /// line, any transport.</summary>
    public static ProxyParserOptions Lenient { get; } = new()
    {
        MaxHeaderLength = ProxyParserOptions.MaxV2HeaderLength,
        RejectCrc32CMismatch = false,
        AllowIPv4InTcp6 = true,
        AllowTransportMismatch = true,
        IncludeInputInErrors = true,
    };

    /// <summary>Version 1 only.</summary>
    public static ProxyParserOptions V1Only { get; } = new() { AcceptedVersions = ProxyVersions.V1 };

    /// <summary>Version 2 only, with a small cap.</summary>
    public static ProxyParserOptions SmallV2 { get; } = new() { AcceptedVersions = ProxyVersions.V2, MaxHeaderLength = SmallCap };

    /// <summary>For decode → encode → decode: the largest cap, the nginx leniency and any transport, but CRC32C enforced
    /// so re-encoding is exact.</summary>
    public static ProxyParserOptions RoundTrip { get; } = new()
    {
        MaxHeaderLength = ProxyParserOptions.MaxV2HeaderLength,
        AllowIPv4InTcp6 = true,
        AllowTransportMismatch = true,
    };

    /// <summary>The defaults without a header timeout: readers are fed synchronously, and a stall is a hang AFL++ reports.</summary>
    public static ProxyParserOptions Reader { get; } = new() { HeaderTimeout = Timeout.InfiniteTimeSpan };

    public const int SmallCap = 64;
}
