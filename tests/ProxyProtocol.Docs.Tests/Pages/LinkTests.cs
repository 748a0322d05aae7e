using System.Text.RegularExpressions;
using ProxyProtocol.Docs.Tests.Snippets;

namespace ProxyProtocol.Docs.Tests.Pages;

/// <summary>Relative links in the documentation lead to files that exist, and to headings that exist in them.</summary>
public sealed partial class LinkTests
{
    [Fact]
    public void Relative_links_resolve()
    {
        var broken = new List<string>();
        foreach (var file in SnippetTests.DocumentationFiles())
        {
            var text = File.ReadAllText(Repository.File(file));
            foreach (Match link in Link().Matches(text))
            {
                var target = link.Groups["path"].Value;
                var path = target.Length == 0 ? Repository.File(file) : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Repository.File(file))!, target));
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    broken.Add($"{file}: {link.Value} (no such file)");
                }
                else if (link.Groups["anchor"].Success && File.Exists(path) && !Anchors(path).Contains(link.Groups["anchor"].Value))
                {
                    broken.Add($"{file}: {link.Value} (no such heading)");
                }
            }
        }

        Assert.Empty(broken);
    }

    // GitHub's heading ids: lower case, punctuation other than '-' and '_' dropped, spaces as '-'.
    private static HashSet<string> Anchors(string markdown) =>
        [.. Heading().Matches(File.ReadAllText(markdown)).Select(m => Slug().Replace(m.Groups["title"].Value.ToLowerInvariant(), string.Empty).Replace(' ', '-'))];

    [GeneratedRegex(@"\]\((?!https?:|mailto:)(?<path>[^)#\s]*)(#(?<anchor>[^)\s]+))?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#+ (?<title>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{N} _-]")]
    private static partial Regex Slug();
}
