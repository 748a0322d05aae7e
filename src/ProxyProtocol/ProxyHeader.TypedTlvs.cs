namespace ProxyProtocol;

public sealed partial class ProxyHeader
{
    /// <summary>Gets the TLVs that <c>tlv-registry.json</c> describes, decoded and named as the typed properties
    /// (<c>Authority</c>, <c>Ssl</c> …); absent and malformed ones are left out.</summary>
    public ProxyTypedTlvCollection TypedTlvs => new(this);

    /// <summary>Finds the next typed TLV from registry entry <paramref name="index"/> on and moves
    /// <paramref name="index"/> past it; generated from the registry.</summary>
    /// <param name="index">The registry entry to start at; advanced past the one returned.</param>
    /// <param name="tlv">The decoded TLV.</param>
    /// <returns>False when no later entry is present and well formed.</returns>
    internal partial bool TryGetTypedTlv(ref int index, out ProxyTypedTlv tlv);
}
