using IntellyHub.Runtime.Sqlite;

namespace IntellyHub.Extensions;

/// <summary>Chooses SQLite for the runtime.</summary>
public static class SqliteRuntimeExtensions
{
    /// <summary>Stores the runtime in a SQLite database (e.g. <c>Data Source=data/intellyhub.db</c>); its folder is created.</summary>
    public static RuntimeBuilder UseSqlite(this RuntimeBuilder runtime, string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory && !builder.DataSource.StartsWith(':'))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }

        return runtime.UseDatabase(new SqliteRuntimeDatabase(connectionString));
    }
}
