using IntellyHub.Runtime.Instances;
using Microsoft.Data.Sqlite;

namespace IntellyHub.Runtime.Sqlite;

/// <summary>
/// Inserts new instances and the rows of their first run in one transaction, each kind of row through one statement
/// prepared once per batch and bound row by row (the hot path of every started workflow: EF change tracking and the
/// SQL it generates and prepares for every row cost about half of the server's CPU per HTTP-triggered run). Values
/// are stored as the EF model stores them on SQLite: enums as their names, times as UTC ticks, booleans as 0/1.
/// Column lists follow the EF model; the runtime suite and the migration check cover both paths.
/// </summary>
internal sealed class SqliteNewInstanceWriter(string connectionString)
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

    /// <summary>Writes the batch; nothing of it is stored when any row fails.</summary>
    public void Write(IReadOnlyList<NewInstanceRows> batch)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        SqliteConnectionSettings.Apply(connection);
        using var transaction = connection.BeginTransaction();
        using var instances = new Statement(connection, transaction, InsertInstance, 16);
        using var bookmarks = new Statement(connection, transaction, InsertBookmark, 9);
        using var executions = new Statement(connection, transaction, InsertExecution, 17);
        using var logs = new Statement(connection, transaction, InsertLog, 5);
        using var keys = new Statement(connection, transaction, InsertIdempotencyKey, 3);
        foreach (var rows in batch)
        {
            var i = rows.Instance;
            instances.Execute(i.Id, i.DefinitionId, i.DefinitionVersionId, i.DefinitionVersion, i.Name, i.CorrelationId, i.Status.ToString(), i.SubStatus.ToString(),
                i.IncidentCount, i.State, i.FaultReason, i.LeaseOwner, Ticks(i.LeaseExpiresAt), i.CreatedAt.UtcTicks, i.UpdatedAt.UtcTicks, Ticks(i.FinishedAt));
            foreach (var b in rows.Bookmarks)
                bookmarks.Execute(b.Id, b.WorkflowInstanceId, b.Name, b.Hash, b.ActivityInstanceId, b.ActivityNodeId, b.Payload, Ticks(b.ResumeAt), b.CreatedAt.UtcTicks);
            foreach (var r in rows.Journal)
            {
                executions.Execute(r.WorkflowInstanceId, r.Id, r.ActivityId, r.ActivityNodeId, r.ActivityType, r.ActivityTypeVersion, r.ActivityName,
                    r.ParentActivityInstanceId, r.Sequence, r.Status.ToString(), r.StartedAt.UtcTicks, Ticks(r.CompletedAt), r.HasBookmarks, r.Outcomes, r.Inputs,
                    r.Outputs, r.Exception);
            }

            foreach (var l in rows.Logs)
                logs.Execute(l.WorkflowInstanceId, l.EventName, l.Message, l.Payload, l.Timestamp.UtcTicks);
            if (rows.IdempotencyKey is { } k)
                keys.Execute(k.Key, k.Result, k.CreatedAt.UtcTicks);
        }

        transaction.Commit();
    }

    private static long? Ticks(DateTimeOffset? value) => value?.UtcTicks;

    /// <summary>One INSERT, prepared on first use and executed once per row with new values.</summary>
    private sealed class Statement : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;

        public Statement(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameterCount)
        {
            _command = new SqliteCommand(sql, connection, transaction);
            _parameters = new SqliteParameter[parameterCount];
            for (var p = 0; p < parameterCount; p++)
                _parameters[p] = _command.Parameters.Add(new SqliteParameter { ParameterName = "$" + (p + 1) });
        }

        public void Execute(params ReadOnlySpan<object?> values)
        {
            for (var p = 0; p < _parameters.Length; p++) _parameters[p].Value = values[p] ?? DBNull.Value;
            _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();
    }
}
