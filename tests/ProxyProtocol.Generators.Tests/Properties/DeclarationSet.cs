using System.Globalization;
using System.Text;

namespace ProxyProtocol.Generators.Tests.Properties;

/// <summary>
/// One random set of [ProxyTlv] declarations, built from genes (small integers, so CsCheck's shrinking moves towards the
/// first, plainest choice of every pool). Each declaration is valid C# on its own; <see cref="Declaration.ExpectValid"/>
/// marks the ones built only from choices the generator must accept.
/// </summary>
internal sealed class DeclarationSet
{
    // Names: plain ones with case variants first, then keywords, contextual keywords, names of members of ProxyHeader,
    // ProxyHeaderBuilder and object, of library and generated types, and of the generated code's own locals.
    private static readonly string[] PlainNames = ["Tenant", "tenant", "TENANT", "Region", "Shard", "TraceTag", "A", "B"];
    private static readonly string[] OtherNames =
    [
        "@event", "@class", "@string", "@struct", "var", "record", "value", "field", "extension", "async", "dynamic", "nameof",
        "Version", "Command", "Tlvs", "Source", "Destination", "HeaderLength", "Authority", "Ssl", "Alpn", "TryGetTlv", "TypedTlvs",
        "GetType", "Crc32CVerified", "AddressFamily", "Tlv", "Crc32C", "Proxy", "Local", "Build", "Unknown", "ProxyUnix",
        "MemberwiseClone", "ReferenceEquals", "Finalize", "AuthorityTlv", "SslTlv", "ProxyTlvTypes", "SslClientFlags", "ProxyHeader",
        "ProxyHeaderBuilder", "IProxyTlv", "ProxyTlvAttribute", "ProxyTlv", "span", "length", "v", "written", "result",
        "destination", "header", "builder", "System", "Type", "Subtype", "TryDecode", "Encode",
    ];

    // Names a record may not have (it synthesizes members of that name: CS0542).
    private static readonly HashSet<string> RecordMembers = ["Equals", "GetHashCode", "ToString", "PrintMembers", "Deconstruct", "EqualityContract", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals"];

    private static readonly string?[] Namespaces = ["Contoso", null, "Contoso.Edge", "Fabrikam", "@class.Edge", "Contoso.tenant"];

    // (type, sample, needs ASCII, kind): kind 0 string, 1 bytes, 2 integer, 3 other.
    private static readonly (string Type, string Sample, int Kind)[] Supported =
    [
        ("string", "\"a\"", 0), ("byte[]", "new byte[] { 1, 2 }", 1), ("ReadOnlyMemory<byte>", "new byte[] { 3 }", 1), ("uint", "5u", 2),
        ("string?", "\"b\"", 0), ("byte[]?", "new byte[] { 4 }", 1), ("byte", "(byte)7", 2), ("sbyte", "(sbyte)-7", 2), ("short", "(short)-300", 2),
        ("ushort", "(ushort)300", 2), ("int", "-5", 2), ("long", "long.MinValue", 2), ("ulong", "ulong.MaxValue", 2),
        ("Int128", "(Int128)(-9)", 2), ("UInt128", "UInt128.MaxValue", 2), ("bool", "true", 3), ("IPAddress", "IPAddress.IPv6Loopback", 3),
        ("IPAddress?", "IPAddress.Loopback", 3), ("Guid", "new Guid(\"00112233-4455-6677-8899-aabbccddeeff\")", 3), ("ENUM", "ENUM.B", 2), ("INLINE", "default(INLINE)", 3),
    ];

    private static readonly string[] Unsupported = ["char", "float", "double", "decimal", "DateTime", "string[]", "Memory<byte>", "ReadOnlyMemory<char>", "int?", "object", "Uri", "Half"];

    private static readonly string[] EnumUnderlying = ["int", "byte", "sbyte", "short", "ushort", "uint", "long", "ulong"];

    private readonly List<string>[] _files = [[], [], []];

    internal DeclarationSet(int[][] genes)
    {
        RunsRoundTrips = genes.Sum(g => g.Sum()) % 10 == 0;
        var taken = new HashSet<(string?, string)>();
        for (var i = 0; i < genes.Length; i++)
        {
            var d = Build(i, genes[i], taken);
            Declarations.Add(d);
            _files[genes[i][11] % 3].Add(d.Source);
        }

        // A declaration is expected valid only if no other claims the same type: which of two is "the duplicate"
        // depends on source order.
        foreach (var d in Declarations.Where(d => d.ExpectValid))
        {
            if (Declarations.Any(o => o != d && o.Type == d.Type && (o.Subtype is null || d.Subtype is null || o.Subtype == d.Subtype)))
            {
                d.ExpectValid = false;
            }
        }
    }

    internal List<Declaration> Declarations { get; } = [];

    /// <summary>Whether this case also emits, loads and runs its code (one in ten, as that is the slow part).</summary>
    internal bool RunsRoundTrips { get; }

    internal IEnumerable<(string Path, string Text)> Files =>
        _files.Select((parts, i) => ($"Declarations{i}.cs", "using System;\nusing System.Net;\nusing ProxyProtocol;\n\n" + string.Join("\n", parts)))
            .Where(f => f.Item2.Contains("ProxyTlv(", StringComparison.Ordinal) || f.Item2.Contains("class", StringComparison.Ordinal));

    public override string ToString() => string.Join("\n// ----\n", Files.Select(f => $"// {f.Path}\n{f.Text}"));

    private static Declaration Build(int index, int[] g, HashSet<(string?, string)> taken)
    {
        var valid = true;
        bool Pick(int gene, int plainOutOf) => gene % plainOutOf != 0; // true (the plain choice) most of the time

        // Name.
        string name;
        if (Pick(g[0], 6))
        {
            name = PlainNames[g[0] % PlainNames.Length];
        }
        else
        {
            name = OtherNames[g[0] / 6 % OtherNames.Length];
            valid = false; // may be a keyword-looking but fine name; the generator decides
        }

        var ns = Namespaces[g[1] % Namespaces.Length];

        // Kind of type and how Value is provided.
        string[] kinds = ["readonly partial record struct", "sealed partial record", "partial class", "partial struct", "readonly partial struct",
            "sealed partial class", "partial record struct", "partial record",
            "abstract partial class", "static partial class", "ref partial struct", "readonly ref partial struct", "CUSTOM"];
        var kind = kinds[Pick(g[2], 5) ? g[2] % 8 : g[2] % kinds.Length];
        if (kind is "abstract partial class" or "static partial class" or "ref partial struct" or "readonly ref partial struct")
        {
            valid = false;
        }

        var isRecord = kind.Contains("record", StringComparison.Ordinal) || kind == "CUSTOM";
        var plain = name.TrimStart('@');
        if (isRecord && RecordMembers.Contains(plain))
        {
            kind = "partial class";
            isRecord = false;
        }

        if (!taken.Add((ns, plain)))
        {
            name += index.ToString(CultureInfo.InvariantCulture);
            plain = name.TrimStart('@');
            taken.Add((ns, plain));
        }

        var partial = g[3] % 12 != 0;
        if (!partial)
        {
            valid = false;
            kind = kind.Replace("partial ", string.Empty, StringComparison.Ordinal);
        }

        // Value type.
        string valueType;
        string? sample = null;
        var valueKind = 3;
        var extra = new StringBuilder();
        if (Pick(g[4], 8))
        {
            (valueType, sample, valueKind) = Supported[g[4] % Supported.Length];
            if (valueType == "ENUM")
            {
                var enumName = $"Kind{index}";
                extra.Append(CultureInfo.InvariantCulture, $"public enum {enumName} : {EnumUnderlying[g[4] / 7 % EnumUnderlying.Length]} {{ A = 1, B = 2 }}\n");
                valueType = enumName;
                sample = sample.Replace("ENUM", enumName, StringComparison.Ordinal);
            }
            else if (valueType == "INLINE")
            {
                var arrayName = $"Bytes{index}";
                extra.Append(CultureInfo.InvariantCulture, $"[System.Runtime.CompilerServices.InlineArray({1 + (g[4] / 7 % 20)})] public struct {arrayName} {{ private byte _first; }}\n");
                valueType = arrayName;
                sample = sample.Replace("INLINE", arrayName, StringComparison.Ordinal);
            }
        }
        else
        {
            valueType = Unsupported[g[4] / 8 % Unsupported.Length];
            valid = false;
        }

        // Attribute arguments.
        // 0xE1-0xF7 without the registry's vendor types (0xEA AWS, 0xEE Azure), or the registry's and the ranges' edges,
        // or any byte; a subtype is often 0x01, the registry's vendor subtype.
        byte[] free = [.. Enumerable.Range(0xE1, 23).Where(t => t is not (0xEA or 0xEE)).Select(t => (byte)t)];
        byte[] edges = [0xE0, 0xEA, 0xEE, 0x02, 0x20, 0xDF, 0xF8, 0xFF];
        var type = Pick(g[5], 6) ? free[g[5] % free.Length] : g[5] / 6 % 2 == 0 ? edges[g[5] / 12 % edges.Length] : (byte)(g[5] / 12 % 256);
        if (Array.IndexOf(free, type) < 0)
        {
            valid = false;
        }

        byte? subtype = g[6] % 4 != 0 ? null : g[6] / 4 % 3 == 0 ? (byte)0x01 : (byte)(g[6] / 12 % 256);
        var args = new StringBuilder($"0x{type:X2}");
        if (subtype is { } s)
        {
            args.Append(CultureInfo.InvariantCulture, $", Subtype = 0x{s:X2}");
        }

        string[] encodings = ["Default", "Utf8", "Ascii", "BigEndian", "LittleEndian"];
        var encoding = g[7] % 5 == 0 ? encodings[g[7] / 5 % encodings.Length] : null;
        if (encoding is not null)
        {
            var fits = encoding == "Default" || (valueKind == 0 && encoding is "Utf8" or "Ascii") || (valueKind == 2 && encoding is "BigEndian" or "LittleEndian");
            valid &= fits && kind != "CUSTOM";
            args.Append(CultureInfo.InvariantCulture, $", Encoding = ProxyTlvEncoding.{encoding}");
        }
        else if (g[7] % 50 == 1)
        {
            args.Append(", Encoding = (ProxyTlvEncoding)9");
            valid = false;
        }

        if (g[8] % 6 == 0)
        {
            var (min, max) = (g[8] / 6 % 5) switch
            {
                0 => (0, 8),
                1 => (1, 255),
                2 => (5, 4),
                3 => (-1, 3),
                _ => (0, 70000),
            };
            valid &= (valueKind is 0 or 1) && min >= 0 && min <= 1 && max <= 65534 && min <= max && kind != "CUSTOM";
            args.Append(CultureInfo.InvariantCulture, $", MinLength = {min}, MaxLength = {max}");
        }

        // Placement.
        var placement = Pick(g[9], 8) ? 0 : 1 + (g[9] % 3);
        if (placement != 0)
        {
            valid = false;
        }

        var access = kind.Contains("static", StringComparison.Ordinal) || g[10] % 2 == 0 ? "public" : "internal";
        var typeName = placement == 2 ? name + "<T>" : name;
        var modifiers = placement == 3 ? "file " : access + " ";
        var body = Body(kind, name, typeName, valueType, g[10], ref valid, out var custom, out var isClass);
        var declaration = $"[ProxyTlv({args})] {modifiers}{(custom ? "readonly partial record struct" : kind)} {typeName}{body}";
        if (placement == 1)
        {
            declaration = $"public static partial class Outer{index} {{ {declaration} }}";
        }

        // A user type with the name of the generated extension class.
        if (g[10] % 12 == 1)
        {
            extra.Append(g[10] % 2 == 0 ? $"namespace {plain}ProxyTlvExtensions {{ internal static class Inner{index} {{ }} }}\n" : $"public static class {plain}ProxyTlvExtensions {{ }}\n");
            valid = false;
        }

        var text = extra + declaration;
        var source = ns is null ? text + "\n" : $"namespace {ns}\n{{\n{text}\n}}\n";
        return new Declaration(index, name, plain, ns, type, subtype, source, custom ? "new(2)" : sample, custom, isClass) { ExpectValid = valid };
    }

    private static string Body(string kind, string name, string typeName, string valueType, int gene, ref bool valid, out bool custom, out bool isClass)
    {
        custom = kind == "CUSTOM";
        isClass = custom ? false : !kind.Contains("struct", StringComparison.Ordinal);
        var ctorName = name.TrimStart('@') == name ? name : name; // a constructor repeats the type's name as written
        if (custom)
        {
            return $"(int Length) : IProxyTlv<{typeName}> {{ "
                + $"static bool IProxyTlv<{typeName}>.TryDecode(ReadOnlyMemory<byte> value, out {typeName} result) {{ result = new(value.Length); return true; }} "
                + $"static int IProxyTlv<{typeName}>.GetEncodedLength(in {typeName} value) => value.Length; "
                + $"static int IProxyTlv<{typeName}>.Encode(in {typeName} value, Span<byte> destination) {{ destination.Slice(0, value.Length).Clear(); return value.Length; }} }}";
        }

        if (kind.Contains("static", StringComparison.Ordinal))
        {
            return " { }";
        }

        if (kind.Contains("record", StringComparison.Ordinal) && gene % 5 != 0)
        {
            // Some convert implicitly from their value, so from the null literal too when it is a reference.
            return gene % 7 == 0 ? $"({valueType} Value) {{ public static implicit operator {typeName}({valueType} value) => new(value); }}" : $"({valueType} Value);";
        }

        // Property and constructor; some shapes the generated code cannot use.
        var shape = gene % 15;
        var ctorAccess = kind.Contains("abstract", StringComparison.Ordinal) ? "protected" : shape == 1 ? "private" : "public";
        if (shape is 1 or 2 or 3 || kind.Contains("abstract", StringComparison.Ordinal))
        {
            valid = false;
        }

        var parameter = shape == 2 ? $"ref {valueType} value" : $"{valueType} value";
        var member = shape == 3 ? $"public readonly {valueType} Value;" : $"public {valueType} Value {{ get; }}";
        return $" {{ {ctorAccess} {ctorName}({parameter}) {{ Value = value; }} {member} }}";
    }
}

/// <summary>One generated declaration and what the checks need to know about it.</summary>
internal sealed record Declaration(int Index, string Name, string Plain, string? Namespace, byte Type, byte? Subtype, string Source, string? Sample, bool Custom, bool IsClass)
{
    internal bool ExpectValid { get; set; }

    /// <summary>The type as code anywhere can name it.</summary>
    internal string FullName => "global::" + (Namespace is null ? string.Empty : Namespace + ".") + Name;
}
