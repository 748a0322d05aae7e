using System.Reflection;
using Microsoft.CodeAnalysis;

namespace ProxyProtocol.Generators.Tests.Verified;

/// <summary>Every diagnostic has a unique id, a help link to its own section of docs/diagnostics.md, a release-tracking
/// row and a verified test named after it.</summary>
public sealed class DescriptorTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToArray();

    [Fact]
    public void Ids_are_unique()
    {
        Assert.True(Descriptors.Length >= 19);
        Assert.Equal(Descriptors.Length, Descriptors.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public void Every_descriptor_links_to_its_section_of_the_diagnostics_page()
    {
        var page = File.ReadAllLines(TestFiles.RepositoryFile("docs/diagnostics.md"));
        var repository = System.Xml.Linq.XDocument.Load(TestFiles.RepositoryFile("Directory.Build.props")).Descendants("RepositoryUrl").Single().Value;
        foreach (var d in Descriptors)
        {
            Assert.Equal($"{repository}/blob/main/docs/diagnostics.md#{d.Id.ToLowerInvariant()}", d.HelpLinkUri);
            Assert.Contains("## " + d.Id, page);
        }

        Assert.Equal(Descriptors.Select(d => d.Id).Order(), page.Where(l => l.StartsWith("## PPTLV", StringComparison.Ordinal)).Select(l => l[3..]).Order());
    }

    [Fact]
    public void Every_descriptor_is_tracked_for_release_and_has_a_verified_test()
    {
        var releases = File.ReadAllText(TestFiles.RepositoryFile("src/ProxyProtocol.Generators/AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(TestFiles.RepositoryFile("src/ProxyProtocol.Generators/AnalyzerReleases.Shipped.md"));
        var tests = typeof(UserDiagnosticTests).GetMethods().Concat(typeof(RegistryTests).GetMethods()).Select(m => m.Name).ToList();
        foreach (var d in Descriptors)
        {
            Assert.Contains($"{d.Id} | {d.Category} | {d.DefaultSeverity} | {d.Title}", releases, StringComparison.Ordinal);
            Assert.Contains(tests, name => name.StartsWith(d.Id + "_", StringComparison.Ordinal));
        }
    }
}
