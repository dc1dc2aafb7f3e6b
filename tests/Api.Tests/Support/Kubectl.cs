using System.Diagnostics;
using System.Text;

namespace Berth.Tests.Support;

/// <summary>The real kubectl, pointed at one kubeconfig, with a discovery cache of its own.</summary>
internal sealed class Kubectl(string kubeconfig, string cacheDirectory)
{
    public const string Path = "/usr/bin/kubectl";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public static bool IsInstalled => File.Exists(Path);

    public Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRun.RunAsync(Path, [.. Global(), .. arguments], CommandTimeout, Environment());

    /// <summary>Starts a long-running kubectl (such as <c>get -w</c>) whose output is read while it runs.</summary>
    public Watching Start(params string[] arguments)
    {
        var process = new Process { StartInfo = ProcessRun.StartInfo(Path, [.. Global(), .. arguments], Environment()) };
        var watching = new Watching(process);
        process.OutputDataReceived += (_, e) => watching.Append(e.Data);
        process.ErrorDataReceived += (_, e) => watching.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return watching;
    }

    // Before the command's own arguments, which may end in "-- command args" that kubectl passes on verbatim.
    private string[] Global() => ["--cache-dir", cacheDirectory];

    private Dictionary<string, string?> Environment() => new() { ["KUBECONFIG"] = kubeconfig };

    public sealed class Watching(Process process) : IDisposable
    {
        private readonly StringBuilder output = new();

        public string Output
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        public bool HasExited => process.HasExited;

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }

        internal void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.Append(line).Append('\n');
            }
        }
    }
}
