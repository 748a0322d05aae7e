using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using ProxyProtocol.Generators.Model;

namespace ProxyProtocol.Generators.Parsing;

/// <summary>Finds <c>[ProxyTlv]</c> declarations that claim the same type and subtype as another declaration or as a
/// registry entry. A TLV without a subtype owns every value of its type, so it clashes with any subtype of it.</summary>
internal static class ClashChecker
{
    private static readonly object Gate = new();
    private static RegistryModel? _builtIn;

    /// <summary>The registry compiled into the generator (tlv-registry.json as an embedded resource).</summary>
    public static RegistryModel BuiltInRegistry
    {
        get
        {
            lock (Gate)
            {
                if (_builtIn is null)
                {
                    using var stream = typeof(ClashChecker).Assembly.GetManifestResourceStream("tlv-registry.json");
                    using var reader = new StreamReader(stream!);
                    _builtIn = RegistryParser.Parse("tlv-registry.json", reader.ReadToEnd()).Model
                        ?? new RegistryModel("ProxyProtocol", EquatableArray<TlvEntry>.Empty);
                }

                return _builtIn;
            }
        }
    }

    public static EquatableArray<DiagnosticInfo> Check(ImmutableArray<UserTlvClaim> claims, RegistryModel registry)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var ordered = claims.OrderBy(c => c.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(c => c.Location.SourceSpan.Start).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var claim = ordered[i];
            var entry = registry.Entries.FirstOrDefault(e => Overlaps(e.Type, e.Subtype, claim.Type, claim.Subtype));
            if (entry is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RegistryClash, claim.Location, claim.Name, Describe(claim.Type, claim.Subtype), entry.Name));
                continue;
            }

            var earlier = ordered.Take(i).FirstOrDefault(c => Overlaps(c.Type, c.Subtype, claim.Type, claim.Subtype));
            if (earlier is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateDeclaration, claim.Location, claim.Name, Describe(claim.Type, claim.Subtype), earlier.Name));
            }
        }

        return diagnostics.ToEquatableArray();
    }

    private static bool Overlaps(byte type, byte? subtype, byte otherType, byte? otherSubtype) =>
        type == otherType && (subtype is null || otherSubtype is null || subtype == otherSubtype);

    private static string Describe(byte type, byte? subtype) =>
        subtype is { } s ? $"0x{type:X2} subtype 0x{s:X2}" : $"0x{type:X2}";
}
