using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using ProxyProtocol.AspNetCore.Internal;

namespace ProxyProtocol.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Drives the connection middleware over a <see cref="DefaultConnectionContext"/> and in-memory pipes, as Kestrel's
/// own middleware tests do. The "next" delegate records what the rest of the pipeline would have seen.
/// </summary>
internal sealed class ConnectionHarness : IDisposable
{
    private Pipe _input = null!;
    private readonly ProxyProtocolConnectionMiddleware _middleware;
    private readonly ServiceProvider _services;

    internal ConnectionHarness(
        Action<ProxyProtocolOptions>? configure = null,
        EndPoint? remote = null,
        TimeProvider? timeProvider = null)
    {
        var options = new ProxyProtocolOptions();
        configure?.Invoke(options);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Logger = new FakeLogger();
        SocketRemote = remote ?? IPEndPoint.Parse("127.0.0.1:40000");
        SocketLocal = IPEndPoint.Parse("127.0.0.1:8080");
        NewConnection();
        _middleware = new ProxyProtocolConnectionMiddleware(Next, options, Logger, ProxyProtocolMetrics.For(_services), timeProvider ?? TimeProvider.System);
    }

    internal TestConnectionContext Context { get; private set; } = null!;

    internal FakeLogger Logger { get; }

    internal IServiceProvider Services => _services;

    internal EndPoint? SocketRemote { get; }

    internal EndPoint? SocketLocal { get; }

    /// <summary>Whether the rest of the pipeline ran.</summary>
    internal bool NextCalled { get; private set; }

    internal EndPoint? NextRemote { get; private set; }

    internal EndPoint? NextLocal { get; private set; }

    internal IProxyProtocolFeature? NextFeature { get; private set; }

    /// <summary>The bytes the next layer found in the pipe (read until the input completes).</summary>
    internal byte[] NextPayload { get; private set; } = [];

    /// <summary>Whether a read of the next layer came back cancelled (a stray CancelPendingRead from the middleware).</summary>
    internal bool NextSawCancellation { get; private set; }

    internal PipeWriter ClientWriter => _input.Writer;

    /// <summary>Starts over with a fresh connection through the same middleware instance.</summary>
    internal void NewConnection()
    {
        _input = new Pipe();
        var output = new Pipe();
        Context = new TestConnectionContext("test", new DuplexPipe(_input.Reader, output.Writer), new DuplexPipe(output.Reader, _input.Writer))
        {
            RemoteEndPoint = SocketRemote,
            LocalEndPoint = SocketLocal,
        };
        NextCalled = false;
    }

    internal Task RunAsync() => _middleware.OnConnectionAsync(Context);

    /// <summary>Writes the bytes, completes the input, and runs the middleware.</summary>
    internal async Task RunWithAsync(byte[] bytes, bool complete = true)
    {
        await _input.Writer.WriteAsync(bytes);
        if (complete)
        {
            await _input.Writer.CompleteAsync();
        }

        await RunAsync();
    }

    public void Dispose() => _services.Dispose();

    private async Task Next(ConnectionContext context)
    {
        NextCalled = true;
        NextRemote = context.RemoteEndPoint;
        NextLocal = context.LocalEndPoint;
        NextFeature = context.Features.Get<IProxyProtocolFeature>();
        var received = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await context.Transport.Input.ReadAsync();
            NextSawCancellation |= result.IsCanceled;
            foreach (var segment in result.Buffer)
            {
                received.Write(segment.Span);
            }

            context.Transport.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        NextPayload = received.WrittenSpan.ToArray();
    }

    /// <summary>Records an abort (the base class signals it asynchronously through ConnectionClosed).</summary>
    internal sealed class TestConnectionContext(string id, IDuplexPipe transport, IDuplexPipe application)
        : DefaultConnectionContext(id, transport, application)
    {
        internal bool Aborted { get; private set; }

        public override void Abort(ConnectionAbortedException abortReason)
        {
            Aborted = true;
            base.Abort(abortReason);
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
