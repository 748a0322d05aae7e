namespace ProxyProtocol.Robustness.Tests.Fuzz;

/// <summary>The verdict on a byte stream must not depend on how TCP cut it: every prefix is Incomplete or final.</summary>
internal static class SplitStability
{
    internal static void AssertEveryPrefixAgrees(byte[] input, ProxyParserOptions? options = null)
    {
        var whole = ProxyHeaderParser.Validate(input, options);
        for (var length = 0; length < input.Length; length++)
        {
            var prefix = ProxyHeaderParser.Validate(input.AsSpan(0, length), options);
            if (!prefix.IsIncomplete)
            {
                Assert.True(whole == prefix, $"{length}-byte prefix: {prefix}; whole input: {whole}");
            }
        }
    }
}
