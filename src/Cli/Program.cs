using Berth.Agents.CommandLine;
using Berth.Cli;

return await BerthProgram.RunAsync(BerthCommand.Create(), args);
