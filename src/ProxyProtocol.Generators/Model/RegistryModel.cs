namespace ProxyProtocol.Generators.Model;

/// <summary>The parsed <c>tlv-registry.json</c>: plain values only, compared by content.</summary>
internal sealed record RegistryModel(string Namespace, EquatableArray<TlvEntry> Entries);

/// <summary>One registry entry.</summary>
internal sealed record TlvEntry(
    string Name,
    string? SpecName,
    byte Type,
    byte? Subtype,
    ValueSpec Format,
    int MinLength,
    int MaxLength,
    bool Typed,
    string Doc,
    string? Spec,
    CompositeSpec? Composite);

/// <summary>A structured value: fixed fields, then nested TLVs (SSL).</summary>
internal sealed record CompositeSpec(EquatableArray<FixedField> Fields, EquatableArray<DerivedProperty> Derived, EquatableArray<SubTlv> SubTlvs);

/// <summary>A fixed-size unsigned integer at the start of a composite value, optionally a flags enum.</summary>
internal sealed record FixedField(string Name, ValueSpec Format, string Doc, FlagsSpec? Flags);

internal sealed record FlagsSpec(string EnumName, string Doc, EquatableArray<FlagValue> Values);

internal sealed record FlagValue(string Name, string? SpecName, ulong Value, string Doc);

/// <summary>A boolean property true when <see cref="Field"/> is zero and any of <see cref="AnyOf"/> flags is set.</summary>
internal sealed record DerivedProperty(string Name, string Field, string FlagsField, EquatableArray<string> AnyOf, string Doc);

internal sealed record SubTlv(string Name, string? SpecName, byte Type, ValueSpec Format, int MinLength, int MaxLength, string Doc);

/// <summary>The outcome of reading the registry: the model of the entries that are valid (null when the registry is
/// off), where each entry's name is in the file (to report names that clash with the library's members), and
/// diagnostics.</summary>
internal sealed record RegistryResult(RegistryModel? Model, EquatableArray<LocationInfo> NameLocations, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static readonly RegistryResult Off = new(null, EquatableArray<LocationInfo>.Empty, EquatableArray<DiagnosticInfo>.Empty);
}
