namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// Stable snake_case names for the rejection reasons that are not a <see cref="ProxyError"/> (those are named by
/// <see cref="ProxyErrorExtensions.GetName"/>), used as the <c>error.type</c> metric tag and in logs.
/// </summary>
internal static class ErrorNames
{
    public const string UntrustedPeer = "untrusted_peer";
    public const string ConnectionClosed = "connection_closed";
    public const string Shutdown = "shutdown";
}
