using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using ProxyProtocol.AspNetCore;
using ProxyProtocol.AspNetCore.Internal;

namespace ProxyProtocol.Benchmarks;

/// <summary>
/// The only work PROXY adds to each request of a keep-alive connection: the forwarded-header hygiene middleware
/// (remove client forwarding headers, set the cached <c>Forwarded</c> value). Compared with an HTTP context's own
/// header handling, to bound what keep-alive throughput can lose to PROXY.
/// </summary>
[MemoryDiagnoser]
public class HygieneBenchmarks
{
    private DefaultHttpContext _context = null!;
    private ProxyProtocolFeature _feature = null!;

    [GlobalSetup]
    public void Setup()
    {
        var header = Inputs.Header(Inputs.V2Tlvs);
        _feature = new ProxyProtocolFeature(header, IPEndPoint.Parse("127.0.0.1:40000"), IPEndPoint.Parse("127.0.0.1:8080"), ForwardedHeadersHygiene.Rewrite, setHttpsScheme: false);
        _context = new DefaultHttpContext();
        _context.Features.Set<IProxyProtocolFeature>(_feature);
        _context.Connection.RemoteIpAddress = header.Source!.Address;
        _context.Connection.RemotePort = header.Source.Port;
        _context.Request.Headers.Host = "localhost";
    }

    /// <summary>Per request with PROXY: strip seven header names and set <c>Forwarded</c>.</summary>
    [Benchmark]
    public void RewritePerRequest() => ForwardedHeadersHygieneMiddleware.Apply(_context, _feature);

    /// <summary>Baseline: one header set and removed on the same context, the smallest header work any request does.</summary>
    [Benchmark(Baseline = true)]
    public void OneHeaderSetAndRemove()
    {
        _context.Request.Headers["X-Bench"] = "1";
        _context.Request.Headers.Remove("X-Bench");
    }
}
