using System.Net;

namespace ProxyProtocol.Interop.Tests.Harness;

/// <summary>The HelloProxy sample, run as users run it: its own process, from its build output folder, with its appsettings.json.</summary>
internal static class HelloProxySample
{
    public static Task<PeerProcess> StartAsync(ITestOutputHelper output, IPEndPoint endPoint)
    {
        var dll = Dll();
        return PeerProcess.StartAsync(
            "HelloProxy",
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [dll, "--urls", $"http://{Ports.Text(endPoint)}"],
            Path.GetDirectoryName(dll),
            output,
            endPoint);
    }

    private static string Dll()
    {
        // The test project builds the sample (ProjectReference without its assembly) in the same configuration.
        var binDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = binDir.Name;
        var configuration = binDir.Parent!.Name;
        var root = binDir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ProxyProtocol.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var dll = Path.Combine(root.FullName, "samples", "HelloProxy", "bin", configuration, framework, "HelloProxy.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build samples/HelloProxy first.");
        return dll;
    }
}
