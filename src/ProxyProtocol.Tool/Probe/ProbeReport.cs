using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ProxyProtocol.Tool.Probe;

/// <summary>A probe run as a table for people or as one JSON object for scripts.</summary>
internal sealed class ProbeReport(string target, ProbeSettings settings, ProbeRun run)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(C, $"proxyproto probe {target}: {run.Results.Count} {(run.Results.Count == 1 ? "case" : "cases")}, {settings.Concurrency} at a time, {Seconds(settings.CaseTimeout.TotalSeconds)} s each\n");
        if (run.Results.Count > 0)
        {
            string[] head = ["case", "expected", "observed", "verdict", "detail"];
            var rows = run.Results.Select(r => new[] { r.Case.Name, Expected(r), Observed(r), r.Allowed ? "allowed" : r.Ok ? "ok" : "FAIL", Detail(r) }).ToList();
            var widths = Enumerable.Range(0, 4).Select(i => rows.Append(head).Max(row => row[i].Length)).ToArray();
            text.Append('\n');
            foreach (var row in rows.Prepend(head))
            {
                text.AppendJoin("  ", row.Take(4).Select((cell, i) => cell.PadRight(widths[i]))).Append("  ").Append(row[4]).Append('\n');
            }
        }

        var behaviours = Behaviours().ToList();
        if (behaviours.Count > 0)
        {
            text.Append("\nBehaviour (reported, not judged):\n");
            var width = behaviours.Max(b => b.Name.Length);
            foreach (var (name, detail) in behaviours)
            {
                text.Append(C, $"  {name.PadRight(width)}  {detail}\n");
            }
        }

        text.Append(C, $"\n{run.Passed} passed");
        if (run.Results.Count(r => r.Allowed) is var allowed and > 0)
        {
            text.Append(C, $" ({allowed} of them allowed: the spec permits, but does not require, what the server did)");
        }

        text.Append(C, $", {run.Failed} failed");
        text.Append(run.Failed == 0 ? ": every case behaved as the spec requires.\n" : ": the server does not behave as the spec requires in the FAIL cases.\n");
        if (run.Results.FirstOrDefault(r => r.SpokeFirst) is { } spoke)
        {
            text.Append(C, $"The server spoke before any header ({spoke.Case.Name}): its replies do not show whether it accepted a header, so the other verdicts cannot be trusted.\n");
        }

        return text.ToString();
    }

    /// <summary>The one JSON object of a run that reached no verdict: the target and why, without cases or counts.</summary>
    public static string ErrorJson(string target, string error) => Json(json =>
    {
        json.WriteString("target", target);
        json.WriteString("error", error);
    });

    public string ToJson() => Json(json =>
    {
        json.WriteString("target", target);
        json.WriteNull("error");
        json.WriteStartArray("cases");
        foreach (var r in run.Results)
        {
            json.WriteStartObject();
            json.WriteString("name", r.Case.Name);
            json.WriteString("expect", Expected(r));
            json.WriteBoolean("required", r.Case.Required);
            json.WriteString("observed", Observed(r));
            json.WriteBoolean("ok", r.Ok);
            json.WriteString("detail", Detail(r));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("passed", run.Passed);
        json.WriteNumber("failed", run.Failed);
        WriteNumber(json, "stall_seconds", run.Stall?.Seconds is { } s ? Math.Round(s, 3) : null);
        WriteBoolean(json, "stall_ended", run.Stall?.Ended);
        WriteNumber(json, "largest_header_accepted", run.LargestHeader is { Failure: null } largest ? largest.Accepted : null);
        WriteBoolean(json, "claimed_address_shown", run.Claim?.Shown);
        WriteBoolean(json, "server_spoke_first", run.Results.FirstOrDefault(r => r.Case.Expectation == ProbeExpectation.NoReply)?.SpokeFirst);
        json.WriteStartObject("behaviours");
        foreach (var (name, detail) in Behaviours())
        {
            json.WriteString(name, detail);
        }

        json.WriteEndObject();
    });

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Expected(ProbeResult r) => r.ExpectAccept ? "accept" : "reject";

    private static string Observed(ProbeResult r) => r.Outcome.Observed.ToString().ToLowerInvariant();

    private static string Detail(ProbeResult r)
    {
        var detail = Describe(r.Outcome);
        if (r.Outcome.Observed == ProbeObserved.Accepted && r.Claimed is { } claimed && ReplyText.Shows(r.Outcome.Reply, claimed))
        {
            detail += $"; shows the claimed client {claimed}";
        }

        if (r.Outcome.Observed == ProbeObserved.Accepted && r.ClaimedAsSent is { } asSent && ReplyText.Shows(r.Outcome.Reply, asSent))
        {
            detail += $"; shows the claimed client as sent, {asSent}";
        }

        if (r.Waited)
        {
            detail += " (waiting for a header, as it must)";
        }
        else if (r.SpokeFirst)
        {
            detail += "; the server spoke before any header";
        }

        return r.Allowed ? $"{detail} (allowed: {r.Case.Allowance})" : detail;
    }

    private static string Describe(ProbeOutcome o) => o switch
    {
        { Failure: { } failure } => failure.ToString(),
        { Observed: ProbeObserved.Accepted } => $"replied after {Seconds(o.Elapsed.TotalSeconds)} s: {ReplyText.FirstLine(o.Reply)}",
        { Observed: ProbeObserved.Rejected } => $"{(o.Reset ? "reset" : "closed")} after {Seconds(o.Elapsed.TotalSeconds)} s without a reply",
        _ => $"no reply, still open after {Seconds(o.Elapsed.TotalSeconds)} s",
    };

    private IEnumerable<(string Name, string Detail)> Behaviours()
    {
        if (run.Stall is { } stall)
        {
            yield return (ProbeBehaviours.Stall, stall.Outcome switch
            {
                { Failure: not null } => Describe(stall.Outcome),
                { Observed: ProbeObserved.Timeout } => $"still held a half header after {Seconds(stall.Seconds)} s (--max-wait)",
                { Observed: ProbeObserved.Accepted } => $"replied to a half header after {Seconds(stall.Seconds)} s: {ReplyText.FirstLine(stall.Outcome.Reply)}",
                _ => $"held a half header for {Seconds(stall.Seconds)} s, then {(stall.Outcome.Reset ? "reset" : "closed")} the connection",
            });
        }

        if (run.LargestHeader is { } largest)
        {
            yield return (ProbeBehaviours.LargestHeader, largest switch
            {
                { Failure: { } failure } => $"{failure} while bisecting" + (largest.Accepted is { } so ? $" ({so} bytes accepted so far)" : string.Empty),
                { Accepted: null } => $"no v2 header accepted, not even {largest.Refused} bytes",
                { Refused: null } => $"every size accepted, up to the v2 maximum of {largest.Accepted} bytes",
                _ => $"{largest.Accepted} bytes accepted, {largest.Refused} refused",
            });
        }

        if (run.Claim is { } claim)
        {
            yield return (ProbeBehaviours.ClaimedAddress, claim.Shown switch
            {
                true => $"the reply shows the client a header claims ({claim.Claimed})",
                false => $"the reply does not show the claimed client {claim.Claimed} (the server may not echo clients)",
                null => $"no reply to a valid header: {Describe(claim.Outcome)}",
            });
        }
    }

    private static string Seconds(double seconds) => seconds.ToString(seconds < 1 ? "0.000" : "0.###", C);

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteBoolean(Utf8JsonWriter json, string name, bool? value)
    {
        if (value is { } v)
        {
            json.WriteBoolean(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
