using Microsoft.Extensions.ObjectPool;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// Token sources for connections whose header is not buffered yet, pooled as Kestrel pools its TLS handshake timeouts:
/// a source keeps its timer between uses, and a returned one is reused only when <see cref="CancellationTokenSource.TryReset"/>
/// succeeds (it never fired); the pool disposes the others.
/// </summary>
internal sealed class HeaderTimeoutPolicy(TimeProvider timeProvider) : IPooledObjectPolicy<CancellationTokenSource>
{
    /// <summary>More than an endpoint's usual number of concurrent waits; a flood beyond it allocates.</summary>
    public const int MaximumRetained = 1024;

    public static ObjectPool<CancellationTokenSource> CreatePool(TimeProvider timeProvider) =>
        new DefaultObjectPoolProvider { MaximumRetained = MaximumRetained }.Create(new HeaderTimeoutPolicy(timeProvider));

    public CancellationTokenSource Create() => new(Timeout.InfiniteTimeSpan, timeProvider);

    public bool Return(CancellationTokenSource obj) => obj.TryReset();
}
