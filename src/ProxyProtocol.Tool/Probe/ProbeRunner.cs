using System.Net;
using System.Text;

namespace ProxyProtocol.Tool.Probe;

/// <summary>What <c>proxyproto probe</c> was asked to do.</summary>
/// <param name="Data">The bytes after each header (<c>--data</c>, by default <see cref="DefaultRequest"/>); may be empty.</param>
internal sealed record ProbeSettings(
    EndPoint Target,
    byte[] Data,
    bool HeaderOptional,
    TimeSpan CaseTimeout,
    TimeSpan MaxWait,
    int Concurrency,
    IReadOnlyList<ProbeCase> Cases,
    IReadOnlySet<string> Behaviours)
{
    /// <summary>The data when <c>--data</c> is not given: an HTTP/1.1 GET that asks the server to close when done.</summary>
    public static byte[] DefaultRequest(EndPoint target) =>
        Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {EndpointText.Format(target)}\r\nUser-Agent: proxyproto-probe\r\nConnection: close\r\n\r\n");

    /// <summary>What a case sends after its bytes: <see cref="Data"/>, but never nothing where the data is all it sends.</summary>
    public byte[] DataFor(ProbeCase probeCase) => probeCase.Delivery == ProbeDelivery.DataOnly && Data.Length == 0 ? DefaultRequest(Target) : Data;
}

/// <summary>One case's verdict, and the client its header claimed (<see cref="ProbeBytes"/>).</summary>
internal sealed record ProbeResult(ProbeCase Case, bool ExpectAccept, ProbeOutcome Outcome, IPAddress? Claimed, string? ClaimedAsSent = null)
{
    /// <summary>
    /// True when the server did what the spec allows instead of what it expects: dropped a case it may drop, or accepted
    /// one it may accept (a connection that failed is neither).
    /// </summary>
    public bool Allowed => Outcome.Failure is null && Case.Expectation switch
    {
        ProbeExpectation.AcceptOrDrop => Outcome.Observed == ProbeObserved.Rejected,
        ProbeExpectation.RejectOrAccept => Outcome.Observed == ProbeObserved.Accepted,
        _ => false,
    };

    /// <summary>
    /// Accepted when it should be, rejected when it should be, or as the spec allows; a timeout is right only where
    /// nothing was sent (the server is waiting for a header), and a failed connection never is.
    /// </summary>
    public bool Ok => Outcome.Failure is null && (Outcome.Observed == (ExpectAccept ? ProbeObserved.Accepted : ProbeObserved.Rejected) || Allowed || Waited);

    /// <summary>The server is still waiting for the header of a client that sent nothing, as it must.</summary>
    public bool Waited => Case.Expectation == ProbeExpectation.NoReply && Outcome.Failure is null && Outcome.Observed == ProbeObserved.Timeout;

    /// <summary>The server replied to a client that sent nothing: it speaks first, so its replies do not show what it made of a header.</summary>
    public bool SpokeFirst => Case.Expectation == ProbeExpectation.NoReply && Outcome.Observed == ProbeObserved.Accepted;
}

/// <summary>Everything one run found.</summary>
internal sealed record ProbeRun(IReadOnlyList<ProbeResult> Results, StallFinding? Stall, LargestHeaderFinding? LargestHeader, ClaimFinding? Claim)
{
    public int Passed => Results.Count(r => r.Ok);

    public int Failed => Results.Count - Passed;
}

/// <summary>
/// Runs the cases, at most <see cref="ProbeSettings.Concurrency"/> connections at a time, each within
/// <see cref="ProbeSettings.CaseTimeout"/>; the behaviours run beside them. The first case (or, without cases, a bare
/// connection) runs alone, to tell an unreachable target from a strict one.
/// </summary>
internal static class ProbeRunner
{
    /// <summary>The behaviours a run reports without judging them.</summary>
    public static IReadOnlyList<(string Name, string Description)> BehaviourNames { get; } =
    [
        (ProbeBehaviours.Stall, "how long a stalled half header is held (up to --max-wait)"),
        (ProbeBehaviours.LargestHeader, "the largest v2 header accepted (bisecting 28 B to 64 KiB)"),
        (ProbeBehaviours.ClaimedAddress, "whether the address a header claims shows up in the reply"),
    ];

    /// <returns>The run, or no run and why when the first connection could not be made.</returns>
    public static async Task<(ProbeRun? Run, string? Unreachable)> RunAsync(ProbeSettings settings, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(settings.Concurrency);
        var results = new ProbeResult?[settings.Cases.Count];
        if (settings.Cases.Count > 0)
        {
            results[0] = await RunCaseAsync(settings.Cases[0], settings, slots, cancellationToken).ConfigureAwait(false);
            if (results[0]!.Outcome.Failure is { Connected: false } failure)
            {
                return (null, failure.Reason);
            }
        }
        else if (await ProbeExchange.ConnectOnlyAsync(settings.Target, settings.CaseTimeout, cancellationToken).ConfigureAwait(false) is { } error)
        {
            return (null, error); // behaviours alone: they report, never fail, so an unreachable target must be told here
        }

        // The first task to fail ends the others, and every one is awaited before the run ends.
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        async Task<T> EndTheRestOnFailure<T>(Task<T> task)
        {
            try
            {
                return await task.ConfigureAwait(false);
            }
            catch (Exception) when (!run.IsCancellationRequested)
            {
                await run.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        var behaviours = new ProbeBehaviours(settings, slots);
        var stall = EndTheRestOnFailure(settings.Behaviours.Contains(ProbeBehaviours.Stall) ? behaviours.MeasureStallAsync(run.Token) : Task.FromResult<StallFinding?>(null));
        var largest = EndTheRestOnFailure(settings.Behaviours.Contains(ProbeBehaviours.LargestHeader) ? behaviours.FindLargestHeaderAsync(run.Token) : Task.FromResult<LargestHeaderFinding?>(null));
        var claim = EndTheRestOnFailure(settings.Behaviours.Contains(ProbeBehaviours.ClaimedAddress) ? behaviours.CheckClaimAsync(run.Token) : Task.FromResult<ClaimFinding?>(null));
        var cases = Enumerable.Range(1, Math.Max(0, settings.Cases.Count - 1))
            .Select(async i => results[i] = await EndTheRestOnFailure(RunCaseAsync(settings.Cases[i], settings, slots, run.Token)).ConfigureAwait(false))
            .ToList();
        await Task.WhenAll([stall, largest, claim, .. cases]).ConfigureAwait(false);
        return (new ProbeRun(results.Select(r => r!).ToList(), await stall.ConfigureAwait(false), await largest.ConfigureAwait(false), await claim.ConfigureAwait(false)), null);
    }

    private static async Task<ProbeResult> RunCaseAsync(ProbeCase probeCase, ProbeSettings settings, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        var bytes = probeCase.Build();
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var outcome = await ProbeExchange.RunAsync(settings.Target, bytes.Bytes, settings.DataFor(probeCase), probeCase.Delivery, settings.CaseTimeout, cancellationToken).ConfigureAwait(false);
            return new ProbeResult(probeCase, probeCase.ExpectsAccept(settings.HeaderOptional), outcome, bytes.Claimed, bytes.ClaimedAsSent);
        }
        finally
        {
            slots.Release();
        }
    }
}
