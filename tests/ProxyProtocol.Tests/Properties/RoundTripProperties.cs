using CsCheck;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Properties;

/// <summary>Property tests: decode(encode(h)) == h, and re-encoding a decoded header reproduces its bytes.</summary>
public sealed class RoundTripProperties
{
    [Fact]
    public void Decoding_an_encoded_header_gives_the_same_header() =>
        HeaderGenerators.Header.Sample(
            recipe =>
            {
                var header = recipe.Build();
                var bytes = header.Encode();
                Assert.Equal(bytes.Length, header.GetEncodedLength());
                Assert.Equal(bytes.Length, header.HeaderLength);
                Assert.Equal(ProxyParseResult.Complete(bytes.Length), ProxyHeaderParser.Parse(bytes, out var decoded, ParseHarness.AnyTransport));
                Assert.NotNull(decoded);
                Assert.Equal(header, decoded);
                Assert.Equal(header.GetHashCode(), decoded.GetHashCode());
                Assert.Equal(header.Source, decoded.Source);
                Assert.Equal(header.Destination, decoded.Destination);
                Assert.Equal(header.SourceUnixPath, decoded.SourceUnixPath);
                Assert.Equal(header.Tlvs.ToArray(), decoded.Tlvs.ToArray());
            },
            iter: 2000);

    [Fact]
    public void Reencoding_a_decoded_valid_header_reproduces_its_bytes_exactly() =>
        HeaderGenerators.Header.Sample(
            recipe =>
            {
                var bytes = recipe.Build().Encode();
                Assert.True(ProxyHeaderParser.Parse(bytes, out var decoded, ParseHarness.AnyTransport).IsComplete);
                Assert.NotNull(decoded);
                Assert.Equal(bytes, decoded.Encode());
                var span = new byte[bytes.Length + 8];
                Assert.True(decoded.TryEncode(span, out var written));
                Assert.Equal(bytes, span.AsSpan(0, written).ToArray());
            },
            iter: 2000);

    [Fact]
    public void Decoding_never_throws_on_mutated_headers_and_invalid_results_carry_a_reason() =>
        Gen.Select(HeaderGenerators.Header, Gen.Int[0, 700], Gen.Byte).Sample(
            (recipe, at, value) =>
            {
                var bytes = recipe.Build().Encode();
                bytes[at % bytes.Length] = value;
                var result = ProxyHeaderParser.Parse(bytes, out var header, ParseHarness.AnyTransport);
                Assert.Equal(result.IsComplete, header is not null);
                Assert.Equal(result.IsInvalid, result.Error != ProxyError.None);
                if (header is null)
                {
                    return;
                }

                // Whatever was accepted re-encodes to something valid; a v2 header to exactly the bytes received.
                Assert.True(ProxyHeaderParser.Parse(header.Encode(), out var again, ParseHarness.AnyTransport).IsComplete);
                Assert.NotNull(again);
                Assert.Equal(header.Source, again.Source);
                Assert.Equal(header.Destination, again.Destination);
                if (header.Version == ProxyVersion.V2)
                {
                    Assert.Equal(bytes.AsSpan(0, result.BytesConsumed).ToArray(), header.Encode());
                }
            },
            iter: 3000);
}
