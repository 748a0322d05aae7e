namespace ProxyProtocol;

/// <summary>One raw TLV of a v2 header: its type and value bytes (a slice of the header's own buffer).</summary>
public readonly struct ProxyTlv : IEquatable<ProxyTlv>
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="type">The type byte.</param>
    /// <param name="value">The value.</param>
    public ProxyTlv(byte type, ReadOnlyMemory<byte> value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>Gets the type byte.</summary>
    public byte Type { get; }

    /// <summary>Gets the value bytes.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <inheritdoc/>
    public bool Equals(ProxyTlv other) => Type == other.Type && Value.Span.SequenceEqual(other.Value.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ProxyTlv other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Type);
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }

    /// <summary>Compares two TLVs by type and value bytes.</summary>
    /// <param name="left">The first TLV.</param>
    /// <param name="right">The second TLV.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(ProxyTlv left, ProxyTlv right) => left.Equals(right);

    /// <summary>Compares two TLVs by type and value bytes.</summary>
    /// <param name="left">The first TLV.</param>
    /// <param name="right">The second TLV.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(ProxyTlv left, ProxyTlv right) => !left.Equals(right);

    /// <summary>Returns the type and length; never the value, which is untrusted.</summary>
    /// <returns>For example <c>0x02[11]</c>.</returns>
    public override string ToString() => $"0x{Type:X2}[{Value.Length}]";
}
