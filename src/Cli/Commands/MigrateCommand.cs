using System.CommandLine;
using Berth.Agents.CommandLine;
using Berth.Engine.Store;
using Berth.Engine.Store.Migrations;

namespace Berth.Cli.Commands;

/// <summary><c>berth migrate</c>: apply the schema migrations the datastore lacks, and say which.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var datastore = new DatastoreOptions();
        var command = new Command("migrate", "Apply pending schema migrations to the datastore (the server also does this when it starts)");
        datastore.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            return UserErrors.ReportAsync(parse.InvocationConfiguration.Error, async () =>
            {
                var config = DatastoreConfig.Parse(datastore.Datastore(parse), datastore.DataDirectory(parse));
                var applied = await Migrator.MigrateAsync(config, ct);
                foreach (var version in applied)
                {
                    await output.WriteLineAsync($"Applied {version} to {config.Display}");
                }

                if (applied.Count == 0)
                {
                    await output.WriteLineAsync($"{config.Display} is up to date");
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
