using ProxyProtocol.LoadBenchmark;

// One command: `dotnet run -c Release --project bench/ProxyProtocol.LoadBenchmark -- [options]` starts the server as a
// child process (the same program with "server"), drives it over loopback and prints the tables.
if (args.Length > 0 && args[0] == "server")
{
    return await LoadServer.RunAsync(args[1..]);
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

if (options.Pinning is { } pinning && !Pinning.IsPinnedProcess)
{
    return await pinning.RunPinnedAsync(args);
}

return await Orchestrator.RunAsync(options);
