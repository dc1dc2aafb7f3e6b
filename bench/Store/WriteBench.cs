using Berth.Engine.Store;
using Npgsql;
using NpgsqlTypes;

namespace Berth.Bench.Store;

internal sealed record WriteSample(string Kind, int Writers, int Round, LoopResult Result, int Attempts);

/// <summary>
/// Write throughput on PostgreSQL: the store's creates and CAS updates, and beside them raw
/// single-row INSERTs of the same payload into a plain table of the same database, at the same
/// concurrency. Kinds are interleaved (and their order rotated) within every round, so drift in
/// the machine over the run hits them alike.
/// </summary>
internal sealed class WriteBench(string connectionString, IRevisionStore? store, Options options)
{
    public const string Workspace = "bench-writes";
    public static readonly string[] Kinds = ["raw-insert", "store-create", "store-update"];

    private readonly NpgsqlDataSource raw = NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 100, ApplicationName = "bench-raw" }.ConnectionString);

    public async Task<List<WriteSample>> RunAsync()
    {
        await Pg.ExecAsync(connectionString, "CREATE TABLE IF NOT EXISTS raw (id bigserial PRIMARY KEY, value json)");
        var kinds = Kinds.Where(k => store != null || k == "raw-insert").ToArray();

        Log.Info("writes: warm-up (JIT, pools), not reported");
        foreach (var kind in kinds)
        {
            await RunOneAsync(kind, 8, "warm", TimeSpan.FromSeconds(options.Quick ? 0.5 : 1.5));
        }

        var samples = new List<WriteSample>();
        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var writers in options.WriterCounts)
            {
                for (var i = 0; i < kinds.Length; i++)
                {
                    var kind = kinds[(i + round) % kinds.Length];
                    var (result, attempts) = await Quiet.RunAsync(options, $"writes: {kind} x{writers}", async attempt =>
                    {
                        // A checkpoint before every run, so none of them pays for another's dirty pages.
                        await Pg.ExecAsync(connectionString, "CHECKPOINT");
                        var lsn0 = await WalPositionAsync();
                        var run = await RunOneAsync(kind, writers, $"r{round}a{attempt}", options.WriteDuration);
                        return run with { WalBytesPerOp = Math.Round((await WalPositionAsync() - lsn0) / (double)Math.Max(1, run.Ops), 0) };
                    }, r => r.Cpu);
                    samples.Add(new WriteSample(kind, writers, round, result, attempts));
                    Log.Info($"writes: round {round + 1}/{options.Rounds} {kind,-12} x{writers,-2}: {result.OpsPerSec,9:F0}/s  " +
                             $"p50 {result.P50Ms:F2} ms p99 {result.P99Ms:F2} ms  batch {result.MeanBatch}  WAL {result.WalBytesPerOp} B/op  {result.Cpu.Brief}");
                }
            }
        }

        await raw.DisposeAsync();
        return samples;
    }

    private Task<LoopResult> RunOneAsync(string kind, int writers, string tag, TimeSpan duration)
    {
        return kind switch
        {
            "raw-insert" => ClosedLoop.RunAsync(writers, duration, _ => RawWriterAsync()),
            "store-create" => ClosedLoop.RunAsync(writers, duration, w => Task.FromResult(CreateWriter($"/bench/create/{tag}/x{writers}/w{w}/"))),
            "store-update" => ClosedLoop.RunAsync(writers, duration, w => UpdateWriterAsync($"/bench/update/{tag}/x{writers}/w{w}/")),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>The server's WAL insert position in bytes: its growth over a run is the WAL the run wrote.</summary>
    private async Task<long> WalPositionAsync() =>
        (long)await Pg.ScalarAsync<decimal>(connectionString, "SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn");

    /// <summary>One pooled connection per writer, autocommit, a prepared single-row INSERT.</summary>
    private async Task<Writer> RawWriterAsync()
    {
        var connection = await raw.OpenConnectionAsync();
        var command = new NpgsqlCommand("INSERT INTO raw (value) VALUES ($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Json, Value = Payload.Text });
        await command.PrepareAsync();
        return new Writer(() => command.ExecuteNonQueryAsync(), async () =>
        {
            await command.DisposeAsync();
            await connection.DisposeAsync();
        });
    }

    /// <summary>Creates of new keys, one after another.</summary>
    private Writer CreateWriter(string prefix)
    {
        var seq = 0;
        return new Writer(() => store!.CreateAsync(Workspace, prefix + (seq++).ToString("D8"), Payload.Bytes));
    }

    /// <summary>
    /// CAS updates of the writer's own 16 keys in turn, Get-free: each update passes the revision
    /// the previous write of that key returned. The keys are created before the clock starts.
    /// </summary>
    private async Task<Writer> UpdateWriterAsync(string prefix)
    {
        const int keys = 16;
        var revisions = new long[keys];
        for (var k = 0; k < keys; k++)
        {
            revisions[k] = (await store!.CreateAsync(Workspace, prefix + k.ToString("D2"), Payload.Bytes)).Revision;
        }

        var seq = 0;
        return new Writer(async () =>
        {
            var k = seq++ % keys;
            revisions[k] = (await store!.UpdateAsync(Workspace, prefix + k.ToString("D2"), Payload.Bytes, revisions[k])).Revision;
        });
    }
}
