using System.Globalization;

namespace Berth.Bench.Store;

/// <summary>Command line of the harness; every knob has the default bench/run.sh uses.</summary>
internal sealed class Options : IQuietPolicy
{
    public string ConnectionString { get; private set; } = "";
    public string OutDirectory { get; private set; } = "bench/results";
    public string PayloadPath { get; private set; } = "bench/payload-1k.json";
    public HashSet<string> Phases { get; private set; } = ["machine", "writes", "pgbench", "watch", "list"];
    public bool Quick { get; private set; }
    public string? ReportFrom { get; private set; }

    /// <summary>A run during which other processes used more cores than this is repeated, up to <see cref="Retries"/> times; the quietest attempt is kept.</summary>
    public double MaxOther { get; private set; } = 0.25;
    public int Retries { get; private set; } = 3;

    /// <summary>The store's write linger, when not its default (to compare with and without).</summary>
    public TimeSpan? WriteLinger { get; private set; }

    public int[] WriterCounts { get; private set; } = [1, 8, 32];
    public TimeSpan WriteDuration { get; private set; } = TimeSpan.FromSeconds(6);
    public int Rounds { get; private set; } = 5;

    public int Watchers { get; private set; } = 100;
    public double WatchRate { get; private set; } = 1000;
    public TimeSpan WatchDuration { get; private set; } = TimeSpan.FromSeconds(10);

    public int ListKeys { get; private set; } = 10_000;
    public int UpdatesPerKey { get; private set; } = 100;
    public int ListRuns { get; private set; } = 9;
    public string HistoryLoad { get; private set; } = "api";
    public int LoadWriters { get; private set; } = 32;
    public int CompactWriters { get; private set; } = 8;
    public TimeSpan CompactBefore { get; private set; } = TimeSpan.FromSeconds(10);
    public TimeSpan CompactAfter { get; private set; } = TimeSpan.FromSeconds(5);

    public const string Usage = """
        usage: Berth.Bench.Store --pg "Host=...;Port=...;Username=postgres" [options]
          --out DIR              where results.json / results.md go (bench/results)
          --report FILE          only re-render results.md beside FILE (a results.json), with the same layout options
          --payload FILE         the 1 KiB JSON value (bench/payload-1k.json)
          --phases LIST          machine,writes,pgbench,watch,list (all)
          --writers 1,8,32       concurrency levels of the write phase
          --seconds S            duration of each write run (6)
          --rounds N             rounds of every (kind, writers) run; the median is reported (5)
          --watchers N           watchers in the watch phase (100)
          --watch-rate R         paced creates per second in the watch phase (1000)
          --watch-seconds S      measured seconds of the watch phase (10)
          --list-keys N          live keys in the list phase (10000)
          --updates-per-key U    superseded revisions per key (100)
          --list-runs N          timed list runs per state and mode (9)
          --history api|sql      add the history through UpdateAsync (api) or one INSERT … SELECT (sql)
          --compact-writers N    writers during compaction (8)
          --max-other C          repeat a run if other processes used more than C cores meanwhile (0.25)
          --retries N            at most N repeats of such a run; the quietest attempt is kept (3)
          --write-linger MS      the store's group-commit linger bound in ms (the store's default; 0 turns it off)
          --quick                short everything (a smoke test, not a measurement)
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
                case "--report": o.ReportFrom = Next(); break;
                case "--out": o.OutDirectory = Next(); break;
                case "--payload": o.PayloadPath = Next(); break;
                case "--phases": o.Phases = Next().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(); break;
                case "--writers": o.WriterCounts = Next().Split(',').Select(int.Parse).ToArray(); break;
                case "--seconds": o.WriteDuration = TimeSpan.FromSeconds(D(Next())); break;
                case "--rounds": o.Rounds = int.Parse(Next()); break;
                case "--watchers": o.Watchers = int.Parse(Next()); break;
                case "--watch-rate": o.WatchRate = D(Next()); break;
                case "--watch-seconds": o.WatchDuration = TimeSpan.FromSeconds(D(Next())); break;
                case "--list-keys": o.ListKeys = int.Parse(Next()); break;
                case "--updates-per-key": o.UpdatesPerKey = int.Parse(Next()); break;
                case "--list-runs": o.ListRuns = int.Parse(Next()); break;
                case "--history": o.HistoryLoad = Next() is "api" or "sql" ? args[i] : throw new ArgumentException("--history is api or sql"); break;
                case "--compact-writers": o.CompactWriters = int.Parse(Next()); break;
                case "--max-other": o.MaxOther = D(Next()); break;
                case "--retries": o.Retries = int.Parse(Next()); break;
                case "--write-linger": o.WriteLinger = TimeSpan.FromMilliseconds(D(Next())); break;
                case "--quick":
                    o.Quick = true;
                    o.WriteDuration = TimeSpan.FromSeconds(1);
                    o.Rounds = 1;
                    o.WatchDuration = TimeSpan.FromSeconds(2);
                    o.ListKeys = 1000;
                    o.UpdatesPerKey = 10;
                    o.ListRuns = 3;
                    o.CompactBefore = TimeSpan.FromSeconds(2);
                    o.CompactAfter = TimeSpan.FromSeconds(1);
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
