using Microsoft.CodeAnalysis;

namespace ProxyProtocol.Generators.Tests.Verified;

/// <summary>
/// Repository files and the checked-in generated code under Baselines/, the one place that writes them. With
/// <c>PROXYPROTOCOL_UPDATE_BASELINES=1</c> a test first rewrites its baselines from a plain generator run (then the
/// diff is reviewed), and verifies against them as usual. The generator's version in <c>[GeneratedCode]</c> is stored
/// as <see cref="VersionToken"/>, so a release does not rewrite every baseline.
/// </summary>
internal static class TestFiles
{
    /// <summary>Tests that read or rewrite Baselines/ run one at a time, so an update never races a read.</summary>
    internal const string BaselineCollection = "Baselines";

    internal const string VersionToken = "{GeneratorVersion}";

    private static readonly string VersionText = $"\"ProxyProtocol.Generators\", \"{Emit.GeneratedCode.Version}\"";
    private static readonly string TokenText = $"\"ProxyProtocol.Generators\", \"{VersionToken}\"";

    internal static string RepositoryFile(string relative) => GeneratorHarness.RepositoryFile(relative);

    internal static bool Updating => Environment.GetEnvironmentVariable("PROXYPROTOCOL_UPDATE_BASELINES") == "1";

    /// <summary>A baseline as the generator emits it (the version token replaced by this generator's version).</summary>
    internal static string Read(string folder, string name) =>
        File.ReadAllText(PathOf(folder, name)).ReplaceLineEndings("\n").Replace(TokenText, VersionText, StringComparison.Ordinal);

    /// <summary>The baselines of a folder, by hint name.</summary>
    internal static IEnumerable<string> HintNames(string folder) =>
        Directory.GetFiles(Folder(folder), "*.generated.txt").Select(f => Path.GetFileName(f)[..^".generated.txt".Length] + ".cs").Order(StringComparer.Ordinal);

    /// <summary>Writes the generator's output for <paramref name="compilation"/> as baselines, each named after its hint
    /// name, or all under <paramref name="name"/> when there is one (only when updating).</summary>
    internal static void UpdateFrom(string folder, Compilation compilation, string? name = null, params AdditionalText[] files)
    {
        if (!Updating)
        {
            return;
        }

        var sources = GeneratorHarness.Run(compilation, files).Result.Results.Single().GeneratedSources;
        if (name is null && Directory.Exists(Folder(folder)))
        {
            Directory.Delete(Folder(folder), recursive: true); // a type no longer generated leaves no stale baseline
        }

        Directory.CreateDirectory(Folder(folder));
        foreach (var source in sources)
        {
            File.WriteAllText(PathOf(folder, name ?? source.HintName), source.SourceText.ToString().Replace(VersionText, TokenText, StringComparison.Ordinal));
        }
    }

    private static string PathOf(string folder, string name) =>
        Path.Combine(Folder(folder), (name.EndsWith(".cs", StringComparison.Ordinal) ? Path.GetFileNameWithoutExtension(name) : name) + ".generated.txt");

    private static string Folder(string folder) => Path.Combine(GeneratorHarness.TestDirectory(), "Baselines", folder);
}
