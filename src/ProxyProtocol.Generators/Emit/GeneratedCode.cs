using System.Reflection;

namespace ProxyProtocol.Generators.Emit;

/// <summary>The <c>[GeneratedCode]</c> attribute put on every generated type and member, with this generator's version.</summary>
internal static class GeneratedCode
{
    /// <summary>The package version (the informational version without its "+commit" suffix), so generated code
    /// names the release that produced it.</summary>
    public static readonly string Version = ReadVersion();

    public static readonly string Attribute = $"[global::System.CodeDom.Compiler.GeneratedCode(\"ProxyProtocol.Generators\", \"{Version}\")]";

    private static string ReadVersion()
    {
        var assembly = typeof(GeneratedCode).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (informational is { Length: > 0 })
        {
            var plus = informational.IndexOf('+');
            return plus < 0 ? informational : informational.Substring(0, plus);
        }

        return assembly.GetName().Version?.ToString() ?? "0.0.0";
    }
}
