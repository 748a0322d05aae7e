using System.Net;
using ProxyProtocol.Tool.Commands;

namespace ProxyProtocol.Tool.Relay;

/// <summary>What <c>proxyproto relay</c> was asked to do.</summary>
internal sealed record RelaySettings(
    IPEndPoint Listen,
    EndPoint Upstream,
    HeaderTemplate Header,
    int MaxConnections,
    TimeSpan ConnectTimeout,
    ProxyParserOptions? AcceptProxy);
