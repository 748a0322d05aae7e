using System.CommandLine;
using System.Globalization;

namespace ProxyProtocol.Tool.Commands;

/// <summary>The <c>--data</c> flag of <c>send</c> and <c>probe</c>: TEXT with escapes, <c>@FILE</c>, or <c>-</c> for stdin.</summary>
internal static class DataInput
{
    public static Option<string?> CreateOption(string description) => new("--data") { Description = description, HelpName = "TEXT|@FILE|-" };

    /// <summary>The bytes the flag names, or null when it was not given.</summary>
    public static async Task<byte[]?> ReadAsync(string? data, ToolConsole console, CancellationToken cancellationToken)
    {
        switch (data)
        {
            case null:
                return null;
            case "-":
                return await ToolOutput.ReadStdinAsync(console, cancellationToken).ConfigureAwait(false);
            case ['@', .. var path]:
                try
                {
                    return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"--data: cannot read {path}: {ex.Message}");
                }

            default:
                return Unescape(data);
        }
    }

    /// <summary>Turns <c>\r \n \t \0 \\ \xHH</c> into bytes; everything else is sent as UTF-8.</summary>
    internal static byte[] Unescape(string text)
    {
        using var bytes = new MemoryStream();
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\')
            {
                var rune = System.Text.Rune.GetRuneAt(text, i);
                bytes.Write(utf8[..rune.EncodeToUtf8(utf8)]);
                i += rune.Utf16SequenceLength - 1;
                continue;
            }

            if (++i == text.Length)
            {
                throw new UsageException("--data ends with a lone backslash (write \\\\ for one).");
            }

            switch (text[i])
            {
                case 'r': bytes.WriteByte((byte)'\r'); break;
                case 'n': bytes.WriteByte((byte)'\n'); break;
                case 't': bytes.WriteByte((byte)'\t'); break;
                case '0': bytes.WriteByte(0); break;
                case '\\': bytes.WriteByte((byte)'\\'); break;
                case 'x' when i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b):
                    bytes.WriteByte(b);
                    i += 2;
                    break;
                default:
                    throw new UsageException($"--data: unknown escape '\\{text[i]}' (known: \\r \\n \\t \\0 \\\\ \\xHH).");
            }
        }

        return bytes.ToArray();
    }
}
