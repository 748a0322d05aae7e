using System.Text;
using System.Text.RegularExpressions;

namespace ProxyProtocol.Tests.Shared;

/// <summary>
/// Text that other threads write (a process's output, a logger, a console writer) and a test waits on, line by line. A
/// line still being written is matched too.
/// </summary>
internal sealed class LineLog
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _completed;

    /// <summary>Everything written so far.</summary>
    internal string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>The lines written so far (a final line without its newline included).</summary>
    internal IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    internal void Append(string text) => Changed(() => _text.Append(text));

    internal void Append(char value) => Changed(() => _text.Append(value));

    internal void AppendLine(string line) => Changed(() => _text.Append(line).Append('\n'));

    /// <summary>No more text will come (the process exited): a wait for a line that is not there fails at once.</summary>
    internal void Complete() => Changed(() => _completed = true);

    /// <summary>The first line that matches; throws when the log completes or <paramref name="timeout"/> passes without one.</summary>
    internal async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string source = "the log")
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            bool completed;
            string text;
            lock (_gate)
            {
                changed = _changed.Task;
                completed = _completed;
                text = _text.ToString();
            }

            if (text.Split('\n').FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (completed)
            {
                throw new InvalidOperationException($"{source} ended without a matching line:\n{text}");
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching line from {source} within {timeout}:\n{text}");
            }
        }
    }

    /// <summary>The match of the first line that matches <paramref name="pattern"/>.</summary>
    internal async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout, string source = "the log") =>
        pattern.Match(await WaitForLineAsync(pattern.IsMatch, timeout, source));

    private void Changed(Action change)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            change();
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
