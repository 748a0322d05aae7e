using System.Net;

namespace ProxyProtocol.Interop.Tests.Harness;

/// <summary>Starts HAProxy 2.6 in the foreground (<c>-db</c>) with a config written into a temp directory.</summary>
internal static class HAProxy
{
    internal const string Defaults = """
        global
            log stderr format raw local0 info
        defaults
            log global
            timeout connect 5s
            timeout client 10s
            timeout server 10s
        """;

    internal static async Task<TestProcess> StartAsync(TempDir dir, string config, ITestOutputHelper output, params IPEndPoint[] listens)
    {
        var haproxy = Peer.Require("haproxy", output);
        var path = dir.Write("haproxy.cfg", Defaults + "\n" + config + "\n");
        output.WriteLine($"haproxy.cfg:\n{File.ReadAllText(path)}");
        var (exit, check) = await Peer.RunAsync(haproxy, ["-c", "-f", path], TimeSpan.FromSeconds(15));
        Assert.True(exit == 0, $"haproxy -c rejected the config:\n{check}");
        return await Peer.StartAsync(haproxy, ["-db", "-f", path, "-p", dir.File("haproxy.pid")], output, listens);
    }
}

/// <summary>Starts nginx 1.22 in the foreground, single process, everything under a temp directory.</summary>
internal static class Nginx
{
    internal static async Task<TestProcess> StartAsync(TempDir dir, string body, ITestOutputHelper output, bool stream, params IPEndPoint[] listens)
    {
        var nginx = Peer.Require("nginx", output);
        var module = "/usr/lib/nginx/modules/ngx_stream_module.so";
        if (stream && !File.Exists(module))
        {
            var why = "nginx's stream module is not installed (apt-get install libnginx-mod-stream).";
            if (Peer.InCi)
            {
                Assert.Fail(why);
            }

            Skip.If(true, why);
        }

        Directory.CreateDirectory(dir.File("tmp"));
        var config = $$"""
            {{(stream ? $"load_module {module};" : string.Empty)}}
            daemon off;
            master_process off;
            pid {{dir.File("nginx.pid")}};
            error_log stderr info;
            events { worker_connections 64; }
            {{body}}
            """;
        var path = dir.Write("nginx.conf", config);
        output.WriteLine($"nginx.conf:\n{config}");
        string[] args = ["-p", dir.Path, "-e", "stderr", "-c", path];
        var (exit, check) = await Peer.RunAsync(nginx, ["-t", .. args], TimeSpan.FromSeconds(15));
        Assert.True(exit == 0, $"nginx -t rejected the config:\n{check}");
        return await Peer.StartAsync(nginx, args, output, listens);
    }

    /// <summary>Temp paths inside the test directory, so nginx needs nothing from /var/lib/nginx.</summary>
    internal static string HttpTempPaths(TempDir dir) => $"""
        client_body_temp_path {dir.File("tmp")}/body;
        proxy_temp_path {dir.File("tmp")}/proxy;
        fastcgi_temp_path {dir.File("tmp")}/fastcgi;
        uwsgi_temp_path {dir.File("tmp")}/uwsgi;
        scgi_temp_path {dir.File("tmp")}/scgi;
        access_log off;
        """;
}
