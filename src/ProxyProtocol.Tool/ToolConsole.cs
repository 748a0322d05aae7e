namespace ProxyProtocol.Tool;

/// <summary>
/// The standard streams a command uses, injectable for tests. <see cref="BinaryIn"/>/<see cref="BinaryOut"/> carry raw
/// bytes (<c>encode --raw</c>, <c>send</c>); when null, commands fall back to the text streams (UTF-8 / Latin-1).
/// </summary>
internal sealed record ToolConsole(TextReader In, TextWriter Out, TextWriter Error, Stream? BinaryIn = null, Stream? BinaryOut = null);
