using System;
using System.Globalization;
using ProxyProtocol.Generators.Model;

namespace ProxyProtocol.Generators.Emit;

/// <summary>
/// The C# that reads, sizes and writes a value of each <see cref="ValueSpec"/>. It calls only the BCL, so the same text
/// works in ProxyProtocol.dll (registry) and in a user's assembly ([ProxyTlv]) without any public helper type.
/// </summary>
internal static class ValueCodec
{
    private const string Binary = "global::System.Buffers.Binary.BinaryPrimitives";
    private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    private const string TooSmall = "throw new global::System.ArgumentException(\"The destination is too small.\", \"destination\")";

    public static string TypeName(ValueSpec value) => value.Format switch
    {
        ValueFormat.Utf8 or ValueFormat.Ascii => "string",
        ValueFormat.Bytes => "global::System.ReadOnlyMemory<byte>",
        ValueFormat.ByteArray => "byte[]",
        ValueFormat.Integer => value.TypeName ?? value.IntegerTypeName,
        ValueFormat.Bool => "bool",
        ValueFormat.IPAddress => "global::System.Net.IPAddress",
        ValueFormat.Guid => "global::System.Guid",
        ValueFormat.FixedBytes => value.TypeName!,
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    /// <summary>Whether <see cref="Condition"/> or <see cref="Decoded"/> read the span (ReadOnlyMemory values do not).</summary>
    public static bool UsesSpan(ValueSpec value) => value.Format != ValueFormat.Bytes;

    /// <summary>A bool expression true when <paramref name="span"/> (the same bytes as <paramref name="memory"/>) holds a
    /// well-formed value, or null when every byte string is one.</summary>
    public static string? Condition(ValueSpec value, string span, string memory, int min, int max)
    {
        var length = value.Format == ValueFormat.Bytes ? memory + ".Length" : span + ".Length";
        var range = value.IsVariableLength ? Range(length, min, max) : null;
        var check = value.Format switch
        {
            ValueFormat.Utf8 => $"global::System.Text.Unicode.Utf8.IsValid({span})",
            ValueFormat.Ascii => $"global::System.MemoryExtensions.IndexOfAnyExceptInRange({span}, (byte)0x20, (byte)0x7E) < 0",
            ValueFormat.Bool => $"{span}.Length == 1 && {span}[0] <= 1",
            ValueFormat.IPAddress => $"{span}.Length is 4 or 16",
            ValueFormat.Bytes or ValueFormat.ByteArray => null,
            _ => $"{span}.Length == {Number(value.FixedLength!.Value)}",
        };
        return range is null ? check : check is null ? range : range + " && " + check;
    }

    /// <summary>The decoded value of <paramref name="span"/> once <see cref="Condition"/> holds.</summary>
    public static string Decoded(ValueSpec value, string span, string memory) => value.Format switch
    {
        ValueFormat.Utf8 => $"global::System.Text.Encoding.UTF8.GetString({span})",
        ValueFormat.Ascii => $"global::System.Text.Encoding.ASCII.GetString({span})",
        ValueFormat.Bytes => memory,
        ValueFormat.ByteArray => $"{span}.ToArray()",
        ValueFormat.Integer => (value.TypeName is { } e ? $"({e})" : string.Empty) + ReadInteger(value, span),
        ValueFormat.Bool => $"{span}[0] == 1",
        ValueFormat.IPAddress => $"new global::System.Net.IPAddress({span})",
        ValueFormat.Guid => $"new global::System.Guid({span}, bigEndian: true)",
        ValueFormat.FixedBytes => $"{Marshal}.Read<{value.TypeName}>({span})",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    /// <summary>
    /// Statements that declare <paramref name="length"/> as the encoded length of <paramref name="value"/> (a local or a
    /// member access without side effects), throwing ArgumentNullException for a null reference (unless
    /// <paramref name="knownNotNull"/>) and ArgumentException for a value that cannot be sent.
    /// </summary>
    public static void EmitLength(IndentedWriter w, ValueSpec spec, string value, int min, int max, string length, bool knownNotNull = false)
    {
        if (spec.IsReference && !knownNotNull)
        {
            w.Line($"global::System.ArgumentNullException.ThrowIfNull({value}, \"value\");");
        }

        switch (spec.Format)
        {
            case ValueFormat.Utf8:
                w.Line($"int {length} = global::System.Text.Encoding.UTF8.GetByteCount({value});");
                break;
            case ValueFormat.Ascii:
                w.Open($"if (global::System.MemoryExtensions.IndexOfAnyExceptInRange(global::System.MemoryExtensions.AsSpan({value}), ' ', '~') >= 0)")
                    .Line("throw new global::System.ArgumentException(\"The value must be printable US-ASCII (0x20-0x7E).\", \"value\");").Close().Line();
                w.Line($"int {length} = {value}.Length;");
                break;
            case ValueFormat.Bytes or ValueFormat.ByteArray:
                w.Line($"int {length} = {value}.Length;");
                break;
            case ValueFormat.IPAddress:
                w.Line($"int {length} = {value}.AddressFamily switch");
                w.Open().Line("global::System.Net.Sockets.AddressFamily.InterNetwork => 4,").Line("global::System.Net.Sockets.AddressFamily.InterNetworkV6 => 16,")
                    .Line("_ => throw new global::System.ArgumentException(\"Only IPv4 and IPv6 addresses can be encoded.\", \"value\"),").Close(";");
                return;
            default:
                w.Line($"int {length} = {Number(spec.FixedLength!.Value)};");
                return;
        }

        w.Open($"if ({(min > 0 ? $"{length} < {Number(min)} || " : string.Empty)}{length} > {Number(max)})");
        w.Line($"throw new global::System.ArgumentException($\"The value must be {min} to {max} bytes long; it is {{{length}}}.\", \"value\");");
        w.Close().Line();
    }

    /// <summary>An int expression that writes <paramref name="value"/> (non-null, checked by <see cref="EmitLength"/>) to
    /// <paramref name="destination"/> and is the number of bytes written.</summary>
    public static string Write(ValueSpec value, string v, string destination) => value.Format switch
    {
        ValueFormat.Utf8 => $"global::System.Text.Encoding.UTF8.GetBytes({v}, {destination})",
        ValueFormat.Ascii => $"global::System.Text.Encoding.ASCII.GetBytes({v}, {destination})",
        ValueFormat.Bytes => $"{v}.Span.TryCopyTo({destination}) ? {v}.Length : {TooSmall}",
        ValueFormat.ByteArray => $"new global::System.ReadOnlySpan<byte>({v}).TryCopyTo({destination}) ? {v}.Length : {TooSmall}",
        ValueFormat.Integer when value.Size == 1 => $"{Marshal}.TryWrite({destination}, {v}) ? 1 : {TooSmall}",
        ValueFormat.Integer => $"{Binary}.Try{IntegerMethod(value, "Write")}({destination}, {(value.TypeName is null ? string.Empty : $"({value.IntegerTypeName})")}{v}) ? {value.Size} : {TooSmall}",
        ValueFormat.Bool => $"{Marshal}.TryWrite({destination}, {v} ? (byte)1 : (byte)0) ? 1 : {TooSmall}",
        ValueFormat.IPAddress => $"{v}.TryWriteBytes({destination}, out int written) ? written : {TooSmall}",
        ValueFormat.Guid => $"{v}.TryWriteBytes({destination}, bigEndian: true, out int written) ? written : {TooSmall}",
        ValueFormat.FixedBytes => $"{Marshal}.TryWrite({destination}, {v}) ? {value.Size} : {TooSmall}",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    /// <summary>How the wire format is described in docs.</summary>
    public static string Describe(ValueSpec value) => value.Format switch
    {
        ValueFormat.Utf8 => "UTF-8 text",
        ValueFormat.Ascii => "printable US-ASCII text",
        ValueFormat.Bytes or ValueFormat.ByteArray => "raw bytes",
        ValueFormat.Integer => (value.Size == 1 ? "a" : value.BigEndian ? "a big-endian" : "a little-endian")
            + $" {value.Size * 8}-bit {(value.Signed ? "signed (two's complement)" : "unsigned")} integer",
        ValueFormat.Bool => "one byte, 0 or 1",
        ValueFormat.IPAddress => "an IPv4 (4 bytes) or IPv6 (16 bytes) address",
        ValueFormat.Guid => "a 16-byte big-endian GUID",
        ValueFormat.FixedBytes => $"exactly {value.Size} bytes",
        _ => "a structured value",
    };

    public static string Hex(byte value) => "0x" + value.ToString("X2", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Range(string length, int min, int max)
    {
        var low = min > 0 ? $"{length} >= {Number(min)}" : null;
        var high = max < 65535 ? $"{length} <= {Number(max)}" : null;
        return low is null ? high : high is null ? low : low + " && " + high;
    }

    private static string ReadInteger(ValueSpec value, string span) => value.Size == 1
        ? (value.Signed ? $"unchecked((sbyte){span}[0])" : $"{span}[0]")
        : $"{Binary}.{IntegerMethod(value, "Read")}({span})";

    // BinaryPrimitives.ReadInt32BigEndian, WriteUInt64LittleEndian, ...
    private static string IntegerMethod(ValueSpec value, string verb) =>
        $"{verb}{(value.Signed ? "Int" : "UInt")}{value.Size * 8}{(value.BigEndian ? "BigEndian" : "LittleEndian")}";
}
