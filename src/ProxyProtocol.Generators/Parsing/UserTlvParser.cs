using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ProxyProtocol.Generators.Model;

namespace ProxyProtocol.Generators.Parsing;

/// <summary>Reads one <c>[ProxyTlv]</c> declaration into a <see cref="UserTlvSpec"/> (no symbols or syntax kept)
/// plus the diagnostics that concern it alone. Everything the generated code needs from the declaration is checked
/// here, so that a declaration either generates code that compiles or is reported on its identifier.</summary>
internal static class UserTlvParser
{
    public const string AttributeName = "ProxyProtocol.ProxyTlvAttribute";
    public const string ExtensionsSuffix = "ProxyTlvExtensions";

    // ProxyTlvEncoding values (ProxyProtocol/ProxyTlvEncoding.cs).
    private const int EncodingDefault = 0;
    private const int EncodingUtf8 = 1;
    private const int EncodingAscii = 2;
    private const int EncodingBigEndian = 3;
    private const int EncodingLittleEndian = 4;
    private static readonly string[] EncodingNames = { "Default", "Utf8", "Ascii", "BigEndian", "LittleEndian" };

    public static UserTlvResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var empty = new UserTlvResult(null, null, EquatableArray<DiagnosticInfo>.Empty);
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        if (symbol.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return empty; // [ProxyTlv] on an interface: the compiler reports the misuse (CS0592)
        }

        var location = syntax.Identifier.GetLocation();
        var diagnostics = new List<DiagnosticInfo>();
        var name = symbol.Name;
        var attribute = context.Attributes[0];

        // [ProxyTlv] on two parts of one partial type (CS0579): only the first part speaks for the type, or both would
        // add the same code.
        var first = symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeName)?.ApplicationSyntaxReference;
        var own = attribute.ApplicationSyntaxReference;
        if (first is not null && own is not null && (first.SyntaxTree != own.SyntaxTree || first.Span != own.Span))
        {
            return empty;
        }

        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not byte type)
        {
            return empty; // the compiler reports the bad attribute
        }

        byte? subtype = null;
        var encoding = EncodingDefault;
        int? minLength = null;
        int? maxLength = null;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "Subtype" when named.Value.Value is byte s:
                    subtype = s;
                    break;
                case "Encoding" when named.Value.Value is int e:
                    encoding = e;
                    break;
                case "MinLength" when named.Value.Value is int min:
                    minLength = min;
                    break;
                case "MaxLength" when named.Value.Value is int max:
                    maxLength = max;
                    break;
            }
        }

        var claim = new UserTlvClaim(name, type, subtype, location);
        void Report(DiagnosticDescriptor descriptor, params object[] args) => diagnostics.Add(DiagnosticInfo.Create(descriptor, location, args));

        if (type < 0xE0)
        {
            Report(DiagnosticDescriptors.TypeOutOfRange, type.ToString("X2"), name);
        }
        else if (type >= 0xF8)
        {
            Report(DiagnosticDescriptors.TypeReserved, type.ToString("X2"), name);
        }

        if (symbol.ContainingType is not null)
        {
            Report(DiagnosticDescriptors.CannotExtend, name, "nested in another type");
        }
        else if (symbol.IsGenericType)
        {
            Report(DiagnosticDescriptors.CannotExtend, name, "generic");
        }
        else if (symbol.IsFileLocal)
        {
            // The generated part and extension class live in another file, where a file-local type is not visible.
            Report(DiagnosticDescriptors.CannotExtend, name, "file-local");
        }

        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            var keyword = syntax is RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: (int)SyntaxKind.StructKeyword } ? "record struct" : syntax.Keyword.ValueText;
            Report(DiagnosticDescriptors.NotPartial, name, keyword);
        }

        if (syntax.SyntaxTree.Options is CSharpParseOptions options && (int)options.LanguageVersion < 1400)
        {
            Report(DiagnosticDescriptors.LanguageVersionTooLow, name);
        }

        var compilation = context.SemanticModel.Compilation;
        var proxyTlv = compilation.GetTypeByMetadataName("ProxyProtocol.IProxyTlv`1");
        var customCodec = proxyTlv is not null && symbol.Interfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, proxyTlv)
            && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], symbol));

        if (symbol.IsStatic)
        {
            Report(DiagnosticDescriptors.UnsupportedKind, name, "a static class");
        }
        else if (symbol.IsRefLikeType)
        {
            Report(DiagnosticDescriptors.UnsupportedKind, name, "a ref struct");
        }
        else if (symbol.IsAbstract && symbol.TypeKind == TypeKind.Class && !customCodec)
        {
            Report(DiagnosticDescriptors.UnsupportedKind, name, "abstract");
        }

        CheckGeneratedNames(compilation, symbol, name, Report);
        // A global type named System or ProxyProtocol hides the namespace every generated file refers to (as global::System).
        foreach (var hidden in new[] { "System", "ProxyProtocol" })
        {
            if (compilation.Assembly.GlobalNamespace.GetTypeMembers(hidden, arity: 0).Length > 0) // System<T> hides nothing
            {
                Report(DiagnosticDescriptors.HidesNamespace, name, hidden);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();

        var limit = subtype is null ? 65535 : 65534;
        ValueSpec? value = null;
        var valueTypeName = string.Empty;
        var mayBeNull = false;
        var overloadIsPublic = false;
        var emitType = true;
        var emitSubtype = true;
        if (customCodec)
        {
            // The type decodes and encodes itself; Type and Subtype come from the attribute unless it implements them.
            var members = proxyTlv!.Construct(symbol).GetMembers();
            emitType = symbol.FindImplementationForInterfaceMember(members.First(m => m.Name == "Type")) is null;
            emitSubtype = symbol.FindImplementationForInterfaceMember(members.First(m => m.Name == "Subtype")) is null;
            if (encoding != EncodingDefault)
            {
                Report(DiagnosticDescriptors.EncodingMismatch, EncodingName(encoding), name, "its own IProxyTlv implementation");
            }

            if (minLength is not null || maxLength is not null)
            {
                Report(DiagnosticDescriptors.InvalidLengths, name, "MinLength and MaxLength apply only to generated codecs; this type implements IProxyTlv itself");
            }
        }
        else if (!symbol.IsStatic && FindValue(compilation, symbol) is { } found)
        {
            var (property, constructor) = found;
            var valueType = property.Type;
            valueTypeName = valueType.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            mayBeNull = valueType.IsReferenceType && valueType.NullableAnnotation == NullableAnnotation.Annotated;
            overloadIsPublic = constructor.DeclaredAccessibility == Accessibility.Public && IsPublic(valueType);
            var kind = Classify(valueType);
            if (valueType.TypeKind == TypeKind.Error || (valueType is IArrayTypeSymbol { ElementType.TypeKind: TypeKind.Error }))
            {
                // The compiler reports the type it cannot find; an "unsupported type" on top would mislead.
            }
            else if (kind is null)
            {
                Report(DiagnosticDescriptors.UnsupportedValueType, name, valueType.ToDisplayString());
            }
            else if (ApplyEncoding(kind, encoding) is not { } applied)
            {
                Report(DiagnosticDescriptors.EncodingMismatch, EncodingName(encoding), name, valueType.ToDisplayString());
            }
            else if (!applied.IsVariableLength && (minLength is not null || maxLength is not null))
            {
                Report(DiagnosticDescriptors.InvalidLengths, name, $"MinLength and MaxLength apply only to variable-length values (string, byte[], ReadOnlyMemory<byte>); {valueType.ToDisplayString()} is {ValueCodecDescribe(applied)}");
            }
            else if (applied.FixedLength > limit)
            {
                Report(DiagnosticDescriptors.InvalidLengths, name, $"a value of {applied.FixedLength} bytes does not fit in a TLV (at most {limit})");
            }
            else if ((minLength ?? 0) < 0 || (maxLength ?? limit) > limit || (minLength ?? 0) > (maxLength ?? limit))
            {
                Report(DiagnosticDescriptors.InvalidLengths, name, $"lengths must satisfy 0 <= MinLength <= MaxLength <= {limit}{(subtype is null ? string.Empty : " (one byte goes to the subtype)")}; got {minLength ?? 0}..{maxLength ?? limit}");
            }
            else
            {
                value = applied;
            }
        }
        else if (!symbol.IsStatic)
        {
            Report(DiagnosticDescriptors.MissingValue, name);
        }

        UserTlvSpec? spec = null;
        if (!diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) && (value is not null || customCodec))
        {
            var ns = symbol.ContainingNamespace.IsGlobalNamespace ? null : NamespaceName(symbol.ContainingNamespace);
            var keyword = (symbol.IsRecord ? "record " : string.Empty) + (symbol.IsValueType ? "struct" : "class");
            var isPublic = symbol.DeclaredAccessibility == Accessibility.Public;
            spec = new UserTlvSpec(ns, name, keyword, symbol.IsValueType, isPublic, type, subtype, value, valueTypeName, mayBeNull,
                minLength ?? 0, maxLength ?? limit, emitType, emitSubtype, overloadIsPublic);
        }

        return new UserTlvResult(spec, claim, diagnostics.ToEquatableArray());
    }

    private static string ValueCodecDescribe(ValueSpec value) => Emit.ValueCodec.Describe(value);

    private static string EncodingName(int encoding) => encoding >= 0 && encoding < EncodingNames.Length ? EncodingNames[encoding] : encoding.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The generated property <c>header.{Name}</c>, method <c>builder.Add{Name}</c> and class <c>{Name}ProxyTlvExtensions</c>
    /// must not meet an existing name: a ProxyHeader member (inherited ones too: <c>GetType</c>) would silently win over
    /// the extension property, a builder member would be overloaded or hidden, and a type would be defined twice.
    /// </summary>
    private static void CheckGeneratedNames(Compilation compilation, INamedTypeSymbol symbol, string name, System.Action<DiagnosticDescriptor, object[]> report)
    {
        // An extension member may not have its extended type's name either (CS9326).
        if ((name == "ProxyHeader" ? "ProxyHeader (the type itself)" : FindMember(compilation, "ProxyProtocol.ProxyHeader", name)) is { } hidden)
        {
            report(DiagnosticDescriptors.NameHidden, new object[] { name, hidden });
        }

        if (FindMember(compilation, "ProxyProtocol.ProxyHeaderBuilder", "Add" + name) is { } method)
        {
            report(DiagnosticDescriptors.BuilderNameTaken, new object[] { name, "Add" + name, method });
        }

        var extensions = name + ExtensionsSuffix;
        var taken = symbol.ContainingNamespace.GetMembers(extensions)
            .FirstOrDefault(m => m is INamespaceSymbol || m.Locations.Any(l => l.IsInSource));
        if (taken is not null)
        {
            report(DiagnosticDescriptors.ExtensionsNameTaken, new object[] { name, extensions, taken is INamespaceSymbol ? "namespace" : "type" });
        }
    }

    private static string? FindMember(Compilation compilation, string typeName, string memberName)
    {
        for (var type = compilation.GetTypeByMetadataName(typeName); type is not null; type = type.BaseType)
        {
            var member = type.GetMembers(memberName).FirstOrDefault(m => compilation.IsSymbolAccessibleWithin(m, compilation.Assembly));
            if (member is not null)
            {
                return member.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            }
        }

        return null;
    }

    /// <summary>An instance property <c>Value</c> and a constructor the generated code can call (internal or public,
    /// one by-value parameter of Value's type), neither obsolete.</summary>
    private static (IPropertySymbol Property, IMethodSymbol Constructor)? FindValue(Compilation compilation, INamedTypeSymbol symbol)
    {
        var property = symbol.GetMembers("Value").OfType<IPropertySymbol>()
            .FirstOrDefault(p => !p.IsStatic && !p.IsIndexer && p.GetMethod is not null && p.RefKind == RefKind.None && !IsObsolete(p) && !IsObsolete(p.GetMethod));
        if (property is null)
        {
            return null;
        }

        var type = property.Type.WithNullableAnnotation(NullableAnnotation.None);
        var constructor = symbol.InstanceConstructors.FirstOrDefault(c =>
            c.Parameters.Length == 1
            && c.Parameters[0].RefKind is RefKind.None or RefKind.In
            && !c.Parameters[0].IsParams
            && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal
            && !IsObsolete(c)
            && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type.WithNullableAnnotation(NullableAnnotation.None), type));
        return constructor is null ? null : (property, constructor);
    }

    private static bool IsObsolete(ISymbol symbol) => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.ObsoleteAttribute");

    private static bool IsPublic(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return IsPublic(array.ElementType);
        }

        for (ISymbol? t = type; t is INamedTypeSymbol named; t = named.ContainingType)
        {
            if (named.DeclaredAccessibility != Accessibility.Public || named.TypeArguments.Any(a => !IsPublic(a)))
            {
                return false;
            }
        }

        return true;
    }

    // Plain names ("class.Edge", not ToDisplayString's "@class.Edge"): the emitter escapes them where it writes code.
    private static string NamespaceName(INamespaceSymbol ns)
    {
        var parts = new List<string>();
        for (var n = ns; n is not null && !n.IsGlobalNamespace; n = n.ContainingNamespace)
        {
            parts.Insert(0, n.Name);
        }

        return string.Join(".", parts);
    }

    private static ValueSpec? Classify(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            return Integer(underlying.SpecialType) is { } integer
                ? integer with { TypeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) }
                : null;
        }

        if (Integer(type.SpecialType) is { } number)
        {
            return number;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String: return ValueSpec.Utf8;
            case SpecialType.System_Boolean: return ValueSpec.Bool;
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return ValueSpec.ByteArray;
        }

        if (type is not INamedTypeSymbol named)
        {
            return null;
        }

        var name = named.OriginalDefinition.ToDisplayString();
        if (name == "System.ReadOnlyMemory<T>" && named.TypeArguments[0].SpecialType == SpecialType.System_Byte)
        {
            return ValueSpec.Bytes;
        }

        if (InlineArrayLength(named) is { } length)
        {
            return new ValueSpec(ValueFormat.FixedBytes, length, TypeName: type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        }

        return name switch
        {
            "System.Net.IPAddress" => ValueSpec.IPAddress,
            "System.Guid" => ValueSpec.Guid,
            "System.Int128" => ValueSpec.Integer(16, signed: true),
            "System.UInt128" => ValueSpec.Integer(16, signed: false),
            _ => null,
        };
    }

    private static ValueSpec? Integer(SpecialType type) => type switch
    {
        SpecialType.System_Byte => ValueSpec.Integer(1, signed: false),
        SpecialType.System_SByte => ValueSpec.Integer(1, signed: true),
        SpecialType.System_UInt16 => ValueSpec.Integer(2, signed: false),
        SpecialType.System_Int16 => ValueSpec.Integer(2, signed: true),
        SpecialType.System_UInt32 => ValueSpec.Integer(4, signed: false),
        SpecialType.System_Int32 => ValueSpec.Integer(4, signed: true),
        SpecialType.System_UInt64 => ValueSpec.Integer(8, signed: false),
        SpecialType.System_Int64 => ValueSpec.Integer(8, signed: true),
        _ => null,
    };

    /// <summary>The length of an <c>[InlineArray(N)]</c> struct whose one field is a byte.</summary>
    private static int? InlineArrayLength(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Struct || type.IsGenericType)
        {
            return null;
        }

        var attribute = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.InlineArrayAttribute");
        var fields = type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic).ToList();
        return attribute is { ConstructorArguments.Length: 1 } && attribute.ConstructorArguments[0].Value is int length && length > 0
            && fields.Count == 1 && fields[0].Type.SpecialType == SpecialType.System_Byte
            ? length
            : null;
    }

    private static ValueSpec? ApplyEncoding(ValueSpec value, int encoding) => value.Format switch
    {
        ValueFormat.Utf8 => encoding switch
        {
            EncodingDefault or EncodingUtf8 => ValueSpec.Utf8,
            EncodingAscii => ValueSpec.Ascii,
            _ => null,
        },
        ValueFormat.Integer => encoding switch
        {
            EncodingDefault or EncodingBigEndian => value,
            EncodingLittleEndian => value.Size == 1 ? value : value with { BigEndian = false },
            _ => null,
        },
        _ => encoding == EncodingDefault ? value : null,
    };
}
