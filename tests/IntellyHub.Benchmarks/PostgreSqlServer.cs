using Npgsql;

namespace IntellyHub.Benchmarks;

/// <summary>
/// The PostgreSQL server a load harness writes to: whether its commits are durable, and checkpoints between the phases.
/// </summary>
public sealed class PostgreSqlServer(string connectionString)
{
    private bool _checkpointRefused;

    /// <summary>
    /// One line: fsync, synchronous_commit and full_page_writes, and whether a commit is on disk when it returns. The
    /// tests' cluster turns them off for speed; figures measured on it are not durable ones.
    /// </summary>
    public async Task<string> DescribeAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes'), current_setting('shared_buffers')",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (version, fsync, synchronousCommit, fullPageWrites, sharedBuffers) =
            (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
        var durable = fsync == "on" && synchronousCommit is not ("off" or "local") && fullPageWrites == "on";
        return $"PostgreSQL {version}: fsync {fsync}, synchronous_commit {synchronousCommit}, full_page_writes {fullPageWrites}, shared_buffers {sharedBuffers} — "
            + (durable
                ? "durable: a commit returns once it is on disk"
                : "NOT durable: commits return before they are on disk, so these are not durable figures (.ci/services.sh start-durable starts a durable server)");
    }

    /// <summary>
    /// Writes every dirty page to disk before a measured phase, so that the phase does not pay for the previous one's
    /// writes: Linux writes back page-cache data 30 s after it was dirtied, and on PostgreSQL's data files that burst
    /// delayed the WAL flush of every commit for a few hundred milliseconds, in the middle of the next phase (pgbench
    /// checkpoints before its runs for the same reason). Needs pg_checkpoint; without it the phase runs as is, once noted.
    /// </summary>
    public async Task CheckpointAsync()
    {
        if (_checkpointRefused) return;
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 300 };
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            _checkpointRefused = true;
            Console.WriteLine("CHECKPOINT refused (grant pg_checkpoint to the harness's role): phases run without a checkpoint before them");
        }
    }
}
