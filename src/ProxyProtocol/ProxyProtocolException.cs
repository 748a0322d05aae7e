using System.Diagnostics.CodeAnalysis;

namespace ProxyProtocol;

/// <summary>Thrown when a PROXY header is invalid, truncated or late. <see cref="Error"/> names the reason.</summary>
/// <remarks>The message never contains bytes of the input.</remarks>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors", Justification = "Every instance carries the ProxyError that names the reason; a message-only instance would have none.")]
public sealed class ProxyProtocolException : Exception
{
    /// <summary>Initializes a new instance for an error at an offset.</summary>
    /// <param name="error">The reason.</param>
    /// <param name="offset">The offset of the offending byte, or -1 when not applicable.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ProxyProtocolException(ProxyError error, int offset, Exception? innerException = null)
        : base(FormatMessage(error, offset), innerException)
    {
        Error = error;
        Offset = offset;
    }

    /// <summary>Gets the reason the header was rejected.</summary>
    public ProxyError Error { get; }

    /// <summary>Gets the offset of the offending byte, or -1 when not applicable.</summary>
    public int Offset { get; }

    private static string FormatMessage(ProxyError error, int offset) =>
        offset >= 0 ? $"{error.GetDescription()} ({error} at offset {offset})" : $"{error.GetDescription()} ({error})";
}
