using System.Reflection;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// The four Kestrel internals this library reads, each because Kestrel has no public way to ask: whether
/// <c>UseHttps</c> already ran on an endpoint (to refuse PROXY after TLS), the current endpoint-defaults action (to
/// chain with it instead of replacing it), the endpoints created by <c>Listen</c> (to prove each one is covered), and
/// the name of an endpoint from <c>Kestrel:Endpoints</c> (to find its <c>ProxyProtocol:Endpoints</c> section).
/// <c>typeof(...).GetProperty("constant")</c> and <c>Type.GetType("constant")</c> are understood by the trimmer. When
/// a property is missing (a future Kestrel), the matching check is skipped rather than failing, except that named
/// endpoint settings then stop the host (see <see cref="CanReadEndpointNames"/>).
/// </summary>
internal static class KestrelInternals
{
    private const BindingFlags Flags = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    private static readonly PropertyInfo? IsTlsProperty = typeof(ListenOptions).GetProperty("IsTls", Flags);
    private static readonly PropertyInfo? EndpointDefaultsProperty = typeof(KestrelServerOptions).GetProperty("EndpointDefaults", Flags);
    private static readonly PropertyInfo? CodeBackedListenOptionsProperty = typeof(KestrelServerOptions).GetProperty("CodeBackedListenOptions", Flags);
    private static readonly PropertyInfo? EndpointConfigProperty = typeof(ListenOptions).GetProperty("EndpointConfig", Flags);
    private static readonly PropertyInfo? EndpointNameProperty =
        Type.GetType("Microsoft.AspNetCore.Server.Kestrel.Core.Internal.EndpointConfig, Microsoft.AspNetCore.Server.Kestrel.Core")?.GetProperty("Name", Flags);

    /// <summary>True when UseHttps has run on the endpoint; null when that cannot be known.</summary>
    public static bool? IsTls(ListenOptions listenOptions) => IsTlsProperty?.GetValue(listenOptions) as bool?;

    public static bool CanReadEndpointDefaults => EndpointDefaultsProperty is not null;

    public static Action<ListenOptions>? GetEndpointDefaults(KestrelServerOptions options) =>
        EndpointDefaultsProperty?.GetValue(options) as Action<ListenOptions>;

    /// <summary>The endpoints added with <c>Listen*</c> so far; null when that cannot be known.</summary>
    public static IEnumerable<ListenOptions>? GetCodeBackedListenOptions(KestrelServerOptions options) =>
        CodeBackedListenOptionsProperty?.GetValue(options) as IEnumerable<ListenOptions>;

    public static bool CanReadEndpointNames => EndpointConfigProperty is not null && EndpointNameProperty is not null;

    /// <summary>The endpoint's name in <c>Kestrel:Endpoints</c>; null for endpoints from code or URLs (or when unknown).
    /// Set by Kestrel after the endpoint defaults ran, so read when the endpoint is built.</summary>
    public static string? GetEndpointName(ListenOptions listenOptions) =>
        EndpointConfigProperty?.GetValue(listenOptions) is { } config ? EndpointNameProperty?.GetValue(config) as string : null;
}
