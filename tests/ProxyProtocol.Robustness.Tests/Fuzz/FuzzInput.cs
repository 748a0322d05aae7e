namespace ProxyProtocol.Robustness.Tests.Fuzz;

/// <summary>A fuzz finding or seed for a theory: shown by name, carried as hex.</summary>
public sealed record FuzzInput(string Name, string Hex)
{
    internal byte[] Bytes => Convert.FromHexString(Hex);

    public override string ToString() => Name;
}
