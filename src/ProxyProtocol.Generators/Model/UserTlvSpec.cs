namespace ProxyProtocol.Generators.Model;

/// <summary>A valid <c>[ProxyTlv]</c> declaration, reduced to what the emitter needs. <see cref="Namespace"/> and
/// <see cref="Name"/> are plain names (<c>event</c> for <c>@event</c>); the emitter escapes them.</summary>
/// <param name="Value">The value's layout, or null for a type with its own IProxyTlv implementation (custom codec).</param>
/// <param name="EmitType">Whether to implement IProxyTlv.Type from the attribute (false when the type does).</param>
/// <param name="EmitSubtype">Whether to implement IProxyTlv.Subtype from the attribute (false when the type does).</param>
/// <param name="ValueOverloadIsPublic">Whether <c>Add{Name}(value)</c> can be public: the type, its constructor and the
/// value type are all public.</param>
internal sealed record UserTlvSpec(
    string? Namespace,
    string Name,
    string Keyword,
    bool IsValueType,
    bool IsPublic,
    byte Type,
    byte? Subtype,
    ValueSpec? Value,
    string ValueTypeName,
    bool ValueMayBeNull,
    int MinLength,
    int MaxLength,
    bool EmitType,
    bool EmitSubtype,
    bool ValueOverloadIsPublic);

/// <summary>The type and subtype a declaration claims, with where (its identifier, see <see cref="DiagnosticInfo"/>), for
/// clash checks across declarations.</summary>
internal sealed record UserTlvClaim(string Name, byte Type, byte? Subtype, Microsoft.CodeAnalysis.Location Location);

/// <summary>What the parser made of one <c>[ProxyTlv]</c> declaration.</summary>
internal sealed record UserTlvResult(UserTlvSpec? Spec, UserTlvClaim? Claim, EquatableArray<DiagnosticInfo> Diagnostics);
