namespace ProxyProtocol.Tool.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task No_arguments_prints_the_help()
    {
        var (exit, stdout, stderr) = await ToolRunner.RunAsync(string.Empty);
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        Assert.Contains("Commands:", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("proxyproto", "frobnicate")]                                      // unknown command
    [InlineData("proxyproto encode", "encode", "--frobnicate")]                   // parser error in a command
    [InlineData("proxyproto encode", "encode", "--v1", "--v2", "--local")]        // the command's own check
    [InlineData("proxyproto decode", "decode", "zz")]
    [InlineData("proxyproto send", "send", "localhost")]
    [InlineData("proxyproto relay", "relay", "--upstream", "127.0.0.1:1")]
    [InlineData("proxyproto relay", "relay", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--idle-timeout", "x")]
    public async Task Every_usage_error_ends_with_the_same_hint(string command, params string[] args)
    {
        var (exit, stdout, stderr) = await ToolRunner.RunAsync(string.Empty, args);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        var lines = stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.True(lines.Length >= 2, stderr);
        Assert.All(lines[..^1], l => Assert.StartsWith(command + ": ", l, StringComparison.Ordinal));
        Assert.Equal($"Run '{command} --help' for usage.", lines[^1]);
    }

    [Theory]
    [InlineData("decode")]
    [InlineData("encode")]
    [InlineData("send")]
    [InlineData("relay")]
    [InlineData("probe")]
    public async Task Help_names_each_value_for_what_it_is_when_an_option_takes_one(string command)
    {
        var (exit, stdout, _) = await ToolRunner.RunAsync(string.Empty, command, "--help");
        Assert.Equal(0, exit);
        var placeholders = System.Text.RegularExpressions.Regex.Matches(stdout, @"(--[a-z0-9-]+) <([^>]+)>");
        Assert.NotEmpty(placeholders);
        Assert.All(placeholders, m => Assert.NotEqual(m.Groups[1].Value, "--" + m.Groups[2].Value)); // not "--max-length <max-length>"
    }

    [Fact]
    public async Task Help_explains_the_ipv4_in_tcp6_leniency_without_naming_a_product()
    {
        var (_, stdout, _) = await ToolRunner.RunAsync(string.Empty, "decode", "--help");
        var line = stdout.ReplaceLineEndings("\n").Split('\n').Single(l => l.TrimStart().StartsWith("--allow-ipv4-in-tcp6", StringComparison.Ordinal));
        Assert.DoesNotContain("(nginx)", line, StringComparison.Ordinal);
        Assert.Contains("::ffff:", line, StringComparison.Ordinal);
    }
}
