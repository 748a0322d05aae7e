using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ProxyProtocol;

// Parses one input of bench/inputs.json `count` times: the loop bench/instructions.sh counts under callgrind.
// Usage: ProxyProtocol.InstructionCounts <input> <validate|parse> <count>
if (args is not [var name, var mode and ("validate" or "parse"), var countText]
    || !int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
{
    Console.Error.WriteLine("usage: ProxyProtocol.InstructionCounts <input> <validate|parse> <count>");
    return 2;
}

using var stream = typeof(Loops).Assembly.GetManifestResourceStream("inputs.json")!;
using var json = JsonDocument.Parse(stream);
var input = Convert.FromHexString(json.RootElement.GetProperty(name).GetString()!);
Console.WriteLine(mode == "validate" ? Loops.Validate(input, count) : Loops.Parse(input, count));

return 0;

/// <summary>The measured loops; callgrind counts only inside them (<c>--toggle-collect</c>).</summary>
internal static class Loops
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Validate(byte[] input, int count)
    {
        long sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += ProxyHeaderParser.Validate(input).BytesConsumed;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Parse(byte[] input, int count)
    {
        long sum = 0;
        for (var i = 0; i < count; i++)
        {
            ProxyHeaderParser.Parse(input, out var header);
            sum += header!.HeaderLength;
        }

        return sum;
    }
}
