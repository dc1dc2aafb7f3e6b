using System.CommandLine;
using Berth.Cli;

// On Ctrl-C or SIGTERM the verb's cancellation token fires; a server then drains and closes its
// store. The grace period bounds that before the process exits anyway.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
return await BerthCommand.Create().Parse(args).InvokeAsync(invocation);
