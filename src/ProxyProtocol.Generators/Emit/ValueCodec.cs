using System;
using ProxyProtocol.Generators.Model;

namespace ProxyProtocol.Generators.Emit;

/// <summary>The C# snippets that read, size, write and print a value of each <see cref="ValueFormat"/>; all calls go
/// to ProxyProtocol.ProxyTlvCodec so the logic lives (and is tested) once, in the library.</summary>
internal static class ValueCodec
{
    private const string Codec = "global::ProxyProtocol.ProxyTlvCodec";

    public static string TypeName(ValueFormat format) => format switch
    {
        ValueFormat.Utf8 or ValueFormat.Ascii => "string",
        ValueFormat.Bytes => "global::System.ReadOnlyMemory<byte>",
        ValueFormat.ByteArray => "byte[]",
        ValueFormat.UInt8 => "byte",
        ValueFormat.UInt16BigEndian or ValueFormat.UInt16LittleEndian => "ushort",
        ValueFormat.UInt32BigEndian or ValueFormat.UInt32LittleEndian => "uint",
        ValueFormat.UInt64BigEndian or ValueFormat.UInt64LittleEndian => "ulong",
        ValueFormat.IPAddress => "global::System.Net.IPAddress",
        ValueFormat.Guid => "global::System.Guid",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static bool IsReference(ValueFormat format) => format is ValueFormat.Utf8 or ValueFormat.Ascii or ValueFormat.ByteArray or ValueFormat.IPAddress;

    public static bool IsInteger(ValueFormat format) => FixedLength(format) is not null && format != ValueFormat.Guid;

    public static int? FixedLength(ValueFormat format) => format switch
    {
        ValueFormat.UInt8 => 1,
        ValueFormat.UInt16BigEndian or ValueFormat.UInt16LittleEndian => 2,
        ValueFormat.UInt32BigEndian or ValueFormat.UInt32LittleEndian => 4,
        ValueFormat.UInt64BigEndian or ValueFormat.UInt64LittleEndian => 8,
        ValueFormat.Guid => 16,
        _ => null,
    };

    /// <summary>A bool expression that decodes <paramref name="span"/> into a new variable <paramref name="result"/>.</summary>
    public static string TryRead(ValueFormat format, string span, int min, int max, string result) => format switch
    {
        ValueFormat.Utf8 => $"{Codec}.TryReadUtf8({span}, {min}, {max}, out var {result})",
        ValueFormat.Ascii => $"{Codec}.TryReadAscii({span}, {min}, {max}, out var {result})",
        ValueFormat.Bytes or ValueFormat.ByteArray => $"{Codec}.TryReadBytes({span}, {min}, {max}, out var {result})",
        ValueFormat.UInt8 => $"{Codec}.TryReadUInt8({span}, out var {result})",
        ValueFormat.IPAddress => $"{Codec}.TryReadIPAddress({span}, out var {result})",
        ValueFormat.Guid => $"{Codec}.TryReadGuid({span}, out var {result})",
        _ => $"{Codec}.TryReadUInt{FixedLength(format) * 8}({span}, {BigEndian(format)}, out var {result})",
    };

    /// <summary>An int expression: the encoded length of <paramref name="value"/>, validating it.</summary>
    public static string Length(ValueFormat format, string value, int min, int max) => format switch
    {
        ValueFormat.Utf8 => $"{Codec}.GetUtf8Length({value}, {min}, {max})",
        ValueFormat.Ascii => $"{Codec}.GetAsciiLength({value}, {min}, {max})",
        ValueFormat.Bytes => $"{Codec}.GetBytesLength({value}.Span, {min}, {max})",
        ValueFormat.ByteArray => $"{Codec}.GetBytesLength({value}, {min}, {max})",
        ValueFormat.IPAddress => $"{Codec}.GetIPAddressLength({value})",
        _ => FixedLength(format)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>An int expression that writes <paramref name="value"/> to <paramref name="destination"/>.</summary>
    public static string Write(ValueFormat format, string value, string destination) => format switch
    {
        ValueFormat.Utf8 => $"{Codec}.WriteUtf8({value}, {destination})",
        ValueFormat.Ascii => $"{Codec}.WriteAscii({value}, {destination})",
        ValueFormat.Bytes => $"{Codec}.WriteBytes({value}.Span, {destination})",
        ValueFormat.ByteArray => $"{Codec}.WriteBytes({value}, {destination})",
        ValueFormat.UInt8 => $"{Codec}.WriteUInt8({value}, {destination})",
        ValueFormat.IPAddress => $"{Codec}.WriteIPAddress({value}, {destination})",
        ValueFormat.Guid => $"{Codec}.WriteGuid({value}, {destination})",
        _ => $"{Codec}.WriteUInt{FixedLength(format) * 8}({value}, {BigEndian(format)}, {destination})",
    };

    /// <summary>A statement writing a JSON property with <c>writer</c>.</summary>
    public static string WriteJson(ValueFormat format, string name, string value) => format switch
    {
        ValueFormat.Utf8 or ValueFormat.Ascii => $"writer.WriteString(\"{name}\", {value});",
        ValueFormat.Bytes => $"writer.WriteBase64String(\"{name}\", {value}.Span);",
        ValueFormat.ByteArray => $"writer.WriteBase64String(\"{name}\", {value});",
        ValueFormat.IPAddress or ValueFormat.Guid => $"writer.WriteString(\"{name}\", {value}.ToString());",
        _ => $"writer.WriteNumber(\"{name}\", {value});",
    };

    /// <summary>How the wire format is described in docs.</summary>
    public static string Describe(ValueFormat format) => format switch
    {
        ValueFormat.Utf8 => "UTF-8 text",
        ValueFormat.Ascii => "printable US-ASCII text",
        ValueFormat.Bytes or ValueFormat.ByteArray => "raw bytes",
        ValueFormat.UInt8 => "one byte",
        ValueFormat.UInt16BigEndian => "a big-endian 16-bit unsigned integer",
        ValueFormat.UInt16LittleEndian => "a little-endian 16-bit unsigned integer",
        ValueFormat.UInt32BigEndian => "a big-endian 32-bit unsigned integer",
        ValueFormat.UInt32LittleEndian => "a little-endian 32-bit unsigned integer",
        ValueFormat.UInt64BigEndian => "a big-endian 64-bit unsigned integer",
        ValueFormat.UInt64LittleEndian => "a little-endian 64-bit unsigned integer",
        ValueFormat.IPAddress => "an IPv4 (4 bytes) or IPv6 (16 bytes) address",
        ValueFormat.Guid => "a 16-byte big-endian GUID",
        _ => "a structured value",
    };

    public static string Hex(byte value) => "0x" + value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);

    private static string BigEndian(ValueFormat format) => format is ValueFormat.UInt16LittleEndian or ValueFormat.UInt32LittleEndian or ValueFormat.UInt64LittleEndian ? "false" : "true";
}
