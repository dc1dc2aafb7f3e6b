using Berth.Engine.Store;
using Npgsql;

namespace Berth.Bench.Store;

internal sealed record ListTiming(string State, string Mode, int Runs, int Items, int Pages, double MedianMs, double MinMs, double MaxMs, CpuUse Cpu, int Attempts = 1);

internal sealed record HistoryLoad(string Method, long Revisions, double Seconds, double RevisionsPerSec, string Detail)
{
    /// <summary>Update rate over each tenth of the load, to show whether writes slow down as history grows.</summary>
    public List<double> RatePerTenth { get; init; } = [];
}

internal sealed record CompactionResult(
    double Seconds, long RowsRemoved, long CompactedRevision, int Writers,
    double BeforeOpsPerSec, double DuringOpsPerSec, double AfterOpsPerSec,
    double BeforeP99Ms, double DuringP99Ms, double DuringMaxMs, double AfterP99Ms, CpuUse Cpu, string? Error);

internal sealed record ListResult(int Keys, long Superseded, List<ListTiming> Timings, HistoryLoad? Load, CompactionResult? Compaction,
    Dictionary<string, string> TableSizes);

/// <summary>
/// List time for K live keys with no history, then with K × U superseded revisions behind the
/// same keys (each key updated U times), then compaction of that history while writers go on.
/// Runs in a database of its own, so the other phases' rows are not in its tables.
/// </summary>
internal sealed class ListBench(string connectionString, Func<Task<IRevisionStore>> open, Options options)
{
    public const string Workspace = "bench-list";
    private const string Prefix = "/bench/list/";
    private IRevisionStore store = null!;

    public async Task<ListResult> RunAsync()
    {
        var keys = options.ListKeys;
        var timings = new List<ListTiming>();
        store = await open();
        try
        {
            Log.Info($"list: creating {keys} keys");
            var revisions = new long[keys];
            await ParallelAsync(keys, async i =>
                revisions[i] = (await store.CreateAsync(Workspace, Key(i), Payload.Bytes)).Revision);
            await VacuumAnalyzeAsync();
            timings.AddRange(await MeasureAsync("0 superseded"));

            var load = options.HistoryLoad == "sql" ? await LoadHistorySqlAsync() : await LoadHistoryApiAsync(revisions);
            var superseded = (long)keys * options.UpdatesPerKey;
            var state = $"{superseded:N0} superseded";
            timings.AddRange(await MeasureAsync(state + ", as loaded"));
            await VacuumAnalyzeAsync();
            timings.AddRange(await MeasureAsync(state + ", after VACUUM ANALYZE"));
            var sizes = await TableSizesAsync();

            var compaction = await CompactAsync();
            if (compaction != null)
            {
                timings.AddRange(await MeasureAsync("after compaction"));
            }

            return new ListResult(keys, superseded, timings, load, compaction, sizes);
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    private static string Key(int i) => Prefix + i.ToString("D6");

    /// <summary>
    /// Times both modes, their runs interleaved (no limit, paged, no limit, …) so that anything
    /// passing on the machine meanwhile hits both alike; the pair is repeated while other work was busy.
    /// </summary>
    private async Task<List<ListTiming>> MeasureAsync(string state)
    {
        await SettleAsync(state);
        var (timings, attempts) = await Quiet.RunAsync(options, $"list: {state}", _ => MeasureOnceAsync(state), t => t[0].Cpu);
        var result = timings.Select(t => t with { Attempts = attempts }).ToList();
        foreach (var timing in result)
        {
            Log.Info($"list: {state}: {timing.Mode}: median {timing.MedianMs} ms (min {timing.MinMs}, max {timing.MaxMs}, {timing.Pages} pages; {timing.Cpu.Brief})");
        }

        return result;
    }

    private async Task<List<ListTiming>> MeasureOnceAsync(string state)
    {
        int[] limits = [0, 500];
        var times = limits.Select(_ => new List<double>()).ToArray();
        var shape = new (int Items, int Pages)[limits.Length];
        var cpu0 = CpuSnapshot.Take();
        for (var run = -2; run < options.ListRuns; run++) // two warm-up runs, not counted
        {
            for (var m = 0; m < limits.Length; m++)
            {
                var t0 = Clock.Now;
                shape[m] = await ListAllAsync(limits[m]);
                var ms = Clock.Ms(Clock.Now - t0);
                if (run >= 0)
                {
                    times[m].Add(ms);
                }
            }
        }

        var cpu = CpuSnapshot.Take().Since(cpu0);
        var result = new List<ListTiming>();
        for (var m = 0; m < limits.Length; m++)
        {
            if (shape[m].Items != options.ListKeys)
            {
                throw new InvalidOperationException($"list returned {shape[m].Items} items, expected {options.ListKeys}");
            }

            result.Add(new ListTiming(state, limits[m] == 0 ? "whole prefix, no limit" : $"limit={limits[m]}, all pages",
                times[m].Count, shape[m].Items, shape[m].Pages, Math.Round(Stats.Median(times[m]), 2), Math.Round(times[m].Min(), 2),
                Math.Round(times[m].Max(), 2), cpu));
        }

        return result;
    }

    /// <summary>
    /// Before timing lists: a CHECKPOINT, then up to 60 s (5 with --quick) for the kernel to write back the dirty
    /// pages a big load or VACUUM left (its flusher threads otherwise count as "other" work and
    /// slow whichever list runs first).
    /// </summary>
    private async Task SettleAsync(string state)
    {
        await Pg.ExecAsync(connectionString, "CHECKPOINT");
        var t0 = Clock.Now;
        long dirtyKb = 0;
        var limit = options.Quick ? 5 : 60;
        while (Clock.Seconds(Clock.Now - t0) < limit)
        {
            dirtyKb = File.ReadLines("/proc/meminfo")
                .Where(l => l.StartsWith("Dirty:", StringComparison.Ordinal) || l.StartsWith("Writeback:", StringComparison.Ordinal))
                .Sum(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
            var before = CpuSnapshot.Take();
            await Task.Delay(1000);
            var other = CpuSnapshot.Take().Since(before).OtherCores;
            if (dirtyKb < 32 * 1024 && (double.IsNaN(other) || other < 0.1))
            {
                break;
            }
        }

        Log.Info($"list: {state}: settled for {Clock.Seconds(Clock.Now - t0):F1} s after a CHECKPOINT ({dirtyKb / 1024} MB dirty or in writeback)");
    }

    private async Task<(int Items, int Pages)> ListAllAsync(int limit)
    {
        int items = 0, pages = 0;
        string? token = null;
        do
        {
            var page = await store.ListAsync(Workspace, Prefix, limit, token);
            items += page.Items.Count;
            pages++;
            token = page.Continue;
        }
        while (token != null);

        return (items, pages);
    }

    /// <summary>
    /// The honest way: U rounds of CAS updates of every key through the store, 32 writers each
    /// owning a slice of the keys (Get-free, carrying the revision each write returned).
    /// </summary>
    private async Task<HistoryLoad> LoadHistoryApiAsync(long[] revisions)
    {
        var keys = options.ListKeys;
        var total = (long)keys * options.UpdatesPerKey;
        Log.Info($"list: adding {total:N0} superseded revisions through the store (UpdateAsync, {options.LoadWriters} writers)");
        var t0 = Clock.Now;
        var done = 0L;
        var lastLog = t0;
        var tenth = Math.Max(1, total / 10);
        var marks = new List<(long Done, long At)> { (0, t0) };
        await ParallelAsync(keys, async i =>
        {
            for (var u = 0; u < options.UpdatesPerKey; u++)
            {
                revisions[i] = (await store.UpdateAsync(Workspace, Key(i), Payload.Bytes, revisions[i])).Revision;
            }

            var d = Interlocked.Add(ref done, options.UpdatesPerKey);
            if (d / tenth != (d - options.UpdatesPerKey) / tenth)
            {
                lock (marks)
                {
                    marks.Add((d, Clock.Now));
                }
            }

            if (Clock.Seconds(Clock.Now - Volatile.Read(ref lastLog)) > 15)
            {
                Volatile.Write(ref lastLog, Clock.Now);
                Log.Info($"list: {d:N0}/{total:N0} updates, {d / Clock.Seconds(Clock.Now - t0):F0}/s");
            }
        }, options.LoadWriters);
        var seconds = Clock.Seconds(Clock.Now - t0);
        Log.Info($"list: history loaded through the store in {seconds:F1} s ({total / seconds:F0} updates/s)");
        var rates = marks.Order().Zip(marks.Order().Skip(1), (a, b) => Math.Round((b.Done - a.Done) / Clock.Seconds(b.At - a.At), 0)).ToList();
        return new HistoryLoad("api", total, Math.Round(seconds, 1), Math.Round(total / seconds, 0),
            $"UpdateAsync, {options.LoadWriters} concurrent writers")
        {
            RatePerTenth = rates,
        };
    }

    /// <summary>
    /// The fast way, for when the API load takes too long: the same rows the store would write,
    /// appended with one INSERT … SELECT (round r of updates gets revisions head + r·K + i), then
    /// current_values and the workspace head moved to the newest. Keeps the invariants: gapless
    /// revisions, prev_revision chains per key, current_values = newest row per key, head = max.
    /// The store is closed meanwhile so no cache of it sees the change, and reopened after.
    /// </summary>
    private async Task<HistoryLoad> LoadHistorySqlAsync()
    {
        var keys = options.ListKeys;
        var u = options.UpdatesPerKey;
        var total = (long)keys * u;
        Log.Info($"list: adding {total:N0} superseded revisions with SQL (INSERT … SELECT)");
        await store.DisposeAsync();
        var t0 = Clock.Now;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await using (var command = new NpgsqlCommand(
            """
            WITH head AS (
                SELECT revision FROM workspace_heads WHERE workspace = @ws FOR UPDATE
            ), k AS (
                SELECT key, revision AS last, create_revision, row_number() OVER (ORDER BY key) - 1 AS i
                FROM current_values WHERE workspace = @ws AND key LIKE @prefix AND NOT deleted
            )
            INSERT INTO revisions (workspace, revision, key, create_revision, prev_revision, created, deleted, value)
            SELECT @ws, head.revision + r * @k + k.i + 1, k.key, k.create_revision,
                   CASE WHEN r = 0 THEN k.last ELSE head.revision + (r - 1) * @k + k.i + 1 END,
                   false, false, @value::json
            FROM head, k, generate_series(0, @u - 1) AS r
            ORDER BY r, k.i
            """, connection, tx) { CommandTimeout = 0 })
            {
                command.Parameters.AddWithValue("ws", Workspace);
                command.Parameters.AddWithValue("prefix", Prefix + "%");
                command.Parameters.AddWithValue("k", (long)keys);
                command.Parameters.AddWithValue("u", u);
                command.Parameters.AddWithValue("value", Payload.Text);
                var inserted = await command.ExecuteNonQueryAsync();
                if (inserted != total)
                {
                    throw new InvalidOperationException($"history load inserted {inserted} rows, expected {total}");
                }
            }

            await using (var command = new NpgsqlCommand(
            """
            UPDATE current_values c SET revision = n.revision, value = n.value
            FROM (SELECT DISTINCT ON (key) key, revision, value FROM revisions
                  WHERE workspace = @ws AND key LIKE @prefix ORDER BY key, revision DESC) n
            WHERE c.workspace = @ws AND c.key = n.key;
            UPDATE workspace_heads SET revision = (SELECT max(revision) FROM revisions WHERE workspace = @ws) WHERE workspace = @ws;
            """, connection, tx) { CommandTimeout = 0 })
            {
                command.Parameters.AddWithValue("ws", Workspace);
                command.Parameters.AddWithValue("prefix", Prefix + "%");
                await command.ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }

        var seconds = Clock.Seconds(Clock.Now - t0);
        store = await open();
        Log.Info($"list: history loaded with SQL in {seconds:F1} s");
        return new HistoryLoad("sql", total, Math.Round(seconds, 1), Math.Round(total / seconds, 0),
            "one INSERT … SELECT into revisions, then current_values and workspace_heads moved to the newest rows");
    }

    /// <summary>
    /// Compaction of the history to the current revision while writers keep doing CAS updates of
    /// their own keys in the same workspace: write rate before, during and after.
    /// </summary>
    private async Task<CompactionResult?> CompactAsync()
    {
        var writers = options.CompactWriters;
        long compactStart = 0, compactEnd = 0, before = 0;
        CompactResult? compacted = null;
        string? error = null;
        Log.Info($"compaction: {writers} writers updating their own keys; {options.CompactBefore.TotalSeconds} s before, then CompactAsync to the head, then {options.CompactAfter.TotalSeconds} s after");
        var loop = await ClosedLoop.RunAsync(writers, TimeSpan.Zero, async w =>
        {
            const int keys = 16;
            var revisions = new long[keys];
            var prefix = $"/bench/compact-writers/w{w}/";
            for (var k = 0; k < keys; k++)
            {
                revisions[k] = (await store.CreateAsync(Workspace, prefix + k.ToString("D2"), Payload.Bytes)).Revision;
            }

            var seq = 0;
            return new Writer(async () =>
            {
                var k = seq++ % keys;
                revisions[k] = (await store.UpdateAsync(Workspace, prefix + k.ToString("D2"), Payload.Bytes, revisions[k])).Revision;
            });
        }, async _ =>
        {
            before = Clock.Now;
            await Task.Delay(options.CompactBefore);
            var head = await store.CurrentRevisionAsync(Workspace);
            compactStart = Clock.Now;
            try
            {
                compacted = await store.CompactAsync(Workspace, head);
            }
            catch (StoreException e)
            {
                error = e.Message;
            }

            compactEnd = Clock.Now;
            Log.Info($"compaction: done in {Clock.Seconds(compactEnd - compactStart):F1} s, removed {compacted?.RowsRemoved} rows");
            await Task.Delay(options.CompactAfter);
        });

        var end = loop.Timeline.Count == 0 ? compactEnd : loop.Timeline.Max(t => t.Done);
        (double Rate, double P99, double Max) Window(long from, long to)
        {
            var inside = loop.Timeline.Where(t => t.Done > from && t.Done <= to).ToList();
            var sorted = Stats.SortedMs(inside.Select(t => t.Latency));
            var seconds = Clock.Seconds(to - from);
            return (Math.Round(inside.Count / seconds, 1), Math.Round(Stats.Percentile(sorted, 0.99), 2), Math.Round(sorted.Count == 0 ? 0 : sorted[^1], 2));
        }

        // "Before" skips its first second (writers ramping up).
        var b = Window(before + Clock.Ticks(TimeSpan.FromSeconds(1)), compactStart);
        var d = Window(compactStart, compactEnd);
        var a = Window(compactEnd, end);
        var result = new CompactionResult(Math.Round(Clock.Seconds(compactEnd - compactStart), 2), compacted?.RowsRemoved ?? 0,
            compacted?.CompactedRevision ?? 0, writers, b.Rate, d.Rate, a.Rate, b.P99, d.P99, d.Max, a.P99, loop.Cpu, error);
        Log.Info($"compaction: writes/s before {b.Rate}, during {d.Rate}, after {a.Rate}; p99 before {b.P99} ms, during {d.P99} ms (max {d.Max})");
        return result;
    }

    private async Task VacuumAnalyzeAsync()
    {
        var t0 = Clock.Now;
        await Pg.ExecAsync(connectionString, "VACUUM ANALYZE workspace_heads, revisions, current_values");
        Log.Info($"list: VACUUM ANALYZE took {Clock.Seconds(Clock.Now - t0):F1} s");
    }

    private async Task<Dictionary<string, string>> TableSizesAsync()
    {
        var sizes = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT relname, pg_size_pretty(pg_total_relation_size(relid)) || ', ' || n_live_tup || ' live rows' " +
            "FROM pg_stat_user_tables WHERE relname IN ('revisions', 'current_values') ORDER BY relname", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sizes[reader.GetString(0)] = reader.GetString(1);
        }

        return sizes;
    }

    /// <summary>Runs body(0..count-1) on <paramref name="writers"/> concurrent async workers, each taking every n-th index.</summary>
    private static Task ParallelAsync(int count, Func<int, Task> body, int writers = 32) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < count; i += writers)
            {
                await body(i);
            }
        }))).WaitAsync(TimeSpan.FromMinutes(30)); // a hung store fails the run instead of stalling it
}
