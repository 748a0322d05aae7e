namespace ProxyProtocol.Robustness.Tests.Fuzz;

/// <summary>
/// Every crash AFL++ found, minimised by hand where it helped, with the target that found it. Each stays here as a
/// regression test: the target's invariants must hold for it from now on.
/// </summary>
public static class FuzzFindings
{
    /// <summary>Gets the findings by target.</summary>
    public static TheoryData<string, FuzzInput> All { get; } = new()
    {
        // The version filter answered VersionNotAccepted on a signature prefix, then UnrecognizedSignature (or a v1
        // field error) once more bytes arrived: the verdict depended on the split.
        { "span", new("v1-only-sees-broken-v2-signature", "0d0a0d1f") },
        { "span", new("v2-only-sees-broken-v1-prefix", "50524f58592c") },
    };
}
