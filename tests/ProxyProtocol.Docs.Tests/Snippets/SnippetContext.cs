using System.Text.RegularExpressions;

namespace ProxyProtocol.Docs.Tests.Snippets;

/// <summary>
/// Where a csharp block of the documentation is meant to be pasted, from the annotation before its fence:
/// <list type="bullet">
/// <item>none, or <c>&lt;!-- snippet: console --&gt;</c>: a whole file of a new console app (<c>dotnet new console</c>
/// implicit usings, package ProxyProtocol);</item>
/// <item><c>&lt;!-- snippet: web --&gt;</c>: a whole Program.cs of a new web app (<c>dotnet new web</c> implicit usings,
/// package ProxyProtocol.AspNetCore);</item>
/// <item><c>fragment</c> after either word: statements pasted into a method of such an app; the items that follow,
/// separated by <c>;</c>, are the file's using directives (<c>using System.Net</c>) and the variables the method
/// already has (<c>Stream stream</c>), e.g. <c>&lt;!-- snippet: console fragment; using ProxyProtocol; byte[] buffer --&gt;</c>.</item>
/// </list>
/// The block itself is compiled unchanged; only what it is pasted into comes from the annotation, which can name
/// namespaces and typed variables but declare nothing (no alias, no <c>using static</c>, no value, no code).
/// </summary>
internal sealed partial record SnippetContext(bool Web, bool Fragment, IReadOnlyList<string> Usings, IReadOnlyList<string> Variables)
{
    internal static SnippetContext Parse(string? annotation)
    {
        if (annotation is null || !annotation.StartsWith("snippet:", StringComparison.Ordinal))
        {
            return new SnippetContext(Web: false, Fragment: false, [], []);
        }

        var parts = annotation["snippet:".Length..].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var kind = parts.Length > 0 ? parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        if (kind.Length == 0 || kind.Except(["console", "web", "fragment"]).Any() || (kind.Contains("web") && kind.Contains("console")))
        {
            throw new FormatException($"'{annotation}': expected 'snippet: console|web [fragment]; …'.");
        }

        var items = parts.Skip(1).ToList();
        var usings = items.Where(i => i.StartsWith("using ", StringComparison.Ordinal)).ToList();
        var variables = items.Except(usings).ToList();
        if (usings.FirstOrDefault(u => !UsingNamespace().IsMatch(u)) is { } badUsing)
        {
            throw new FormatException($"'{annotation}': '{badUsing}' is not 'using Some.Namespace' (an alias or a static import would be code the reader does not see).");
        }

        if (variables.FirstOrDefault(v => !Variable().IsMatch(v)) is { } badVariable)
        {
            throw new FormatException($"'{annotation}': '{badVariable}' is not 'Type name' (a variable the reader's method already has).");
        }

        var fragment = kind.Contains("fragment");
        if (!fragment && items.Count > 0)
        {
            throw new FormatException($"'{annotation}': only a fragment takes usings and variables; a whole file shows its own.");
        }

        return new SnippetContext(kind.Contains("web"), fragment, usings, variables);
    }

    [GeneratedRegex(@"^using [A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex UsingNamespace();

    // A type (generic arguments, arrays and nullable allowed) and a name; no '=', '(', ')', '{' or ','-separated names.
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.]*(<[A-Za-z0-9_.,?\[\] <>]+>)?(\[\])*\?? [A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Variable();
}
