namespace ProxyProtocol;

/// <summary>
/// Options for parsing and reading PROXY headers. The defaults are the safe ones: both versions, a 4096-byte cap,
/// CRC32C mismatches rejected, strict v1 families and a 10-second header timeout. Immutable: derive a variant with
/// <c>with</c> (<c>ProxyParserOptions.Default with { HeaderTimeout = TimeSpan.FromSeconds(3) }</c>); every value is
/// checked when set.
/// </summary>
public sealed record ProxyParserOptions
{
    /// <summary>The largest v2 header the protocol allows: 16 bytes of fixed header plus 65535.</summary>
    public const int MaxV2HeaderLength = 16 + ushort.MaxValue;

    /// <summary>Gets the default cap on a v2 header's total length (4096 bytes).</summary>
    /// <remarks>A property rather than a constant, so code built against this version follows a later default.</remarks>
    public static int DefaultMaxHeaderLength => 4096;

    // What CancellationTokenSource.CancelAfter accepts; a longer timeout would make every reader throw.
    private static readonly TimeSpan MaxHeaderTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly ProxyVersions _acceptedVersions = ProxyVersions.All;
    private readonly int _maxHeaderLength = DefaultMaxHeaderLength;
    private readonly TimeSpan _headerTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Gets the shared default options.</summary>
    public static ProxyParserOptions Default { get; } = new();

    /// <summary>Gets which versions are accepted. Default: both. At least one version must be set.</summary>
    public ProxyVersions AcceptedVersions
    {
        get => _acceptedVersions;
        init
        {
            if (value == 0 || (value & ~ProxyVersions.All) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(AcceptedVersions), value, "AcceptedVersions must be V1, V2 or both.");
            }

            _acceptedVersions = value;
        }
    }

    /// <summary>
    /// Gets the cap on a v2 header's total length (16 + len), checked against the advertised length before any
    /// more bytes are awaited. Default 4096; allowed 16 to <see cref="MaxV2HeaderLength"/>. A header carrying a
    /// client certificate in its SSL TLV may need more.
    /// </summary>
    public int MaxHeaderLength
    {
        get => _maxHeaderLength;
        init
        {
            if (value is < 16 or > MaxV2HeaderLength)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxHeaderLength), value, $"MaxHeaderLength must be between 16 and {MaxV2HeaderLength}.");
            }

            _maxHeaderLength = value;
        }
    }

    /// <summary>
    /// Gets a value indicating whether a CRC32C mismatch makes the header invalid (the spec's MUST, the default).
    /// When false, the header is accepted and <see cref="ProxyHeader.Crc32CVerified"/> is false, for operators who
    /// want to log and decide.
    /// </summary>
    public bool RejectCrc32CMismatch { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether a v1 <c>TCP6</c> line may carry IPv4 dotted-quad addresses, as nginx writes
    /// when it relays an IPv6 client from an IPv4 listener. Off by default (the spec forbids it). When on, each IPv4
    /// address in a TCP6 line is mapped to its IPv4-mapped IPv6 form (<c>::ffff:a.b.c.d</c>), so both endpoints
    /// stay <see cref="System.Net.Sockets.AddressFamily.InterNetworkV6"/>; call
    /// <see cref="System.Net.IPAddress.MapToIPv4"/> to recover the IPv4 address.
    /// </summary>
    public bool AllowIPv4InTcp6 { get; init; }

    /// <summary>
    /// Gets a value indicating whether a header may name a transport other than the connection's. Off by default: on a
    /// stream (the readers, <see cref="ProxyHeaderParser.Parse(ReadOnlySpan{byte}, out ProxyHeader?, ProxyParserOptions?)"/>,
    /// <see cref="ProxyHeaderParser.Validate(ReadOnlySpan{byte}, ProxyParserOptions?)"/>) a v2 PROXY header with
    /// transport DGRAM is <see cref="ProxyError.TransportMismatch"/>, and in a datagram
    /// (<see cref="ProxyHeaderParser.ParseDatagram"/>) so are a v1 header and a v2 PROXY header with transport STREAM.
    /// LOCAL headers and UNSPEC transports are accepted on both.
    /// </summary>
    public bool AllowTransportMismatch { get; init; }

    /// <summary>
    /// Gets the time a reader waits for a complete header before failing with <see cref="ProxyError.Timeout"/>.
    /// Default 10 seconds; at most 2^32 - 2 milliseconds (about 49.7 days, the longest a timer allows);
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables it (not recommended).
    /// </summary>
    public TimeSpan HeaderTimeout
    {
        get => _headerTimeout;
        init
        {
            if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value > MaxHeaderTimeout))
            {
                throw new ArgumentOutOfRangeException(nameof(HeaderTimeout), value, "HeaderTimeout must be positive and at most 2^32 - 2 milliseconds, or Timeout.InfiniteTimeSpan.");
            }

            _headerTimeout = value;
        }
    }

    /// <summary>
    /// Gets a value indicating whether the exceptions thrown by <see cref="ProxyProtocolReader"/>'s <c>ReadAsync</c> methods
    /// include a hex excerpt of the offending input. Off by default: the input is untrusted and may reach logs.
    /// </summary>
    public bool IncludeInputInErrors { get; init; }
}
