using ProxyProtocol.Tool;

var console = new ToolConsole(Console.In, Console.Out, Console.Error, Console.OpenStandardInput(), Console.OpenStandardOutput());
return await Cli.RunAsync(args, console).ConfigureAwait(false);
