namespace ProxyProtocol.Generators.Model;

/// <summary>A valid <c>[ProxyTlv]</c> declaration, reduced to what the emitter needs. <see cref="Namespace"/> and
/// <see cref="Name"/> are plain names (<c>event</c> for <c>@event</c>); the emitter escapes them.</summary>
internal sealed record UserTlvSpec(
    string? Namespace,
    string Name,
    string Keyword,
    bool IsValueType,
    bool IsPublic,
    byte Type,
    byte? Subtype,
    ValueFormat Format,
    string ValueTypeName,
    bool ValueMayBeNull);

/// <summary>The type and subtype a declaration claims, with where, for clash checks across declarations.</summary>
internal sealed record UserTlvClaim(string Name, byte Type, byte? Subtype, LocationInfo? Location);

/// <summary>What the parser made of one <c>[ProxyTlv]</c> declaration.</summary>
internal sealed record UserTlvResult(UserTlvSpec? Spec, UserTlvClaim? Claim, EquatableArray<DiagnosticInfo> Diagnostics);
