using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ProxyProtocol.AspNetCore;
using ProxyProtocol.AspNetCore.Internal;

namespace ProxyProtocol.Benchmarks;

/// <summary>
/// What the Kestrel connection middleware adds to one connection whose header is already buffered (the usual case):
/// peer check, read and parse, endpoint rewrite, feature. Each operation is one connection over in-memory pipes, with
/// the first request's bytes behind the header; the baseline runs the same connection without the middleware. The
/// difference is PROXY's per-connection cost in time and bytes, without the noise of sockets.
/// </summary>
[MemoryDiagnoser]
public class ConnectionMiddlewareBenchmarks
{
    private static readonly byte[] Request = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray();
    private static readonly IPEndPoint Peer = IPEndPoint.Parse("127.0.0.1:40000");
    private static readonly IPEndPoint Local = IPEndPoint.Parse("127.0.0.1:8080");

    private readonly Pipe _input = new();
    private readonly Pipe _output = new();
    private ProxyProtocolConnectionMiddleware _middleware = null!;
    private ConnectionDelegate _next = null!;
    private byte[] _bytes = null!;

    [Params("v1_tcp4", "v2_tlvs")]
    public string Input { get; set; } = "v1_tcp4";

    [GlobalSetup]
    public void Setup()
    {
        var header = Input == "v1_tcp4" ? Inputs.V1Tcp4 : Inputs.V2Tlvs;
        _bytes = [.. header, .. Request];
        var options = new ProxyProtocolOptions();
        options.TrustedNetworks.Add(IPNetwork.Parse("127.0.0.0/8"));
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();

        // The next layer consumes the request, as HTTP would, so the pipe is empty for the next connection.
        _next = static context =>
        {
            var input = context.Transport.Input;
            input.TryRead(out var read);
            input.AdvanceTo(read.Buffer.End);
            return Task.CompletedTask;
        };
        _middleware = new ProxyProtocolConnectionMiddleware(_next, options, NullLogger.Instance, ProxyProtocolMetrics.For(services), TimeProvider.System);
    }

    /// <summary>Baseline: the same connection (context, bytes) handed straight to the next layer, without PROXY.</summary>
    [Benchmark(Baseline = true)]
    public Task WithoutProxy() => _next(Connect(Request));

    /// <summary>The connection through the PROXY middleware.</summary>
    [Benchmark]
    public Task WithProxy() => _middleware.OnConnectionAsync(Connect(_bytes));

    private DefaultConnectionContext Connect(byte[] bytes)
    {
        _input.Writer.Write(bytes);
        _ = _input.Writer.FlushAsync(); // completes synchronously: nobody is waiting and the pipe is below its threshold
        return new DefaultConnectionContext("bench", new Duplex(_input.Reader, _output.Writer), new Duplex(_output.Reader, _input.Writer))
        {
            RemoteEndPoint = Peer,
            LocalEndPoint = Local,
        };
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
