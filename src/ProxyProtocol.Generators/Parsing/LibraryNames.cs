using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ProxyProtocol.Generators.Emit;
using ProxyProtocol.Generators.Model;

namespace ProxyProtocol.Generators.Parsing;

/// <summary>
/// The names the registry's generated code must not reuse: the hand-written members of ProxyHeader and
/// ProxyHeaderBuilder (with those inherited from object) and the hand-written types of the registry's namespace.
/// Only source declarations count: the generated members are not in the compilation the generator sees.
/// </summary>
internal sealed record LibraryNames(EquatableArray<string> HeaderMembers, EquatableArray<string> BuilderMembers, EquatableArray<string> Types)
{
    public static LibraryNames From(Compilation compilation, string ns)
    {
        return new LibraryNames(Members(compilation, ns + ".ProxyHeader"), Members(compilation, ns + ".ProxyHeaderBuilder"), TypesOf(compilation, ns));
    }

    /// <summary>Checks each entry's generated names; an entry that clashes is reported at its name and left out.</summary>
    public static RegistryResult Check(RegistryResult result, LibraryNames names)
    {
        if (result.Model is not { } model || model.Entries.Count == 0)
        {
            return result;
        }

        var entries = new List<TlvEntry>();
        var locations = new List<LocationInfo>();
        var diagnostics = result.Diagnostics.ToList();
        for (var i = 0; i < model.Entries.Count; i++)
        {
            var entry = model.Entries[i];
            var problem = entry.Typed ? Problem(entry, names) : null;
            if (problem is null)
            {
                entries.Add(entry);
                locations.Add(result.NameLocations[i]);
            }
            else
            {
                var at = result.NameLocations[i];
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.RegistrySchema, at, $"{System.IO.Path.GetFileName(at.FilePath)}({at.Lines.Start.Line + 1},{at.Lines.Start.Character + 1})", problem));
            }
        }

        return entries.Count == model.Entries.Count
            ? result
            : new RegistryResult(model with { Entries = entries.ToEquatableArray() }, locations.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    private static string? Problem(TlvEntry entry, LibraryNames names)
    {
        if (names.HeaderMembers.Contains(entry.Name))
        {
            return $"\"{entry.Name}\" would generate the property ProxyHeader.{entry.Name}, but ProxyHeader already has a member of that name; rename the entry";
        }

        if (names.BuilderMembers.Contains("Add" + entry.Name))
        {
            return $"\"{entry.Name}\" would generate the method ProxyHeaderBuilder.Add{entry.Name}, but ProxyHeaderBuilder already has a member of that name; rename the entry";
        }

        var types = new[] { RegistryEmitter.TypeName(entry) }.Concat(entry.Composite?.Fields.Where(f => f.Flags is not null).Select(f => f.Flags!.EnumName) ?? Enumerable.Empty<string>());
        var type = types.FirstOrDefault(t => names.Types.Contains(t));
        return type is null ? null : $"\"{entry.Name}\" would generate the type {type}, but the library already declares a type of that name; rename the entry";
    }

    private static EquatableArray<string> Members(Compilation compilation, string metadataName)
    {
        var type = compilation.GetTypeByMetadataName(metadataName);
        var names = new SortedSet<string>(System.StringComparer.Ordinal);
        if (type is not null && type.Locations.Any(l => l.IsInSource))
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                names.UnionWith(t.MemberNames);
            }
        }
        else
        {
            names.UnionWith(compilation.GetSpecialType(SpecialType.System_Object).MemberNames);
        }

        return names.ToEquatableArray();
    }

    private static EquatableArray<string> TypesOf(Compilation compilation, string ns)
    {
        var symbol = compilation.Assembly.GlobalNamespace;
        foreach (var part in ns.Split('.'))
        {
            symbol = symbol?.GetNamespaceMembers().FirstOrDefault(n => n.Name == part);
        }

        return (symbol?.GetTypeMembers().Select(t => t.Name) ?? Enumerable.Empty<string>()).Distinct().OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray();
    }
}
