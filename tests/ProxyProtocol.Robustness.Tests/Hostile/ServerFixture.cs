namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>One server process (header timeout 3 s) shared by a test class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    internal static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(3);

    internal ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerProcess.StartAsync(HeaderTimeout);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
