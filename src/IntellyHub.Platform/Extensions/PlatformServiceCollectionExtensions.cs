using IntellyHub.Platform.ApiKeys;
using IntellyHub.Platform.Bootstrap;
using IntellyHub.Platform.Persistence;
using IntellyHub.Platform.Sessions;
using IntellyHub.Platform.Signing;
using IntellyHub.Platform.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntellyHub.Extensions;

/// <summary>Adds the platform: users, refresh tokens, API keys, signing keys, and the first admin at start.</summary>
public static class PlatformServiceCollectionExtensions
{
    /// <summary>
    /// Registers the platform's services. The host configures <see cref="PlatformOptions"/> (the database) and
    /// <see cref="BootstrapOptions"/> (the first admin). Register it after the runtime so that its start-up
    /// (migrations, first admin) runs after the runtime's migrations.
    /// </summary>
    public static IServiceCollection AddPlatform(this IServiceCollection services)
    {
        services.AddOptions<PlatformOptions>();
        services.AddOptions<BootstrapOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PlatformDatabase>();
        services.TryAddSingleton<PlatformMigrator>();
        services.TryAddSingleton<UserAccounts>();
        services.TryAddSingleton<RefreshTokenService>();
        services.TryAddSingleton<ApiKeyService>();
        services.TryAddSingleton<SigningKeyStore>();
        services.TryAddSingleton<AdminBootstrap>();
        services.AddHostedService<PlatformStartup>();
        return services;
    }
}
