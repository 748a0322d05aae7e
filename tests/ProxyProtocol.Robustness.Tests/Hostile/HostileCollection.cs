namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>Load tests run one at a time: they measure a server process and share two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileCollection
{
    internal const string Name = "Hostile clients";
}
