using IntellyHub.Runtime.Instances;
using Npgsql;

namespace IntellyHub.Runtime.PostgreSql;

/// <summary>
/// Inserts new instances and the rows of their first run as one prepared Npgsql batch in one transaction
/// (the hot path of every started workflow; EF change tracking costs several times more CPU per row).
/// Column lists follow the EF model; the runtime suite and the migration check cover both paths.
/// </summary>
internal sealed class PostgreSqlNewInstanceWriter(NpgsqlDataSource dataSource)
{
    private const string InsertInstance = """
        INSERT INTO workflow_instances ("Id", "DefinitionId", "DefinitionVersionId", "DefinitionVersion", "Name", "CorrelationId", "Status", "SubStatus",
            "IncidentCount", "State", "FaultReason", "LeaseOwner", "LeaseExpiresAt", "CreatedAt", "UpdatedAt", "FinishedAt")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
        """;

    private const string InsertBookmark = """
        INSERT INTO bookmarks ("Id", "WorkflowInstanceId", "Name", "Hash", "ActivityInstanceId", "ActivityNodeId", "Payload", "ResumeAt", "CreatedAt")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """;

    private const string InsertExecution = """
        INSERT INTO activity_executions ("WorkflowInstanceId", "Id", "ActivityId", "ActivityNodeId", "ActivityType", "ActivityTypeVersion", "ActivityName",
            "ParentActivityInstanceId", "Sequence", "Status", "StartedAt", "CompletedAt", "HasBookmarks", "Outcomes", "Inputs", "Outputs", "Exception")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
        """;

    private const string InsertLog = """
        INSERT INTO workflow_logs ("WorkflowInstanceId", "EventName", "Message", "Payload", "Timestamp") VALUES ($1, $2, $3, $4, $5)
        """;

    private const string InsertIdempotencyKey = """
        INSERT INTO idempotency_keys ("Key", "Result", "CreatedAt") VALUES ($1, $2, $3)
        """;

    public async Task WriteAsync(IReadOnlyList<NewInstanceRows> batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var commands = new NpgsqlBatch(connection, transaction);
        foreach (var rows in batch)
        {
            var i = rows.Instance;
            Add(commands, InsertInstance, i.Id, i.DefinitionId, i.DefinitionVersionId, i.DefinitionVersion, i.Name, i.CorrelationId, i.Status.ToString(),
                i.SubStatus.ToString(), i.IncidentCount, i.State, i.FaultReason, i.LeaseOwner, i.LeaseExpiresAt, i.CreatedAt, i.UpdatedAt, i.FinishedAt);
            foreach (var b in rows.Bookmarks)
                Add(commands, InsertBookmark, b.Id, b.WorkflowInstanceId, b.Name, b.Hash, b.ActivityInstanceId, b.ActivityNodeId, b.Payload, b.ResumeAt, b.CreatedAt);
            foreach (var r in rows.Journal)
            {
                Add(commands, InsertExecution, r.WorkflowInstanceId, r.Id, r.ActivityId, r.ActivityNodeId, r.ActivityType, r.ActivityTypeVersion, r.ActivityName,
                    r.ParentActivityInstanceId, r.Sequence, r.Status.ToString(), r.StartedAt, r.CompletedAt, r.HasBookmarks, r.Outcomes, r.Inputs, r.Outputs, r.Exception);
            }

            foreach (var l in rows.Logs)
                Add(commands, InsertLog, l.WorkflowInstanceId, l.EventName, l.Message, l.Payload, l.Timestamp);
            if (rows.IdempotencyKey is { } k)
                Add(commands, InsertIdempotencyKey, k.Key, k.Result, k.CreatedAt);
        }

        await commands.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static void Add(NpgsqlBatch batch, string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value switch { null => DBNull.Value, DateTimeOffset d => d.ToUniversalTime(), _ => value } });
        batch.BatchCommands.Add(command);
    }
}
