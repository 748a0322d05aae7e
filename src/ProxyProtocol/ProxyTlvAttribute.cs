namespace ProxyProtocol;

/// <summary>
/// Declares a vendor TLV. The source generator shipped in the ProxyProtocol package implements
/// <see cref="IProxyTlv{TSelf}"/> for the marked type and adds an extension property to <see cref="ProxyHeader"/>
/// and <c>Add…</c> methods to <see cref="ProxyHeaderBuilder"/>, named after the type.
/// </summary>
/// <remarks>
/// The type must be a non-nested, non-generic <c>partial</c> struct, class or record with a <c>Value</c> property and a
/// constructor taking it. <c>Value</c> may be <see cref="string"/>, <c>byte[]</c>, <see cref="ReadOnlyMemory{T}"/> of
/// <see cref="byte"/> (a slice of the header's buffer: reading copies nothing), <see cref="bool"/>, any integer type up
/// to 128 bits, an enum, <see cref="System.Net.IPAddress"/>, <see cref="Guid"/> or an <c>[InlineArray(N)]</c> struct of
/// bytes (exactly N bytes). A type that implements <see cref="IProxyTlv{TSelf}"/> itself gets only the typed members.
/// Types 0xE0–0xF7 are allowed (0xF8–0xFF warn: reserved); registered types belong to <c>tlv-registry.json</c>.
/// Wire formats and diagnostics: docs/user-tlvs.md and docs/diagnostics.md in the repository.
/// </remarks>
/// <example>
/// <code>
/// [ProxyTlv(0xE5)] public readonly partial record struct TenantId(string Value);
///
/// string? tenant = header.TenantId?.Value;
/// builder.AddTenantId("blue");
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class ProxyTlvAttribute : Attribute
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="type">The TLV type byte, 0xE0–0xF7 (custom and experimental ranges).</param>
    public ProxyTlvAttribute(byte type) => Type = type;

    /// <summary>Gets the TLV type byte.</summary>
    public byte Type { get; }

    /// <summary>Gets or sets the subtype byte that starts the value (as AWS 0xEA/0x01 does). Only used when set
    /// explicitly; without it the value has no subtype byte.</summary>
    public byte Subtype { get; set; }

    /// <summary>Gets or sets how the value is encoded: ASCII instead of UTF-8 for strings, little-endian instead of
    /// big-endian for integers and enums.</summary>
    public ProxyTlvEncoding Encoding { get; set; }

    /// <summary>Gets or sets the least length in bytes of a variable-length value (string, bytes); shorter values read as
    /// null and are refused when encoding.</summary>
    public int MinLength { get; set; }

    /// <summary>Gets or sets the most bytes of a variable-length value (string, bytes): at most 65535, or 65534 with a
    /// <see cref="Subtype"/>; longer values read as null and are refused when encoding.</summary>
    public int MaxLength { get; set; } = ushort.MaxValue;
}
