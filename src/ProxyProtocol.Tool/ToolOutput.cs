using System.Text;

namespace ProxyProtocol.Tool;

/// <summary>Raw byte input and output for commands that move bytes rather than text.</summary>
internal static class ToolOutput
{
    public static async Task WriteBytesAsync(ToolConsole console, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (console.BinaryOut is { } stream)
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Latin-1 maps each byte to one char, so a captured text writer still holds every byte.
            await console.Out.WriteAsync(Encoding.Latin1.GetString(bytes.Span)).ConfigureAwait(false);
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<byte[]> ReadStdinAsync(ToolConsole console, CancellationToken cancellationToken)
    {
        if (console.BinaryIn is { } stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }

        return Encoding.UTF8.GetBytes(await console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
    }
}
