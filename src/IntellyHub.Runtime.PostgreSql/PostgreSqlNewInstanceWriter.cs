using IntellyHub.Runtime.Instances;
using Npgsql;

namespace IntellyHub.Runtime.PostgreSql;

/// <summary>
/// Inserts new instances and the rows of their first run in one transaction: one statement per kind of row for the
/// whole batch, its values passed as one array per column and expanded by <c>unnest</c> (the hot path of every started
/// workflow; EF change tracking costs several times more CPU per row, and a statement per row costs PostgreSQL a parse,
/// bind and executor start each). The statements' text does not depend on the batch size, so Npgsql prepares each once
/// per connection. Column lists follow the EF model; the runtime suite and the migration check cover both paths.
/// </summary>
internal sealed class PostgreSqlNewInstanceWriter(NpgsqlDataSource dataSource)
{
    private const string InsertInstances = """
        INSERT INTO workflow_instances ("Id", "DefinitionId", "DefinitionVersionId", "DefinitionVersion", "Name", "CorrelationId", "Status", "SubStatus",
            "IncidentCount", "State", "FaultReason", "LeaseOwner", "LeaseExpiresAt", "CreatedAt", "UpdatedAt", "FinishedAt")
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::text[],
            $9::integer[], $10::text[], $11::text[], $12::text[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[], $16::timestamptz[])
        """;

    private const string InsertBookmarks = """
        INSERT INTO bookmarks ("Id", "WorkflowInstanceId", "Name", "Hash", "ActivityInstanceId", "ActivityNodeId", "Payload", "ResumeAt", "CreatedAt")
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[])
        """;

    private const string InsertExecutions = """
        INSERT INTO activity_executions ("WorkflowInstanceId", "Id", "ActivityId", "ActivityNodeId", "ActivityType", "ActivityTypeVersion", "ActivityName",
            "ParentActivityInstanceId", "Sequence", "Status", "StartedAt", "CompletedAt", "HasBookmarks", "Outcomes", "Inputs", "Outputs", "Exception")
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[],
            $8::text[], $9::bigint[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::boolean[], $14::text[], $15::text[], $16::text[], $17::text[])
        """;

    private const string InsertLogs = """
        INSERT INTO workflow_logs ("WorkflowInstanceId", "EventName", "Message", "Payload", "Timestamp")
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
        """;

    private const string InsertIdempotencyKeys = """
        INSERT INTO idempotency_keys ("Key", "Result", "CreatedAt") SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
        """;

    public async Task WriteAsync(IReadOnlyList<NewInstanceRows> batch, CancellationToken cancellationToken)
    {
        var instances = batch.Select(r => r.Instance).ToArray();
        var bookmarks = batch.SelectMany(r => r.Bookmarks).ToArray();
        var journal = batch.SelectMany(r => r.Journal).ToArray();
        var logs = batch.SelectMany(r => r.Logs).ToArray();
        var keys = batch.Where(r => r.IdempotencyKey is not null).Select(r => r.IdempotencyKey!).ToArray();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var commands = new NpgsqlBatch(connection, transaction);
        Add(commands, InsertInstances, instances.Length,
            Column(instances, i => i.Id), Column(instances, i => i.DefinitionId), Column(instances, i => i.DefinitionVersionId),
            Column(instances, i => i.DefinitionVersion), Column(instances, i => i.Name), Column(instances, i => i.CorrelationId),
            Column(instances, i => i.Status.ToString()), Column(instances, i => i.SubStatus.ToString()), Column(instances, i => i.IncidentCount),
            Column(instances, i => i.State), Column(instances, i => i.FaultReason), Column(instances, i => i.LeaseOwner),
            Column(instances, i => i.LeaseExpiresAt?.ToUniversalTime()), Column(instances, i => i.CreatedAt.ToUniversalTime()),
            Column(instances, i => i.UpdatedAt.ToUniversalTime()), Column(instances, i => i.FinishedAt?.ToUniversalTime()));
        Add(commands, InsertBookmarks, bookmarks.Length,
            Column(bookmarks, b => b.Id), Column(bookmarks, b => b.WorkflowInstanceId), Column(bookmarks, b => b.Name), Column(bookmarks, b => b.Hash),
            Column(bookmarks, b => b.ActivityInstanceId), Column(bookmarks, b => b.ActivityNodeId), Column(bookmarks, b => b.Payload),
            Column(bookmarks, b => b.ResumeAt?.ToUniversalTime()), Column(bookmarks, b => b.CreatedAt.ToUniversalTime()));
        Add(commands, InsertExecutions, journal.Length,
            Column(journal, r => r.WorkflowInstanceId), Column(journal, r => r.Id), Column(journal, r => r.ActivityId), Column(journal, r => r.ActivityNodeId),
            Column(journal, r => r.ActivityType), Column(journal, r => r.ActivityTypeVersion), Column(journal, r => r.ActivityName),
            Column(journal, r => r.ParentActivityInstanceId), Column(journal, r => r.Sequence), Column(journal, r => r.Status.ToString()),
            Column(journal, r => r.StartedAt.ToUniversalTime()), Column(journal, r => r.CompletedAt?.ToUniversalTime()), Column(journal, r => r.HasBookmarks),
            Column(journal, r => r.Outcomes), Column(journal, r => r.Inputs), Column(journal, r => r.Outputs), Column(journal, r => r.Exception));
        Add(commands, InsertLogs, logs.Length,
            Column(logs, l => l.WorkflowInstanceId), Column(logs, l => l.EventName), Column(logs, l => l.Message), Column(logs, l => l.Payload),
            Column(logs, l => l.Timestamp.ToUniversalTime()));
        Add(commands, InsertIdempotencyKeys, keys.Length, Column(keys, k => k.Key), Column(keys, k => k.Result), Column(keys, k => k.CreatedAt.ToUniversalTime()));

        await commands.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // One statement for all rows of a kind (none when there are no rows), with one array per column.
    private static void Add(NpgsqlBatch batch, string sql, int rows, params ReadOnlySpan<Array> columns)
    {
        if (rows == 0) return;
        var command = new NpgsqlBatchCommand(sql);
        foreach (var column in columns) command.Parameters.Add(new NpgsqlParameter { Value = column });
        batch.BatchCommands.Add(command);
    }

    private static T[] Column<TRow, T>(TRow[] rows, Func<TRow, T> value)
    {
        var values = new T[rows.Length];
        for (var i = 0; i < rows.Length; i++) values[i] = value(rows[i]);
        return values;
    }
}
