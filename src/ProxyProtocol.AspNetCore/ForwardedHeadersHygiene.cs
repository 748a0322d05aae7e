namespace ProxyProtocol.AspNetCore;

/// <summary>
/// What the HTTP middleware does with client-supplied forwarding headers (<c>Forwarded</c>, <c>X-Forwarded-For</c>,
/// <c>X-Forwarded-Host</c>, <c>X-Forwarded-Proto</c>, <c>X-Forwarded-Port</c>, <c>X-Forwarded-Prefix</c>, <c>X-Real-IP</c>)
/// on requests whose connection carried an accepted PROXY header. Behind an L4 balancer those headers come from the
/// client itself and cannot be trusted.
/// </summary>
public enum ForwardedHeadersHygiene
{
    /// <summary>Remove them and add one RFC 7239 <c>Forwarded</c> header built from the PROXY header (the default).</summary>
    Rewrite = 0,

    /// <summary>Remove them and add nothing.</summary>
    Strip = 1,

    /// <summary>Leave the request's headers alone.</summary>
    Off = 2,
}
