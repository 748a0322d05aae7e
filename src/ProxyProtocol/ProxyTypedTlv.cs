namespace ProxyProtocol;

/// <summary>
/// One TLV of a header that <c>tlv-registry.json</c> describes, decoded: the same value as the header's typed
/// property of that name (<c>header.Authority</c>, <c>header.Ssl</c> …). For logs, diagnostics and tools that show
/// every known TLV without naming each.
/// </summary>
public readonly struct ProxyTypedTlv
{
    internal ProxyTypedTlv(string name, byte type, object value)
    {
        Name = name;
        Type = type;
        Value = value;
    }

    /// <summary>Gets the registry name, which is also the name of the <see cref="ProxyHeader"/> property (<c>Authority</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the TLV type byte.</summary>
    public byte Type { get; }

    /// <summary>Gets the decoded value, of the property's type: a <see cref="string"/>, a <see cref="ReadOnlyMemory{T}"/> of
    /// bytes (a slice of the header's buffer), an unsigned integer, or a structured value such as <see cref="SslTlv"/>.
    /// The value comes from the sender: treat it as untrusted.</summary>
    public object Value { get; }

    /// <summary>Returns the name and type; never the value, which is untrusted.</summary>
    /// <returns>For example <c>Authority (0x02)</c>.</returns>
    public override string ToString() => $"{Name} (0x{Type:X2})";
}
