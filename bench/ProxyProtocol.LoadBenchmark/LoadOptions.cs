using System.Globalization;

namespace ProxyProtocol.LoadBenchmark;

/// <summary>Command-line options of the load benchmark; every run is bounded in time and in count.</summary>
internal sealed class LoadOptions
{
    public const string Usage = """
        Usage: ProxyProtocol.LoadBenchmark [options]
          --runs N                 measured rounds; each round runs every workload x variant once (default 5, min 1)
          --seconds S              length of one measured run (default 3)
          --warmup S               warm-up per workload x variant before the first round (default 2)
          --new-concurrency N      concurrent clients in the new-connection workload (default 8)
          --keepalive-concurrency N  connections in the keep-alive workload (default 16)
          --max-requests N         cap on requests in one run (default 2000000)
          --workloads LIST         new,keepalive (default both)
          --markdown FILE          also write the tables as Markdown
          --pin                    server on CPU 0, load generator on CPU 1 (Linux, 2+ CPUs, taskset); default: unpinned
          --help
        """;

    public int Runs { get; private set; } = 5;

    public TimeSpan RunTime { get; private set; } = TimeSpan.FromSeconds(3);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(2);

    public int NewConcurrency { get; private set; } = 8;

    public int KeepAliveConcurrency { get; private set; } = 16;

    public int MaxRequests { get; private set; } = 2_000_000;

    public IReadOnlyList<Workload> Workloads { get; private set; } = [Workload.NewConnection, Workload.KeepAlive];

    public string? Markdown { get; private set; }

    public bool Help { get; private set; }

    /// <summary>Where server and load generator run; null when not pinned.</summary>
    public Pinning? Pinning { get; private set; }

    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--runs": o.Runs = Int(Next(), 1, 100); break;
                case "--seconds": o.RunTime = Seconds(Next()); break;
                case "--warmup": o.Warmup = Seconds(Next(), allowZero: true); break;
                case "--new-concurrency": o.NewConcurrency = Int(Next(), 1, 256); break;
                case "--keepalive-concurrency": o.KeepAliveConcurrency = Int(Next(), 1, 256); break;
                case "--max-requests": o.MaxRequests = Int(Next(), 1, 100_000_000); break;
                case "--workloads": o.Workloads = Next().Split(',').Select(ParseWorkload).Distinct().ToArray(); break;
                case "--markdown": o.Markdown = Next(); break;
                case "--pin": o.Pinning = Pinning.Default() ?? throw new ArgumentException("--pin needs Linux, 2+ CPUs and taskset"); break;
                case "--help" or "-h": o.Help = true; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return o;
    }

    private static Workload ParseWorkload(string s) => s.Trim() switch
    {
        "new" => Workload.NewConnection,
        "keepalive" => Workload.KeepAlive,
        _ => throw new ArgumentException($"unknown workload {s}"),
    };

    private static int Int(string s, int min, int max)
    {
        var v = int.Parse(s, CultureInfo.InvariantCulture);
        return v < min || v > max ? throw new ArgumentException($"{v} is outside {min}..{max}") : v;
    }

    private static TimeSpan Seconds(string s, bool allowZero = false)
    {
        var v = double.Parse(s, CultureInfo.InvariantCulture);
        return v < 0 || (v == 0 && !allowZero) || v > 60 ? throw new ArgumentException($"{v} s is outside 0..60") : TimeSpan.FromSeconds(v);
    }
}

internal enum Workload
{
    NewConnection,
    KeepAlive,
}

internal enum Variant
{
    Plain,
    V1,
    V2TlvsCrc,
}
