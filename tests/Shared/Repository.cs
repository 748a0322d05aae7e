namespace ProxyProtocol.Tests.Shared;

/// <summary>Files of the repository and the programs it builds, found upwards from the test binaries (not from
/// [CallerFilePath]: CI builds map source paths to /_/).</summary>
internal static class Repository
{
    internal static string Root { get; } = FindRoot();

    internal static string File(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    /// <summary>
    /// The assembly a project of the repository built into its own output folder, in the configuration and target
    /// framework of the running tests (a test project builds it through a ProjectReference without its assembly):
    /// <c>BuiltDll("samples/HelloProxy")</c>, <c>BuiltDll("src/ProxyProtocol.Tool", "proxyproto")</c>.
    /// </summary>
    internal static string BuiltDll(string projectFolder, string? assemblyName = null)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(
            File(projectFolder), "bin", testOutput.Parent!.Name, testOutput.Name, (assemblyName ?? Path.GetFileName(projectFolder)) + ".dll");
        Assert.True(System.IO.File.Exists(dll), $"{dll} is missing: build {projectFolder} first.");
        return dll;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "ProxyProtocol.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ProxyProtocol.sln above {AppContext.BaseDirectory}.");
    }
}
