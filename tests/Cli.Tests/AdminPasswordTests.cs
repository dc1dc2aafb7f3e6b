using System.Text.RegularExpressions;
using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

/// <summary>The bootstrap admin's first password, as an operator sees it on the console.</summary>
public sealed partial class AdminPasswordTests
{
    private static readonly TimeSpan OutputDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_generated_password_is_printed_on_the_first_start_only_and_matches_the_file()
    {
        using var dir = new TempDirectory();
        string printed;
        await using (var server = await BerthCli.StartServerAsync("--data-dir", dir.Path, "--listen", "127.0.0.1:0"))
        {
            var output = await StartupOutputAsync(server);
            printed = PasswordLine().Match(output).Groups["password"].Value;
            Assert.True(printed.Length >= 12, output);
            Assert.Contains($"also in {Path.Combine(dir.Path, "admin-password")}, mode 0600", output);
            Assert.Equal(printed + "\n", await File.ReadAllTextAsync(Path.Combine(dir.Path, "admin-password")));
            Assert.Equal(0, await server.StopAsync());
        }

        await using (var again = await BerthCli.StartServerAsync("--data-dir", dir.Path, "--listen", "127.0.0.1:0"))
        {
            Assert.DoesNotContain("password", await StartupOutputAsync(again));
            Assert.Equal(printed + "\n", await File.ReadAllTextAsync(Path.Combine(dir.Path, "admin-password")));
        }
    }

    [Fact]
    public async Task A_password_from_the_environment_is_used_and_neither_printed_nor_written()
    {
        using var dir = new TempDirectory();
        const string password = "from the environment";
        await using var server = await BerthCli.StartServerWithAsync(BerthCli.Environment(adminPassword: password), "--data-dir", dir.Path, "--listen", "127.0.0.1:0");

        Assert.DoesNotContain(password, await StartupOutputAsync(server));
        Assert.False(File.Exists(Path.Combine(dir.Path, "admin-password")));
    }

    /// <summary>Everything up to the kubeconfig line, which the server prints after the password line when there is one.</summary>
    private static Task<string> StartupOutputAsync(RunningServer server) =>
        Eventually.WaitForAsync("the kubeconfig line", () => Task.FromResult(server.Stdout), s => s.Contains("Admin kubeconfig"), OutputDeadline);

    [GeneratedRegex(@"Admin user: admin, password (?<password>\S+) \(shown once")]
    private static partial Regex PasswordLine();
}
