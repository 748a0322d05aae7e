namespace ProxyProtocol.Interop.Tests.Harness;

/// <summary>A per-test directory for peer configs, pid and log files; removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    internal TempDir() => Directory.CreateDirectory(Path);

    internal string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pp-interop-" + Guid.NewGuid().ToString("N")[..12]);

    internal string File(string name) => System.IO.Path.Combine(Path, name);

    internal string Write(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
