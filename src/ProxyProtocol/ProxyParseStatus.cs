namespace ProxyProtocol;

/// <summary>The outcome of one parse attempt.</summary>
public enum ProxyParseStatus : byte
{
    /// <summary>The input is a prefix of a possibly valid header: supply more bytes.</summary>
    Incomplete = 0,

    /// <summary>A complete, valid header was read.</summary>
    Complete = 1,

    /// <summary>The input is not a valid header; the connection must be dropped.</summary>
    Invalid = 2,
}
