using System.Net;

namespace ProxyProtocol.AspNetCore;

/// <summary>
/// Options for reading PROXY headers on Kestrel endpoints. Bound from the <c>ProxyProtocol</c> configuration section
/// by <see cref="ProxyProtocolServiceCollectionExtensions.AddProxyProtocol"/> and validated at startup. The defaults
/// are the safe ones: header required, both versions, a 4096-byte cap, CRC32C mismatches rejected, a 10-second read
/// timeout, untrusted peers rejected and forwarded headers rewritten.
/// </summary>
public sealed class ProxyProtocolOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "ProxyProtocol";

    /// <summary>
    /// Gets or sets how long a connection may take to deliver a complete header before it is closed. Default 10 seconds;
    /// must be positive and finite. The read also ends when the connection closes or the server shuts down.
    /// </summary>
    public TimeSpan HeaderTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the cap on a v2 header's total length. Default 4096; allowed 16 to 65551.</summary>
    public int MaxHeaderLength { get; set; } = ProxyParserOptions.DefaultMaxHeaderLength;

    /// <summary>Gets or sets which versions are accepted. Default: both.</summary>
    public ProxyVersions AcceptedVersions { get; set; } = ProxyVersions.All;

    /// <summary>Gets or sets a value indicating whether a v2 header whose CRC32C does not match is rejected (default true,
    /// as the spec requires). When false it is accepted, counted, and <see cref="ProxyHeader.Crc32CVerified"/> is false.</summary>
    public bool RejectCrc32CMismatch { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether a v1 <c>TCP6</c> line may carry IPv4 addresses (as nginx writes them).
    /// Default false.</summary>
    public bool AllowIPv4InTcp6 { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether every connection must start with a header (default true). When false
    /// (a migration mode), a connection whose first bytes cannot begin a PROXY signature proceeds at once with the
    /// socket's addresses, decided on the fewest bytes that settle it (usually the first): TLS, HTTP/1.1 and HTTP/2
    /// clients are not delayed. One that begins with a signature must still complete a valid header, and
    /// <see cref="TrustedNetworks"/> still decides who may send one. Any client that reaches the endpoint can then be
    /// served under its own address, so turn it back on once every sender writes headers.
    /// </summary>
    public bool HeaderRequired { get; set; } = true;

    /// <summary>
    /// Gets the networks whose peers may send a header. IPv4-mapped IPv6 peers are unmapped before matching. Empty (the
    /// default) means any peer that can reach the endpoint may send one and so choose its client address; a warning is
    /// logged at startup. Peers that are not IP endpoints (Unix sockets) are not filtered.
    /// In configuration: a list of CIDR strings, or one string separated by commas; a bare address means one host. The
    /// latest configuration source that sets the list supplies all of it (lists from several sources are not merged);
    /// code adds to what configuration gave.
    /// </summary>
    public IList<IPNetwork> TrustedNetworks { get; } = new List<IPNetwork>();

    /// <summary>Gets or sets what happens to a peer outside a non-empty <see cref="TrustedNetworks"/>. Default: reject.</summary>
    public UntrustedPeerPolicy UntrustedPeerPolicy { get; set; } = UntrustedPeerPolicy.Reject;

    /// <summary>Gets or sets what the HTTP middleware does with client-supplied forwarding headers. Default: rewrite.</summary>
    public ForwardedHeadersHygiene ForwardedHeaders { get; set; } = ForwardedHeadersHygiene.Rewrite;

    /// <summary>
    /// Gets or sets a value indicating whether <c>HttpRequest.Scheme</c> is set to <c>https</c> when the header's SSL TLV
    /// says the client used TLS (TLS offloaded at the balancer). Default false.
    /// </summary>
    public bool SetHttpsSchemeFromSslTlv { get; set; }
}
