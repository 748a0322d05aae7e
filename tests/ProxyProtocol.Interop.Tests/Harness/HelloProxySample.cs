using System.Net;

namespace ProxyProtocol.Interop.Tests.Harness;

/// <summary>The HelloProxy sample, run as users run it: its own process, from its build output folder, with its appsettings.json.</summary>
internal static class HelloProxySample
{
    internal static Task<TestProcess> StartAsync(ITestOutputHelper output, IPEndPoint endPoint) =>
        TestProcess.StartDotnet(Repository.BuiltDll("samples/HelloProxy"), ["--urls", $"http://{endPoint}"], output)
            .ListeningOnAsync(TimeSpan.FromSeconds(15), endPoint);
}
