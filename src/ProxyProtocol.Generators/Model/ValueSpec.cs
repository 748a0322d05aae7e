namespace ProxyProtocol.Generators.Model;

/// <summary>The wire layout family of a TLV value.</summary>
internal enum ValueFormat
{
    Utf8,
    Ascii,

    /// <summary>Raw bytes as <c>ReadOnlyMemory&lt;byte&gt;</c>: a slice of the header's own buffer, never copied.</summary>
    Bytes,

    /// <summary>Raw bytes as a <c>byte[]</c> copy (arrays are mutable, so each read copies).</summary>
    ByteArray,

    /// <summary>A fixed-size integer (or an enum over one): <see cref="ValueSpec.Size"/>, signedness and byte order.</summary>
    Integer,

    /// <summary>One byte, 0 or 1.</summary>
    Bool,
    IPAddress,
    Guid,

    /// <summary>An <c>[InlineArray(N)]</c> struct of bytes: exactly <see cref="ValueSpec.Size"/> bytes.</summary>
    FixedBytes,
    Composite,
}

/// <summary>How a value is laid out on the wire and which .NET type holds it. <see cref="TypeName"/> is set for enums
/// and inline arrays (fully qualified); for other formats the .NET type follows from the format.</summary>
internal sealed record ValueSpec(ValueFormat Format, int Size = 0, bool Signed = false, bool BigEndian = true, string? TypeName = null)
{
    public static readonly ValueSpec Utf8 = new(ValueFormat.Utf8);
    public static readonly ValueSpec Ascii = new(ValueFormat.Ascii);
    public static readonly ValueSpec Bytes = new(ValueFormat.Bytes);
    public static readonly ValueSpec ByteArray = new(ValueFormat.ByteArray);
    public static readonly ValueSpec Bool = new(ValueFormat.Bool);
    public static readonly ValueSpec IPAddress = new(ValueFormat.IPAddress);
    public static readonly ValueSpec Guid = new(ValueFormat.Guid);
    public static readonly ValueSpec Composite = new(ValueFormat.Composite);

    public static ValueSpec Integer(int size, bool signed, bool bigEndian = true, string? enumType = null) => new(ValueFormat.Integer, size, signed, bigEndian, enumType);

    /// <summary>The encoded length when it is fixed, else null.</summary>
    public int? FixedLength => Format switch
    {
        ValueFormat.Integer or ValueFormat.FixedBytes => Size,
        ValueFormat.Bool => 1,
        ValueFormat.Guid => 16,
        _ => null,
    };

    /// <summary>Whether the length varies, so MinLength/MaxLength apply.</summary>
    public bool IsVariableLength => Format is ValueFormat.Utf8 or ValueFormat.Ascii or ValueFormat.Bytes or ValueFormat.ByteArray;

    /// <summary>Whether a value of this format is a reference that may be null.</summary>
    public bool IsReference => Format is ValueFormat.Utf8 or ValueFormat.Ascii or ValueFormat.ByteArray or ValueFormat.IPAddress;

    /// <summary>The integer's own type (the underlying type of an enum).</summary>
    public string IntegerTypeName => (Size, Signed) switch
    {
        (1, false) => "byte",
        (1, true) => "sbyte",
        (2, false) => "ushort",
        (2, true) => "short",
        (4, false) => "uint",
        (4, true) => "int",
        (8, false) => "ulong",
        (8, true) => "long",
        (16, false) => "global::System.UInt128",
        _ => "global::System.Int128",
    };
}
