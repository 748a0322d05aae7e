using System.Diagnostics;
using System.IO.Compression;

namespace ProxyProtocol.Generators.Tests;

/// <summary>
/// Packs ProxyProtocol, restores the .nupkg from a local folder into a new project that declares a vendor TLV, builds
/// and runs it. Uses a unique prerelease version (removed from the NuGet cache afterwards) and its own artifacts
/// folder, so it never sees a stale package or disturbs the repository's build output. Bounded: each step times out.
/// </summary>
public sealed class PackageTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public void Packed_package_generates_user_tlvs_in_a_new_project()
    {
        var version = "0.0.0-pkgtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "." + Environment.ProcessId;
        var root = Directory.CreateTempSubdirectory("proxyprotocol-pkgtest-").FullName;
        var cache = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), "proxyprotocol", version);
        try
        {
            var feed = Path.Combine(root, "feed");
            Run(GeneratorHarness.RepositoryFile("."), "pack", GeneratorHarness.RepositoryFile("src/ProxyProtocol/ProxyProtocol.csproj"),
                "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(root, "artifacts"), $"-p:Version={version}");

            var nupkg = Path.Combine(feed, $"ProxyProtocol.{version}.nupkg");
            using (var zip = ZipFile.OpenRead(nupkg))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
                Assert.Contains("lib/net10.0/ProxyProtocol.dll", entries);
                Assert.Contains("lib/net10.0/ProxyProtocol.xml", entries);
                Assert.Contains("analyzers/dotnet/cs/ProxyProtocol.Generators.dll", entries);
                Assert.Contains("README.md", entries);
                Assert.DoesNotContain(entries, e => e.StartsWith("lib/netstandard2.0", StringComparison.Ordinal));
            }

            var app = Path.Combine(root, "app");
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                  <packageSourceMapping>
                    <packageSource key="local"><package pattern="ProxyProtocol" /></packageSource>
                    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
                  </packageSourceMapping>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="ProxyProtocol" Version="{version}" />
                    <AdditionalFiles Include="tlv-registry.json" />
                  </ItemGroup>
                </Project>
                """);

            // A user's own file of that name is not the library's registry: it must generate nothing (no second
            // ProxyHeader part, no AuthorityTlv clashing with the package's) and report nothing.
            File.Copy(GeneratorHarness.RepositoryFile("tlv-registry.json"), Path.Combine(app, "tlv-registry.json"));
            File.WriteAllText(Path.Combine(app, "Program.cs"), """
                using System.Net;
                using ProxyProtocol;

                var bytes = new ProxyHeaderBuilder()
                    .Proxy(IPEndPoint.Parse("192.0.2.1:5000"), IPEndPoint.Parse("198.51.100.1:443"))
                    .WithTenantId("blue")
                    .WithAuthority("example.com")
                    .AddCrc32C()
                    .Build()
                    .Encode();
                ProxyHeaderParser.Parse(bytes, out var header);
                Console.WriteLine($"tenant={header?.TenantId?.Value} authority={header?.Authority} crc={header?.Crc32CVerified}");

                [ProxyTlv(0xE5)]
                public readonly partial record struct TenantId(string Value);
                """);

            var output = Run(app, "run", "-c", "Release");
            Assert.Contains("tenant=blue authority=example.com crc=True", output, StringComparison.Ordinal);

            // A mistake in user code is a compile error with the generator's ID.
            File.AppendAllText(Path.Combine(app, "Program.cs"), "\n[ProxyTlv(0x02)] public readonly partial record struct Bad(string Value);\n");
            var failure = Run(app, expectFailure: true, "build", "-c", "Release");
            Assert.Contains("PPTLV101", failure, StringComparison.Ordinal);
        }
        finally
        {
            TryDelete(root);
            TryDelete(cache);
        }
    }

    private static string Run(string workingDirectory, params string[] args) => Run(workingDirectory, false, args);

    private static string Run(string workingDirectory, bool expectFailure, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(StepTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', args)} did not finish within {StepTimeout}.");
        }

        var output = stdout.Result + stderr.Result;
        Assert.True(expectFailure ? process.ExitCode != 0 : process.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited {process.ExitCode}:\n{output}");
        return output;
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
