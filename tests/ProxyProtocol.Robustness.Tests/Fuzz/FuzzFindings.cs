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
        // A v1 field's separator was judged before its content: the same bytes gave a field error when the
        // separator had not arrived yet and a separator or line-ending error once it had.
        { "span", new("v1-destination-garbage-then-cr", "50524f58592054435034203139322e302e322e31203139382e35312e31000001002e302e322e310d") },
        { "span", new("v1-source-garbage-then-cr", "50524f58592054435036203139322e302e321d0d") },
        { "span", new("v1-port-sign-then-cr", "50524f58592054435034203139322e302e322e31203139372e35312e3130302e32202b384000320d") },
        { "span", new("v1-source-garbage-then-lf", "50524f58592054435036203ac431ffff7fff0a") },
        { "span", new("v1-last-port-garbage-then-space", "50524f58592054435036203a3a3120323030313a6462383a3a666630303a34323a38333239203020303a3436353a3833323920") },
        { "span", new("v1-last-port-garbage-then-lf", "50524f58592054435036203230313a6462383a3a31203132372e302e302e31203536333234203434330f0a") },
        { "sequence", new("reader-v1-port-garbage-then-lf-bytewise", "ffff50524f58592054435034203139322e302e322e31203139382e35312e3130302e322035360000007f1834330a") },
        { "sequence", new("reader-v1-address-garbage-then-separator", "000850524f58592054435034203a3affff0c0a0d0aaa0d0a515549540a") },
    };
}
