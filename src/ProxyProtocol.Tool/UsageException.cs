namespace ProxyProtocol.Tool;

/// <summary>A command-line mistake; reported on stderr with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
