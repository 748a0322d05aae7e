using Microsoft.CodeAnalysis;

namespace ProxyProtocol.Generators;

/// <summary>Every diagnostic the generator reports. IDs are stable: never reuse or renumber one. Each links to its
/// section of docs/diagnostics.md (cause, a failing example, the fix).</summary>
internal static class DiagnosticDescriptors
{
    public const string HelpBase = "https://github.com/proxyprotocol-dotnet/ProxyProtocol/blob/main/docs/diagnostics.md#";

    private const string Category = "ProxyProtocol.Tlv";

    public static readonly DiagnosticDescriptor RegistrySyntax = Error(
        "PPTLV001", "The TLV registry is not valid JSON", "{0}: {1}");

    public static readonly DiagnosticDescriptor RegistrySchema = Error(
        "PPTLV002", "The TLV registry does not follow its schema", "{0}: {1}");

    public static readonly DiagnosticDescriptor MoreThanOneRegistry = Error(
        "PPTLV003", "More than one TLV registry",
        "'{0}' is a second AdditionalFiles item named tlv-registry.json and is ignored; the registry is read from '{1}' only: remove or rename this one");

    public static readonly DiagnosticDescriptor TypeOutOfRange = Error(
        "PPTLV101", "TLV type outside the custom and experimental ranges",
        "[ProxyTlv] type 0x{0} on '{1}' is not in 0xE0-0xF7, the range the specification leaves to applications; pick a type in 0xE0-0xF7 (types below 0xE0 belong to the specification and are read with the library's own properties, such as header.Authority)");

    public static readonly DiagnosticDescriptor TypeReserved = new(
        "PPTLV102", "TLV type in the reserved range",
        "[ProxyTlv] type 0x{0} on '{1}' is in 0xF8-0xFF, which the specification reserves for future use; prefer a type in 0xE0-0xF7",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpBase + "pptlv102");

    public static readonly DiagnosticDescriptor DuplicateDeclaration = Error(
        "PPTLV103", "TLV declared twice",
        "'{0}' declares TLV {1}, which '{2}' also declares; give one of them another type or a distinct subtype");

    public static readonly DiagnosticDescriptor RegistryClash = Error(
        "PPTLV104", "TLV clashes with a registered TLV",
        "'{0}' declares TLV {1}, which the library already reads as header.{2}; use header.{2}, or declare another type or subtype");

    public static readonly DiagnosticDescriptor NotPartial = Error(
        "PPTLV105", "[ProxyTlv] type must be partial",
        "'{0}' must be declared partial so the generator can implement IProxyTlv<{0}>: write 'partial {1}'");

    public static readonly DiagnosticDescriptor UnsupportedValueType = Error(
        "PPTLV106", "Unsupported TLV value type",
        "'{0}'.Value is of type '{1}'; use string, byte[], ReadOnlyMemory<byte>, bool, an integer type or an enum, IPAddress, Guid or an [InlineArray] struct of bytes, or implement IProxyTlv<{0}> yourself");

    public static readonly DiagnosticDescriptor CannotExtend = Error(
        "PPTLV107", "[ProxyTlv] type cannot be nested, generic or file-local",
        "'{0}' is {1}; declare it as a top-level, non-generic type that is not file-local");

    public static readonly DiagnosticDescriptor EncodingMismatch = Error(
        "PPTLV108", "Encoding does not fit the value type",
        "Encoding {0} does not apply to '{1}', whose value is {2}: Ascii and Utf8 apply to strings, BigEndian and LittleEndian to integers and enums; remove the Encoding argument or change it");

    public static readonly DiagnosticDescriptor MissingValue = Error(
        "PPTLV109", "[ProxyTlv] type needs a Value property and a constructor taking it",
        "'{0}' needs an instance property 'Value' with a getter, and an internal or public constructor with one parameter of the same type (a positional record does both), or its own IProxyTlv<{0}> implementation");

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Error(
        "PPTLV110", "[ProxyTlv] needs C# 14",
        "'{0}' gets a C# 14 extension property on ProxyHeader; set <LangVersion>14</LangVersion> (or later) in the project");

    public static readonly DiagnosticDescriptor NameHidden = Error(
        "PPTLV111", "TLV name taken by a ProxyHeader member",
        "ProxyHeader already has a member '{1}', which would hide the extension property header.{0}; rename '{0}'");

    public static readonly DiagnosticDescriptor BuilderNameTaken = Error(
        "PPTLV112", "Builder method name taken by a ProxyHeaderBuilder member",
        "ProxyHeaderBuilder already has a member '{2}', which the generated builder method {1} would clash with; rename '{0}'");

    public static readonly DiagnosticDescriptor ExtensionsNameTaken = Error(
        "PPTLV113", "Name of the generated extension class is taken",
        "The generator adds a class {1} for '{0}', but this namespace already has a {2} of that name; rename '{0}' or the {2}");

    public static readonly DiagnosticDescriptor UnsupportedKind = Error(
        "PPTLV114", "Unsupported kind of [ProxyTlv] type",
        "'{0}' is {1}; a [ProxyTlv] type must be a class, struct or record that can be instantiated and used as a type argument (an abstract class only with its own IProxyTlv<{0}> implementation)");

    public static readonly DiagnosticDescriptor InvalidLengths = Error(
        "PPTLV115", "Invalid MinLength or MaxLength",
        "'{0}': {1}");

    public static readonly DiagnosticDescriptor HidesNamespace = Error(
        "PPTLV116", "A global type hides a namespace the generated code uses",
        "A type named '{1}' in the global namespace hides the namespace {1}, which the generated code for '{0}' uses; declare that type in a namespace or rename it");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());
}
