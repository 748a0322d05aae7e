using BenchmarkDotNet.Running;

// Exit code 1 when a benchmark failed or did not validate, so the CI smoke (bench/smoke.sh) notices.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(ProxyProtocol.Benchmarks.Inputs).Assembly).Run(args);
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
