using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace IntellyHub.Server.Persistence;

/// <summary>Fills <see cref="DatabaseOptions.ConnectionString"/> from <c>ConnectionStrings:IntellyHub</c> and checks the result.</summary>
internal sealed class DatabaseOptionsSetup(IConfiguration configuration, IHostEnvironment environment)
    : IConfigureOptions<DatabaseOptions>, IValidateOptions<DatabaseOptions>
{
    private const string DefaultSqliteFile = "data/intellyhub.db";

    public void Configure(DatabaseOptions options)
    {
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        options.ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? null : connectionString;
        if (options.Provider == DatabaseProvider.Sqlite)
            options.ConnectionString = ResolveSqlite(options.ConnectionString ?? $"Data Source={DefaultSqliteFile}", environment.ContentRootPath);
    }

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
            return ValidateOptionsResult.Fail($"{DatabaseOptions.Section}:Provider '{options.Provider}' is not known: use Sqlite or PostgreSql.");
        if (options.Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.Section}:Provider is PostgreSql but ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set: " +
                $"set it, e.g. ConnectionStrings__{DatabaseOptions.ConnectionStringName}=\"Host=…;Database=intellyhub;Username=…;Password=…\".");
        }

        return ValidateOptionsResult.Success;
    }

    /// <summary>Makes a relative SQLite file absolute under the content root (so the working directory does not matter).</summary>
    private static string ResolveSqlite(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && !builder.DataSource.StartsWith(':') && !Path.IsPathRooted(builder.DataSource))
            builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
        return builder.ConnectionString;
    }
}
