using System.CommandLine;
using System.Globalization;
using System.Text;
using ProxyProtocol.Tool.Probe;

namespace ProxyProtocol.Tool.Commands;

/// <summary>
/// <c>proxyproto probe</c>: runs the case table against a PROXY-enabled server, one connection per case, and judges
/// each by the reply bytes: does the server accept what the spec requires it to accept and reject the rest?
/// </summary>
internal static class ProbeCommand
{
    public static Command Create(ToolConsole console)
    {
        var target = new Argument<string?>("target") { Description = "The PROXY-enabled server, host:port ([v6]:port for IPv6).", Arity = ArgumentArity.ZeroOrOne };
        var data = DataInput.CreateOption(
            "Bytes to send after each header: TEXT (escapes \\r \\n \\t \\0 \\\\ \\xHH), @FILE, or - for stdin. " +
            "Default: GET / HTTP/1.1 with Host and Connection: close. Empty ('') sends each header alone, for a server that speaks first; " +
            "no-header then sends the default.");
        var headerOptional = new Option<bool>("--header-optional")
        {
            Description = "The server also serves clients that send no header: expect 'no-header' and 'tls-no-header' to be accepted.",
        };
        var caseTimeout = new Option<double>("--timeout") { Description = "Seconds each connection is given to answer or close.", HelpName = "seconds", DefaultValueFactory = _ => 5 };
        var maxWait = new Option<double>("--max-wait") { Description = "Seconds to wait for the server to drop a stalled half header.", HelpName = "seconds", DefaultValueFactory = _ => 15 };
        var concurrency = new Option<int>("--concurrency") { Description = "Connections open at once.", HelpName = "n", DefaultValueFactory = _ => 4 };
        var cases = new Option<string[]>("--case") { Description = "Run only this case or behaviour (repeatable; see --list).", HelpName = "name", AllowMultipleArgumentsPerToken = false };
        var list = new Option<bool>("--list") { Description = "List the cases and behaviours, then exit." };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object, for scripts." };
        var command = new Command(
            "probe",
            "Judge a PROXY-enabled server's strictness: send valid and invalid headers, one connection per case, and see\n" +
            "which it accepts (reply bytes came back), rejects (closed or reset without a reply) or leaves hanging (timeout).\n" +
            "Also reports how long it holds a stalled half header, the largest v2 header it takes, and whether it shows the\n" +
            "client a header claims. Exit 0 when every case behaves as the spec requires, 1 otherwise or when the server\n" +
            "cannot be reached, 2 usage.\n" +
            "Example: proxyproto probe 127.0.0.1:8080 --max-wait 5")
        {
            target, data, headerOptional, caseTimeout, maxWait, concurrency, cases, list, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            const string Name = "proxyproto probe";
            if (parse.GetValue(list))
            {
                await console.Out.WriteAsync(List()).ConfigureAwait(false);
                return Cli.ExitOk;
            }

            ProbeSettings settings;
            string targetText;
            try
            {
                var text = parse.GetValue(target) ?? throw new UsageException("give the server to probe as host:port (or --list).");
                var endPoint = EndpointText.ParseHost(text, "target");
                targetText = EndpointText.Format(endPoint);
                var (selected, behaviours) = Select(parse.GetValue(cases) ?? []);
                var bytes = await DataInput.ReadAsync(parse.GetValue(data), console, cancellationToken).ConfigureAwait(false) ?? ProbeSettings.DefaultRequest(endPoint);
                settings = new ProbeSettings(
                    endPoint,
                    bytes,
                    parse.GetValue(headerOptional),
                    Seconds(parse.GetValue(caseTimeout), "--timeout", 0.1, 60),
                    Seconds(parse.GetValue(maxWait), "--max-wait", 0.1, 600),
                    parse.GetValue(concurrency) is var n and >= 1 and <= 64 ? n : throw new UsageException("--concurrency must be from 1 to 64."),
                    selected,
                    behaviours);
            }
            catch (UsageException ex)
            {
                return await Cli.UsageAsync(console, Name, ex.Message).ConfigureAwait(false);
            }

            ProbeRun? run;
            string? unreachable;
            try
            {
                (run, unreachable) = await ProbeRunner.RunAsync(settings, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return await NoVerdictAsync("interrupted; no verdict").ConfigureAwait(false);
            }

            if (run is null)
            {
                return await NoVerdictAsync($"cannot connect to {targetText}: {unreachable}").ConfigureAwait(false);
            }

            var report = new ProbeReport(targetText, settings, run);
            await console.Out.WriteAsync(parse.GetValue(json) ? report.ToJson() : report.ToText()).ConfigureAwait(false);
            return run.Failed == 0 ? Cli.ExitOk : Cli.ExitInvalid;

            // A run without a verdict says why on stderr and, with --json, in the one object it promised.
            async Task<int> NoVerdictAsync(string error)
            {
                await console.Error.WriteLineAsync($"{Name}: {error}.").ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    await console.Out.WriteAsync(ProbeReport.ErrorJson(targetText, error)).ConfigureAwait(false);
                }

                return Cli.ExitInvalid;
            }
        });
        return command;
    }

    private static (IReadOnlyList<ProbeCase> Cases, IReadOnlySet<string> Behaviours) Select(string[] names)
    {
        var behaviourNames = ProbeRunner.BehaviourNames.Select(b => b.Name).ToList();
        if (names.Length == 0)
        {
            return (ProbeCases.All, behaviourNames.ToHashSet());
        }

        var unknown = names.FirstOrDefault(n => !behaviourNames.Contains(n) && ProbeCases.All.All(c => c.Name != n));
        if (unknown is not null)
        {
            throw new UsageException($"--case '{unknown}': no such case or behaviour (see --list).");
        }

        return (ProbeCases.All.Where(c => names.Contains(c.Name)).ToList(), behaviourNames.Where(names.Contains).ToHashSet());
    }

    private static string List()
    {
        var text = new StringBuilder();
        var width = ProbeCases.All.Select(c => c.Name).Concat(ProbeRunner.BehaviourNames.Select(b => b.Name)).Max(n => n.Length);
        text.Append("Cases (judged):\n");
        foreach (var c in ProbeCases.All)
        {
            var expect = c.Expectation switch
            {
                ProbeExpectation.Accept => "accept",
                ProbeExpectation.AcceptOrDrop => $"accept, or drop: {c.Allowance}",
                ProbeExpectation.Reject => "reject",
                ProbeExpectation.RejectOrAccept => $"reject, or accept: {c.Allowance}",
                ProbeExpectation.NoReply => "no reply",
                _ => "reject (accept with --header-optional)",
            };
            text.Append(CultureInfo.InvariantCulture, $"  {c.Name.PadRight(width)}  {c.Description}; expect {expect}\n");
        }

        text.Append("Behaviours (reported):\n");
        foreach (var (name, description) in ProbeRunner.BehaviourNames)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {name.PadRight(width)}  {description}\n");
        }

        return text.ToString();
    }

    private static TimeSpan Seconds(double value, string flag, double min, double max) =>
        value >= min && value <= max
            ? TimeSpan.FromSeconds(value)
            : throw new UsageException($"{flag} must be from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} seconds.");
}
