using ProxyProtocol.Docs.Tests.Markdown;

namespace ProxyProtocol.Interop.Tests.Harness;

/// <summary>
/// Peer configurations taken from the deployment guides (docs/deployment/*.md), so the guides show exactly what these
/// tests run. Only addresses and file paths are replaced, and each replaced text must be in the block: a guide that
/// changes them fails here instead of drifting.
/// </summary>
internal static class DocsConfig
{
    /// <summary>The block of <c>docs/deployment/{page}</c> marked <c>&lt;!-- interop: {name} --&gt;</c>, with the replacements made.</summary>
    internal static string Load(string page, string name, params (string From, string To)[] replacements)
    {
        var text = MarkdownBlocks.Named($"docs/deployment/{page}", "interop", name).Text;
        foreach (var (from, to) in replacements)
        {
            Assert.True(text.Contains(from, StringComparison.Ordinal), $"docs/deployment/{page} ({name}) no longer contains '{from}':\n{text}");
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }
}
