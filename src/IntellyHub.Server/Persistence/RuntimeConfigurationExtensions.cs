using IntellyHub.Runtime;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Runtime.Scheduling;
using IntellyHub.Runtime.PostgreSql;
using IntellyHub.Runtime.Sqlite;
using IntellyHub.Server.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace IntellyHub.Extensions;

/// <summary>Configures the durable runtime from the server's settings.</summary>
public static class RuntimeConfigurationExtensions
{
    /// <summary>
    /// The database from <c>IntellyHub:Database</c> and <c>ConnectionStrings:IntellyHub</c> (validated at start),
    /// the runtime options from <c>IntellyHub:Runtime</c> (the timer scheduler's from <c>IntellyHub:Runtime:Scheduler</c>). The database is chosen when first needed, so settings
    /// added after this call (environment, command line, test hosts) apply.
    /// </summary>
    public static RuntimeBuilder UseServerConfiguration(this RuntimeBuilder runtime)
    {
        var services = runtime.Services;
        services.AddOptions<RuntimeOptions>().BindConfiguration("IntellyHub:Runtime");
        services.AddOptions<SchedulerOptions>().BindConfiguration("IntellyHub:Runtime:Scheduler");
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        services.AddSingleton<DatabaseOptionsSetup>();
        services.AddSingleton<IConfigureOptions<DatabaseOptions>>(sp => sp.GetRequiredService<DatabaseOptionsSetup>());
        services.AddSingleton<IValidateOptions<DatabaseOptions>>(sp => sp.GetRequiredService<DatabaseOptionsSetup>());
        services.AddSingleton(sp => CreateDatabase(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        return runtime;
    }

    private static IRuntimeDatabase CreateDatabase(DatabaseOptions options)
    {
        if (options.Provider == DatabaseProvider.PostgreSql) return new PostgreSqlRuntimeDatabase(options.ConnectionString!);

        var file = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
        var folder = Path.GetDirectoryName(file);
        if (Path.IsPathRooted(file) && !string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        return new SqliteRuntimeDatabase(options.ConnectionString!);
    }
}
