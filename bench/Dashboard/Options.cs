using System.Globalization;

namespace Berth.Bench.Dashboard;

/// <summary>Command line of the dashboard harness; every knob has the default bench/dashboard.sh uses.</summary>
internal sealed class Options
{
    public string ConnectionString { get; private set; } = "";
    public string Berth { get; private set; } = "./berth";
    public string OutDirectory { get; private set; } = "bench/results/dashboard";
    public string PodPath { get; private set; } = "bench/Api/pod.json";
    public string Chromium { get; private set; } = "/usr/bin/chromium";
    public string Kubectl { get; private set; } = "kubectl";
    public bool Quick { get; private set; }
    public string? ReportFrom { get; private set; }

    public int Pods { get; private set; } = 5_000;
    public int Runs { get; private set; } = 7;
    public double ChurnRate { get; private set; } = 50;
    public TimeSpan ProbeDuration { get; private set; } = TimeSpan.FromSeconds(10);

    public const string Usage = """
        usage: Berth.Bench.Dashboard --pg "Host=...;Port=...;Username=postgres" [options]
          --berth PATH           the berth CLI that runs the server (./berth)
          --out DIR              where results.json / results.md go (bench/results/dashboard)
          --report FILE          only re-render results.md beside FILE (a results.json)
          --pod FILE             the pod manifest every create sends (bench/Api/pod.json)
          --chromium PATH        the browser Playwright drives (/usr/bin/chromium)
          --kubectl PATH         the kubectl of the baseline (kubectl on PATH)
          --pods N               pods in the namespace the page lists (5000)
          --runs N               timed runs of every measure, after one warm-up (7)
          --churn-rate R         pod updates per second of the background writer (50)
          --probe-seconds S      how long the responsiveness probe samples, quiet and under churn (10)
          --quick                300 pods, 2 runs, 3 s probes (a smoke test, not a measurement)
        """;

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value\n{Usage}");
            switch (args[i])
            {
                case "--pg": o.ConnectionString = Next(); break;
                case "--berth": o.Berth = Next(); break;
                case "--out": o.OutDirectory = Next(); break;
                case "--report": o.ReportFrom = Next(); break;
                case "--pod": o.PodPath = Next(); break;
                case "--chromium": o.Chromium = Next(); break;
                case "--kubectl": o.Kubectl = Next(); break;
                case "--pods": o.Pods = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--runs": o.Runs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--churn-rate": o.ChurnRate = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--probe-seconds": o.ProbeDuration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--quick":
                    o.Quick = true;
                    o.Pods = 300;
                    o.Runs = 2;
                    o.ProbeDuration = TimeSpan.FromSeconds(3);
                    break;
                case "--help": throw new ArgumentException(Usage);
                default: throw new ArgumentException($"unknown option {args[i]}\n{Usage}");
            }
        }

        if (o.ReportFrom is null && o.ConnectionString.Length == 0)
        {
            throw new ArgumentException($"--pg is required\n{Usage}");
        }

        return o;
    }
}
