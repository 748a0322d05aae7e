namespace ProxyProtocol.Tool;

/// <summary>Reads hex text: whitespace anywhere, an optional <c>0x</c> before any token.</summary>
internal static class HexInput
{
    public static byte[] Parse(IEnumerable<string> parts)
    {
        var digits = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            foreach (var token in part.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.StartsWith('-'))
                {
                    throw new UsageException($"unknown option '{token}'.");
                }

                var t = token.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? token[2..] : token;
                if (!t.All(char.IsAsciiHexDigit))
                {
                    throw new UsageException($"'{token}' is not hex.");
                }

                digits.Append(t);
            }
        }

        if (digits.Length % 2 != 0)
        {
            throw new UsageException("hex input has an odd number of digits.");
        }

        return Convert.FromHexString(digits.ToString());
    }
}
