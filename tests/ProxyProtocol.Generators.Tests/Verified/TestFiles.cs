using Microsoft.CodeAnalysis;

namespace ProxyProtocol.Generators.Tests.Verified;

/// <summary>
/// Repository files and the checked-in generated code under Baselines/ (shared with <see cref="BaselineTests"/>). With
/// <c>PROXYPROTOCOL_UPDATE_BASELINES=1</c> a test first rewrites its baselines from a plain generator run (then the
/// diff is reviewed), and verifies against them as usual.
/// </summary>
internal static class TestFiles
{
    /// <summary>Tests that read or rewrite Baselines/ run one at a time, so an update never races a read.</summary>
    public const string BaselineCollection = "Baselines";

    public static string RepositoryFile(string relative) => GeneratorHarness.RepositoryFile(relative);

    public static bool Updating => Environment.GetEnvironmentVariable("PROXYPROTOCOL_UPDATE_BASELINES") == "1";

    public static string Read(string folder, string hintName) => File.ReadAllText(PathOf(folder, hintName)).ReplaceLineEndings("\n");

    public static IEnumerable<string> HintNames(string folder) =>
        Directory.GetFiles(Folder(folder), "*.generated.txt").Select(f => Path.GetFileName(f)[..^".generated.txt".Length] + ".cs").Order(StringComparer.Ordinal);

    /// <summary>Writes the generator's output for <paramref name="compilation"/> as baselines (only when updating).</summary>
    public static void UpdateFrom(string folder, Compilation compilation, params AdditionalText[] files)
    {
        if (!Updating)
        {
            return;
        }

        var sources = GeneratorHarness.Run(compilation, files).Result.Results.Single().GeneratedSources;
        Directory.CreateDirectory(Folder(folder));
        foreach (var source in sources)
        {
            File.WriteAllText(PathOf(folder, source.HintName), source.SourceText.ToString());
        }
    }

    private static string PathOf(string folder, string hintName) =>
        Path.Combine(Folder(folder), Path.GetFileNameWithoutExtension(hintName) + ".generated.txt");

    private static string Folder(string folder) => Path.Combine(GeneratorHarness.TestDirectory(), "Baselines", folder);
}
