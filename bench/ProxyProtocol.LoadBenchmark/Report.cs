using System.Globalization;
using System.Text;

namespace ProxyProtocol.LoadBenchmark;

/// <summary>Markdown tables: per workload and variant, min / median / max over the rounds, ratios against plain taken within each round.</summary>
internal static class Report
{
    public static string Build(LoadOptions o, Dictionary<(Workload, Variant), List<RunResult>> results, List<string> loads)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Invariant($"Rounds: {o.Runs}; {o.RunTime.TotalSeconds:0.###} s per run; new-connection clients {o.NewConcurrency}, keep-alive connections {o.KeepAliveConcurrency}; load average per round: {string.Join(" | ", loads)}"));
        foreach (var workload in o.Workloads)
        {
            var isNew = workload == Workload.NewConnection;
            var plain = results[(workload, Variant.Plain)];
            sb.AppendLine();
            sb.AppendLine(Invariant($"### {Orchestrator.Name(workload)} (min / median / max over {plain.Count} rounds)"));
            sb.AppendLine();
            sb.AppendLine(isNew
                ? "| variant | connections/s | vs plain (same round) | vs plain: mean of rounds (95% CI) | p50 µs | p99 µs | server CPU µs/connection | plain's CPU / this (same round) | server busy | server B/connection | PROXY B/connection (− plain) | errors |"
                : "| variant | requests/s | vs plain (same round) | vs plain: mean of rounds (95% CI) | p50 µs | p99 µs | server CPU µs/request | plain's CPU / this (same round) | server busy | server B/request | PROXY B/request (− plain) | errors |");
            sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var variant in new[] { Variant.Plain, Variant.V1, Variant.V2TlvsCrc })
            {
                var runs = results[(workload, variant)];
                var rate = Spread.Of(runs.Select(r => isNew ? r.ConnectionsPerSecond : r.RequestsPerSecond));
                var ratios = runs.Select((r, i) => (isNew ? r.ConnectionsPerSecond : r.RequestsPerSecond) / (isNew ? plain[i].ConnectionsPerSecond : plain[i].RequestsPerSecond)).ToArray();
                var ratio = Spread.Of(ratios);
                var p50 = Spread.Of(runs.Select(r => r.P50Microseconds));
                var p99 = Spread.Of(runs.Select(r => r.P99Microseconds));
                var mean = GeometricMean(ratios);
                var cpu = Spread.Of(runs.Select(r => r.CpuPerRequestMicroseconds));
                var cpuRatio = Spread.Of(runs.Select((r, i) => plain[i].CpuPerRequestMicroseconds / r.CpuPerRequestMicroseconds));
                var busy = Spread.Of(runs.Select(r => r.ServerBusy));
                var alloc = Spread.Of(runs.Select(r => isNew ? r.AllocatedPerConnection : r.AllocatedPerRequest));

                // New connection: the per-connection difference within a round. Keep-alive: the per-request difference (the
                // header's own cost is spread over a whole run's requests there and drowns in noise).
                var extra = Spread.Of(runs.Select((r, i) => isNew
                    ? r.AllocatedPerConnection - plain[i].AllocatedPerConnection
                    : r.AllocatedPerRequest - plain[i].AllocatedPerRequest));

                // All rounds together: every byte over every connection (or request), less plain's.
                var pooledExtra = (double)runs.Sum(r => r.ServerAllocated) / runs.Sum(r => isNew ? r.Connections : r.Requests)
                    - ((double)plain.Sum(r => r.ServerAllocated) / plain.Sum(r => isNew ? r.Connections : r.Requests));
                sb.AppendLine(Invariant($"| {Orchestrator.Name(variant)} | {F(rate, "0")} | {(variant == Variant.Plain ? "1" : P(ratio))} | {(variant == Variant.Plain ? "1" : mean)} | {F(p50, "0")} | {F(p99, "0")} | {F(cpu, "0.0")} | {(variant == Variant.Plain ? "1" : P(cpuRatio))} | {P(busy, "0")} | {F(alloc, "0")} | {(variant == Variant.Plain ? "–" : F(extra, "0") + Invariant($"; all rounds {pooledExtra:0}"))} | {runs.Sum(r => r.Errors)} |"));
            }
        }

        return sb.ToString();
    }

    /// <summary>The geometric mean of same-round ratios with a 95% confidence interval (t distribution on the logs), so
    /// many short rounds give a figure whose uncertainty is stated rather than guessed from the spread.</summary>
    private static string GeometricMean(double[] ratios)
    {
        var logs = ratios.Where(r => r > 0 && !double.IsNaN(r)).Select(r => Math.Log(r)).ToArray();
        if (logs.Length < 2)
        {
            return logs.Length == 1 ? (Math.Exp(logs[0]) * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";
        }

        var m = logs.Average();
        var sd = Math.Sqrt(logs.Sum(l => (l - m) * (l - m)) / (logs.Length - 1));
        double df = logs.Length - 1;
        var t = 1.96 + (2.37 / df) + (2.8 / (df * df)); // t(0.975, df), close enough from 4 degrees of freedom up
        var half = t * sd / Math.Sqrt(logs.Length);
        return Invariant($"{Math.Exp(m) * 100:0.0}% ({Math.Exp(m - half) * 100:0.0}–{Math.Exp(m + half) * 100:0.0}%)");
    }

    private static string F(Spread s, string format) =>
        string.Join(" / ", new[] { s.Min, s.Median, s.Max }.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    private static string P(Spread s, string format = "0.0") =>
        string.Join(" / ", new[] { s.Min, s.Median, s.Max }.Select(v => (v * 100).ToString(format, CultureInfo.InvariantCulture) + "%"));

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
