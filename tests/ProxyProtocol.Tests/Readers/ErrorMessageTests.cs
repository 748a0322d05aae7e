using System.IO.Pipelines;
using System.Net.Sockets;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Readers;

/// <summary>Error messages never contain input bytes unless <see cref="ProxyParserOptions.IncludeInputInErrors"/> is on.</summary>
public sealed class ErrorMessageTests
{
    private static readonly byte[] Secret = Hex.Ascii("PROXY TCP4 203.0.113.77 999.88.77.66 4242 4343\r\n");
    private static readonly ProxyParserOptions WithInput = new() { IncludeInputInErrors = true };

    private static readonly string[] Leaks = ["203.0.113", "999.88", "4242", Convert.ToHexString(Hex.Ascii("999.88")), Convert.ToHexString(Hex.Ascii("203.0"))];

    public static TheoryData<string> Readers => new() { "pipe", "stream", "socket" };

    private static async Task<ProxyProtocolException> FailAsync(string reader, byte[] input, ProxyParserOptions? options)
    {
        switch (reader)
        {
            case "pipe":
                var pipe = new Pipe();
                await pipe.Writer.WriteAsync(input);
                await pipe.Writer.CompleteAsync();
                return await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(pipe.Reader, options));
            case "stream":
                return await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(new MemoryStream(input), options));
            default:
                using (var pair = await Loopback.ConnectAsync())
                {
                    await pair.Client.SendAsync(input);
                    pair.Client.Shutdown(SocketShutdown.Send);
                    return await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(pair.Server, options));
                }
        }
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Invalid_header_error_never_echoes_the_input_by_default(string reader)
    {
        var ex = await FailAsync(reader, Secret, null);
        Assert.Equal(ProxyError.V1InvalidDestinationAddress, ex.Error);
        Assert.Equal(24, ex.Offset);
        var text = ex.ToString();
        Assert.All(Leaks, leak => Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Truncated_header_error_never_echoes_the_input_by_default(string reader)
    {
        var ex = await FailAsync(reader, Secret.AsSpan(0, 30).ToArray(), null);
        Assert.Equal(ProxyError.Truncated, ex.Error);
        var text = ex.ToString();
        Assert.All(Leaks, leak => Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Input_is_shown_only_when_asked(string reader)
    {
        var ex = await FailAsync(reader, Secret, WithInput);
        Assert.Equal(ProxyError.V1InvalidDestinationAddress, ex.Error);
        Assert.Contains(Convert.ToHexString(Hex.Ascii("999.88")), ex.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
