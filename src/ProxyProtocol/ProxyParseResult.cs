namespace ProxyProtocol;

/// <summary>
/// The result of parsing a PROXY header: complete (with the number of bytes the header occupies),
/// incomplete (supply more bytes), or invalid (with the reason and the offset of the offending byte).
/// </summary>
public readonly struct ProxyParseResult : IEquatable<ProxyParseResult>
{
    private ProxyParseResult(ProxyParseStatus status, int bytesConsumed, ProxyError error, int errorOffset)
    {
        Status = status;
        BytesConsumed = bytesConsumed;
        Error = error;
        ErrorOffset = errorOffset;
    }

    /// <summary>Gets the outcome.</summary>
    public ProxyParseStatus Status { get; }

    /// <summary>Gets the length of the header when <see cref="Status"/> is <see cref="ProxyParseStatus.Complete"/>; otherwise 0.
    /// The application's data starts at this offset.</summary>
    public int BytesConsumed { get; }

    /// <summary>Gets the reason when <see cref="Status"/> is <see cref="ProxyParseStatus.Invalid"/>; otherwise <see cref="ProxyError.None"/>.</summary>
    public ProxyError Error { get; }

    /// <summary>Gets the offset of the byte (or field) that made the header invalid; otherwise 0.</summary>
    public int ErrorOffset { get; }

    /// <summary>Gets a value indicating whether a complete, valid header was read.</summary>
    public bool IsComplete => Status == ProxyParseStatus.Complete;

    /// <summary>Gets a value indicating whether more bytes are needed.</summary>
    public bool IsIncomplete => Status == ProxyParseStatus.Incomplete;

    /// <summary>Gets a value indicating whether the header is invalid.</summary>
    public bool IsInvalid => Status == ProxyParseStatus.Invalid;

    // The factories are the parsers' (and tests'): a result comes from parsing, so there is nothing to check here.
    internal static ProxyParseResult Incomplete => default;

    internal static ProxyParseResult Complete(int bytesConsumed) => new(ProxyParseStatus.Complete, bytesConsumed, ProxyError.None, 0);

    internal static ProxyParseResult Invalid(ProxyError error, int offset) => new(ProxyParseStatus.Invalid, 0, error, offset);

    /// <inheritdoc/>
    public bool Equals(ProxyParseResult other) =>
        Status == other.Status && BytesConsumed == other.BytesConsumed && Error == other.Error && ErrorOffset == other.ErrorOffset;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ProxyParseResult other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Status, BytesConsumed, Error, ErrorOffset);

    /// <summary>Compares two results.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(ProxyParseResult left, ProxyParseResult right) => left.Equals(right);

    /// <summary>Compares two results.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(ProxyParseResult left, ProxyParseResult right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Status switch
    {
        ProxyParseStatus.Complete => $"Complete ({BytesConsumed} bytes)",
        ProxyParseStatus.Invalid => $"Invalid: {Error} at offset {ErrorOffset}",
        _ => "Incomplete",
    };
}
