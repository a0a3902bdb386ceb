using IntellyHub.Extensions;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Cli.Engine;

/// <summary>The engine's services as the tool registers them.</summary>
public static class CliEngine
{
    /// <summary>
    /// Builds the engine with <c>Elsa.WriteLine</c> writing to <paramref name="standardOutput"/> and, when
    /// <paramref name="workflowsFolder"/> is given, <c>Elsa.ExecuteWorkflow</c> finding child definitions there.
    /// </summary>
    public static ServiceProvider Create(TextWriter standardOutput, string? workflowsFolder = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IStandardOutput>(new TextWriterStandardOutput(standardOutput));
        if (workflowsFolder is not null)
            services.AddSingleton<IWorkflowProvider>(sp => ActivatorUtilities.CreateInstance<FolderWorkflowProvider>(sp, workflowsFolder));
        services.AddIntellyHub();
        return services.BuildServiceProvider();
    }
}
