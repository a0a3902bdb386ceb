using IntellyHub.Runtime;
using IntellyHub.Runtime.Scheduling;
using IntellyHub.Server.Persistence;
using IntellyHub.Server.Tests.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace IntellyHub.Server.Tests;

/// <summary>Settings are bound from configuration; SQLite files resolve under the content root (start failures: <see cref="ProcessTests"/>).</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Settings_BoundFromConfiguration()
    {
        using var server = ServerFactory.Sqlite(_folder.Path, ("IntellyHub:Runtime:LeaseDuration", "00:00:45"), ("IntellyHub:Runtime:DispatchWorkers", "3"));

        var runtime = server.Services.GetRequiredService<IOptions<RuntimeOptions>>().Value;
        var database = server.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(45), runtime.LeaseDuration);
        Assert.Equal(3, runtime.DispatchWorkers);
        Assert.Equal(DatabaseProvider.Sqlite, database.Provider);
        Assert.Contains(Path.Combine(_folder.Path, "intellyhub.db"), database.ConnectionString);
    }

    [Fact]
    public void SchedulerSettings_BoundFromConfiguration()
    {
        using var server = ServerFactory.Sqlite(_folder.Path, ("IntellyHub:Runtime:Scheduler:ThreadCount", "2"), ("IntellyHub:Runtime:Scheduler:MisfireThreshold", "00:00:30"));

        var scheduler = server.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value;

        Assert.Equal((2, TimeSpan.FromSeconds(30), SchedulerOptions.AutoInstanceId), (scheduler.ThreadCount, scheduler.MisfireThreshold, scheduler.InstanceId));
    }

    [Theory]
    [InlineData("ThreadCount", "0", "ThreadCount")]
    [InlineData("MisfireThreshold", "00:00:00", "MisfireThreshold")]
    [InlineData("ClusterCheckinMisfireThreshold", "00:00:01", "ClusterCheckinMisfireThreshold")]
    public void SchedulerSettings_Invalid_AreRejectedNamingTheSetting(string setting, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>($"IntellyHub:Runtime:Scheduler:{setting}", value)]).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<SchedulerOptions>().BindConfiguration("IntellyHub:Runtime:Scheduler").ValidateDataAnnotations();

        var exception = Assert.Throws<OptionsValidationException>(() => services.BuildServiceProvider().GetRequiredService<IOptions<SchedulerOptions>>().Value);

        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_RelativeFile_ResolvedUnderContentRoot()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create<string, string?>("ConnectionStrings:IntellyHub", "Data Source=db/x.db")]).Build();
        var setup = new DatabaseOptionsSetup(configuration, new HostingEnvironment { ContentRootPath = _folder.Path });
        var options = new DatabaseOptions();

        setup.Configure(options);

        Assert.Equal($"Data Source={Path.Combine(_folder.Path, "db", "x.db")}", options.ConnectionString);
        Assert.True(setup.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Sqlite_NoConnectionString_DataFolderUnderContentRoot()
    {
        var setup = new DatabaseOptionsSetup(new ConfigurationBuilder().Build(), new HostingEnvironment { ContentRootPath = _folder.Path });
        var options = new DatabaseOptions();

        setup.Configure(options);

        Assert.Equal($"Data Source={Path.Combine(_folder.Path, "data", "intellyhub.db")}", options.ConnectionString);
    }
}
