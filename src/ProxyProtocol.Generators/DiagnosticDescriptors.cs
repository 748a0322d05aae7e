using Microsoft.CodeAnalysis;

namespace ProxyProtocol.Generators;

/// <summary>Every diagnostic the generator reports. IDs are stable: never reuse or renumber one.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "ProxyProtocol.Tlv";

    public static readonly DiagnosticDescriptor RegistrySyntax = new(
        "PPTLV001", "The TLV registry is not valid JSON", "{0}: {1}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor RegistrySchema = new(
        "PPTLV002", "The TLV registry does not follow its schema", "{0}: {1}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MoreThanOneRegistry = new(
        "PPTLV003", "More than one TLV registry",
        "'{0}' is a second AdditionalFiles item named tlv-registry.json and is ignored; the registry is read from '{1}' only",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TypeOutOfRange = new(
        "PPTLV101", "TLV type outside the custom and experimental ranges",
        "[ProxyTlv] type 0x{0} on '{1}' is not in 0xE0-0xF7; registered types are declared in tlv-registry.json",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TypeReserved = new(
        "PPTLV102", "TLV type in the reserved range",
        "[ProxyTlv] type 0x{0} on '{1}' is in 0xF8-0xFF, which the specification reserves for future use",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateDeclaration = new(
        "PPTLV103", "TLV declared twice",
        "'{0}' declares TLV {1}, which '{2}' also declares",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor RegistryClash = new(
        "PPTLV104", "TLV clashes with a registered TLV",
        "'{0}' declares TLV {1}, which the registry defines as '{2}'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotPartial = new(
        "PPTLV105", "[ProxyTlv] type must be partial",
        "'{0}' must be declared partial so the generator can implement IProxyTlv<{0}>",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedValueType = new(
        "PPTLV106", "Unsupported TLV value type",
        "'{0}'.Value is of type '{1}'; supported are string, byte[], ReadOnlyMemory<byte>, byte, ushort, uint, ulong, IPAddress and Guid",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor CannotExtend = new(
        "PPTLV107", "[ProxyTlv] type cannot be nested, generic or file-local",
        "'{0}' is {1}; declare it as a top-level, non-generic type that is not file-local",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor EncodingMismatch = new(
        "PPTLV108", "Encoding does not fit the value type",
        "Encoding {0} does not apply to '{1}'.Value of type '{2}'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingValue = new(
        "PPTLV109", "[ProxyTlv] type needs a Value property and a constructor taking it",
        "'{0}' needs an instance property 'Value' and a constructor with one parameter of the same type",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = new(
        "PPTLV110", "[ProxyTlv] needs C# 14",
        "'{0}' gets a C# 14 extension property on ProxyHeader; set LangVersion to 14 or later",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NameHidden = new(
        "PPTLV111", "Extension property hidden by a ProxyHeader member",
        "ProxyHeader already has a member named '{0}', which hides the generated extension property; rename the type",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
