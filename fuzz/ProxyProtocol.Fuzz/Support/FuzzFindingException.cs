namespace ProxyProtocol.Fuzz.Support;

/// <summary>An invariant did not hold for a fuzz input. Escaping the harness, it is recorded by AFL++ as a crash.</summary>
public sealed class FuzzFindingException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public FuzzFindingException()
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What did not hold.</param>
    public FuzzFindingException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What did not hold.</param>
    /// <param name="innerException">The cause.</param>
    public FuzzFindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
