using System.Globalization;

namespace Berth.Bench.Api;

/// <summary>Command line of the API harness; every knob has the default bench/api.sh uses.</summary>
internal sealed class Options : IQuietPolicy
{
    public string ConnectionString { get; private set; } = "";
    public string Berth { get; private set; } = "./berth";
    public string OutDirectory { get; private set; } = "bench/results/api";
    public string PodPath { get; private set; } = "bench/Api/pod.json";
    public HashSet<string> Phases { get; private set; } = ["machine", "probes", "creates", "paced", "list", "watch"];
    public bool Quick { get; private set; }
    public string? ReportFrom { get; private set; }

    public double MaxOther { get; private set; } = 0.25;
    public int Retries { get; private set; } = 3;

    public int[] ClientCounts { get; private set; } = [1, 16];
    public TimeSpan CreateDuration { get; private set; } = TimeSpan.FromSeconds(6);
    public int Rounds { get; private set; } = 5;

    /// <summary>The paced run offers this fraction of the median 16-client API create rate.</summary>
    public double PacedFraction { get; private set; } = 0.5;
    public TimeSpan PacedDuration { get; private set; } = TimeSpan.FromSeconds(10);

    public int ListPods { get; private set; } = 10_000;
    public int ListRuns { get; private set; } = 9;

    public int Watchers { get; private set; } = 200;
    /// <summary>The watch phase runs once per rate: a light load, and one where the fan-out work approaches what 2 cores can do.</summary>
    public double[] WatchRates { get; private set; } = [10, 25];
    public TimeSpan WatchDuration { get; private set; } = TimeSpan.FromSeconds(10);

    public const string Usage = """
        usage: Berth.Bench.Api --pg "Host=...;Port=...;Username=postgres" [options]
          --berth PATH           the berth CLI that runs the server (./berth)
          --out DIR              where results.json / results.md go (bench/results/api)
          --report FILE          only re-render results.md beside FILE (a results.json)
          --pod FILE             the pod manifest every create sends (bench/Api/pod.json)
          --phases LIST          machine,probes,creates,paced,list,watch (all)
          --clients 1,16         concurrency levels of the create phase
          --seconds S            duration of each closed-loop create run (6)
          --rounds N             rounds of every (kind, clients) run; the median is reported (5)
          --paced-fraction F     the paced run offers F × the 16-client maximum (0.5)
          --paced-seconds S      measured seconds of the paced run (10)
          --list-pods N          pods in the listed namespace (10000)
          --list-runs N          timed runs of every list mode (9)
          --watchers N           concurrent HTTP watchers (200)
          --watch-rates R,R      paced API creates per second during the watch phase, one run each (10,25)
          --watch-seconds S      measured seconds of the watch phase (10)
          --max-other C          repeat a run if other processes used more than C cores meanwhile (0.25)
          --retries N            at most N repeats of such a run; the quietest attempt is kept (3)
          --quick                short and small everything (a smoke test, not a measurement)
        """;

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--pg": o.ConnectionString = Next(); break;
                case "--berth": o.Berth = Next(); break;
                case "--report": o.ReportFrom = Next(); break;
                case "--out": o.OutDirectory = Next(); break;
                case "--pod": o.PodPath = Next(); break;
                case "--phases": o.Phases = Next().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(); break;
                case "--clients": o.ClientCounts = Next().Split(',').Select(int.Parse).ToArray(); break;
                case "--seconds": o.CreateDuration = TimeSpan.FromSeconds(D(Next())); break;
                case "--rounds": o.Rounds = int.Parse(Next()); break;
                case "--paced-fraction": o.PacedFraction = D(Next()); break;
                case "--paced-seconds": o.PacedDuration = TimeSpan.FromSeconds(D(Next())); break;
                case "--list-pods": o.ListPods = int.Parse(Next()); break;
                case "--list-runs": o.ListRuns = int.Parse(Next()); break;
                case "--watchers": o.Watchers = int.Parse(Next()); break;
                case "--watch-rates": o.WatchRates = Next().Split(',').Select(D).ToArray(); break;
                case "--watch-seconds": o.WatchDuration = TimeSpan.FromSeconds(D(Next())); break;
                case "--max-other": o.MaxOther = D(Next()); break;
                case "--retries": o.Retries = int.Parse(Next()); break;
                case "--quick":
                    o.Quick = true;
                    o.CreateDuration = TimeSpan.FromSeconds(1.5);
                    o.Rounds = 1;
                    o.PacedDuration = TimeSpan.FromSeconds(3);
                    o.ListPods = 1000;
                    o.ListRuns = 3;
                    o.WatchRates = [10];
                    o.WatchDuration = TimeSpan.FromSeconds(3);
                    break;
                case "-h" or "--help": throw new ArgumentException(Usage);
                default: throw new ArgumentException($"unknown argument {args[i]}\n{Usage}");
            }
        }

        if (o.ConnectionString.Length == 0 && o.ReportFrom == null)
        {
            throw new ArgumentException("--pg is required\n" + Usage);
        }

        return o;
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
