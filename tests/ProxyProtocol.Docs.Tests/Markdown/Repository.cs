namespace ProxyProtocol.Docs.Tests.Markdown;

/// <summary>Files of the repository, found upwards from the test binaries (not from [CallerFilePath]: CI builds map
/// source paths to /_/).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string File(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

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
