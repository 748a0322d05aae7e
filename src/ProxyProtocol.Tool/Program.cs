using System.Runtime.InteropServices;
using ProxyProtocol.Tool;

// Ctrl+C / SIGTERM cancel the running command (relay then stops cleanly and exits 0); a second signal kills at once.
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    if (!stop.IsCancellationRequested)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
var console = new ToolConsole(Console.In, Console.Out, Console.Error, Console.OpenStandardInput(), Console.OpenStandardOutput());
return await Cli.RunAsync(args, console, stop.Token).ConfigureAwait(false);
