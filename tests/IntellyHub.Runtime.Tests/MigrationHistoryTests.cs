using System.Reflection;
using IntellyHub.Runtime.PostgreSql;
using IntellyHub.Runtime.Sqlite;
using Microsoft.EntityFrameworkCore.Migrations;

namespace IntellyHub.Runtime.Tests;

/// <summary>
/// Both providers have the same migrations in the same order (by name; a provider with nothing to do gets an empty one,
/// as SQLite does for the Quartz.NET tables), so a database's history reads alike on either and add-migration.sh keeps
/// them in step.
/// </summary>
public sealed class MigrationHistoryTests
{
    [Fact]
    public void Providers_HaveTheSameMigrations()
    {
        var sqlite = Names(typeof(SqliteRuntimeDatabase).Assembly);
        var postgreSql = Names(typeof(PostgreSqlRuntimeDatabase).Assembly);

        Assert.Contains("QuartzScheduler", postgreSql);
        Assert.Equal(postgreSql, sqlite);
    }

    // Migration ids are "<timestamp>_<Name>"; the timestamps differ between the providers.
    private static List<string> Names(Assembly assembly) =>
        [.. assembly.GetTypes().Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id).OfType<string>().Order(StringComparer.Ordinal).Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..])];
}
