using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace ProxyProtocol.Fuzz.Support;

/// <summary>Invariant checks that throw <see cref="FuzzFindingException"/> (not Debug.Assert: Release builds are fuzzed).</summary>
internal static class Check
{
    public static void That([DoesNotReturnIf(false)] bool condition, [CallerArgumentExpression(nameof(condition))] string? expression = null)
    {
        if (!condition)
        {
            throw new FuzzFindingException($"Invariant failed: {expression}");
        }
    }

    public static void Equal<T>(T expected, T actual, [CallerArgumentExpression(nameof(actual))] string? expression = null)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new FuzzFindingException($"Invariant failed: {expression} was {actual}, expected {expected}");
        }
    }
}
