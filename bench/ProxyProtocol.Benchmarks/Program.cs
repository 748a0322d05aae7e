using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ProxyProtocol.Benchmarks.Inputs).Assembly).Run(args);
