using System.Diagnostics.CodeAnalysis;

namespace ProxyProtocol;

/// <summary>
/// A typed TLV value. The source generator implements this for every entry of <c>tlv-registry.json</c> and for
/// every type marked <c>[ProxyTlv]</c>, so <see cref="ProxyHeader.TryGetTlv{T}(out T)"/> and
/// <see cref="ProxyHeaderBuilder.AddTlv{T}(T)"/> work without reflection. A <c>[ProxyTlv]</c> type may implement
/// <see cref="TryDecode"/>, <see cref="GetEncodedLength"/> and <see cref="Encode"/> itself (a custom codec); the
/// generator then adds only <see cref="Type"/> and <see cref="Subtype"/> (from the attribute) and the typed members.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IProxyTlv<TSelf>
    where TSelf : IProxyTlv<TSelf>
{
    /// <summary>Gets the TLV type byte.</summary>
    static abstract byte Type { get; }

    /// <summary>Gets the subtype byte that starts the value (vendor TLVs such as AWS 0xEA/0x01), or null for none.</summary>
    static abstract byte? Subtype { get; }

    /// <summary>Decodes a value. Never throws for malformed input: returns false instead.</summary>
    /// <param name="value">The TLV's value, without the subtype byte when <see cref="Subtype"/> is set: a slice of the
    /// header's own (immutable) buffer, which a decoded value may keep instead of copying.</param>
    /// <param name="result">The decoded value; may be default (null for a class) when the method returns false.</param>
    /// <returns>True when <paramref name="value"/> is well formed.</returns>
    static abstract bool TryDecode(ReadOnlyMemory<byte> value, [MaybeNullWhen(false)] out TSelf result);

    /// <summary>Gets the length of the encoded value, without the subtype byte.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The length in bytes.</returns>
    static abstract int GetEncodedLength(in TSelf value);

    /// <summary>Encodes a value, without the subtype byte.</summary>
    /// <param name="value">The value.</param>
    /// <param name="destination">Where to write; at least <see cref="GetEncodedLength(in TSelf)"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    static abstract int Encode(in TSelf value, Span<byte> destination);
}
