using System.Text.RegularExpressions;

namespace ProxyProtocol.Docs.Tests.Pages;

/// <summary>docs/troubleshooting.md has one entry for every <see cref="ProxyError"/>, so a new error cannot go undocumented.</summary>
public sealed partial class TroubleshootingTests
{
    [Fact]
    public void Every_error_has_one_entry()
    {
        var headings = Heading().Matches(File.ReadAllText(Repository.File("docs/troubleshooting.md")))
            .Select(m => m.Groups["name"].Value)
            .ToList();
        var errors = Enum.GetNames<ProxyError>().Where(n => n != nameof(ProxyError.None)).ToList();

        Assert.Empty(errors.Except(headings));                                  // undocumented errors
        Assert.Empty(headings.Except(errors));                                  // entries for errors that do not exist
        Assert.Empty(headings.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    // The name in brackets is what a user finds in the logs and the error.type tag: it must be GetName()'s.
    [Fact]
    public void Every_entry_shows_the_errors_log_name()
    {
        var wrong = Heading().Matches(File.ReadAllText(Repository.File("docs/troubleshooting.md")))
            .Where(m => Enum.TryParse<ProxyError>(m.Groups["name"].Value, out var error) && error.GetName() != m.Groups["log"].Value)
            .Select(m => m.Value);

        Assert.Empty(wrong);
    }

    [GeneratedRegex(@"^### `(?<name>[A-Za-z0-9]+)` \(`(?<log>[a-z0-9_]+)`\)$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
