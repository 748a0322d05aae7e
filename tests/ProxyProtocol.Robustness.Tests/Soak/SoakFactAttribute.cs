namespace ProxyProtocol.Robustness.Tests.Soak;

/// <summary>A fact that runs only when <c>PROXY_SOAK_MINUTES</c> is set (soak/run.sh sets it); skipped otherwise.</summary>
public sealed class SoakFactAttribute : FactAttribute
{
    internal const string Variable = "PROXY_SOAK_MINUTES";

    public SoakFactAttribute()
    {
        if (Minutes is null)
        {
            Skip = $"soak: set {Variable} (soak/run.sh --minutes N)";
        }
    }

    internal static double? Minutes =>
        double.TryParse(Environment.GetEnvironmentVariable(Variable), System.Globalization.CultureInfo.InvariantCulture, out var m) && m > 0 ? m : null;
}
