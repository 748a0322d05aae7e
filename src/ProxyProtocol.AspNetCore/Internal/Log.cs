using System.Net;
using Microsoft.Extensions.Logging;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>Source-generated log events. Peers and header summaries only: raw header bytes are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "PROXY header accepted from {Peer}: {Header}.", EventName = "HeaderAccepted")]
    public static partial void HeaderAccepted(ILogger logger, EndPoint? peer, ProxyHeader header);

    [LoggerMessage(EventId = 2, Message = "PROXY header from {Peer} rejected: {Reason} ({Description}); connection closed.", EventName = "HeaderRejected")]
    public static partial void HeaderRejected(ILogger logger, LogLevel level, EndPoint? peer, string reason, string description);

    [LoggerMessage(EventId = 3, Message = "Connection from {Peer} closed: the peer is not in ProxyProtocol:TrustedNetworks.", EventName = "UntrustedPeerRejected")]
    public static partial void UntrustedPeerRejected(ILogger logger, LogLevel level, EndPoint? peer);

    [LoggerMessage(4, LogLevel.Debug, "Connection from {Peer} is not in ProxyProtocol:TrustedNetworks; no PROXY header is read (UntrustedPeerPolicy Skip).", EventName = "UntrustedPeerSkipped")]
    public static partial void UntrustedPeerSkipped(ILogger logger, EndPoint? peer);

    [LoggerMessage(5, LogLevel.Debug, "PROXY header read from {Peer} ended: {Reason}.", EventName = "HeaderReadEnded")]
    public static partial void HeaderReadEnded(ILogger logger, EndPoint? peer, string reason);

    [LoggerMessage(EventId = 6, Message = "PROXY header from {Peer} accepted with a CRC32C mismatch (RejectCrc32CMismatch is off).", EventName = "Crc32CMismatchAccepted")]
    public static partial void Crc32CMismatchAccepted(ILogger logger, LogLevel level, EndPoint? peer);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Count} PROXY protocol warnings of the last window were logged at Debug level only (flood protection: at most {Budget} warnings per {Window}).", EventName = "WarningsDemoted")]
    public static partial void WarningsDemoted(ILogger logger, int count, int budget, TimeSpan window);

    [LoggerMessage(10, LogLevel.Information, "PROXY protocol enabled on {Endpoint}{EndpointSection}: {Settings}.", EventName = "Enabled")]
    public static partial void Enabled(ILogger logger, string endpoint, string endpointSection, string settings);

    [LoggerMessage(11, LogLevel.Warning, "PROXY protocol is enabled on {Endpoint} with an empty ProxyProtocol:TrustedNetworks list: any peer that can connect may send a header and choose the client address it claims. List the balancer's networks.", EventName = "NoTrustedNetworks")]
    public static partial void NoTrustedNetworks(ILogger logger, string endpoint);

    [LoggerMessage(12, LogLevel.Warning, "Endpoint {Endpoint} allows HTTP/3: PROXY protocol does not apply to HTTP/3 (QUIC) connections, which keep the UDP peer's address.", EventName = "Http3NotCovered")]
    public static partial void Http3NotCovered(ILogger logger, string endpoint);

    [LoggerMessage(13, LogLevel.Warning, "PROXY protocol is enabled on {Endpoint} but the forwarded-header middleware is not registered, so client-sent X-Forwarded-*/Forwarded headers reach the app. Call builder.Services.AddProxyProtocol() or builder.WebHost.UseProxyProtocol().", EventName = "HygieneNotRegistered")]
    public static partial void HygieneNotRegistered(ILogger logger, string endpoint);

    [LoggerMessage(14, LogLevel.Warning, "ConfigureEndpointDefaults was called after UseProxyProtocol(); PROXY protocol now runs before those defaults on endpoints bound from URLs and configuration.", EventName = "EndpointDefaultsRechained")]
    public static partial void EndpointDefaultsRechained(ILogger logger);

    [LoggerMessage(15, LogLevel.Information, "PROXY protocol disabled on {Endpoint} by {EndpointSection}:Enabled; its connections keep the socket's addresses.", EventName = "Disabled")]
    public static partial void Disabled(ILogger logger, string endpoint, string endpointSection);

    [LoggerMessage(16, LogLevel.Debug, "Connection from {Peer} closed before sending anything (a TCP health check or a port scan).", EventName = "ClosedEmpty")]
    public static partial void ClosedEmpty(ILogger logger, EndPoint? peer);

    [LoggerMessage(17, LogLevel.Debug, "Connection from {Peer} does not start with a PROXY header; served with the socket's addresses (HeaderRequired is off).", EventName = "NoHeader")]
    public static partial void NoHeader(ILogger logger, EndPoint? peer);

    [LoggerMessage(19, LogLevel.Warning, "The PROXY header is optional on {Endpoint} (HeaderRequired is off): connections without one are served with the socket's address, and while the balancer sends no header it passes a client's own bytes on, so a client can write a header and choose the address it claims. Turn HeaderRequired back on once the balancer sends headers.", EventName = "HeaderOptional")]
    public static partial void HeaderOptional(ILogger logger, string endpoint);

    [LoggerMessage(20, LogLevel.Warning, "PROXY protocol on {Endpoint} has no header timeout (HeaderTimeout is infinite): a peer that connects and sends nothing, or half a header, holds its connection for ever. Set a finite HeaderTimeout.", EventName = "HeaderTimeoutInfinite")]
    public static partial void HeaderTimeoutInfinite(ILogger logger, string endpoint);

    [LoggerMessage(18, LogLevel.Warning, "{EndpointSection} matched no endpoint with PROXY protocol, so its settings apply nowhere. Its key must be the name of an endpoint in Kestrel:Endpoints, or the port of another endpoint.", EventName = "EndpointSectionUnmatched")]
    public static partial void EndpointSectionUnmatched(ILogger logger, string endpointSection);
}
