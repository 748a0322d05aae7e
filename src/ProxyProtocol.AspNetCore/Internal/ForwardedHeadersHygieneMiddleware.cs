using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// First HTTP middleware: on requests whose connection carried an accepted PROXY header, removes client-supplied
/// forwarding headers and (Rewrite) adds one RFC 7239 <c>Forwarded</c> built from the connection; optionally marks the
/// request https when the SSL TLV says the client used TLS. Requests on other connections pass untouched.
/// </summary>
internal sealed class ForwardedHeadersHygieneMiddleware(RequestDelegate next)
{
    private const string ForwardedHeader = "Forwarded";

    // Forwarded first: Rewrite skips it (see Apply).
    private static readonly string[] ForwardingHeaders =
    [
        ForwardedHeader, "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Real-IP",
    ];

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IProxyProtocolFeature>() is ProxyProtocolFeature feature)
        {
            Apply(context, feature);
        }

        return next(context);
    }

    internal static void Apply(HttpContext context, ProxyProtocolFeature feature)
    {
        var request = context.Request;
        var https = feature.ClientUsedTls || request.IsHttps;
        if (feature.Hygiene != ForwardedHeadersHygiene.Off)
        {
            // Fetched once: every access goes through the request's feature lookup.
            var headers = request.Headers;
            var rewrite = feature.Hygiene == ForwardedHeadersHygiene.Rewrite;

            // Rewrite replaces a client's Forwarded by assignment, so only the other names need removing.
            foreach (var name in rewrite ? ForwardingHeaders.AsSpan(1) : ForwardingHeaders)
            {
                headers.Remove(name);
            }

            if (rewrite)
            {
                var connection = context.Connection;
                headers[ForwardedHeader] = feature.GetForwarded(connection.RemoteIpAddress, connection.RemotePort, https);
            }
        }

        if (feature.SetHttpsScheme && feature.ClientUsedTls)
        {
            request.Scheme = "https";
        }
    }

    /// <summary>Formats <c>for="192.0.2.1:5000"</c> or <c>for="[2001:db8::1]:5000"</c> (quoted: ':' is not a token
    /// character), plus <c>;proto=https</c> when known.</summary>
    internal static string Format(IPAddress? address, int port, bool https)
    {
        // One string per call: the address is formatted into it directly, not through its own ToString().
        var proto = https ? ";proto=https" : "";
        return address is null
            ? "for=unknown" + proto
            : address.AddressFamily == AddressFamily.InterNetworkV6
                ? string.Create(CultureInfo.InvariantCulture, $"for=\"[{Strip(address)}]:{port}\"{proto}")
                : string.Create(CultureInfo.InvariantCulture, $"for=\"{address}:{port}\"{proto}");
    }

    // RFC 7239 has no zone identifiers; a PROXY source never has one, but a socket address might.
    private static IPAddress Strip(IPAddress address) => address.ScopeId == 0 ? address : new IPAddress(address.GetAddressBytes());
}
