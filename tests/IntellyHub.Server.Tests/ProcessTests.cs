using IntellyHub.Runtime.PostgreSql;
using IntellyHub.Runtime.Tests.Testing;
using IntellyHub.Server.Tests.Testing;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Server.Tests;

/// <summary>What an operator sees: the server process on bad settings, and the <c>migrate</c> command.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task PostgreSql_WithoutConnectionString_ExitsWithClearMessage()
    {
        var result = await ServerProcess.RunAsync(new Dictionary<string, string>
        {
            ["IntellyHub__Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__IntellyHub"] = "",
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The configuration is invalid: IntellyHub:Database:Provider is PostgreSql but ConnectionStrings:IntellyHub is not set", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public async Task UnknownProvider_ExitsWithClearMessage()
    {
        var result = await ServerProcess.RunAsync(new Dictionary<string, string> { ["IntellyHub__Database__Provider"] = "Oracle" });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'Oracle' at 'IntellyHub:Database:Provider'", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public async Task UnknownCommand_Exit2()
    {
        var result = await ServerProcess.RunAsync(new Dictionary<string, string>(), "frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown command 'frobnicate'", result.Output);
    }

    [Fact]
    public async Task Migrate_FreshPostgreSqlDatabase_AppliesMigrationsAndExits0()
    {
        await using var database = await EmptyPostgreSqlDatabase.CreateAsync();

        var result = await ServerProcess.RunAsync(
            new Dictionary<string, string>
            {
                ["IntellyHub__Database__Provider"] = "PostgreSql",
                ["ConnectionStrings__IntellyHub"] = database.ConnectionString,
            },
            "migrate");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("to the PostgreSQL database; the schema is up to date", result.Output);
        await using var db = TestDatabase.CreateContext(new PostgreSqlRuntimeDatabase(database.ConnectionString));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
