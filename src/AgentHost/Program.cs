using Berth.Agents.CommandLine;

// `berth agent` as a native executable: the same verb as the CLI's, compiled ahead of time so the
// node's long-lived process carries no JIT, no IL and no server code (docs/agent.md, "The native agent").
return await BerthProgram.RunAsync(BerthProgram.Root(AgentCommand.Create()), args);
