namespace ProxyProtocol;

/// <summary>The set of PROXY protocol versions a receiver accepts.</summary>
[Flags]
public enum ProxyVersions
{
    /// <summary>Accept version 1 (text) headers.</summary>
    V1 = 1,

    /// <summary>Accept version 2 (binary) headers.</summary>
    V2 = 2,

    /// <summary>Accept both versions; the spec recommends that v2 receivers also accept v1.</summary>
    All = V1 | V2,
}
