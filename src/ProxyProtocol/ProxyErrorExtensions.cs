using ProxyProtocol.Internal;

namespace ProxyProtocol;

/// <summary>The stable name and the description of each <see cref="ProxyError"/>.</summary>
public static class ProxyErrorExtensions
{
    /// <summary>
    /// Returns the stable snake_case name of <paramref name="error"/> (for example <c>v1_invalid_protocol</c>), for
    /// logs and metric tags such as <c>error.type</c>. A released name never changes.
    /// </summary>
    /// <param name="error">The error.</param>
    /// <returns>The name, or <c>other</c> for a value that is not defined.</returns>
    public static string GetName(this ProxyError error) =>
        (uint)error < (uint)ErrorTable.Rows.Length ? ErrorTable.Rows[(int)error].Name : "other";

    /// <summary>Returns a one-sentence description of <paramref name="error"/> that never contains input bytes.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The description.</returns>
    public static string GetDescription(this ProxyError error) =>
        (uint)error < (uint)ErrorTable.Rows.Length ? ErrorTable.Rows[(int)error].Description : "Unknown PROXY protocol error.";
}
