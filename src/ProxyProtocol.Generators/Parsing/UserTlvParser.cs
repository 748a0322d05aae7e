using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ProxyProtocol.Generators.Model;

namespace ProxyProtocol.Generators.Parsing;

/// <summary>Reads one <c>[ProxyTlv]</c> declaration into a <see cref="UserTlvSpec"/> (no symbols or syntax kept)
/// plus the diagnostics that concern it alone.</summary>
internal static class UserTlvParser
{
    public const string AttributeName = "ProxyProtocol.ProxyTlvAttribute";

    // ProxyTlvEncoding values (ProxyProtocol/ProxyTlvEncoding.cs).
    private const int EncodingDefault = 0;
    private const int EncodingUtf8 = 1;
    private const int EncodingAscii = 2;
    private const int EncodingBigEndian = 3;
    private const int EncodingLittleEndian = 4;
    private static readonly string[] EncodingNames = { "Default", "Utf8", "Ascii", "BigEndian", "LittleEndian" };

    public static UserTlvResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var location = LocationInfo.From(syntax.Identifier.GetLocation());
        var diagnostics = new List<DiagnosticInfo>();
        var name = symbol.Name;

        var attribute = context.Attributes[0];

        // [ProxyTlv] on two parts of one partial type (CS0579): only the first part speaks for the type, or both would
        // add the same source.
        var first = symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeName)?.ApplicationSyntaxReference;
        var own = attribute.ApplicationSyntaxReference;
        if (first is not null && own is not null && (first.SyntaxTree != own.SyntaxTree || first.Span != own.Span))
        {
            return new UserTlvResult(null, null, EquatableArray<DiagnosticInfo>.Empty);
        }

        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not byte type)
        {
            return new UserTlvResult(null, null, EquatableArray<DiagnosticInfo>.Empty); // the compiler reports the bad attribute
        }

        byte? subtype = null;
        var encoding = EncodingDefault;
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Subtype" && named.Value.Value is byte s)
            {
                subtype = s;
            }
            else if (named.Key == "Encoding" && named.Value.Value is int e)
            {
                encoding = e;
            }
        }

        var claim = new UserTlvClaim(name, type, subtype, location);

        if (type < 0xE0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeOutOfRange, location, type.ToString("X2"), name));
        }
        else if (type >= 0xF8)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeReserved, location, type.ToString("X2"), name));
        }

        if (symbol.ContainingType is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CannotExtend, location, name, "nested in another type"));
        }
        else if (symbol.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CannotExtend, location, name, "generic"));
        }
        else if (symbol.IsFileLocal)
        {
            // The generated part and extension class live in another file, where a file-local type is not visible.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CannotExtend, location, name, "file-local"));
        }

        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, location, name));
        }

        if (syntax.SyntaxTree.Options is CSharpParseOptions options && (int)options.LanguageVersion < 1400)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LanguageVersionTooLow, location, name));
        }

        var header = context.SemanticModel.Compilation.GetTypeByMetadataName("ProxyProtocol.ProxyHeader");
        if (header is not null && header.GetMembers(name).Length > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameHidden, location, name));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var valueProperty = symbol.GetMembers("Value").OfType<IPropertySymbol>().FirstOrDefault(p => !p.IsStatic && p.GetMethod is not null && p.Parameters.Length == 0);
        var hasConstructor = valueProperty is not null && symbol.InstanceConstructors.Any(c =>
            c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type.WithNullableAnnotation(NullableAnnotation.None), valueProperty.Type.WithNullableAnnotation(NullableAnnotation.None)));
        ValueFormat? format = null;
        string? valueTypeName = null;
        if (valueProperty is null || !hasConstructor)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingValue, location, name));
        }
        else
        {
            valueTypeName = valueProperty.Type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            var kind = Classify(valueProperty.Type);
            if (kind is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedValueType, location, name, valueProperty.Type.ToDisplayString()));
            }
            else
            {
                format = ApplyEncoding(kind.Value, encoding);
                if (format is null)
                {
                    var encodingName = encoding >= 0 && encoding < EncodingNames.Length ? EncodingNames[encoding] : encoding.ToString();
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EncodingMismatch, location, encodingName, name, valueProperty.Type.ToDisplayString()));
                }
            }
        }

        UserTlvSpec? spec = null;
        if (!diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) && format is not null && valueTypeName is not null)
        {
            var ns = symbol.ContainingNamespace.IsGlobalNamespace ? null : NamespaceName(symbol.ContainingNamespace);
            var keyword = (symbol.IsRecord ? "record " : string.Empty) + (symbol.IsValueType ? "struct" : "class");
            var isPublic = symbol.DeclaredAccessibility == Accessibility.Public;
            var mayBeNull = valueProperty!.Type.IsReferenceType && valueProperty.Type.NullableAnnotation == NullableAnnotation.Annotated;
            spec = new UserTlvSpec(ns, name, keyword, symbol.IsValueType, isPublic, type, subtype, format.Value, valueTypeName, mayBeNull);
        }

        return new UserTlvResult(spec, claim, diagnostics.ToEquatableArray());
    }

    // Plain names ("class.Edge", not ToDisplayString's "@class.Edge"): the emitter escapes them where it writes code,
    // and hint names may not contain '@'.
    private static string NamespaceName(INamespaceSymbol ns)
    {
        var parts = new List<string>();
        for (var n = ns; n is not null && !n.IsGlobalNamespace; n = n.ContainingNamespace)
        {
            parts.Insert(0, n.Name);
        }

        return string.Join(".", parts);
    }

    private static ValueFormat? Classify(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return ValueFormat.Utf8;
            case SpecialType.System_Byte: return ValueFormat.UInt8;
            case SpecialType.System_UInt16: return ValueFormat.UInt16BigEndian;
            case SpecialType.System_UInt32: return ValueFormat.UInt32BigEndian;
            case SpecialType.System_UInt64: return ValueFormat.UInt64BigEndian;
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return ValueFormat.ByteArray;
        }

        var name = type.OriginalDefinition.ToDisplayString();
        if (name == "System.ReadOnlyMemory<T>" && type is INamedTypeSymbol { TypeArguments.Length: 1 } named && named.TypeArguments[0].SpecialType == SpecialType.System_Byte)
        {
            return ValueFormat.Bytes;
        }

        return name switch
        {
            "System.Net.IPAddress" => ValueFormat.IPAddress,
            "System.Guid" => ValueFormat.Guid,
            _ => null,
        };
    }

    private static ValueFormat? ApplyEncoding(ValueFormat format, int encoding) => format switch
    {
        ValueFormat.Utf8 => encoding switch
        {
            EncodingDefault or EncodingUtf8 => ValueFormat.Utf8,
            EncodingAscii => ValueFormat.Ascii,
            _ => null,
        },
        ValueFormat.UInt8 => encoding is EncodingDefault or EncodingBigEndian or EncodingLittleEndian ? ValueFormat.UInt8 : null,
        ValueFormat.UInt16BigEndian => Endian(encoding, ValueFormat.UInt16BigEndian, ValueFormat.UInt16LittleEndian),
        ValueFormat.UInt32BigEndian => Endian(encoding, ValueFormat.UInt32BigEndian, ValueFormat.UInt32LittleEndian),
        ValueFormat.UInt64BigEndian => Endian(encoding, ValueFormat.UInt64BigEndian, ValueFormat.UInt64LittleEndian),
        _ => encoding == EncodingDefault ? format : null,
    };

    private static ValueFormat? Endian(int encoding, ValueFormat big, ValueFormat little) => encoding switch
    {
        EncodingDefault or EncodingBigEndian => big,
        EncodingLittleEndian => little,
        _ => null,
    };
}
