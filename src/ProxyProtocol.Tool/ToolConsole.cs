namespace ProxyProtocol.Tool;

/// <summary>The standard streams a command uses, injectable for tests.</summary>
internal sealed record ToolConsole(TextReader In, TextWriter Out, TextWriter Error);
