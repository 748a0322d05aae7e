using System.Net;

namespace ProxyProtocol.AspNetCore;

/// <summary>
/// Options for reading PROXY headers on Kestrel endpoints. Bound from the <c>ProxyProtocol</c> configuration section
/// by <see cref="ProxyProtocolServiceCollectionExtensions.AddProxyProtocol"/> and validated at startup. The defaults
/// are the safe ones: header required, both versions, a 4096-byte cap, CRC32C mismatches rejected, a 10-second header
/// timeout, untrusted peers rejected and forwarded headers rewritten.
/// </summary>
public sealed class ProxyProtocolOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "ProxyProtocol";

    private ProxyParserOptions _parser = ProxyParserOptions.Default;

    /// <summary>
    /// Gets or sets how headers are parsed and how long one may take to arrive: <see cref="ProxyParserOptions.HeaderTimeout"/>
    /// (10 s by default; the read also ends when the connection closes or the server asks it to),
    /// <see cref="ProxyParserOptions.MaxHeaderLength"/>, <see cref="ProxyParserOptions.AcceptedVersions"/>,
    /// <see cref="ProxyParserOptions.RejectCrc32CMismatch"/>, <see cref="ProxyParserOptions.AllowIPv4InTcp6"/> and
    /// <see cref="ProxyParserOptions.AllowTransportMismatch"/> (a v2 header naming UDP is refused on these TCP
    /// connections unless it is set), with the core's defaults and ranges. In configuration they are keys of the section itself
    /// (<c>ProxyProtocol:HeaderTimeout</c>). In code, change one and keep the rest:
    /// <c>o.Parser = o.Parser with { HeaderTimeout = TimeSpan.FromSeconds(5) }</c>.
    /// <see cref="ProxyParserOptions.IncludeInputInErrors"/> has no effect here: rejections are logged by error name,
    /// never with the input's bytes.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ProxyParserOptions Parser
    {
        get => _parser;
        set => _parser = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Gets or sets a value indicating whether every connection must start with a header (default true). When false
    /// (a migration mode), a connection whose first bytes cannot begin a PROXY signature proceeds at once with the
    /// socket's addresses, decided on the fewest bytes that settle it (usually the first): TLS, HTTP/1.1 and HTTP/2
    /// clients are not delayed. One that begins with a signature must still complete a valid header, and
    /// <see cref="TrustedNetworks"/> still decides who may send one. Any client that reaches the endpoint can then be
    /// served under its own address, and while a trusted balancer does not send headers yet it relays each client's
    /// bytes as they are, so a client can write a header of its own and choose the address it claims. Keep the mode for
    /// the switch-over only (a startup warning says it is on) and turn it back on once the balancer sends headers.
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
