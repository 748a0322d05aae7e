using ProxyProtocol.Generators.Model;

namespace ProxyProtocol.Generators.Emit;

/// <summary>Emits the explicit <c>IProxyTlv&lt;T&gt;</c> members of a type with one <c>Value</c> and a constructor
/// taking it: the same code for registry types and [ProxyTlv] declarations.</summary>
internal static class TlvImplementation
{
    /// <summary>Emits Type (unless <paramref name="type"/> is null) and Subtype (when <paramref name="emitSubtype"/>).</summary>
    public static void EmitTypeAndSubtype(IndentedWriter w, string full, byte? type, bool emitSubtype, byte? subtype)
    {
        var iface = Interface(full);
        if (type is { } t)
        {
            w.Line(GeneratedCode.Attribute).Line($"static byte {iface}.Type => {ValueCodec.Hex(t)};");
        }

        if (emitSubtype)
        {
            if (type is not null)
            {
                w.Line();
            }

            w.Line(GeneratedCode.Attribute).Line($"static byte? {iface}.Subtype => {(subtype is { } s ? ValueCodec.Hex(s) : "null")};");
        }
    }

    /// <param name="w">The writer, inside the type.</param>
    /// <param name="full">The type, fully qualified.</param>
    /// <param name="value">The value's layout.</param>
    /// <param name="min">The least encoded length of a variable-length value.</param>
    /// <param name="max">The most (65535, or 65534 with a subtype byte).</param>
    /// <param name="isClass">Whether the type is a reference type (a null instance is refused).</param>
    /// <param name="valueMayBeNull">Whether Value is declared nullable (the encoder still refuses null).</param>
    /// <param name="valueTypeName">Value's type, fully qualified. Locals are declared with their types, never 'var':
    /// the user's type may be named var.</param>
    public static void EmitCodec(IndentedWriter w, string full, ValueSpec value, int min, int max, bool isClass, bool valueMayBeNull, string valueTypeName)
    {
        var iface = Interface(full);
        w.Line(GeneratedCode.Attribute);
        w.Open($"static bool {iface}.TryDecode(global::System.ReadOnlyMemory<byte> value, out {full} result)");
        if (ValueCodec.UsesSpan(value))
        {
            w.Line("global::System.ReadOnlySpan<byte> span = value.Span;");
        }

        var condition = ValueCodec.Condition(value, "span", "value", min, max);
        var decoded = $"result = new {full}({ValueCodec.Decoded(value, "span", "value")});";
        if (condition is null)
        {
            w.Line(decoded).Line("return true;");
        }
        else
        {
            w.Open($"if ({condition})").Line(decoded).Line("return true;").Close().Line();
            w.Line("result = default!;").Line("return false;");
        }

        w.Close().Line();
        w.Line(GeneratedCode.Attribute);
        w.Open($"static int {iface}.GetEncodedLength(in {full} value)");
        if (isClass)
        {
            w.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
        }

        if (value.FixedLength is { } fixedLength)
        {
            w.Line($"return {ValueCodec.Number(fixedLength)};");
        }
        else
        {
            w.Line($"{valueTypeName}{(value.IsReference ? "?" : string.Empty)} v = value.Value;");
            ValueCodec.EmitLength(w, value, "v", min, max, "length");
            w.Line("return length;");
        }

        w.Close().Line();
        w.Line(GeneratedCode.Attribute);
        w.Open($"static int {iface}.Encode(in {full} value, global::System.Span<byte> destination)");
        w.Line($"{valueTypeName} v = value.Value{(valueMayBeNull ? "!" : string.Empty)};");
        w.Line($"return {ValueCodec.Write(value, "v", "destination")};");
        w.Close();
    }

    public static string Interface(string full) => $"global::ProxyProtocol.IProxyTlv<{full}>";
}
